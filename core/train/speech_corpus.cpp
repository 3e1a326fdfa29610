#include "core/train/speech_corpus.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/io/audio_file.h"
#include "core/io/manifest_table.h"
#include "core/io/textgrid.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace fs = std::filesystem;

namespace steerscope {

SpeechCorpus::SpeechCorpus(const std::string& dir) : dir_(dir) {
  const auto table = ManifestTable::read((fs::path(dir) / "manifest.tsv").string());
  const size_t c_id = table.column("id"), c_split = table.column("split"), c_path = table.column("path"),
               c_align = table.column("align"), c_dur = table.column("duration"), c_spk = table.column("speaker"),
               c_kind = table.column("kind"), c_text = table.column("text"), c_call = table.column("call");
  for (size_t r = 0; r < table.size(); ++r) {
    SpeechExample e;
    e.id = table.cell(r, c_id);
    e.split = table.cell(r, c_split);
    e.wav_path = (fs::path(dir) / table.cell(r, c_path)).string();
    e.align_path = (fs::path(dir) / table.cell(r, c_align)).string();
    try {
      e.duration_s = std::stod(table.cell(r, c_dur));
    } catch (const std::exception&) {
      throw Error(table.path() + ": line " + std::to_string(table.line(r)) + ": duration '" + table.cell(r, c_dur) + "' is not a number");
    }
    e.speaker = table.cell(r, c_spk);
    e.kind = table.cell(r, c_kind);
    e.text = table.cell(r, c_text);
    e.call = table.cell(r, c_call);
    all_.push_back(std::move(e));
  }
  const std::string cj = (fs::path(dir) / "corpus.json").string();
  const auto corpus = read_json_file(cj);
  if (!corpus.contains("phones") || !corpus["phones"].is_object()) throw Error(cj + ": no 'phones' object");
  for (const auto& [phone, count] : corpus["phones"].items()) phones_.push_back(phone);
  std::sort(phones_.begin(), phones_.end());
}

std::vector<SpeechExample> SpeechCorpus::split(const std::string& name) const {
  std::vector<SpeechExample> out;
  for (const auto& e : all_)
    if (e.split == name) out.push_back(e);
  return out;
}

std::vector<std::string> SpeechCorpus::lm_text() const {
  const std::string path = (fs::path(dir_) / "lm_text.txt").string();
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  return lines;
}

void SpeechCorpus::load(std::vector<SpeechExample>& examples, const LogMelFrontEnd& front_end, int* skipped_long) {
  const double window = front_end.config().window_seconds;
  std::atomic<int> longer{0};
  std::string first_error;
  std::mutex error_mutex;
  at::parallel_for(0, int64_t(examples.size()), 8, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      SpeechExample& ex = examples[size_t(i)];
      try {
        const auto audio = load_audio(ex.wav_path, front_end.config().sample_rate);
        if (audio.duration_s() > window) ++longer;
        const FloatMatrix m = front_end.compute(audio.samples, MelPadding::kPadToWindow);
        ex.mel = torch::from_blob(const_cast<float*>(m.values.data()), {m.rows, m.cols}, torch::kFloat).clone();
        for (auto& tier : read_textgrid(ex.align_path))
          if (tier.name == "phones") ex.phones = std::move(tier);
        if (ex.phones.items.empty()) throw Error(ex.align_path + ": no 'phones' tier");
      } catch (const Error& err) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (first_error.empty()) first_error = err.what();
      }
    }
  });
  if (!first_error.empty()) throw Error(first_error);
  if (skipped_long) *skipped_long = longer;
}

std::vector<std::string> phone_sequence(const AlignmentTier& phones) {
  std::vector<std::string> out;
  for (const auto& item : phones.items)
    if (!item.label.empty()) out.push_back(item.label);
  return out;
}

}  // namespace steerscope
