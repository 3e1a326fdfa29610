// steerscope-cli encode: run the steered encoder on one audio file and summarise its routing.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/cli/command_registry.h"
#include "app/cli/encoder_options.h"
#include "core/util/error.h"
#include "core/util/npy_file.h"

namespace steerscope::cli {
namespace {

// Per-layer summary over the frames that cover real audio (the reference's analysis also averages over
// padding; --include-padding reproduces that).
void print_summary(const EncodedUtterance& enc, bool include_padding) {
  if (enc.routing.empty()) {
    std::cout << "(no steering applied: no router to summarise)\n";
    return;
  }
  const int64_t experts = enc.routing[0].probs.cols;
  std::printf("%-5s %7s %7s %8s %8s  %s\n", "layer", "frames", "used", "H(mean)", "mean H", "mean probability per expert");
  std::printf("%-5s %7s %7s %8s %8s ", "", "", "", "nats", "nats");
  for (int64_t e = 0; e < experts; ++e) std::printf(" %6s", ("e" + std::to_string(e)).c_str());
  std::printf("\n");
  for (const auto& t : enc.routing) {
    const int64_t used = include_padding ? t.probs.rows : std::min(t.valid_frames, t.probs.rows);
    std::vector<double> mean(size_t(experts), 0.0);
    double frame_entropy = 0.0;
    for (int64_t f = 0; f < used; ++f) {
      for (int64_t e = 0; e < experts; ++e) {
        const double p = t.probs.at(f, e);
        mean[size_t(e)] += p;
        if (p > 0) frame_entropy -= p * std::log(p);
      }
    }
    double mean_entropy = 0.0;
    for (auto& m : mean) {
      m /= std::max<int64_t>(1, used);
      if (m > 0) mean_entropy -= m * std::log(m);
    }
    std::printf("%-5d %7lld %7lld %8.3f %8.3f ", t.layer, static_cast<long long>(t.probs.rows),
                static_cast<long long>(used), mean_entropy, frame_entropy / std::max<int64_t>(1, used));
    for (double m : mean) std::printf(" %6.3f", m);
    std::printf("\n");
  }
}

void write_probs_csv(const std::string& path, const EncodedUtterance& enc) {
  std::ofstream out(path);
  if (!out) throw Error(path + ": cannot create");
  const int64_t experts = enc.routing.empty() ? 0 : enc.routing[0].probs.cols;
  out << "layer,frame";
  for (int64_t e = 0; e < experts; ++e) out << ",p" << e;
  out << "\n";
  char buf[32];
  for (const auto& t : enc.routing) {
    for (int64_t f = 0; f < t.probs.rows; ++f) {
      out << t.layer << ',' << f;
      for (int64_t e = 0; e < experts; ++e) {
        std::snprintf(buf, sizeof buf, ",%.9g", t.probs.at(f, e));
        out << buf;
      }
      out << '\n';
    }
  }
  if (!out.flush()) throw Error(path + ": write failed");
}

int run_encode(int argc, char** argv) {
  ArgParser args("encode", "Run the steered encoder on an audio file and print each layer's routing: the mean "
                 "probability of every expert and the router entropy.");
  add_encoder_options(args, /*steering_required=*/false);
  args.add_option("audio", "FILE", "Audio file (WAV, FLAC, OGG, MP3, ...; any rate, any channels)");
  args.add_option("out", "probs.csv", "Write every layer's router probabilities: layer,frame,p0,p1,... (all frames, padding included)");
  args.add_option("prompts-out", "FILE.npy", "Write the audio prompt embeddings [frames, hidden] as a NumPy array");
  args.add_flag("include-padding", "Average over padded frames too, as the reference's analysis does");
  if (!args.parse(argc, argv)) return 0;

  const PipelineConfig config = pipeline_config_from(args);
  const InterventionSet interventions = interventions_from(args);
  const std::string audio_path = args.get("audio");
  auto encoder = load_utterance_encoder(config);
  const auto& steered = encoder->encoder();

  AudioStream stream(audio_path, encoder->front_end().config().sample_rate);
  EncodeOptions options;
  options.padding = config.padding;
  options.interventions = &interventions;
  EncodedUtterance enc = encoder->encode(stream, options);

  const auto& ec = steered.encoder().config();
  std::cout << "encoder:  " << config.encoder_dir << " (whisper, " << ec.encoder_layers << " layers, d_model "
            << ec.d_model << ", " << ec.num_mel_bins << " mel bins)\n";
  if (steered.steering())
    std::cout << "steering: " << steered.steering()->path() << " (" << steered.steering()->experts() << " experts"
              << (steered.steering_applied() ? "" : ", not applied: linear baseline") << ")\n";
  std::cout << "pooling:  " << steered.pooling().describe(ec.encoder_layers) << "; padding " << config.padding_name()
            << "; window " << encoder->front_end().config().window_seconds << " s; " << config.exec.device_string()
            << " " << config.exec.dtype_string() << "\n";
  for (const auto& iv : interventions) std::cout << "intervention: " << iv.describe() << "\n";
  std::printf("audio:    %s (%.2f s, %d Hz, %d channel%s), %d window%s, %lld audio prompts of width %lld, encoder %.0f ms\n\n",
              audio_path.c_str(), stream.info().duration_s(), stream.info().sample_rate, stream.info().channels,
              stream.info().channels == 1 ? "" : "s", enc.windows, enc.windows == 1 ? "" : "s",
              static_cast<long long>(enc.audio_prompts.size(0)), static_cast<long long>(enc.audio_prompts.size(1)),
              enc.encoder_ms);
  print_summary(enc, args.has("include-padding"));

  if (args.has("out")) {
    if (enc.routing.empty()) throw Error("--out: no router probabilities (the run has no steering)");
    write_probs_csv(args.get("out"), enc);
    std::cout << "\nwrote " << args.get("out") << "\n";
  }
  if (args.has("prompts-out")) {
    auto p = enc.audio_prompts.contiguous();
    write_npy(args.get("prompts-out"), {p.size(0), p.size(1)}, p.data_ptr<float>());
    std::cout << "wrote " << args.get("prompts-out") << "\n";
  }
  return 0;
}

CommandRegistration reg{"encode", "Run the steered encoder on an audio file; summarise or export router probabilities", run_encode};

}  // namespace
}  // namespace steerscope::cli
