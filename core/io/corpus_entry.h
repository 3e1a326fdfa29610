#pragma once
// What a batch recording runs over: one CorpusEntry per utterance (its audio file and annotations), listed
// from a corpus manifest (manifest_table.h) or found in a directory of audio files, and the parts of an
// utterance's record that come from its files rather than from the model (record_from_entry): id, source path
// and sha256, speaker, reference text and alignment tiers. Front ends (`steerscope-cli record`,
// the workbench) list corpora with these functions, so that a corpus means the same utterances everywhere.
// No LibTorch here.
//
// Alignment files are TextGrid (.TextGrid), CTM (.ctm), RTTM (.rttm) or label files (.lab, .txt, .csv,
// .tsv; label_file.h), chosen by extension. They come from manifest columns and from sidecar files next to
// the audio with the same stem ("a/b/x.wav" -> "a/b/x.TextGrid", "x.textgrid", "x.ctm", "x.rttm",
// "x.lab"). A CTM or RTTM file may hold several recordings; the one whose file id is the utterance id or
// the audio file's stem is taken (or the only one there is).
//
// The speaker, in the order speaker_labels.h gives: the dominant speaker of an RTTM file among the
// utterance's alignments, the manifest's speaker column, the LibriSpeech/LibriTTS path convention.

#include <string>
#include <vector>

#include "core/io/corpus_shard.h"
#include "core/io/manifest_table.h"
#include "core/io/recording_types.h"

namespace steerscope {

struct CorpusEntry {
  std::string id;                            // unique within a corpus
  std::string audio_path;                    // absolute, lexically normal
  std::string speaker;                       // from a manifest column; "" if none (see record_from_entry)
  std::string reference_text;                // from a manifest column; "" if none
  std::vector<std::string> alignment_paths;  // absolute; manifest columns first, then sidecar files
  std::string origin;  // where it was listed, for messages: "<manifest>: line N", a path
};

// Manifest columns to read. Empty names are looked up among the usual ones.
struct ManifestColumns {
  std::string id;       // "" = "id" if the manifest has it, else the audio path as written is the id
  std::string path;     // "" = the first of path, audio_filepath, audio, wav, file
  std::string text;     // reference transcript/answer; "" = none
  std::string speaker;  // "" = none
  std::vector<std::string> alignments;  // columns naming alignment files (cells may be empty)
};

// One entry per manifest row, in manifest order. Relative audio and alignment paths are relative to the
// manifest's directory. Throws Error naming the manifest (and line) if a named column is missing, no
// audio path column exists, a row has an empty id or audio path, or an id appears twice. Files are not
// opened here: a missing or broken audio file is the recording's per-utterance failure to report.
std::vector<CorpusEntry> corpus_entries_from_manifest(const ManifestTable& manifest,
                                                      const ManifestColumns& columns,
                                                      bool sidecar_alignments = true);

// One entry per audio file in dir (and its subdirectories if recursive), sorted by path; the id is the
// path relative to dir with '/' separators ("1089/134686/1089-134686-0000.flac"). Audio files are
// recognised by extension (wav, flac, ogg, oga, opus, mp3, aif, aiff, aifc, au, caf, w64, rf64; any case);
// names starting with '.' are skipped. Throws Error if dir is not a readable directory.
std::vector<CorpusEntry> corpus_entries_from_directory(const std::string& dir, bool recursive,
                                                       bool sidecar_alignments = true);

// Alignment files next to an audio file with the same stem (see above), absolute, in a fixed order.
std::vector<std::string> sidecar_alignment_files(const std::string& audio_path);

// The entries of shard (corpus_shard.h), in their order.
std::vector<CorpusEntry> entries_in_shard(const std::vector<CorpusEntry>& entries, const CorpusShard& shard);

// The record fields that come from the entry's files: id, source_path, source_sha256 (of the audio file),
// speaker, reference_text and tiers. The audio is hashed, not decoded; everything else is left for the
// pipeline. Throws Error naming the file at fault (unreadable audio, a malformed alignment file, a CTM or
// RTTM without this utterance, text that is not UTF-8).
UtteranceRecord record_from_entry(const CorpusEntry& entry);

}  // namespace steerscope
