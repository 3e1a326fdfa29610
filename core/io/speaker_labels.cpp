#include "core/io/speaker_labels.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/io/csv_fields.h"
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
  const std::string text = read_text_as_utf8(manifest_path);
  const auto lines = split_lines(text);
  std::map<std::string, std::string> out;
  size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  if (first == lines.size()) return out;

  auto add = [&](std::string id, std::string speaker, size_t line) {
    if (speaker.empty()) return;
    if (!out.emplace(id, std::move(speaker)).second)
      throw Error(manifest_path + ": line " + std::to_string(line) + ": id '" + id + "' appears twice");
  };

  if (trim(lines[first])[0] == '{') {
    auto value = [](const nlohmann::json& v) -> std::string {
      if (v.is_string()) return v.get<std::string>();
      if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
      if (v.is_null()) return "";
      return v.dump();
    };
    for (size_t i = first; i < lines.size(); ++i) {
      if (trim(lines[i]).empty()) continue;
      const std::string where = manifest_path + ": line " + std::to_string(i + 1) + ": ";
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(lines[i]);
      } catch (const nlohmann::json::exception& e) {
        throw Error(where + "not a JSON object: " + e.what());
      }
      if (!j.is_object()) throw Error(where + "not a JSON object");
      for (const std::string& c : {id_column, speaker_column})
        if (!j.contains(c)) {
          std::string keys;
          for (const auto& [k, v] : j.items()) keys += (keys.empty() ? "" : ", ") + k;
          throw Error(where + "no \"" + c + "\" key (keys: " + keys + ")");
        }
      add(value(j[id_column]), value(j[speaker_column]), i + 1);
    }
    return out;
  }

  const char delimiter = sniff_delimiter(lines[first]);
  auto header = csv_fields(lines[first], delimiter);
  if (!header) throw Error(manifest_path + ": line " + std::to_string(first + 1) + ": unclosed quote");
  auto column = [&](const std::string& name) {
    auto it = std::find(header->begin(), header->end(), name);
    if (it == header->end()) {
      std::string names;
      for (const auto& h : *header) names += (names.empty() ? "" : ", ") + h;
      throw Error(manifest_path + ": line " + std::to_string(first + 1) + ": no column \"" + name +
                  "\" in the header (columns: " + names + ")");
    }
    return size_t(it - header->begin());
  };
  const size_t id_at = column(id_column), speaker_at = column(speaker_column);
  for (size_t i = first + 1; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    const std::string where = manifest_path + ": line " + std::to_string(i + 1) + ": ";
    auto f = csv_fields(lines[i], delimiter);
    if (!f) throw Error(where + "unclosed quote");
    if (f->size() <= std::max(id_at, speaker_at))
      throw Error(where + "has " + std::to_string(f->size()) + " fields, the header has " +
                  std::to_string(header->size()));
    add((*f)[id_at], (*f)[speaker_at], i + 1);
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
