#pragma once
// Training the SteerMoE module with the encoder and the LM frozen, on the reference's objective
// (steermoe.md §1.4): next-token cross-entropy on the target tokens after [audio prompts | prompt tokens],
// labels -100 on the audio and the prompt, all-ones mask, positions 0..N-1. Only the steering tensors and
// the projector are trainable; with steering = false only the projector is (the linear baseline), and the
// encoder's outputs, which then do not depend on anything trained, are computed once and cached.

#include <functional>
#include <string>
#include <vector>

#include "core/model/decoder_config.h"
#include "core/model/pooling.h"
#include "core/model/whisper_config.h"
#include "core/train/speech_corpus.h"
#include "core/train/steering_graph.h"
#include "core/train/training_loop.h"

namespace steerscope {

struct SteeringExample {
  torch::Tensor mel;                // [n_mels, window frames]
  std::vector<int64_t> prompt_ids;  // after the audio, not scored
  std::vector<int64_t> target_ids;  // scored (ends with the stop token)
};

class SteeringTask : public TrainingTask {
 public:
  // Evaluates the current trainable tensors (e.g. by exporting them and transcribing validation audio
  // with the inference engine); supplied by the caller.
  using Evaluator = std::function<nlohmann::json(const ParameterStore& steering)>;

  // encoder and lm are the frozen models (fp32 stores; kept here as bf16 copies). Initialises the trainable
  // tensors from the current torch seed with the reference's initialisation.
  SteeringTask(const WhisperConfig& encoder_config, const ParameterStore& encoder, const DecoderConfig& lm_config,
               const ParameterStore& lm, int experts, bool steering, const PoolingConfig& pooling,
               std::vector<SteeringExample> train, Evaluator evaluator);

  ParameterStore& trainable() override { return params_; }
  size_t example_count() const override { return train_.size(); }
  torch::Tensor loss(const std::vector<size_t>& batch) override;
  nlohmann::json evaluate() override { return evaluator_ ? evaluator_(params_) : nlohmann::json::object(); }

  // The frozen tensors, to check that training left them untouched.
  const ParameterStore& frozen_encoder() const { return encoder_; }
  const ParameterStore& frozen_lm() const { return lm_; }

 private:
  torch::Tensor audio_prompts(const std::vector<size_t>& batch);  // [B, A, H]
  WhisperConfig encoder_config_;
  DecoderConfig lm_config_;
  ParameterStore encoder_, lm_, params_;
  PoolingConfig pooling_;
  bool steering_;
  std::vector<SteeringExample> train_;
  std::vector<torch::Tensor> cached_hidden_;  // linear baseline: encoder output per example (bf16)
  Evaluator evaluator_;
};

}  // namespace steerscope
