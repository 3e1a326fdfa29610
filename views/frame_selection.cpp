#include "views/frame_selection.h"

#include "analysis/distribution_measures.h"

namespace steerscope::views {

std::vector<TimeRange> matchingFrameRanges(const UtteranceRecord& utterance, int layer, int expert,
                                           const analysis::FrameLabelSpec& labelling,
                                           const std::string& label, bool include_padding) {
  std::vector<TimeRange> ranges;
  if (layer < 0 || layer >= int(utterance.layers.size())) return ranges;
  const RouterTrace& trace = utterance.layers[size_t(layer)];
  const double rate = trace.frame_rate_hz;
  const int64_t frames = include_padding ? trace.probs.rows : std::min(trace.valid_frames, trace.probs.rows);
  if (rate <= 0 || frames <= 0) return ranges;
  std::vector<int32_t> ids;
  int32_t wanted = -1;
  if (!label.empty()) {
    analysis::FrameLabeler labeler(labelling);
    if (!labeler.label_frames(utterance, rate, trace.probs.rows, ids)) return ranges;
    wanted = labeler.vocabulary().find(label);
    if (wanted < 0) return ranges;
  }
  const int e = int(trace.probs.cols);
  int64_t run_start = -1;
  for (int64_t f = 0; f <= frames; ++f) {
    bool match = false;
    if (f < frames) {
      match = expert < 0 || analysis::dominant_index(trace.probs.row(f), e) == expert;
      if (match && wanted >= 0) match = ids[size_t(f)] == wanted;
    }
    if (match && run_start < 0) run_start = f;
    if (!match && run_start >= 0) {
      ranges.push_back({double(run_start) / rate, double(f) / rate});
      run_start = -1;
    }
  }
  return ranges;
}

}  // namespace steerscope::views
