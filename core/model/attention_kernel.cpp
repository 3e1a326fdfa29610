#include "core/model/attention_kernel.h"

#include <ATen/Parallel.h>
#include <immintrin.h>

#include "core/model/gemv_kernel.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

// One query row against the cache rows [t0, t1) of one key head: softmax(q·kᵀ)·v, for single-token
// decoding. LibTorch's small bf16 matmuls cost milliseconds each here; this reads each cached row once.
template <typename T>
float load_as_float(const T* p, int64_t i);
template <>
float load_as_float<float>(const float* p, int64_t i) { return p[i]; }
template <>
float load_as_float<c10::BFloat16>(const c10::BFloat16* p, int64_t i) { return float(p[i]); }

template <typename T>
void decode_row_portable(const float* q, const T* k, const T* v, float* out, int64_t t0, int64_t t1, int64_t hd,
                         float* scores) {
  float max_score = -std::numeric_limits<float>::infinity();
  for (int64_t t = t0; t < t1; ++t) {
    float acc = 0.0f;
    for (int64_t d = 0; d < hd; ++d) acc += q[d] * load_as_float(k + t * hd, d);
    scores[t - t0] = acc;
    max_score = std::max(max_score, acc);
  }
  float sum = 0.0f;
  for (int64_t t = t0; t < t1; ++t) sum += (scores[t - t0] = std::exp(scores[t - t0] - max_score));
  std::fill(out, out + hd, 0.0f);
  for (int64_t t = t0; t < t1; ++t) {
    const float w = scores[t - t0] / sum;
    for (int64_t d = 0; d < hd; ++d) out[d] += w * load_as_float(v + t * hd, d);
  }
}

// 16 bf16 values -> 16 floats (bf16 -> fp32 is a 16-bit shift).
__attribute__((target("avx512f,avx512bw"))) inline __m512 load_bf16x16(const uint16_t* p) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))), 16));
}

__attribute__((target("avx512f,avx512bw")))
void decode_row_avx512_bf16(const float* q, const uint16_t* k, const uint16_t* v, float* out, int64_t t0, int64_t t1,
                            int64_t hd, float* scores) {
  // hd is a multiple of 16 (checked by the caller).
  float max_score = -std::numeric_limits<float>::infinity();
  for (int64_t t = t0; t < t1; ++t) {
    __m512 acc = _mm512_setzero_ps();
    for (int64_t d = 0; d < hd; d += 16) acc = _mm512_fmadd_ps(_mm512_loadu_ps(q + d), load_bf16x16(k + t * hd + d), acc);
    const float s = _mm512_reduce_add_ps(acc);
    scores[t - t0] = s;
    max_score = std::max(max_score, s);
  }
  float sum = 0.0f;
  for (int64_t t = t0; t < t1; ++t) sum += (scores[t - t0] = std::exp(scores[t - t0] - max_score));
  const float inv = 1.0f / sum;
  for (int64_t d = 0; d < hd; d += 16) {
    __m512 acc = _mm512_setzero_ps();
    for (int64_t t = t0; t < t1; ++t) acc = _mm512_fmadd_ps(_mm512_set1_ps(scores[t - t0] * inv), load_bf16x16(v + t * hd + d), acc);
    _mm512_storeu_ps(out + d, acc);
  }
}

__attribute__((target("avx512f")))
void decode_row_avx512_f32(const float* q, const float* k, const float* v, float* out, int64_t t0, int64_t t1,
                           int64_t hd, float* scores) {
  float max_score = -std::numeric_limits<float>::infinity();
  for (int64_t t = t0; t < t1; ++t) {
    __m512 acc = _mm512_setzero_ps();
    for (int64_t d = 0; d < hd; d += 16) acc = _mm512_fmadd_ps(_mm512_loadu_ps(q + d), _mm512_loadu_ps(k + t * hd + d), acc);
    const float s = _mm512_reduce_add_ps(acc);
    scores[t - t0] = s;
    max_score = std::max(max_score, s);
  }
  float sum = 0.0f;
  for (int64_t t = t0; t < t1; ++t) sum += (scores[t - t0] = std::exp(scores[t - t0] - max_score));
  const float inv = 1.0f / sum;
  for (int64_t d = 0; d < hd; d += 16) {
    __m512 acc = _mm512_setzero_ps();
    for (int64_t t = t0; t < t1; ++t) acc = _mm512_fmadd_ps(_mm512_set1_ps(scores[t - t0] * inv), _mm512_loadu_ps(v + t * hd + d), acc);
    _mm512_storeu_ps(out + d, acc);
  }
}

// q [Hq, 1, hd]; k, v [Hkv, Tk, hd] with rows of each head contiguous (a narrowed cache is fine).
torch::Tensor decode_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int64_t window) {
  const int64_t hq = q.size(0), hd = q.size(2), hkv = k.size(0), tk = k.size(1), groups = hq / hkv;
  const int64_t t0 = window > 0 ? std::max<int64_t>(0, tk - window) : 0;
  auto qf = q.to(torch::kFloat).contiguous();
  auto out = torch::empty({hq, 1, hd}, torch::kFloat);
  const bool bf16 = k.scalar_type() == torch::kBFloat16;
  const bool avx = hd % 16 == 0 && (bf16 ? gemv_has_avx512_bf16() : gemv_has_avx512());
  const int64_t k_stride = k.stride(0), v_stride = v.stride(0);
  at::parallel_for(0, hq, 1, [&](int64_t h0, int64_t h1) {
    std::vector<float> scores(size_t(tk - t0));
    for (int64_t h = h0; h < h1; ++h) {
      const int64_t kv = h / groups;
      const float* qp = qf.data_ptr<float>() + h * hd;
      float* op = out.data_ptr<float>() + h * hd;
      if (bf16) {
        const auto* kp = k.data_ptr<c10::BFloat16>() + kv * k_stride;
        const auto* vp = v.data_ptr<c10::BFloat16>() + kv * v_stride;
        if (avx)
          decode_row_avx512_bf16(qp, reinterpret_cast<const uint16_t*>(kp), reinterpret_cast<const uint16_t*>(vp), op, t0, tk, hd, scores.data());
        else
          decode_row_portable(qp, kp, vp, op, t0, tk, hd, scores.data());
      } else {
        const float* kp = k.data_ptr<float>() + kv * k_stride;
        const float* vp = v.data_ptr<float>() + kv * v_stride;
        if (avx) decode_row_avx512_f32(qp, kp, vp, op, t0, tk, hd, scores.data());
        else decode_row_portable(qp, kp, vp, op, t0, tk, hd, scores.data());
      }
    }
  });
  return out;
}

// [Tq, Tk] boolean mask of the positions a query may NOT see; undefined if it sees everything.
torch::Tensor blocked_positions(int64_t tq, int64_t tk, bool causal, int64_t window, torch::Device device) {
  if (!causal) return {};
  auto opts = torch::TensorOptions().dtype(torch::kLong).device(device);
  auto query_pos = torch::arange(tk - tq, tk, opts).unsqueeze(1);  // [Tq, 1]
  auto key_pos = torch::arange(0, tk, opts).unsqueeze(0);          // [1, Tk]
  auto blocked = key_pos > query_pos;
  if (window > 0) blocked = blocked.logical_or(key_pos <= query_pos - window);
  if (!blocked.any().item<bool>()) return {};
  return blocked;
}

}  // namespace

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal,
                        const ExecutionConfig& exec, int64_t window) {
  const int64_t hq = q.size(0), tq = q.size(1), hd = q.size(2), hkv = k.size(0), tk = k.size(1);
  if (hq % hkv != 0) throw Error("attention: " + std::to_string(hkv) + " key heads do not divide " + std::to_string(hq) + " query heads");
  const int64_t groups = hq / hkv;
  const bool rows_contiguous = k.stride(2) == 1 && k.stride(1) == hd && v.stride(2) == 1 && v.stride(1) == hd;
  if (causal && tq == 1 && q.device().is_cpu() && rows_contiguous &&
      (k.scalar_type() == torch::kFloat || k.scalar_type() == torch::kBFloat16) && k.scalar_type() == v.scalar_type())
    return decode_attention(q, k, v, window);
  const auto blocked = blocked_positions(tq, tk, causal, window, q.device());
  const float neg_inf = -std::numeric_limits<float>::infinity();
  const bool small = hq * tq * tk * hd < (int64_t(1) << 20);

  if (exec.is_cpu() && exec.dtype == ComputeDType::kF32 && !small && at::hasMKLDNN()) {
    // Plain fp32 bmm has no BLAS behind it here; route each key head through oneDNN's inner product.
    auto out = torch::empty({hkv, groups * tq, hd}, torch::kFloat);
    auto qf = q.to(torch::kFloat).contiguous().view({hkv, groups * tq, hd});
    auto kf = k.to(torch::kFloat).contiguous();
    auto vt = v.to(torch::kFloat).transpose(1, 2).contiguous();
    for (int64_t h = 0; h < hkv; ++h) {
      auto scores = at::mkldnn_linear(qf[h].to_mkldnn(), kf[h].to_mkldnn(), {}).to_dense();  // [groups*Tq, Tk]
      if (blocked.defined()) scores.view({groups, tq, tk}).masked_fill_(blocked, neg_inf);
      auto probs = torch::softmax(scores, -1);
      out[h].copy_(at::mkldnn_linear(probs.to_mkldnn(), vt[h].to_mkldnn(), {}).to_dense());
    }
    return out.view({hq, tq, hd});
  }
  const auto ct = exec.scalar_type();
  auto qg = q.to(ct).contiguous().view({hkv, groups * tq, hd});
  auto scores = torch::matmul(qg, k.to(ct).transpose(1, 2)).to(torch::kFloat);  // [Hkv, groups*Tq, Tk]
  if (blocked.defined()) scores.view({hkv, groups, tq, tk}).masked_fill_(blocked, neg_inf);
  auto probs = torch::softmax(scores, -1).to(ct);
  return torch::matmul(probs, v.to(ct)).to(torch::kFloat).view({hq, tq, hd});
}

}  // namespace steerscope
