#include "analysis/recording_pair_source.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

constexpr size_t kExampleIds = 10;

void check_same_audio(const RecordingReader& ra, const UtteranceRecord& a, const RecordingReader& rb,
                      const UtteranceRecord& b) {
  const std::string who = "utterance '" + a.id + "'";
  if (!a.source_sha256.empty() && !b.source_sha256.empty()) {
    if (a.source_sha256 != b.source_sha256)
      throw Error(who + ": the audio differs between " + ra.path() + " (sha256 " + a.source_sha256 +
                  ") and " + rb.path() + " (sha256 " + b.source_sha256 +
                  "); compare needs recordings of the same audio under the same ids");
    return;
  }
  if (a.duration_s > 0.0 && b.duration_s > 0.0 && std::abs(a.duration_s - b.duration_s) > 1e-3)
    throw Error(who + ": the audio lasts " + std::to_string(a.duration_s) + " s in " + ra.path() + " but " +
                std::to_string(b.duration_s) + " s in " + rb.path() +
                "; compare needs recordings of the same audio under the same ids");
}

}  // namespace

RecordingPairSource::RecordingPairSource(const RecordingReader& a, const RecordingReader& b,
                                         RecordingSourceOptions options)
    : a_(a), b_(b), options_(std::move(options)) {
  std::sort(options_.layers.begin(), options_.layers.end());
  options_.layers.erase(std::unique(options_.layers.begin(), options_.layers.end()), options_.layers.end());
  // Validates the layer subset against both recordings (the constructor throws for a missing layer).
  RecordingUtteranceSource check_a(a_, options_), check_b(b_, options_);
  for (const auto& id : a_.ids()) {
    if (b_.find(id)) {
      ++pairs_;
    } else {
      ++only_in_a_;
      if (examples_a_.size() < kExampleIds) examples_a_.push_back(id);
    }
  }
  for (const auto& id : b_.ids()) {
    if (!a_.find(id)) {
      ++only_in_b_;
      if (examples_b_.size() < kExampleIds) examples_b_.push_back(id);
    }
  }
  if (options_.limit > 0) pairs_ = std::min(pairs_, options_.limit);
}

bool RecordingPairSource::next(UtteranceRecord& a, UtteranceRecord& b) {
  if (yielded_ >= pairs_) return false;
  while (next_a_ < a_.size()) {
    const size_t ia = next_a_++;
    const auto ib = b_.find(a_.ids()[ia]);
    if (!ib) continue;
    a = a_.read(ia);
    b = b_.read(*ib);
    check_same_audio(a_, a, b_, b);
    if (!options_.keep_log_mel) {
      a.log_mel = FloatMatrix();
      b.log_mel = FloatMatrix();
    }
    if (!options_.layers.empty()) {
      keep_layers(a, options_.layers);
      keep_layers(b, options_.layers);
    }
    ++yielded_;
    return true;
  }
  return false;
}

bool RecordingPairSource::rewind() {
  next_a_ = 0;
  yielded_ = 0;
  return true;
}

}  // namespace steerscope::analysis
