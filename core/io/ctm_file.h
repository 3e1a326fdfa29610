#pragma once
// CTM ("time-marked conversation") word alignments, as written by NIST SCTK, Kaldi, NeMo and most ASR
// toolkits. One word per line:
//
//   <source> <channel> <begin> <duration> <token> [<confidence> [<type> [<speaker>]]]
//
// with times in seconds; ";;" and "#" start comment lines. Some tools (Kaldi's nbest-to-ctm help text,
// several forced aligners) write the end time in column 4 instead of the duration, so the column's meaning
// can be stated or detected (CtmTimeFormat). Kaldi CTMs may carry integer word ids instead of words;
// token_map (e.g. from read_word_symbols on the lang directory's words.txt) maps them back.

#include <map>
#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {

enum class CtmTimeFormat {
  kAuto,      // detect, see read_ctm
  kDuration,  // column 4 is the duration (the NIST definition)
  kEndTime,   // column 4 is the end time
};

struct CtmOptions {
  CtmTimeFormat time_format = CtmTimeFormat::kAuto;
  std::string tier_name = "words";
  // Keep only this channel (column 2); empty keeps all. A source with several channels then gets one tier
  // per channel, named "<tier_name>:<channel>".
  std::string channel;
  double time_offset_s = 0.0;  // added to every time (CTMs whose times are relative to a segment)
  // Replaces tokens found in the map; with a non-empty map, a token missing from it is an error.
  std::map<std::string, std::string> token_map;
};

struct CtmAlignments {
  std::map<std::string, std::vector<AlignmentTier>> by_source;  // source (utterance id) -> tiers
  CtmTimeFormat time_format = CtmTimeFormat::kDuration;         // what column 4 was taken to be
};

// Reads a CTM file. Items of a tier are sorted by start time. With kAuto, column 4 is taken as an end time
// only if that reading is consistent and the duration reading is not: every line has column 4 >= column 3,
// and reading column 4 as durations would make consecutive words of the same source and channel overlap
// (in at least half of the consecutive pairs) while reading it as end times makes none overlap. Anything
// else, including a file too short to tell, is read as durations, the NIST definition; state the format
// when in doubt. Throws Error("<path>: line N: <problem>") for a line with fewer than 5 columns, a
// non-numeric or negative time, an end before its start, or a token missing from token_map.
CtmAlignments read_ctm(const std::string& path, const CtmOptions& options = {});

// Kaldi's words.txt (one "<word> <integer id>" per line): id -> word, for CtmOptions::token_map.
std::map<std::string, std::string> read_word_symbols(const std::string& path);

}  // namespace steerscope
