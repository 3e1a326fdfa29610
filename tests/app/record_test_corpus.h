#pragma once
// Shared by the steerscope-cli record tests: a small corpus of fixture clips with a TSV manifest (paths
// relative to it, as the demo corpus writes them), and the fixture model options.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/io/recording_types.h"
#include "core/pipeline/pipeline_config.h"
#include "core/util/npy_file.h"
#include "tests/test_support.h"

namespace steerscope::test {

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Encoder and steering options for steerscope-cli. One thread, so that the CLI computes bit for bit what
// a test computes in its own process (oneDNN's reductions depend on the thread count).
inline std::string fixture_models() {
  return "--encoder " + data_path("fixtures/whisper_tiny") + " --steering " +
         data_path("fixtures/steermoe_ckpt/steering.safetensors") + " --threads 1";
}

inline PipelineConfig fixture_config(bool with_decoder) {
  PipelineConfig c;
  c.encoder_dir = data_path("fixtures/whisper_tiny");
  c.steering_path = data_path("fixtures/steermoe_ckpt/steering.safetensors");
  if (with_decoder) c.decoder_dir = data_path("fixtures/qwen2_tiny");
  return c;
}

// The reference's text prompt as token ids (the fixture decoder has no tokenizer).
inline std::vector<int64_t> prompt_ids() {
  return read_npy(data_path("fixtures/expected/text_prompt_ids.npy")).to_int64();
}

inline std::string decoder_options() {
  std::string ids;
  for (int64_t id : prompt_ids()) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  return "--decoder " + data_path("fixtures/qwen2_tiny") + " --prompt-ids " + ids + " --max-new-tokens 8";
}

// Two runs of the same audio agree on everything but wall-clock timings.
inline UtteranceRecord without_timings(UtteranceRecord u) {
  if (u.output) u.output->encoder_ms = u.output->first_token_ms = u.output->total_ms = 0.0;
  return u;
}

class RecordTestCorpus {
 public:
  explicit RecordTestCorpus(const std::string& name) : dir(scratch_dir(name)) {
    std::filesystem::create_directories(dir / "wav");
    std::filesystem::create_directories(dir / "align");
  }

  // wav/<id>.wav, a copy of a fixture clip ("clip0", "clip1", "clip2").
  void add(const std::string& id, const std::string& clip, const std::string& speaker = "",
           const std::string& text = "") {
    std::filesystem::copy_file(data_path("fixtures/audio/" + clip + "_16k.wav"), dir / ("wav/" + id + ".wav"),
                               std::filesystem::copy_options::overwrite_existing);
    rows_.push_back({id, "wav/" + id + ".wav", "", speaker, text});
  }
  // A file with the given bytes (not audio), or a row naming a file that does not exist.
  void add_file(const std::string& id, const std::string& rel, const std::string& bytes) {
    write_text(dir / rel, bytes);
    rows_.push_back({id, rel, "", "", ""});
  }
  void add_missing(const std::string& id, const std::string& rel) { rows_.push_back({id, rel, "", "", ""}); }
  void set_align(const std::string& id, const std::string& rel) {
    for (auto& r : rows_)
      if (r.id == id) r.align = rel;
  }
  std::filesystem::path manifest() const { return dir / "manifest.tsv"; }
  void write_manifest() const {
    std::string text = "id\tpath\talign\tspeaker\ttext\n";
    for (const auto& r : rows_)
      text += r.id + "\t" + r.path + "\t" + r.align + "\t" + r.speaker + "\t" + r.text + "\n";
    write_text(manifest(), text);
  }

  std::filesystem::path dir;

 private:
  struct Row {
    std::string id, path, align, speaker, text;
  };
  std::vector<Row> rows_;
};

}  // namespace steerscope::test
