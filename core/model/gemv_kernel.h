#pragma once
// Matrix-vector products for token-by-token decoding, where every weight byte is read once per token and
// speed is memory bandwidth. LibTorch's CPU kernels reach ~5 GB/s (fp32) and ~14 GB/s (bf16) here;
// these kernels stream the weight rows with AVX-512 (bf16 dot products with AVX512-BF16), four rows at a
// time against one vector held in registers, split across threads by rows. Without AVX-512 they fall
// back to LibTorch.
//
// y[n] = sum_k W[n, k] * x[k] (+ b[n]) for W [N, K] row-major contiguous, x [K].

#include <torch/torch.h>

namespace steerscope {

// True if this CPU runs the AVX-512 (fp32) and AVX512-BF16 (bf16) kernels.
bool gemv_has_avx512();
bool gemv_has_avx512_bf16();

// weight [N, K] fp32 or bf16 contiguous on CPU; x [K] or [1, K] (any float dtype); bias [N] or undefined.
// Returns [N] (or [1, N]) fp32.
torch::Tensor gemv(const torch::Tensor& weight, const torch::Tensor& x, const torch::Tensor& bias);

}  // namespace steerscope
