#pragma once
// Encodes a whole utterance of any length with the steered encoder, window by window: the audio is cut
// into consecutive windows of the front end's length (30 s for Whisper), each window becomes a log-mel
// (Hugging Face padding per window, or unpadded), runs through the encoder, and the outputs are
// concatenated. Memory is bounded by one window's activations plus the outputs, whatever the length.
//
// Besides the audio prompts it collects, per encoder layer, the router probabilities and steering-delta
// norms of every frame (RouterTrace), which is what a recording stores.
//
// Window lengths must keep frame times exact across windows: the log-mel frames of one window must be a
// multiple of 2 x the pooling kernel (30 s = 3000 frames = 4 x 750 is), otherwise the constructor throws.

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <vector>

#include "core/audio/log_mel_front_end.h"
#include "core/io/audio_file.h"
#include "core/io/recording_types.h"
#include "core/model/steered_encoder.h"

namespace steerscope {

struct EncodeOptions {
  MelPadding padding = MelPadding::kPadToWindow;
  const InterventionSet* interventions = nullptr;
  const HookRegistry* hooks = nullptr;  // user subscriptions, in addition to the trace collection
  bool keep_log_mel = false;            // fill EncodedUtterance::log_mel
  // Called after each window with the fraction of audio done; return false to cancel (throws Cancelled).
  std::function<bool(double)> progress;
};

struct EncodedUtterance {
  torch::Tensor audio_prompts;       // [T, H] fp32 CPU, all windows
  std::vector<RouterTrace> routing;  // one per layer; empty if the encoder is not steered
  FloatMatrix log_mel;               // [n_mels, frames], windows concatenated (if requested)
  int windows = 0;
  int64_t samples = 0;               // at 16 kHz
  double encoder_ms = 0.0;           // log-mel + encoder, all windows
};

class UtteranceEncoder {
 public:
  UtteranceEncoder(std::shared_ptr<const SteeredEncoder> encoder, std::shared_ptr<const LogMelFrontEnd> front_end);

  EncodedUtterance encode(const std::vector<float>& samples, const EncodeOptions& options) const;
  // Streams the file: only one window of audio is held at a time.
  EncodedUtterance encode(AudioStream& stream, const EncodeOptions& options) const;

  const SteeredEncoder& encoder() const { return *encoder_; }
  const LogMelFrontEnd& front_end() const { return *front_end_; }

 private:
  struct Accumulator;
  void encode_window(const float* samples, size_t n, Accumulator& acc, const EncodeOptions& options) const;
  EncodedUtterance finish(Accumulator& acc, double started_ms, const EncodeOptions& options) const;
  std::shared_ptr<const SteeredEncoder> encoder_;
  std::shared_ptr<const LogMelFrontEnd> front_end_;
};

}  // namespace steerscope
