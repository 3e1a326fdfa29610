#pragma once
// The decoding loop: prefill the given embeddings into a DecoderState, then pick tokens one at a time
// until a stop token, max_new_tokens, or the callback asks to stop. Each token is reported as it is made,
// with the text it completes (never half a UTF-8 character) and its log-probability, in the shape of
// whisper.cpp's new-segment callback.

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "core/model/causal_lm.h"
#include "core/model/generation_settings.h"
#include "core/text/bpe_tokenizer.h"

namespace steerscope {

struct GeneratedToken {
  int64_t id = -1;
  float logprob = 0.0f;
  std::string text;     // what this token completes, special tokens skipped; may be empty
  std::string special;  // a special token's content ("<|im_end|>"); empty for other tokens
};

// Return false to stop generating (cancellation between tokens).
using TokenCallback = std::function<bool(const GeneratedToken&)>;

struct GenerationResult {
  std::vector<int64_t> token_ids;    // generated, including a final stop token if one was produced
  std::vector<float> token_logprobs;
  std::string text;                  // decoded, special tokens skipped (empty without a tokenizer)
  enum class Stop { kStopToken, kMaxTokens, kCancelled } stop = Stop::kMaxTokens;
  double prefill_ms = 0.0;           // until the first token's logits
  double total_ms = 0.0;
  int64_t unfed_token = -1;          // the last generated id, not yet in the KV cache (-1 if none)

  double tokens_per_second() const;  // decode speed after the first token
};

// inputs [T, H]: embeddings to prefill after what `state` already holds. `penalty_prefix` lists ids that
// count for the repetition penalty besides the generated ones. tokenizer may be null (ids only).
GenerationResult generate_text(const CausalLM& lm, DecoderState& state, const torch::Tensor& inputs,
                               const GenerationSettings& settings, const BpeTokenizer* tokenizer,
                               const TokenCallback& on_token, const std::vector<int64_t>& penalty_prefix = {});

}  // namespace steerscope
