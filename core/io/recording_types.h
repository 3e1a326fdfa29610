#pragma once
// The in-memory form of a recording (DESIGN.md §3): what one run of the steered pipeline produced for each
// utterance, plus the run's metadata and the model constants. The HDF5 writer and reader
// (recording_writer.h, recording_reader.h) store and load exactly these types; the analysis library and
// the views consume them. Plain data only: no LibTorch, no Qt, no HDF5 here.
//
// Time conventions: times are seconds from the start of the utterance's audio. Every frame-indexed array
// carries its frame rate, because frame rates differ between the log-mel (100 Hz), the encoder layers
// (50 Hz after the stride-2 convolution) and layers after pooling (50/k Hz). Frame i covers
// [i / rate, (i + 1) / rate).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace steerscope {

// Row-major float matrix.
struct FloatMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> values;  // [rows * cols]

  FloatMatrix() = default;
  FloatMatrix(int64_t r, int64_t c, float fill = 0.0f) : rows(r), cols(c), values(size_t(r * c), fill) {}
  float& at(int64_t r, int64_t c) { return values[size_t(r * cols + c)]; }
  float at(int64_t r, int64_t c) const { return values[size_t(r * cols + c)]; }
  const float* row(int64_t r) const { return values.data() + r * cols; }
  bool operator==(const FloatMatrix& o) const { return rows == o.rows && cols == o.cols && values == o.values; }
};

// One encoder layer's routing for one utterance.
struct RouterTrace {
  int layer = 0;                  // 0-based encoder layer index
  double frame_rate_hz = 50.0;    // frames per second at this layer's output
  int64_t valid_frames = 0;       // frames that cover real audio; later frames see only padding
  FloatMatrix probs;              // [frames, experts]: softmax of this layer's router slice; rows sum to 1
  std::vector<float> delta_norm;  // [frames]: L2 norm of layer_scale * probs · steering_vectors[layer]

  bool operator==(const RouterTrace& o) const {
    return layer == o.layer && frame_rate_hz == o.frame_rate_hz && valid_frames == o.valid_frames &&
           probs == o.probs && delta_norm == o.delta_norm;
  }
};

// One item of an alignment tier. Point tiers have start_s == end_s.
struct AlignmentItem {
  double start_s = 0.0;
  double end_s = 0.0;
  std::string label;  // UTF-8; empty labels are silences/gaps as the source file wrote them

  bool operator==(const AlignmentItem& o) const {
    return start_s == o.start_s && end_s == o.end_s && label == o.label;
  }
};

// A named tier: "phones", "words", "speakers", or whatever name the source file gives.
struct AlignmentTier {
  enum class Kind { kInterval, kPoint };
  std::string name;
  Kind kind = Kind::kInterval;
  std::vector<AlignmentItem> items;  // sorted by start time

  bool operator==(const AlignmentTier& o) const { return name == o.name && kind == o.kind && items == o.items; }
};

// The text the decoder produced for an utterance (a transcript, an answer, a function call).
struct GeneratedText {
  std::string prompt;                 // the text prompt after the audio (as given, before tokenisation)
  std::string text;                   // decoded output, special tokens skipped
  std::vector<int64_t> token_ids;     // generated ids, including a final stop token if one was produced
  std::vector<float> token_logprobs;  // [token_ids.size()]: log-probability of each chosen token under
                                      // the model's unmodified distribution (before sampling warpers)
  double encoder_ms = 0.0;            // audio -> audio prompts
  double first_token_ms = 0.0;        // audio prompts ready -> first token
  double total_ms = 0.0;              // whole utterance, audio decode included

  bool operator==(const GeneratedText& o) const {
    return prompt == o.prompt && text == o.text && token_ids == o.token_ids &&
           token_logprobs == o.token_logprobs && encoder_ms == o.encoder_ms &&
           first_token_ms == o.first_token_ms && total_ms == o.total_ms;
  }
};

struct UtteranceRecord {
  std::string id;              // unique within a recording (manifest id, or the path relative to the corpus root)
  std::string source_path;     // audio file as given
  std::string source_sha256;
  int source_sample_rate = 0;  // of the file, before resampling to 16 kHz
  double duration_s = 0.0;     // of the audio (not of the padded window)
  std::string speaker;         // empty if unknown
  std::string reference_text;  // ground-truth transcript or answer, if the manifest has one

  FloatMatrix log_mel;                   // [n_mels, frames]: what the encoder saw, windows concatenated
  double log_mel_frame_rate_hz = 100.0;
  std::vector<RouterTrace> layers;       // one per encoder layer, in layer order
  std::optional<GeneratedText> output;   // absent when the run had no decoder
  std::vector<AlignmentTier> tiers;      // imported alignments (phones, words, speakers, ...)

  bool operator==(const UtteranceRecord& o) const {
    return id == o.id && source_path == o.source_path && source_sha256 == o.source_sha256 &&
           source_sample_rate == o.source_sample_rate && duration_s == o.duration_s && speaker == o.speaker &&
           reference_text == o.reference_text && log_mel == o.log_mel &&
           log_mel_frame_rate_hz == o.log_mel_frame_rate_hz && layers == o.layers && output == o.output &&
           tiers == o.tiers;
  }
};

// A checkpoint that took part in the run.
struct CheckpointIdentity {
  std::string role;    // "encoder", "steering", "decoder"
  std::string path;
  std::string sha256;  // of the weights file (for a directory: of its model.safetensors or index)

  bool operator==(const CheckpointIdentity& o) const {
    return role == o.role && path == o.path && sha256 == o.sha256;
  }
};

struct RunInfo {
  std::string tool_version;
  std::vector<CheckpointIdentity> checkpoints;
  std::string dtype;             // "fp32", "bf16"
  std::string device;            // "cpu", "cuda:0"
  std::string pooling;           // e.g. "max k=4 after layer 32", "none"
  std::string padding;           // "30s" (Hugging Face) or "none"
  std::string prompt;            // text prompt, empty if no decoder
  std::string prompt_layout;     // "reference", "chatml"
  std::string generation_json;   // generation settings as a JSON object
  std::string command_line;
  std::string start_time;        // ISO 8601, UTC
  std::map<std::string, std::string> extra;  // free-form key/value attributes

  bool operator==(const RunInfo& o) const {
    return tool_version == o.tool_version && checkpoints == o.checkpoints && dtype == o.dtype &&
           device == o.device && pooling == o.pooling && padding == o.padding && prompt == o.prompt &&
           prompt_layout == o.prompt_layout && generation_json == o.generation_json &&
           command_line == o.command_line && start_time == o.start_time && extra == o.extra;
  }
};

// Properties of the steering checkpoint that do not depend on the audio.
struct ModelConstants {
  int layers = 0;    // L
  int experts = 0;   // E
  int dim = 0;       // D, encoder width
  std::vector<float> steering_vectors;     // [L, E, D]
  std::vector<float> layer_scales;         // [L]
  std::vector<float> router_weight_norms;  // [L, E]: L2 norm of router.weight row l*E+e

  bool operator==(const ModelConstants& o) const {
    return layers == o.layers && experts == o.experts && dim == o.dim && steering_vectors == o.steering_vectors &&
           layer_scales == o.layer_scales && router_weight_norms == o.router_weight_norms;
  }
};

}  // namespace steerscope
