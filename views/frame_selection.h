#pragma once
// The frames behind a chart cell, as time ranges for the timeline's selection: the frames of one layer
// of an utterance whose dominant expert is `expert` (any expert when -1) and whose label under a
// labelling (analysis/frame_labeler.h) is `label` (any label when empty). Only frames covering audio
// count unless include_padding, as in the analyses. Consecutive matching frames merge into one range.

#include <string>
#include <vector>

#include "analysis/frame_labeler.h"
#include "core/io/recording_types.h"
#include "views/timeline_model.h"

namespace steerscope::views {

std::vector<TimeRange> matchingFrameRanges(const UtteranceRecord& utterance, int layer, int expert,
                                           const analysis::FrameLabelSpec& labelling,
                                           const std::string& label, bool include_padding = false);

}  // namespace steerscope::views
