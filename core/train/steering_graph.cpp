#include "core/train/steering_graph.h"

namespace steerscope {

SteeringGraph::SteeringGraph(const ParameterStore& params, torch::ScalarType compute) : p_(params), compute_(compute) {}

bool SteeringGraph::has_steering() const { return p_.contains("whisper_encoder.steering_vectors"); }

WhisperEncoderGraph::LayerHook SteeringGraph::hook(std::vector<torch::Tensor>* probs) const {
  if (!has_steering()) return {};
  return [this, probs](int layer, const torch::Tensor& y) {
    const auto& vectors = p_.get("whisper_encoder.steering_vectors");  // [L, E, D]
    const int64_t e = vectors.size(1);
    auto w = p_.get("whisper_encoder.router.weight").narrow(0, int64_t(layer) * e, e);
    auto b = p_.get("whisper_encoder.router.bias").narrow(0, int64_t(layer) * e, e);
    auto g = torch::softmax(mixed_linear(y, w, b, compute_), -1);  // [B, T, E]
    if (probs) probs->push_back(g);
    auto delta = mixed_linear(g, vectors[layer].t(), {}, compute_);  // g · V_l
    return y + p_.get("whisper_encoder.layer_scales")[layer] * delta;
  };
}

torch::Tensor SteeringGraph::project(const torch::Tensor& hidden) const {
  if (!p_.contains("prompt_proj.weight")) return hidden;
  return mixed_linear(hidden, p_.get("prompt_proj.weight"), p_.get("prompt_proj.bias"), compute_);
}

void SteeringGraph::init(ParameterStore& p, int layers, int experts, int dim, int llm_hidden, bool steering,
                         double steering_scale) {
  if (steering) {
    p.init_normal("whisper_encoder.steering_vectors", {layers, experts, dim}, 0.01);
    p.init_linear("whisper_encoder.router", int64_t(experts) * layers, dim, true);
    p.init_constant("whisper_encoder.layer_scales", {layers}, steering_scale);
  }
  p.init_linear("prompt_proj", llm_hidden, dim, true);
}

}  // namespace steerscope
