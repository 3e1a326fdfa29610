#pragma once
// RTTM ("rich transcription time mark") speaker diarisation, as written by pyannote, NeMo, DiariZen and the
// NIST RT evaluations. Only SPEAKER lines are read:
//
//   SPEAKER <file> <channel> <begin> <duration> <ortho> <subtype> <speaker> <confidence> <lookahead>
//
// Times are seconds and column 5 is a duration (the RTTM definition; some users are unsure, see
// pyannote/hf-speaker-diarization-3.1#1). Columns after the speaker are optional, and extra columns are
// tolerated (some tools append their own). Other line types (SPKR-INFO, LEXEME, NOSCORE, ...) and ";;"
// comments are skipped.

#include <map>
#include <string>

#include "core/io/recording_types.h"

namespace steerscope {

struct RttmOptions {
  std::string tier_name = "speakers";
  std::string channel;  // keep only this channel (column 3); empty keeps all
};

// file id -> an interval tier of speaker turns (label = speaker name), sorted by start. Turns of different
// speakers may overlap (overlapped speech); frame_labels() then picks the turn listed first. Throws
// Error("<path>: line N: <problem>") for a SPEAKER line with fewer than 8 columns, a non-numeric or
// negative time, or a speaker name of <NA>.
std::map<std::string, AlignmentTier> read_rttm(const std::string& path, const RttmOptions& options = {});

}  // namespace steerscope
