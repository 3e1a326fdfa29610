#include "core/train/demo_bundle.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/io/manifest_table.h"
#include "core/train/demo_recipe.h"
#include "core/train/speech_corpus.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace fs = std::filesystem;

namespace steerscope {
namespace {

constexpr const char* kFormat = "steerscope-demo-bundle";
constexpr int kVersion = 1;

void write_text(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw Error(path.string() + ": cannot write");
}

// The plain files of a model directory (checkpoints/ and other subdirectories are training state).
void copy_model_dir(const fs::path& from, const fs::path& to) {
  if (!fs::is_directory(from)) throw Error(from.string() + ": no such model directory (run `steerscope-cli train` first)");
  fs::create_directories(to);
  for (const auto& f : fs::directory_iterator(from))
    if (f.is_regular_file()) fs::copy_file(f.path(), to / f.path().filename());
}

// The first examples of a split, one per speaker while distinct speakers remain, of one kind.
std::vector<SpeechExample> pick(const std::vector<SpeechExample>& split, const std::string& kind, int n) {
  std::vector<SpeechExample> chosen;
  std::set<std::string> speakers;
  for (int pass = 0; pass < 2 && int(chosen.size()) < n; ++pass)
    for (const auto& e : split) {
      if (int(chosen.size()) >= n) break;
      if (e.kind != kind || e.duration_s > DemoRecipe::kWindowSeconds) continue;
      if (std::any_of(chosen.begin(), chosen.end(), [&](const SpeechExample& c) { return c.id == e.id; })) continue;
      if (pass == 0 && speakers.count(e.speaker)) continue;
      speakers.insert(e.speaker);
      chosen.push_back(e);
    }
  return chosen;
}

std::string relative_in(const std::string& dir, const nlohmann::json& j, const char* key, const std::string& file) {
  const fs::path p = fs::path(dir) / required_string(j, key, file);
  if (!fs::exists(p)) throw Error(file + ": '" + key + "' names " + p.string() + ", which does not exist");
  return p.lexically_normal().string();
}

}  // namespace

DemoBundle DemoBundle::open(const std::string& dir) {
  DemoBundle b;
  b.dir_ = fs::path(dir).lexically_normal().string();
  const std::string file = (fs::path(dir) / "bundle.json").string();
  if (!fs::is_regular_file(file)) throw Error(file + ": no demo bundle here (bundle.json is missing)");
  b.info_ = read_json_file(file);
  if (optional_string(b.info_, "format", "", file) != kFormat)
    throw Error(file + ": 'format' must be \"" + std::string(kFormat) + "\"");
  if (const int64_t v = required_int(b.info_, "version", file); v != kVersion)
    throw Error(file + ": 'version' is " + std::to_string(v) + ", this SteerScope reads version " + std::to_string(kVersion));
  if (!b.info_.contains("models") || !b.info_["models"].is_object()) throw Error(file + ": 'models' must be an object");
  const auto& m = b.info_["models"];
  for (const char* key : {"encoder", "decoder", "steermoe", "linear"}) relative_in(dir, m, key, file);
  relative_in(dir, b.info_, "clips", file);
  if (!b.info_.contains("prompts") || !b.info_["prompts"].is_object()) throw Error(file + ": 'prompts' must be an object");
  required_string(b.info_["prompts"], "asr", file);
  required_string(b.info_["prompts"], "call", file);

  const ManifestTable clips = ManifestTable::read(b.clips_manifest());
  for (size_t r = 0; r < clips.size(); ++r) {
    DemoClip c;
    const fs::path base = fs::path(b.clips_manifest()).parent_path();
    c.id = clips.cell(r, "id");
    c.wav_path = (base / clips.cell(r, "path")).lexically_normal().string();
    c.align_path = (base / clips.cell(r, "alignment")).lexically_normal().string();
    c.speaker = clips.cell(r, "speaker");
    c.text = clips.cell(r, "text");
    c.kind = clips.cell(r, "kind");
    c.call = clips.cell(r, "call");
    c.heldout_speaker = clips.cell(r, "heldout_speaker") == "1";
    for (const auto* p : {&c.wav_path, &c.align_path})
      if (!fs::is_regular_file(*p))
        throw Error(clips.path() + ": line " + std::to_string(clips.line(r)) + ": " + *p + " does not exist");
    b.clips_.push_back(std::move(c));
  }
  if (b.clips_.empty()) throw Error(b.clips_manifest() + ": no clips");
  return b;
}

std::string DemoBundle::encoder_dir() const { return (fs::path(dir_) / info_["models"]["encoder"].get<std::string>()).string(); }
std::string DemoBundle::decoder_dir() const { return (fs::path(dir_) / info_["models"]["decoder"].get<std::string>()).string(); }
std::string DemoBundle::steering_path(bool steermoe) const {
  return (fs::path(dir_) / info_["models"][steermoe ? "steermoe" : "linear"].get<std::string>()).string();
}
std::string DemoBundle::clips_manifest() const { return (fs::path(dir_) / info_["clips"].get<std::string>()).string(); }
std::string DemoBundle::recording_path() const { return (fs::path(dir_) / info_.value("recording", "demo.h5")).string(); }
std::string DemoBundle::asr_prompt() const { return info_["prompts"]["asr"].get<std::string>(); }
std::string DemoBundle::call_prompt() const { return info_["prompts"]["call"].get<std::string>(); }

int64_t directory_bytes(const std::string& dir) {
  int64_t total = 0;
  for (const auto& f : fs::recursive_directory_iterator(dir))
    if (f.is_regular_file()) total += int64_t(f.file_size());
  return total;
}

void write_demo_bundle(const DemoBundleOptions& o) {
  const fs::path work(o.work_dir), out(o.out_dir);
  if (out.empty()) throw Error("demo bundle: no output directory given");
  const fs::path staging = out.string() + ".partial";
  fs::remove_all(staging);
  fs::create_directories(staging);

  copy_model_dir(work / "encoder", staging / "encoder");
  copy_model_dir(work / "decoder", staging / "decoder");
  copy_model_dir(work / "steermoe", staging / "steermoe");
  copy_model_dir(work / "linear", staging / "linear");

  SpeechCorpus corpus(o.corpus_dir);
  std::vector<std::pair<SpeechExample, bool>> clips;  // example, from the held-out speaker
  const auto test = corpus.split("test"), heldout = corpus.split("test_heldout_speaker");
  for (auto& e : pick(test, "dictation", o.dictation_clips)) clips.emplace_back(e, false);
  for (auto& e : pick(test, "command", o.command_clips)) clips.emplace_back(e, false);
  for (auto& e : pick(heldout, "dictation", (o.heldout_clips + 1) / 2)) clips.emplace_back(e, true);
  for (auto& e : pick(heldout, "command", o.heldout_clips / 2)) clips.emplace_back(e, true);
  if (clips.empty()) throw Error(o.corpus_dir + ": the test splits have no clips short enough for the demo");

  fs::create_directories(staging / "clips");
  std::string tsv = "id\tpath\talignment\tspeaker\tkind\theldout_speaker\ttext\tcall\n";
  for (const auto& [e, held] : clips) {
    fs::copy_file(e.wav_path, staging / "clips" / (e.id + ".wav"));
    fs::copy_file(e.align_path, staging / "clips" / (e.id + ".TextGrid"));
    tsv += e.id + "\t" + e.id + ".wav\t" + e.id + ".TextGrid\t" + e.speaker + "\t" + e.kind + "\t" + (held ? "1" : "0") +
           "\t" + e.text + "\t" + e.call + "\n";
  }
  write_text(staging / "clips" / "clips.tsv", tsv);

  nlohmann::json info = {
      {"format", kFormat},
      {"version", kVersion},
      {"description", "A miniature SteerMoE trained by `steerscope-cli train` on speech synthesised with espeak-ng: a "
                      "Whisper-architecture encoder (pretrained on phones) and a Qwen2-architecture LM (pretrained "
                      "on text), both frozen, bridged by a trained steering module."},
      {"seed", o.seed},
      {"models", {{"encoder", "encoder"}, {"decoder", "decoder"}, {"steermoe", "steermoe/steering.safetensors"},
                  {"linear", "linear/steering.safetensors"}}},
      {"prompts", {{"asr", DemoRecipe::kAsrPrompt}, {"call", DemoRecipe::kCallPrompt}}},
      {"clips", "clips/clips.tsv"},
      {"recording", "demo.h5"}};
  if (const fs::path results = work / "results.json"; fs::exists(results)) info["results"] = read_json_file(results.string());
  write_text(staging / "bundle.json", info.dump(2) + "\n");

  if (const int64_t bytes = directory_bytes(staging.string()); bytes > o.max_bytes)
    throw Error(staging.string() + ": the bundle would be " + std::to_string(bytes >> 10) + " KiB, over the limit of " +
                std::to_string(o.max_bytes >> 10) + " KiB");
  fs::remove_all(out);
  fs::rename(staging, out);
}

}  // namespace steerscope
