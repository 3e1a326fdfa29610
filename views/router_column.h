#pragma once
// What a pixel column of a router pane shows: the frames of a RouterTrace whose centres fall inside the
// column's time span (frame i at rate r is centred at (i + 0.5) / r; when no centre falls inside, the
// frame containing the span's middle), their mean probability per expert, the dominant expert of that
// mean (analysis::dominant_index: lowest index on ties) and how decided it is.
//
// Confidence maps the dominant probability p onto [0, 1] from uniform to one-hot:
// (p - 1/E) / (1 - 1/E). A column at confidence 0 is drawn white, at 1 in the expert's full colour.

#include <cstdint>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope::views {

struct RouterColumn {
  int64_t first_frame = 0;
  int64_t end_frame = 0;    // exclusive
  std::vector<float> mean;  // [E]
  int dominant = -1;
  double confidence = 0.0;
  int64_t frames() const { return end_frame - first_frame; }
};

// Fills `column` for the time span [t0, t1); false when the span holds no frame of the trace.
bool routerColumn(const RouterTrace& trace, double t0, double t1, RouterColumn& column);

double routingConfidence(double dominant_probability, int experts);

// The frame of the trace containing time t, or -1 outside it.
int64_t frameAt(const RouterTrace& trace, double t);

}  // namespace steerscope::views
