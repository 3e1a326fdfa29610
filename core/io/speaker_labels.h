#pragma once
// Where an utterance's speaker label (UtteranceRecord::speaker) comes from, in the order a run looks:
// a diarisation (RTTM, see rttm_file.h; dominant_speaker), a manifest column (read_speaker_column), or the
// corpus's directory convention (speaker_from_corpus_path).

#include <map>
#include <string>

#include "core/io/recording_types.h"

namespace steerscope {

// The speaker encoded in a corpus path, or "" if the path follows no known convention:
//  - LibriSpeech: .../<speaker>/<chapter>/<speaker>-<chapter>-<utterance>.flac
//      ".../LibriSpeech/test-clean/1089/134686/1089-134686-0000.flac" -> "1089"
//  - LibriTTS: .../<speaker>/<chapter>/<speaker>_<chapter>_<paragraph>_<sentence>.wav -> "<speaker>"
// The file name decides; where the parent directories are present they must agree (speaker and chapter),
// so that an unrelated file that happens to be named "12-34-56.wav" is not taken for LibriSpeech.
std::string speaker_from_corpus_path(const std::string& audio_path);

// Reads a manifest and returns id -> speaker from two of its columns. Manifests are JSON lines (one object
// per line; values may be strings or numbers) or delimited text (CSV, TSV, semicolon) with a header row.
// Rows with an empty speaker are left out. Throws Error("<path>: line N: <problem>") if a column is
// missing (naming the columns that exist), a line is not a JSON object, or an id appears twice.
std::map<std::string, std::string> read_speaker_column(const std::string& manifest_path,
                                                       const std::string& id_column,
                                                       const std::string& speaker_column);

// The speaker who talks longest in a speaker tier (ties: the one who starts first); "" for an empty tier.
// Overlapping turns count for each speaker.
std::string dominant_speaker(const AlignmentTier& speakers);

}  // namespace steerscope
