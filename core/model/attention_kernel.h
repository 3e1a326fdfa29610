#pragma once
// softmax(q·kᵀ [+ causal mask])·v for one sequence and all heads, on the fast paths of packed_linear.h:
// per-head oneDNN products in fp32 on CPU, bf16 matmul otherwise. Scores are normalised in fp32.

#include <torch/torch.h>

#include "core/model/execution_config.h"

namespace steerscope {

// q [H, Tq, hd] (already multiplied by the softmax scale), k and v [H, Tk, hd]. With causal=true, query i
// sees keys j <= i + (Tk - Tq) (the queries are the last Tq positions). Returns [H, Tq, hd] fp32.
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal,
                        const ExecutionConfig& exec);

}  // namespace steerscope
