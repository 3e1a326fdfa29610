#include "core/model/gemv_kernel.h"

#include <ATen/Parallel.h>
#include <immintrin.h>

#include "core/util/error.h"

namespace steerscope {

namespace {

bool cpu_has(const char* feature) {
  __builtin_cpu_init();
  if (std::string(feature) == "avx512f") return __builtin_cpu_supports("avx512f");
  if (std::string(feature) == "avx512bf16") return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw");
  return false;
}

// Rows [n0, n1) of a bf16 matrix times a bf16 vector. K tail handled with masked loads.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
void gemv_rows_bf16(const uint16_t* w, const uint16_t* x, float* y, int64_t n0, int64_t n1, int64_t k) {
  const int64_t k_main = k - k % 32;
  const __mmask32 tail = k % 32 ? static_cast<__mmask32>((1ull << (k % 32)) - 1) : 0;
  int64_t n = n0;
  for (; n + 4 <= n1; n += 4) {
    const uint16_t* r0 = w + n * k;
    const uint16_t* r1 = r0 + k;
    const uint16_t* r2 = r1 + k;
    const uint16_t* r3 = r2 + k;
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    for (int64_t i = 0; i < k_main; i += 32) {
      const __m512bh xv = (__m512bh)_mm512_loadu_si512(x + i);
      a0 = _mm512_dpbf16_ps(a0, (__m512bh)_mm512_loadu_si512(r0 + i), xv);
      a1 = _mm512_dpbf16_ps(a1, (__m512bh)_mm512_loadu_si512(r1 + i), xv);
      a2 = _mm512_dpbf16_ps(a2, (__m512bh)_mm512_loadu_si512(r2 + i), xv);
      a3 = _mm512_dpbf16_ps(a3, (__m512bh)_mm512_loadu_si512(r3 + i), xv);
    }
    if (tail) {
      const __m512bh xv = (__m512bh)_mm512_maskz_loadu_epi16(tail, x + k_main);
      a0 = _mm512_dpbf16_ps(a0, (__m512bh)_mm512_maskz_loadu_epi16(tail, r0 + k_main), xv);
      a1 = _mm512_dpbf16_ps(a1, (__m512bh)_mm512_maskz_loadu_epi16(tail, r1 + k_main), xv);
      a2 = _mm512_dpbf16_ps(a2, (__m512bh)_mm512_maskz_loadu_epi16(tail, r2 + k_main), xv);
      a3 = _mm512_dpbf16_ps(a3, (__m512bh)_mm512_maskz_loadu_epi16(tail, r3 + k_main), xv);
    }
    y[n] = _mm512_reduce_add_ps(a0);
    y[n + 1] = _mm512_reduce_add_ps(a1);
    y[n + 2] = _mm512_reduce_add_ps(a2);
    y[n + 3] = _mm512_reduce_add_ps(a3);
  }
  for (; n < n1; ++n) {
    const uint16_t* r = w + n * k;
    __m512 a = _mm512_setzero_ps();
    for (int64_t i = 0; i < k_main; i += 32)
      a = _mm512_dpbf16_ps(a, (__m512bh)_mm512_loadu_si512(r + i), (__m512bh)_mm512_loadu_si512(x + i));
    if (tail)
      a = _mm512_dpbf16_ps(a, (__m512bh)_mm512_maskz_loadu_epi16(tail, r + k_main),
                           (__m512bh)_mm512_maskz_loadu_epi16(tail, x + k_main));
    y[n] = _mm512_reduce_add_ps(a);
  }
}

__attribute__((target("avx512f")))
void gemv_rows_f32(const float* w, const float* x, float* y, int64_t n0, int64_t n1, int64_t k) {
  const int64_t k_main = k - k % 16;
  const __mmask16 tail = k % 16 ? static_cast<__mmask16>((1u << (k % 16)) - 1) : 0;
  int64_t n = n0;
  for (; n + 4 <= n1; n += 4) {
    const float* r0 = w + n * k;
    const float* r1 = r0 + k;
    const float* r2 = r1 + k;
    const float* r3 = r2 + k;
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    for (int64_t i = 0; i < k_main; i += 16) {
      const __m512 xv = _mm512_loadu_ps(x + i);
      a0 = _mm512_fmadd_ps(_mm512_loadu_ps(r0 + i), xv, a0);
      a1 = _mm512_fmadd_ps(_mm512_loadu_ps(r1 + i), xv, a1);
      a2 = _mm512_fmadd_ps(_mm512_loadu_ps(r2 + i), xv, a2);
      a3 = _mm512_fmadd_ps(_mm512_loadu_ps(r3 + i), xv, a3);
    }
    if (tail) {
      const __m512 xv = _mm512_maskz_loadu_ps(tail, x + k_main);
      a0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, r0 + k_main), xv, a0);
      a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, r1 + k_main), xv, a1);
      a2 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, r2 + k_main), xv, a2);
      a3 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, r3 + k_main), xv, a3);
    }
    y[n] = _mm512_reduce_add_ps(a0);
    y[n + 1] = _mm512_reduce_add_ps(a1);
    y[n + 2] = _mm512_reduce_add_ps(a2);
    y[n + 3] = _mm512_reduce_add_ps(a3);
  }
  for (; n < n1; ++n) {
    const float* r = w + n * k;
    __m512 a = _mm512_setzero_ps();
    for (int64_t i = 0; i < k_main; i += 16) a = _mm512_fmadd_ps(_mm512_loadu_ps(r + i), _mm512_loadu_ps(x + i), a);
    if (tail) a = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, r + k_main), _mm512_maskz_loadu_ps(tail, x + k_main), a);
    y[n] = _mm512_reduce_add_ps(a);
  }
}

}  // namespace

bool gemv_has_avx512() {
  static const bool has = cpu_has("avx512f");
  return has;
}

bool gemv_has_avx512_bf16() {
  static const bool has = cpu_has("avx512bf16");
  return has;
}

torch::Tensor gemv(const torch::Tensor& weight, const torch::Tensor& x, const torch::Tensor& bias) {
  const int64_t n = weight.size(0), k = weight.size(1);
  const bool bf16 = weight.scalar_type() == torch::kBFloat16;
  const bool fast = weight.device().is_cpu() && weight.is_contiguous() && (bf16 ? gemv_has_avx512_bf16() : gemv_has_avx512()) &&
                    (bf16 || weight.scalar_type() == torch::kFloat);
  if (x.numel() != k) throw Error("gemv: vector of " + std::to_string(x.numel()) + " elements for a matrix with " + std::to_string(k) + " columns");
  if (!fast) {
    auto y = torch::linear(x.reshape({1, k}).to(weight.scalar_type()), weight, bias.defined() ? bias.to(weight.scalar_type()) : bias);
    return y.to(torch::kFloat).reshape(x.dim() == 1 ? std::vector<int64_t>{n} : std::vector<int64_t>{1, n});
  }
  auto xv = x.reshape({k}).to(weight.scalar_type()).contiguous();
  auto y = torch::empty({n}, torch::kFloat);
  float* yp = y.data_ptr<float>();
  // Blocks of 64 rows: enough work per task, and a multiple of the 4-row kernel.
  const int64_t blocks = (n + 63) / 64;
  if (bf16) {
    const auto* wp = reinterpret_cast<const uint16_t*>(weight.data_ptr());
    const auto* xp = reinterpret_cast<const uint16_t*>(xv.data_ptr());
    at::parallel_for(0, blocks, 1, [&](int64_t b0, int64_t b1) {
      gemv_rows_bf16(wp, xp, yp, b0 * 64, std::min(n, b1 * 64), k);
    });
  } else {
    const float* wp = weight.data_ptr<float>();
    const float* xp = xv.data_ptr<float>();
    at::parallel_for(0, blocks, 1, [&](int64_t b0, int64_t b1) { gemv_rows_f32(wp, xp, yp, b0 * 64, std::min(n, b1 * 64), k); });
  }
  if (bias.defined()) y.add_(bias.to(torch::kFloat));
  return x.dim() == 1 ? y : y.reshape({1, n});
}

}  // namespace steerscope
