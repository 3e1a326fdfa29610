#pragma once
// The embedded demo bundle (resources/demo in the source tree, share/steerscope/demo when installed): the
// miniature SteerMoE that `steerscope-cli train` builds, in the layouts users load real checkpoints from,
// plus a few test clips with their alignments. Layout:
//
//   bundle.json                  format, version, seed, prompts, model paths, and the evaluation results
//   encoder/                     Whisper-architecture encoder (config.json, preprocessor_config.json,
//                                model.safetensors)
//   decoder/                     Qwen2-architecture LM with tokenizer.json and generation_config.json
//   steermoe/steering.safetensors  router, steering vectors, layer scales, projector (+ steermoe_config.json)
//   linear/steering.safetensors    the linear baseline: projector only
//   clips/clips.tsv              id, path, text, speaker, alignment, kind, call (a corpus manifest)
//   clips/<id>.wav, <id>.TextGrid
//   demo.h5                      the recording `steerscope-cli demo` makes of the clips (what the
//                                workbench opens on first start)

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace steerscope {

struct DemoClip {
  std::string id, wav_path, align_path;  // paths absolute
  std::string speaker, text, kind, call;  // kind: "dictation" | "command"; call empty for dictation
  bool heldout_speaker = false;
};

class DemoBundle {
 public:
  // Reads and checks dir/bundle.json and the clip list. Throws Error naming the file and field at fault
  // (missing file, unknown format or version, a model or clip file that does not exist).
  static DemoBundle open(const std::string& dir);

  const std::string& dir() const { return dir_; }
  std::string encoder_dir() const;
  std::string decoder_dir() const;
  std::string steering_path(bool steermoe = true) const;  // steermoe or linear baseline
  std::string clips_manifest() const;
  std::string recording_path() const;  // demo.h5 (may not exist yet while the bundle is being built)
  std::string asr_prompt() const;
  std::string call_prompt() const;
  const std::vector<DemoClip>& clips() const { return clips_; }
  const nlohmann::json& info() const { return info_; }  // bundle.json

 private:
  std::string dir_;
  nlohmann::json info_;
  std::vector<DemoClip> clips_;
};

struct DemoBundleOptions {
  std::string corpus_dir;  // from `steerscope-cli corpus`
  std::string work_dir;    // from `steerscope-cli train` (encoder/, decoder/, steermoe/, linear/, results.json)
  std::string out_dir;     // the bundle; replaced as a whole
  uint64_t seed = 1;
  int dictation_clips = 4, command_clips = 2;  // from the test split, distinct speakers where possible
  int heldout_clips = 2;                       // from the held-out speaker: one dictation, one command
  int64_t max_bytes = 20 << 20;
};

// Copies the trained models and the chosen clips into out_dir (written beside it, then renamed into
// place) and writes bundle.json with the results of results.json when present. The recording is made
// afterwards (demo.h5 needs the pipeline). Throws Error if a model file is missing or the bundle would be
// larger than max_bytes.
void write_demo_bundle(const DemoBundleOptions& options);

// Total size of the files under dir, in bytes.
int64_t directory_bytes(const std::string& dir);

}  // namespace steerscope
