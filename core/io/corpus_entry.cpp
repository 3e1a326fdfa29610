#include "core/io/corpus_entry.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "core/io/ctm_file.h"
#include "core/io/label_file.h"
#include "core/io/rttm_file.h"
#include "core/io/speaker_labels.h"
#include "core/io/text_decoding.h"
#include "core/io/textgrid.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

namespace fs = std::filesystem;

namespace steerscope {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

bool is_audio_file(const fs::path& p) {
  static const std::set<std::string> kExtensions = {".wav",  ".flac", ".ogg", ".oga", ".opus", ".mp3", ".aif",
                                                    ".aiff", ".aifc", ".au",  ".caf", ".w64",  ".rf64"};
  return kExtensions.count(lower(p.extension().string())) > 0;
}

// path as written in a manifest, relative to the manifest's directory unless absolute.
std::string resolve(const fs::path& base_dir, const std::string& path) {
  const fs::path p(path);
  return fs::absolute(p.is_absolute() ? p : base_dir / p).lexically_normal().string();
}

void add_sidecars(CorpusEntry& s) {
  for (const auto& f : sidecar_alignment_files(s.audio_path)) {
    // A file named in the manifest may also sit next to the audio; import it once.
    const bool listed =
        std::any_of(s.alignment_paths.begin(), s.alignment_paths.end(), [&](const std::string& a) {
          std::error_code ec;
          return fs::equivalent(a, f, ec);
        });
    if (!listed) s.alignment_paths.push_back(f);
  }
}

// The entry of a CTM or RTTM file that belongs to the utterance: the one named by its id or its audio
// file's stem, or the only one.
template <typename T>
const T& entry_for(const std::map<std::string, T>& by_file, const UtteranceRecord& u,
                   const std::string& file) {
  const std::string stem = fs::path(u.source_path).stem().string();
  for (const std::string& key : {u.id, stem}) {
    auto it = by_file.find(key);
    if (it != by_file.end()) return it->second;
  }
  if (by_file.size() == 1) return by_file.begin()->second;
  std::string keys;
  for (const auto& [k, v] : by_file) keys += (keys.empty() ? "" : ", ") + k;
  throw Error(file + ": no entry for utterance '" + u.id + "' (nor for '" + stem + "'); it has " +
              (keys.empty() ? std::string("none") : keys));
}

void require_utf8(const std::string& s, const std::string& what) {
  size_t bad = 0;
  if (!is_valid_utf8(s, &bad)) throw Error(what + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
}

}  // namespace

std::vector<CorpusEntry> corpus_entries_from_manifest(const ManifestTable& manifest,
                                                      const ManifestColumns& columns,
                                                      bool sidecar_alignments) {
  const fs::path base = fs::path(manifest.path()).parent_path();
  std::string path_column = columns.path;
  if (path_column.empty()) {
    for (const char* c : {"path", "audio_filepath", "audio", "wav", "file"})
      if (manifest.has_column(c)) {
        path_column = c;
        break;
      }
    if (path_column.empty() && manifest.size() > 0) manifest.column("path");  // throws, listing the columns
  }
  if (manifest.size() == 0) return {};
  const size_t path_at = manifest.column(path_column);
  const std::string id_name = !columns.id.empty() ? columns.id : manifest.has_column("id") ? "id" : "";
  const size_t id_at = id_name.empty() ? path_at : manifest.column(id_name);
  const bool has_text = !columns.text.empty(), has_speaker = !columns.speaker.empty();
  const size_t text_at = has_text ? manifest.column(columns.text) : 0;
  const size_t speaker_at = has_speaker ? manifest.column(columns.speaker) : 0;
  std::vector<size_t> align_at;
  for (const auto& c : columns.alignments) align_at.push_back(manifest.column(c));

  std::vector<CorpusEntry> out;
  std::map<std::string, size_t> first_line;  // id -> line
  for (size_t r = 0; r < manifest.size(); ++r) {
    const std::string where = manifest.path() + ": line " + std::to_string(manifest.line(r));
    CorpusEntry s;
    s.id = manifest.cell(r, id_at);
    s.origin = where;
    if (s.id.empty()) throw Error(where + ": empty \"" + (id_name.empty() ? path_column : id_name) + "\"");
    const std::string& audio = manifest.cell(r, path_at);
    if (audio.empty()) throw Error(where + ": empty \"" + path_column + "\" (the audio file)");
    auto [it, inserted] = first_line.emplace(s.id, manifest.line(r));
    if (!inserted)
      throw Error(where + ": id '" + s.id + "' appears twice (first on line " + std::to_string(it->second) +
                  ")");
    s.audio_path = resolve(base, audio);
    if (has_text) s.reference_text = manifest.cell(r, text_at);
    if (has_speaker) s.speaker = manifest.cell(r, speaker_at);
    for (size_t c : align_at)
      if (!manifest.cell(r, c).empty()) s.alignment_paths.push_back(resolve(base, manifest.cell(r, c)));
    if (sidecar_alignments) add_sidecars(s);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<CorpusEntry> corpus_entries_from_directory(const std::string& dir, bool recursive,
                                                       bool sidecar_alignments) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(dir + ": not a directory");
  const fs::path root = fs::absolute(dir).lexically_normal();
  std::vector<fs::path> files;
  auto consider = [&](const fs::directory_entry& e) {
    if (e.path().filename().string().rfind('.', 0) == 0) return;
    if (e.is_regular_file(ec) && is_audio_file(e.path())) files.push_back(e.path());
  };
  try {
    if (recursive) {
      for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::follow_directory_symlink);
           it != fs::recursive_directory_iterator(); ++it) {
        if (it->path().filename().string().rfind('.', 0) == 0) {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        consider(*it);
      }
    } else {
      for (const auto& e : fs::directory_iterator(root)) consider(e);
    }
  } catch (const fs::filesystem_error& e) {
    throw Error(dir + ": cannot list: " + e.code().message());
  }
  std::vector<CorpusEntry> out;
  for (const auto& f : files) {
    CorpusEntry s;
    s.id = f.lexically_relative(root).generic_string();
    s.audio_path = f.lexically_normal().string();
    s.origin = s.audio_path;
    if (sidecar_alignments) add_sidecars(s);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const CorpusEntry& a, const CorpusEntry& b) { return a.id < b.id; });
  return out;
}

std::vector<std::string> sidecar_alignment_files(const std::string& audio_path) {
  const fs::path audio = fs::absolute(audio_path).lexically_normal();
  std::vector<std::string> out;
  for (const char* ext : {".TextGrid", ".textgrid", ".ctm", ".rttm", ".lab"}) {
    fs::path candidate = audio;
    candidate.replace_extension(ext);
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) continue;
    // On a case-insensitive file system ".TextGrid" and ".textgrid" are one file.
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const std::string& o) { return fs::equivalent(o, candidate, ec); });
    if (!seen) out.push_back(candidate.string());
  }
  return out;
}

std::vector<CorpusEntry> entries_in_shard(const std::vector<CorpusEntry>& entries, const CorpusShard& shard) {
  std::vector<CorpusEntry> out;
  for (const auto& s : entries)
    if (shard.contains(s.id)) out.push_back(s);
  return out;
}

UtteranceRecord record_from_entry(const CorpusEntry& entry) {
  UtteranceRecord u;
  u.id = entry.id;
  u.source_path = entry.audio_path;
  u.reference_text = entry.reference_text;
  require_utf8(u.id, entry.origin + ": utterance id");
  require_utf8(u.source_path, entry.origin + ": audio path");
  require_utf8(u.reference_text, entry.origin + ": reference text");
  require_utf8(entry.speaker, entry.origin + ": speaker");
  std::error_code ec;
  if (!fs::is_regular_file(entry.audio_path, ec))
    throw Error(entry.audio_path + (fs::exists(entry.audio_path, ec) ? ": not a file" : ": no such file"));
  u.source_sha256 = sha256_file(entry.audio_path);

  std::string diarised_speaker;
  for (const auto& file : entry.alignment_paths) {
    const std::string ext = lower(fs::path(file).extension().string());
    if (ext == ".textgrid") {
      for (auto& t : read_textgrid(file)) u.tiers.push_back(std::move(t));
    } else if (ext == ".ctm") {
      const CtmAlignments ctm = read_ctm(file);
      for (const auto& t : entry_for(ctm.by_source, u, file)) u.tiers.push_back(t);
    } else if (ext == ".rttm") {
      const auto rttm = read_rttm(file);
      const AlignmentTier& t = entry_for(rttm, u, file);
      if (diarised_speaker.empty()) diarised_speaker = dominant_speaker(t);
      u.tiers.push_back(t);
    } else if (ext == ".lab" || ext == ".txt" || ext == ".csv" || ext == ".tsv") {
      for (auto& t : read_label_file(file)) u.tiers.push_back(std::move(t));
    } else {
      throw Error(file + ": unknown alignment format '" + ext +
                  "' (expected .TextGrid, .ctm, .rttm, or a label file: .lab, .txt, .csv, .tsv)");
    }
  }
  for (const auto& t : u.tiers) {
    require_utf8(t.name, entry.origin + ": tier name");
    for (const auto& item : t.items) require_utf8(item.label, entry.origin + ": tier '" + t.name + "' label");
  }
  u.speaker = !diarised_speaker.empty() ? diarised_speaker
              : !entry.speaker.empty()  ? entry.speaker
                                        : speaker_from_corpus_path(entry.audio_path);
  return u;
}

}  // namespace steerscope
