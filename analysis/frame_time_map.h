#pragma once
// Mapping frames between sequences of different frame rates by time. Encoder layers run at 50 Hz,
// layers after pooling at 50/k Hz, alignments are in seconds. Frame i at rate r covers [i/r, (i+1)/r);
// it is represented by its centre (i + 0.5)/r, and maps to the frame of the other sequence containing
// that centre. Mapping a fine sequence onto a coarse one is many-to-one; coarse onto fine picks the fine
// frame under each coarse centre.

#include <cstdint>
#include <vector>

namespace steerscope::analysis {

// [n_from]: for each frame of the "from" sequence, the index of the "to" frame containing its centre,
// or -1 when that lies at or beyond frame n_to. Throws steerscope::Error for non-positive rates.
std::vector<int64_t> map_frames_by_centre(double rate_from, int64_t n_from, double rate_to, int64_t n_to);

}  // namespace steerscope::analysis
