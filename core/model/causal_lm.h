#pragma once
// The frozen LLM decoder: Qwen2 / LLaMA / Mistral in Hugging Face layout (formats.md §4). Pre-norm
// layers with RMSNorm, rotary positions (rotate-half convention), grouped-query attention with optional
// q/k/v biases and sliding window, SwiGLU MLP, and a tied or separate lm_head.
//
// Weights are immutable after loading and shared by any number of runs; each run owns a DecoderState (the
// KV cache), so one loaded decoder serves several conversations or two checkpoints' runs side by side.
// Inputs are embeddings [T, H] (audio prompts first, then embedded text), at positions that continue
// from the state's length. All matmuls take the fast paths: oneDNN/bf16 for prefill, the GEMV kernels
// for single-token decoding (see packed_linear.h).

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"
#include "core/model/decoder_config.h"
#include "core/model/execution_config.h"
#include "core/model/packed_linear.h"

namespace steerscope {

// Per-run decoder state: the KV cache of every layer. Capacity grows geometrically, so appending a token
// does not copy the cache.
class DecoderState {
 public:
  int64_t length() const { return length_; }
  // Forget everything after the first `length` positions (e.g. to regenerate an answer).
  void truncate(int64_t length);
  void clear() { truncate(0); }
  // Bytes held by the cache.
  int64_t bytes() const;

 private:
  friend class CausalLM;
  std::vector<torch::Tensor> k_, v_;  // per layer [n_kv, capacity, head_dim], compute dtype
  int64_t length_ = 0;
};

class CausalLM {
 public:
  // Loads config.json and the (possibly sharded) safetensors weights of a Hugging Face model directory.
  static std::shared_ptr<const CausalLM> load(const std::string& dir, const ExecutionConfig& exec);
  CausalLM(const DecoderConfig& config, const TensorSource& weights, const ExecutionConfig& exec);

  const DecoderConfig& config() const { return config_; }
  const ExecutionConfig& exec() const { return exec_; }
  int64_t parameter_count() const { return parameters_; }
  // Weight bytes one decoding step reads (every layer, the final norm and one lm_head pass; not the
  // embedding lookup).
  int64_t bytes_per_token() const;

  // Token ids -> embeddings [T, H] fp32. Throws Error for ids outside the embedding table.
  torch::Tensor embed(const std::vector<int64_t>& ids) const;

  // Runs inputs [T, H] fp32 at positions state.length() .. +T-1 and appends them to the cache. Returns
  // logits [T, V] fp32 if all_logits, else [1, V] for the last position only. Throws Error if the
  // sequence would exceed max_position_embeddings.
  torch::Tensor forward(DecoderState& state, const torch::Tensor& inputs, bool all_logits = false) const;

 private:
  struct Layer {
    torch::Tensor input_norm, post_norm;  // [H] fp32
    PackedLinear q, k, v, o, gate, up, down;
  };
  torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& w) const;
  torch::Tensor rotate(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) const;

  DecoderConfig config_;
  ExecutionConfig exec_;
  torch::Tensor embed_;    // [V, H] compute dtype
  std::vector<Layer> layers_;
  torch::Tensor norm_;     // [H] fp32
  PackedLinear lm_head_;   // [V, H] (the embedding when tied)
  torch::Tensor inv_freq_; // [head_dim / 2] fp32
  int64_t parameters_ = 0;
};

}  // namespace steerscope
