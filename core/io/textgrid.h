#pragma once
// Praat TextGrid files. The writer produces the "long" text format, which Praat, Montreal Forced Aligner
// and the textgrid/praatio Python packages all read. The reader accepts what Praat and the common aligners
// write (https://www.fon.hum.uva.nl/praat/manual/TextGrid_file_formats.html):
//  - the long ("full") text format, with "key = value" labels, and the short format, values only;
//  - the "Praat chronological TextGrid text file" variant, whose items are interleaved across tiers;
//  - interval tiers ("IntervalTier") and point tiers ("TextTier"; a point becomes an item with
//    start_s == end_s);
//  - UTF-8 (with or without BOM) or UTF-16 with BOM, as Praat writes non-ASCII text; CR LF line ends;
//    "!" comments.
// Aligners write boundaries that overlap by ~1e-4 s (facebookresearch/neuroai#272): an interval that
// starts less than overlap_tolerance_s before the previous one ends is clamped to start at that end; larger
// overlaps are errors. Empty intervals are kept (label ""): they are the silences the file contains.

#include <string>
#include <string_view>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {

// Writes tiers to path (UTF-8). Interval tiers are written with their gaps filled by empty intervals, as
// Praat requires tiers to cover [xmin, xmax] without holes; xmax is the larger of duration_s and the last
// item's end. Throws Error naming the path on I/O failure, or the tier and item if items overlap or are
// out of order.
void write_textgrid(const std::string& path, double duration_s, const std::vector<AlignmentTier>& tiers);

struct TextGridReadOptions {
  double overlap_tolerance_s = 1e-3;  // clamp overlaps below this; larger ones are errors
};

// Reads a TextGrid file; tiers in file order, times in seconds as written. Throws Error("<path>: line N:
// <problem>") for anything malformed: a binary TextGrid, a missing or non-numeric value, a count that does
// not match the items, an interval ending before it starts, an overlap beyond the tolerance.
std::vector<AlignmentTier> read_textgrid(const std::string& path, const TextGridReadOptions& options = {});

// The same for text already decoded to UTF-8 (LF line ends); name is used in error messages.
std::vector<AlignmentTier> parse_textgrid(std::string_view text, const std::string& name,
                                          const TextGridReadOptions& options = {});

}  // namespace steerscope
