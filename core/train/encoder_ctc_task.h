#pragma once
// Pretraining the demo's Whisper-architecture encoder with CTC on phones: the encoder's final states
// (after its LayerNorm, at 50 Hz, before any pooling) go through a linear head over the phone inventory
// plus a blank (index 0). Windows are padded exactly as at inference, so the encoder learns that padding
// is silence (blank). The head is discarded when the encoder is saved.

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
                 std::vector<SpeechExample> validation, TextScorer phone_error_rate, size_t eval_examples = 200);

  ParameterStore& trainable() override { return params_; }
  size_t example_count() const override { return train_.size(); }
  torch::Tensor loss(const std::vector<size_t>& batch) override;
  // {"per": phone error rate of greedy CTC decoding on the validation examples}
  nlohmann::json evaluate() override;

  // Greedy CTC decoding of one window: the phone labels.
  std::vector<std::string> recognise(const torch::Tensor& mel) const;
  // Saves the encoder (not the CTC head) as a Hugging Face Whisper directory.
  void save_encoder(const std::string& dir, double window_seconds) const;

 private:
  torch::Tensor log_probs(const torch::Tensor& mels) const;  // [B, T, C]
  WhisperConfig config_;
  std::vector<std::string> phones_;  // index + 1 = CTC class
  std::vector<SpeechExample> train_, validation_;
  std::vector<std::vector<int64_t>> train_targets_;
  TextScorer scorer_;
  size_t eval_examples_;
  ParameterStore params_;
};

}  // namespace steerscope
