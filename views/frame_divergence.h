#pragma once
// Per-frame divergence between two routers on the same audio, for the comparison's divergence pane: the
// Jensen-Shannon divergence (bits, analysis::js_divergence_bits) between A's and B's probabilities of
// each of A's frames, B's frames paired by time (analysis::map_frames_by_centre) and, with a matching,
// B's expert matching[i] read as A's expert i. Frames without a partner are NaN.

#include <vector>

#include "core/io/recording_types.h"

namespace steerscope::views {

std::vector<float> frameDivergenceBits(const RouterTrace& a, const RouterTrace& b,
                                       const std::vector<int>* matching = nullptr);

}  // namespace steerscope::views
