#pragma once
// softmax(q·kᵀ [+ mask])·v for one sequence and all heads, on the fast paths of packed_linear.h:
// per-head oneDNN products in fp32 on CPU, bf16 matmul otherwise. Scores are normalised in fp32.
// Grouped-query attention is handled without copying keys: query heads are viewed in groups per key head.

#include <torch/torch.h>

#include "core/model/execution_config.h"

namespace steerscope {

// q [Hq, Tq, hd] (already multiplied by the softmax scale), k and v [Hkv, Tk, hd] with Hkv dividing Hq;
// query head h uses key head h / (Hq / Hkv), as repeat_interleave would. With causal=true the queries are
// the last Tq of the Tk positions and query i (absolute position p = Tk - Tq + i) sees keys j <= p, and
// only j > p - window when window > 0 (sliding-window attention). Returns [Hq, Tq, hd] fp32.
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal,
                        const ExecutionConfig& exec, int64_t window = 0);

}  // namespace steerscope
