#include "core/pipeline/text_generator.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/model/token_sampler.h"
#include "core/text/incremental_decoder.h"

namespace steerscope {

double GenerationResult::tokens_per_second() const {
  const double decode_ms = total_ms - prefill_ms;
  if (token_ids.size() < 2 || decode_ms <= 0) return 0.0;
  return double(token_ids.size() - 1) / (decode_ms / 1000.0);
}

GenerationResult generate_text(const CausalLM& lm, DecoderState& state, const torch::Tensor& inputs,
                               const GenerationSettings& settings, const BpeTokenizer* tokenizer,
                               const TokenCallback& on_token, const std::vector<int64_t>& penalty_prefix) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  auto ms_since = [&](clock::time_point t) { return std::chrono::duration<double, std::milli>(clock::now() - t).count(); };

  TokenSampler sampler(settings);
  std::optional<IncrementalDecoder> text;
  if (tokenizer) text.emplace(*tokenizer, /*skip_special_tokens=*/true);
  const int64_t valid_vocab = tokenizer ? std::min<int64_t>(int64_t(tokenizer->vocab_size()), lm.config().vocab_size) : 0;

  GenerationResult r;
  std::vector<int64_t> penalised = penalty_prefix;
  torch::Tensor logits = lm.forward(state, inputs);
  r.prefill_ms = ms_since(t0);
  for (int step = 0; step < settings.max_new_tokens; ++step) {
    if (step > 0) logits = lm.forward(state, lm.embed({r.unfed_token}));
    const auto choice = sampler.choose(logits, penalised, valid_vocab);
    r.token_ids.push_back(choice.id);
    r.token_logprobs.push_back(choice.logprob);
    r.unfed_token = choice.id;
    penalised.push_back(choice.id);
    const bool stop = std::find(settings.stop_token_ids.begin(), settings.stop_token_ids.end(), choice.id) !=
                      settings.stop_token_ids.end();
    const bool last = stop || step + 1 == settings.max_new_tokens;
    GeneratedToken tok{choice.id, choice.logprob, ""};
    if (text) {
      tok.text = text->push(static_cast<int32_t>(choice.id));
      if (tokenizer->is_special(static_cast<int32_t>(choice.id)))
        tok.special = tokenizer->id_to_token(static_cast<int32_t>(choice.id)).value_or("");
      if (last) tok.text += text->flush();  // held-back bytes of an unfinished character become U+FFFD
    }
    r.text += tok.text;
    const bool go_on = !on_token || on_token(tok);
    if (stop) {
      r.stop = GenerationResult::Stop::kStopToken;
      break;
    }
    if (!go_on) {
      r.stop = GenerationResult::Stop::kCancelled;
      if (text) r.text += text->flush();
      break;
    }
  }
  r.total_ms = ms_since(t0);
  return r;
}

}  // namespace steerscope
