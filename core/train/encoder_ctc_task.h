#pragma once
// Pretraining the demo's Whisper-architecture encoder with CTC on phones: the encoder's final states
// (after its LayerNorm, at 50 Hz, before any pooling) go through a linear head over the phone inventory
// plus a blank (index 0). Windows are padded exactly as at inference, so the encoder learns that padding
// is silence (blank). With frame_loss_weight > 0, a second linear head classifies every frame as the phone
// the alignment puts at its centre (or silence, class 0), with that weight on its cross-entropy: CTC alone
// leaves a phone's identity in one peaky frame, the frame objective puts it in every frame of the phone.
// The heads are discarded when the encoder is saved.

#include <map>
#include <string>
#include <vector>

#include "core/model/whisper_config.h"
#include "core/train/speech_corpus.h"
#include "core/train/text_scorer.h"
#include "core/train/training_loop.h"
#include "core/train/whisper_encoder_graph.h"

namespace steerscope {

class EncoderCtcTask : public TrainingTask {
 public:
  // train and validation must be loaded (SpeechCorpus::load). Initialises the parameters from the current
  // torch seed.
  EncoderCtcTask(const WhisperConfig& config, std::vector<std::string> phones, std::vector<SpeechExample> train,
                 std::vector<SpeechExample> validation, TextScorer phone_error_rate, size_t eval_examples = 200,
                 double frame_loss_weight = 0.0);

  ParameterStore& trainable() override { return params_; }
  size_t example_count() const override { return train_.size(); }
  torch::Tensor loss(const std::vector<size_t>& batch) override;
  // {"per": phone error rate of greedy CTC decoding on the validation examples; with the frame objective,
  //  "frame_accuracy": the frame head's accuracy over the validation windows' frames}
  nlohmann::json evaluate() override;

  // Greedy CTC decoding of one window: the phone labels.
  std::vector<std::string> recognise(const torch::Tensor& mel) const;
  // Saves the encoder (not the CTC head) as a Hugging Face Whisper directory.
  void save_encoder(const std::string& dir, double window_seconds) const;

 private:
  torch::Tensor hidden(const torch::Tensor& mels) const;      // [B, T, D]
  torch::Tensor log_probs(const torch::Tensor& hidden) const;  // [B, T, C]
  torch::Tensor frame_logits(const torch::Tensor& hidden) const;  // [B, T, C]
  // The class of one of e's phones; throws Error naming e's alignment for a phone outside the inventory.
  int64_t phone_class(const SpeechExample& e, const std::string& phone) const;
  torch::Tensor frame_targets(const SpeechExample& e) const;      // [T] int64
  std::vector<std::string> greedy_decode(const torch::Tensor& log_probs) const;  // [T, C] of one window
  WhisperConfig config_;
  std::vector<std::string> phones_;  // index + 1 = CTC class (and frame class; 0 is blank / silence)
  std::map<std::string, int64_t> class_of_;
  std::vector<SpeechExample> train_, validation_;
  std::vector<std::vector<int64_t>> train_targets_;
  std::vector<torch::Tensor> train_frame_targets_;
  TextScorer scorer_;
  size_t eval_examples_;
  double frame_loss_weight_;
  ParameterStore params_;
};

}  // namespace steerscope
