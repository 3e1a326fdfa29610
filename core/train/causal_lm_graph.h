#pragma once
// A Qwen2/LLaMA decoder as a differentiable LibTorch graph over a right-padded batch, for the demo's LM
// pretraining (weights trainable) and for SteerMoE training (weights frozen, gradients flowing back to the
// audio prompts). Same mathematics as the inference engine (core/model/causal_lm.h); a test checks that both
// agree. Right padding needs no key mask under causal attention: a valid position never sees a later one.
//
// Parameters use the full Hugging Face names ("model.embed_tokens.weight", "model.layers.0.mlp.up_proj.weight",
// "model.norm.weight", "lm_head.weight" unless tied).

#include <torch/torch.h>

#include <string>

#include "core/model/decoder_config.h"
#include "core/train/parameter_store.h"

namespace steerscope {

class CausalLmGraph {
 public:
  // params must outlive the graph.
  CausalLmGraph(const DecoderConfig& config, const ParameterStore& params, torch::ScalarType compute);

  // ids [B, T] int64 -> embeddings [B, T, H] fp32.
  torch::Tensor embed(const torch::Tensor& ids) const;
  // inputs [B, T, H] at positions 0..T-1 -> logits [B, T, V] fp32.
  torch::Tensor forward(const torch::Tensor& inputs) const;
  // inputs [B, T, H] -> the last layer's normalised hidden states [B, T, H] fp32 (what the LM head reads).
  torch::Tensor hidden(const torch::Tensor& inputs) const;
  // hidden [..., H] -> logits [..., V] fp32.
  torch::Tensor head(const torch::Tensor& hidden) const;

  // The next-token predictions that labels [B, T] score (HF-style: the prediction at t against labels[t + 1],
  // -100 ignored): logits [N, V] fp32 and their targets [N], in row-major order of (b, t). Only these N rows
  // go through the LM head: in training batches most positions are prompts that are not scored.
  struct ScoredLogits {
    torch::Tensor logits, targets;
  };
  ScoredLogits scored_logits(const torch::Tensor& inputs, const torch::Tensor& labels) const;
  // Mean cross-entropy of scored_logits(): shifted_cross_entropy(forward(inputs), labels) without the
  // logits of unscored positions.
  torch::Tensor next_token_loss(const torch::Tensor& inputs, const torch::Tensor& labels) const;

  static void init(ParameterStore& params, const DecoderConfig& config, double init_std = 0.02);
  // Writes config.json and generation_config.json (greedy; eos = stop ids) for a Hugging Face directory.
  static void write_config(const std::string& dir, const DecoderConfig& config, const std::vector<int64_t>& stop_ids,
                           int64_t pad_id);

 private:
  torch::Tensor rms_norm(const torch::Tensor& x, const std::string& weight) const;
  const DecoderConfig config_;
  const ParameterStore& p_;
  torch::ScalarType compute_;
  torch::Tensor inv_freq_;
};

// Mean next-token cross-entropy of logits [B, T, V] against labels [B, T] (ignore -100), HF-style: the
// prediction at t is scored against labels[t + 1]. CausalLmGraph::next_token_loss computes the same from
// the scored positions alone.
torch::Tensor shifted_cross_entropy(const torch::Tensor& logits, const torch::Tensor& labels);

}  // namespace steerscope
