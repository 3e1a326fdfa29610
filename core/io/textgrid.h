#pragma once
// Praat TextGrid files. The writer produces the "long" text format, which Praat, Montreal Forced Aligner
// and the textgrid/praatio Python packages all read.

#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {

// Writes tiers to path (UTF-8). Interval tiers are written with their gaps filled by empty intervals, as
// Praat requires tiers to cover [xmin, xmax] without holes; xmax is the larger of duration_s and the last
// item's end. Throws Error naming the path on I/O failure, or the tier and item if items overlap or are
// out of order.
void write_textgrid(const std::string& path, double duration_s, const std::vector<AlignmentTier>& tiers);

}  // namespace steerscope
