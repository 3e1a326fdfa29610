#pragma once
// Mapping an alignment tier (seconds) onto a frame-indexed array such as a router trace (frames at
// frame_rate_hz: 100 Hz for the log-mel, 50 Hz for encoder layers, 50/k Hz after pooling).

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {

// [frames]: the label of each frame. Frame i covers [i / rate, (i + 1) / rate); for an interval tier its
// label is that of the item whose [start, end) contains the frame's centre (i + 0.5) / rate, the first
// such item in tier order when items overlap (RTTM overlapped speech, aligner rounding), and "" when none
// does (so unlabelled frames and items with empty labels both read ""). For a point tier, a point at time t
// labels the frame containing t (the first point listed wins); other frames are "". Throws Error for a
// non-positive or non-finite frame rate or a negative frame count.
std::vector<std::string> frame_labels(const AlignmentTier& tier, double frame_rate_hz, int64_t frames);

}  // namespace steerscope
