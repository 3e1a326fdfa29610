#pragma once
// Simple label files, one labelled segment per line:
//  - HTK .lab: "<start> <end> <label> [score] [aux ...]" with times in 100 ns units (integers); "///" lines
//    separate alternative levels, each becoming its own tier.
//  - Audacity label tracks and Sonic Annotator/Sonic Visualiser .lab: "<start>\t<end>\t<label>" in seconds;
//    Audacity's spectral-selection lines ("\\t<low Hz>\t<high Hz>") are skipped; Sonic Visualiser instants
//    "<time>\t<label>" become points.
//  - CSV/TSV/semicolon files with a header naming the columns: start (or begin, onset, tmin, xmin, from),
//    end (or stop, offset, tmax, xmax, to) or duration (dur), and label (or text, word, phone, name,
//    annotation, value); "_ms" on the time columns means milliseconds. Fields may be quoted.
// Lines starting with "#" are comments. Segments whose start equals their end are points (Audacity point
// labels); a level of only points is a point tier, a mixture stays an interval tier. Items are sorted by
// start time.

#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {

enum class LabelFormat {
  kAuto,     // see read_label_file
  kHtk,      // whitespace-separated, 100 ns units
  kSeconds,  // tab- or whitespace-separated, seconds (Audacity, Sonic Annotator)
  kCsv,      // delimited with a header row
};

struct LabelFileOptions {
  LabelFormat format = LabelFormat::kAuto;
  std::string tier_name = "labels";  // HTK levels after the first are named "<tier_name>:2", ":3", ...
};

// Reads a label file. With kAuto: a first line that is not two numbers followed by text is a CSV header;
// otherwise, if every time is an integer and some time exceeds 100000 (10 ms in HTK units, 28 hours in
// seconds) the file is HTK, else seconds; a headerless comma- or semicolon-separated file is read as
// start, end, label. Throws Error("<path>: line N: <problem>") for a line without a time, a non-numeric
// or negative time, an end before its start, a CSV header without start and end (or duration) columns,
// a row with too few fields, or an unclosed quote.
std::vector<AlignmentTier> read_label_file(const std::string& path, const LabelFileOptions& options = {});

}  // namespace steerscope
