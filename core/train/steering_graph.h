#pragma once
// The trainable SteerMoE module as a differentiable graph (steermoe.md §1.2): one router Linear(D, E*L)
// with layer-major rows, steering vectors [L, E, D], layer scales [L], and the projector prompt_proj
// Linear(D, H). Parameters are kept under the reference's state-dict names, so ParameterStore::save()
// writes a checkpoint that the reference's loaders and SteeringCheckpoint both read:
//   whisper_encoder.steering_vectors, whisper_encoder.router.{weight,bias}, whisper_encoder.layer_scales,
//   prompt_proj.{weight,bias}
// A store holding only prompt_proj.* is the linear baseline.

#include <torch/torch.h>

#include <vector>

#include "core/train/parameter_store.h"
#include "core/train/whisper_encoder_graph.h"

namespace steerscope {

class SteeringGraph {
 public:
  SteeringGraph(const ParameterStore& params, torch::ScalarType compute);

  bool has_steering() const;
  // The hook to pass to WhisperEncoderGraph::forward: y -> y + scale_l * softmax(router_l(y)) · V_l. If
  // probs is given, each layer's probabilities [B, T, E] are appended to it.
  WhisperEncoderGraph::LayerHook hook(std::vector<torch::Tensor>* probs = nullptr) const;
  // hidden [B, T, D] -> audio prompts [B, T, H].
  torch::Tensor project(const torch::Tensor& hidden) const;

  // The reference's initialisation (randn * 0.01 vectors, default Linear router and projector, scales at
  // steering_scale); with steering = false only the projector (the linear baseline).
  static void init(ParameterStore& params, int layers, int experts, int dim, int llm_hidden, bool steering,
                   double steering_scale = 0.1);

 private:
  const ParameterStore& p_;
  torch::ScalarType compute_;
};

}  // namespace steerscope
