#include "core/pipeline/utterance_encoder.h"

#include <chrono>
#include <mutex>

#include "core/util/error.h"

namespace steerscope {

struct UtteranceEncoder::Accumulator {
  explicit Accumulator(int layers) : probs(size_t(layers)), norms(size_t(layers)), valid(size_t(layers), 0) {}
  std::vector<torch::Tensor> prompts;                     // [window]
  std::vector<std::vector<torch::Tensor>> probs, norms;  // [layer][window]
  std::vector<FloatMatrix> mels;                          // [window]
  std::vector<int64_t> valid;                             // [layer]: frames covering real audio
  EncodedUtterance out;
};

namespace {
double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

UtteranceEncoder::UtteranceEncoder(std::shared_ptr<const SteeredEncoder> encoder,
                                   std::shared_ptr<const LogMelFrontEnd> front_end)
    : encoder_(std::move(encoder)), front_end_(std::move(front_end)) {
  const auto& cfg = front_end_->config();
  if (cfg.n_mels != encoder_->encoder().config().num_mel_bins)
    throw Error("the front end makes " + std::to_string(cfg.n_mels) + " mel bins but the encoder (" +
                encoder_->encoder().config().source + ") expects num_mel_bins " +
                std::to_string(encoder_->encoder().config().num_mel_bins));
  const int64_t frames = cfg.window_frames();
  const int k = encoder_->pooling().type == PoolingConfig::Type::kNone ? 1 : encoder_->pooling().kernel;
  if (frames % (2 * k) != 0)
    throw Error("a window of " + std::to_string(cfg.window_seconds) + " s gives " + std::to_string(frames) +
                " log-mel frames, which is not a multiple of " + std::to_string(2 * k) +
                " (2 x the pooling kernel): frame times would drift between windows");
  if ((frames + 1) / 2 > encoder_->encoder().config().max_source_positions)
    throw Error("a window of " + std::to_string(cfg.window_seconds) + " s is longer than the encoder's " +
                std::to_string(encoder_->encoder().config().max_source_positions) + " positions allow");
}

void UtteranceEncoder::encode_window(const float* samples, size_t n, Accumulator& acc,
                                     const EncodeOptions& options) const {
  const int window = acc.out.windows;
  const FloatMatrix mel = front_end_->compute(samples, n, options.padding);
  auto mel_t = torch::from_blob(const_cast<float*>(mel.values.data()), {mel.rows, mel.cols}, torch::kFloat);

  HookRegistry hooks = options.hooks ? *options.hooks : HookRegistry();
  const int layers = encoder_->layers();
  if (encoder_->steering_applied()) {
    hooks.subscribe("encoder.layer.*.router.probs", [&](const HookEvent& e) { acc.probs[size_t(e.layer)].push_back(e.value.cpu()); });
    hooks.subscribe("encoder.layer.*.steering.delta_norm",
                    [&](const HookEvent& e) { acc.norms[size_t(e.layer)].push_back(e.value.cpu()); });
  }
  SteeredEncoder::RunContext ctx;
  ctx.hooks = &hooks;
  ctx.interventions = options.interventions;
  ctx.window_index = window;
  auto w = encoder_->encode_window(mel_t, ctx);
  acc.prompts.push_back(w.prompts.cpu());

  // Frames of this window that cover real audio, per layer (the rest is padding, only in the last window).
  const int64_t real_mel = std::min<int64_t>(mel.cols, std::max<int64_t>(1, int64_t(n) / front_end_->config().hop_length));
  for (int l = 0; l < layers; ++l) acc.valid[size_t(l)] += encoder_->layer_frames(l, real_mel);
  if (options.keep_log_mel) acc.mels.push_back(mel);
  acc.out.windows += 1;
  acc.out.samples += int64_t(n);
}

namespace {

FloatMatrix concat_columns(const std::vector<FloatMatrix>& parts) {
  FloatMatrix out;
  if (parts.empty()) return out;
  out.rows = parts[0].rows;
  for (const auto& p : parts) out.cols += p.cols;
  out.values.resize(size_t(out.rows * out.cols));
  int64_t col = 0;
  for (const auto& p : parts) {
    for (int64_t r = 0; r < p.rows; ++r)
      std::copy(p.row(r), p.row(r) + p.cols, out.values.begin() + r * out.cols + col);
    col += p.cols;
  }
  return out;
}

}  // namespace

EncodedUtterance UtteranceEncoder::finish(Accumulator& acc, double started_ms, const EncodeOptions& options) const {
  if (acc.out.windows == 0) throw Error("no audio samples to encode");
  EncodedUtterance& out = acc.out;
  out.audio_prompts = torch::cat(acc.prompts, 0);
  if (options.keep_log_mel) out.log_mel = concat_columns(acc.mels);
  const double mel_rate = double(front_end_->config().sample_rate) / front_end_->config().hop_length;
  for (size_t l = 0; l < acc.probs.size() && encoder_->steering_applied(); ++l) {
    auto probs = torch::cat(acc.probs[l], 0).contiguous();
    auto norms = torch::cat(acc.norms[l], 0).contiguous();
    RouterTrace t;
    t.layer = static_cast<int>(l);
    t.frame_rate_hz = encoder_->layer_frame_rate(t.layer, mel_rate);
    t.valid_frames = acc.valid[l];
    t.probs = FloatMatrix(probs.size(0), probs.size(1));
    std::memcpy(t.probs.values.data(), probs.data_ptr<float>(), t.probs.values.size() * sizeof(float));
    t.delta_norm.assign(norms.data_ptr<float>(), norms.data_ptr<float>() + norms.numel());
    out.routing.push_back(std::move(t));
  }
  out.encoder_ms = now_ms() - started_ms;
  return std::move(out);
}

EncodedUtterance UtteranceEncoder::encode(AudioStream& stream, const EncodeOptions& options) const {
  if (stream.target_rate() != front_end_->config().sample_rate)
    throw Error("audio stream delivers " + std::to_string(stream.target_rate()) + " Hz, the front end expects " +
                std::to_string(front_end_->config().sample_rate));
  const double t0 = now_ms();
  Accumulator acc(encoder_->layers());
  const size_t window = static_cast<size_t>(front_end_->config().window_samples());
  const int64_t expected = std::max<int64_t>(1, stream.expected_output_samples());
  std::vector<float> buf;
  while (true) {
    buf.clear();
    while (buf.size() < window && stream.read(buf, window - buf.size()) > 0) {
    }
    if (buf.empty()) break;
    encode_window(buf.data(), buf.size(), acc, options);
    if (options.progress && !options.progress(std::min(1.0, double(acc.out.samples) / double(expected))))
      throw Cancelled();
    if (buf.size() < window) break;
  }
  return finish(acc, t0, options);
}

EncodedUtterance UtteranceEncoder::encode(const std::vector<float>& samples, const EncodeOptions& options) const {
  const double t0 = now_ms();
  Accumulator acc(encoder_->layers());
  const size_t window = static_cast<size_t>(front_end_->config().window_samples());
  for (size_t start = 0; start < samples.size(); start += window) {
    encode_window(samples.data() + start, std::min(window, samples.size() - start), acc, options);
    if (options.progress && !options.progress(double(acc.out.samples) / double(samples.size()))) throw Cancelled();
  }
  return finish(acc, t0, options);
}

}  // namespace steerscope
