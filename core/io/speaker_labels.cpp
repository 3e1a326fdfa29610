#include "core/io/speaker_labels.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "core/io/manifest_table.h"
#include "core/io/text_decoding.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// The error for a column the manifest lacks, in the words of its format: JSON lines have keys (the first
// row lacks it, since no row has it), delimited text has a header. ManifestTable does not say which format
// it read, so the first line is looked at again; this runs only on the way to an error.
Error missing_column(const ManifestTable& manifest, const std::string& name) {
  std::string columns;
  for (const auto& c : manifest.columns()) columns += (columns.empty() ? "" : ", ") + c;
  const std::string text = read_text_as_utf8(manifest.path());
  const auto lines = split_lines(text);
  size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  const std::string where = manifest.path() + ": line " + std::to_string(first + 1) + ": ";
  if (first < lines.size() && trim(lines[first])[0] == '{')
    return Error(where + "no \"" + name + "\" key (keys: " + columns + ")");
  return Error(where + "no column \"" + name + "\" in the header (columns: " + columns + ")");
}

}  // namespace

std::string speaker_from_corpus_path(const std::string& audio_path) {
  const std::filesystem::path p(audio_path);
  const std::string stem = p.stem().string();
  std::vector<std::string> parts;
  size_t needed = 0;
  if (auto dash = split(stem, '-'); dash.size() == 3) {
    parts = dash;  // LibriSpeech speaker-chapter-utterance
    needed = 3;
  } else if (auto under = split(stem, '_'); under.size() == 4) {
    parts = under;  // LibriTTS speaker_chapter_paragraph_sentence
    needed = 4;
  } else {
    return "";
  }
  for (size_t i = 0; i < needed; ++i)
    if (!all_digits(parts[i])) return "";
  // Parent directories, when numeric, must be .../<speaker>/<chapter>/<file>; non-numeric ones are a
  // flattened copy of the corpus and say nothing.
  const std::string chapter_dir = p.parent_path().filename().string();
  const std::string speaker_dir = p.parent_path().parent_path().filename().string();
  if (!chapter_dir.empty() && all_digits(chapter_dir) && chapter_dir != parts[1]) return "";
  if (!speaker_dir.empty() && all_digits(speaker_dir) && speaker_dir != parts[0]) return "";
  return parts[0];
}

std::map<std::string, std::string> read_speaker_column(const std::string& manifest_path,
                                                       const std::string& id_column,
                                                       const std::string& speaker_column) {
  const ManifestTable manifest = ManifestTable::read(manifest_path);
  std::map<std::string, std::string> out;
  if (manifest.columns().empty()) return out;  // an empty file
  for (const std::string& c : {id_column, speaker_column})
    if (!manifest.has_column(c)) throw missing_column(manifest, c);
  const size_t id_at = manifest.column(id_column), speaker_at = manifest.column(speaker_column);
  for (size_t r = 0; r < manifest.size(); ++r) {
    const std::string& speaker = manifest.cell(r, speaker_at);
    if (speaker.empty()) continue;
    const std::string& id = manifest.cell(r, id_at);
    const std::string where = manifest_path + ": line " + std::to_string(manifest.line(r)) + ": ";
    if (id.empty()) throw Error(where + "speaker '" + speaker + "' but no \"" + id_column + "\"");
    if (!out.emplace(id, speaker).second) throw Error(where + "id '" + id + "' appears twice");
  }
  return out;
}

std::string dominant_speaker(const AlignmentTier& speakers) {
  std::map<std::string, std::pair<double, double>> talk;  // speaker -> (total seconds, first start)
  for (const auto& it : speakers.items) {
    if (it.label.empty()) continue;
    auto [entry, inserted] = talk.try_emplace(it.label, 0.0, it.start_s);
    entry->second.first += it.end_s - it.start_s;
    entry->second.second = std::min(entry->second.second, it.start_s);
  }
  std::string best;
  double best_total = -1, best_start = 0;
  for (const auto& [name, v] : talk) {
    if (v.first > best_total || (v.first == best_total && v.second < best_start)) {
      best = name;
      best_total = v.first;
      best_start = v.second;
    }
  }
  return best;
}

}  // namespace steerscope
