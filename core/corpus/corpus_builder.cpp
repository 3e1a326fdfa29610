#include "core/corpus/corpus_builder.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/corpus/corpus_planner.h"
#include "core/corpus/espeak_alignment.h"
#include "core/corpus/espeak_synthesizer.h"
#include "core/io/audio_file.h"
#include "core/io/textgrid.h"
#include "core/util/error.h"

namespace steerscope {

namespace fs = std::filesystem;

namespace {

constexpr int kSampleRate = CorpusPlanner::kSampleRate;
// -1 dB: espeak-ng's automatic gain control lets peaks reach full scale, and the resampler's sinc filter
// overshoots slightly on them.
constexpr float kGain = 0.8912509f;

const std::vector<std::string> kManifestColumns = {"id",   "split", "path", "align",    "duration", "speaker",
                                                   "kind", "text",  "call", "rate_wpm", "pitch"};

std::string wav_path(const PlannedUtterance& u) {
  return "wav/" + u.split + "/" + u.id + ".wav";
}
std::string textgrid_path(const PlannedUtterance& u) {
  return "align/" + u.id + ".TextGrid";
}

struct RenderedUtterance {
  int64_t samples = 0;  // at 16 kHz, silences included
  std::map<std::string, int64_t> phone_counts;
};

RenderedUtterance render(const PlannedUtterance& u, const EspeakSynthesizer& synthesizer,
                         const fs::path& root) {
  const EspeakSpeech speech = synthesizer.synthesize(u.text, u.voice);
  if (speech.samples.empty())
    throw Error("espeak-ng, voice '" + u.voice.voice + "', text '" + u.text + "': no audio (" + u.id + ")");
  std::vector<float> speech_float(speech.samples.size());
  for (size_t i = 0; i < speech.samples.size(); ++i) speech_float[i] = speech.samples[i] / 32768.0f * kGain;
  const std::vector<float> resampled = resample(speech_float, speech.sample_rate, kSampleRate);

  std::vector<float> audio(static_cast<size_t>(u.leading_silence), 0.0f);
  audio.insert(audio.end(), resampled.begin(), resampled.end());
  audio.resize(audio.size() + static_cast<size_t>(u.trailing_silence), 0.0f);
  const double duration_s = static_cast<double>(audio.size()) / kSampleRate;

  const SpeechAlignment alignment =
      align_espeak_events(speech, u.text, static_cast<double>(u.leading_silence) / kSampleRate, duration_s);
  AlignmentTier speakers;
  speakers.name = "speakers";
  speakers.items.push_back({0.0, duration_s, u.speaker});

  write_wav_pcm16((root / wav_path(u)).string(), audio, kSampleRate);
  write_textgrid((root / textgrid_path(u)).string(), duration_s,
                 {alignment.phones, alignment.words, speakers});

  RenderedUtterance r;
  r.samples = static_cast<int64_t>(audio.size());
  for (const auto& item : alignment.phones.items)
    if (!item.label.empty()) ++r.phone_counts[item.label];
  return r;
}

void prepare_output_directory(const fs::path& root) {
  std::error_code ec;
  if (fs::exists(root, ec)) {
    if (!fs::is_directory(root, ec)) throw Error(root.string() + ": exists and is not a directory");
    if (fs::directory_iterator(root, ec) != fs::directory_iterator())
      throw Error(root.string() + ": exists and is not empty; choose a new directory for the corpus");
  }
  for (const auto& split : CorpusPlanner::split_names()) fs::create_directories(root / "wav" / split, ec);
  fs::create_directories(root / "align", ec);
  if (ec) throw Error(root.string() + ": cannot create the corpus directories: " + ec.message());
}

void write_text_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(path.string() + ": cannot create");
  out << content;
  if (!out.flush()) throw Error(path.string() + ": write failed");
}

std::string format_duration(int64_t samples) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f", static_cast<double>(samples) / kSampleRate);
  return buf;
}

// Renders plan[i] for every i, `jobs` at a time, reporting progress from the calling thread.
std::vector<RenderedUtterance> render_all(const std::vector<PlannedUtterance>& plan, const fs::path& root,
                                          int jobs, const std::function<bool(int, int)>& progress) {
  const EspeakSynthesizer synthesizer;
  std::vector<RenderedUtterance> rendered(plan.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable changed;
  int done = 0;
  std::exception_ptr failure;

  auto worker = [&] {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= plan.size() || stop) return;
      try {
        rendered[i] = render(plan[i], synthesizer, root);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
        changed.notify_all();
        return;
      }
      std::lock_guard<std::mutex> lock(mutex);
      ++done;
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < std::max(1, jobs); ++j) threads.emplace_back(worker);

  bool cancelled = false;
  {
    // Reports every change of `done` until all are done, a worker failed or progress asked to stop.
    std::unique_lock<std::mutex> lock(mutex);
    const int total = static_cast<int>(plan.size());
    int reported = -1;
    while (reported < total) {
      changed.wait(lock, [&] { return stop || done != reported; });
      if (stop) break;
      reported = done;
      if (progress) {
        lock.unlock();
        const bool go_on = progress(reported, total);
        lock.lock();
        if (!go_on) {
          cancelled = true;
          stop = true;
          break;
        }
      }
    }
  }
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  if (cancelled) throw Cancelled();
  return rendered;
}

}  // namespace

CorpusBuilder::CorpusBuilder(const CorpusOptions& options) : options_(options) {
  options_.validate();
}

CorpusSummary CorpusBuilder::build(const std::string& out_dir, int jobs,
                                   const std::function<bool(int, int)>& progress) const {
  const CorpusPlanner planner(options_);
  const std::vector<PlannedUtterance> plan = planner.plan();
  const fs::path root(out_dir);
  prepare_output_directory(root);
  const std::vector<RenderedUtterance> rendered = render_all(plan, root, jobs, progress);

  CorpusSummary summary;
  summary.espeak_version = EspeakSynthesizer::library_version();
  std::map<std::string, CorpusSplitSummary> per_split;
  std::map<std::string, std::map<std::string, int>> speaker_counts;  // speaker -> split -> utterances
  std::map<std::string, int64_t> phone_counts;
  std::string manifest;
  for (size_t c = 0; c < kManifestColumns.size(); ++c) manifest += (c ? "\t" : "") + kManifestColumns[c];
  manifest += "\n";
  for (size_t i = 0; i < plan.size(); ++i) {
    const PlannedUtterance& u = plan[i];
    const RenderedUtterance& r = rendered[i];
    manifest += u.id + "\t" + u.split + "\t" + wav_path(u) + "\t" + textgrid_path(u) + "\t" +
                format_duration(r.samples) + "\t" + u.speaker + "\t" + utterance_kind_name(u.kind) + "\t" +
                u.text + "\t" + u.call + "\t" + std::to_string(u.voice.rate_wpm) + "\t" +
                std::to_string(u.voice.pitch) + "\n";
    CorpusSplitSummary& s = per_split[u.split];
    s.split = u.split;
    (u.kind == UtteranceKind::kCommand ? s.commands : s.dictation) += 1;
    s.audio_s += static_cast<double>(r.samples) / kSampleRate;
    ++speaker_counts[u.speaker][u.split];
    for (const auto& [phone, count] : r.phone_counts) phone_counts[phone] += count;
  }
  write_text_file(root / "manifest.tsv", manifest);

  const std::vector<std::string> lm_lines = planner.lm_text_lines(plan);
  std::string lm_text;
  for (const auto& line : lm_lines) lm_text += line + "\n";
  write_text_file(root / "lm_text.txt", lm_text);

  std::set<std::string> vocabulary;
  for (const auto& w : planner.dictation().vocabulary()) vocabulary.insert(w);
  for (const auto& w : planner.commands().vocabulary()) vocabulary.insert(w);

  using ordered_json = nlohmann::ordered_json;
  ordered_json splits = ordered_json::object();
  for (const auto& name : CorpusPlanner::split_names()) {
    CorpusSplitSummary s = per_split.count(name) ? per_split[name] : CorpusSplitSummary{name, 0, 0, 0.0};
    s.split = name;
    summary.splits.push_back(s);
    summary.utterances += s.dictation + s.commands;
    summary.audio_s += s.audio_s;
    splits[name] = {{"utterances", s.dictation + s.commands},
                    {"dictation", s.dictation},
                    {"command", s.commands},
                    {"hours", s.audio_s / 3600.0}};
  }
  ordered_json speakers = ordered_json::array();
  for (const auto& sp : planner.speakers().speakers()) {
    ordered_json counts = ordered_json::object();
    for (const auto& name : CorpusPlanner::split_names()) counts[name] = speaker_counts[sp.id][name];
    speakers.push_back({{"id", sp.id},
                        {"espeak_voice", sp.espeak_voice},
                        {"pitch", sp.pitch},
                        {"pitch_range", sp.pitch_range},
                        {"rate_wpm", sp.rate_wpm},
                        {"held_out", sp.held_out},
                        {"utterances", counts}});
  }
  ordered_json phones = ordered_json::object();
  for (const auto& [phone, count] : phone_counts) phones[phone] = count;
  summary.distinct_phones = static_cast<int>(phone_counts.size());
  summary.vocabulary_size = static_cast<int>(vocabulary.size());
  summary.lm_text_lines = static_cast<int>(lm_lines.size());

  ordered_json j;
  j["format"] = "steerscope demo corpus";
  j["generator_version"] = kGeneratorVersion;
  j["espeak_ng_version"] = summary.espeak_version;
  j["seed"] = options_.seed;
  j["sample_rate"] = kSampleRate;
  j["options"] = {{"train", options_.train},
                  {"validation", options_.validation},
                  {"test", options_.test},
                  {"test_heldout_speaker", options_.test_heldout_speaker},
                  {"commands_fraction", options_.commands_fraction},
                  {"speakers", options_.speakers},
                  {"lm_extra", options_.lm_extra}};
  j["splits"] = splits;
  j["total"] = {{"utterances", summary.utterances}, {"hours", summary.audio_s / 3600.0}};
  j["held_out_speaker"] = planner.speakers().held_out_speaker().id;
  j["speakers"] = speakers;
  j["functions"] = planner.commands().function_names();
  j["command_texts"] = planner.commands().enumerate().size();
  j["vocabulary_size"] = vocabulary.size();
  j["vocabulary"] = std::vector<std::string>(vocabulary.begin(), vocabulary.end());
  j["phones"] = phones;
  j["lm_text_lines"] = lm_lines.size();
  j["conventions"] = {
      {"text",
       "lower-case words of the letters a-z separated by single spaces; no punctuation; numbers spelled out"},
      {"call",
       "name(key=value, ...): integers as digits, strings double-quoted without escapes, arguments in the "
       "function's order"},
      {"lm_text", "one item per line: a dictation sentence, or '<command text> => <call>'"},
      {"silence_label", ""},
      {"tiers", {"phones", "words", "speakers"}},
      {"phones", "IPA phoneme names from espeak-ng's phoneme events"},
      {"manifest_columns", kManifestColumns},
      {"held_out_sentences",
       "each distinct text belongs to one of train (80%), validation (10%), test (10%) by a seeded hash; "
       "test_heldout_speaker says the first test sentences"}};
  write_text_file(root / "corpus.json", j.dump(2) + "\n");
  return summary;
}

}  // namespace steerscope
