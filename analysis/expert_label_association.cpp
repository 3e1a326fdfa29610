#include "analysis/expert_label_association.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "analysis/distribution_measures.h"
#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

std::string utterance_name(const std::string& id) {
  return id.empty() ? std::string("utterance") : "utterance '" + id + "'";
}

}  // namespace

ExpertLabelAssociationAccumulator::ExpertLabelAssociationAccumulator(FrameLabelSpec spec,
                                                                     AssociationOptions options)
    : labeler_(std::move(spec)),
      options_(options),
      reservoir_(std::max<int64_t>(options.max_test_utterances, 1), options.seed) {
  if (options_.permutations < 0) throw Error("association: the number of permutations cannot be negative");
  if (options_.max_test_utterances < 1 && options_.permutations > 0)
    throw Error("association: max_test_utterances must be at least 1 when the permutation test is on");
}

void ExpertLabelAssociationAccumulator::add(const UtteranceRecord& utterance) {
  label_scratch_.resize(utterance.layers.size());
  bool any = false;
  for (size_t l = 0; l < utterance.layers.size(); ++l) {
    const RouterTrace& t = utterance.layers[l];
    if (labeler_.label_frames(utterance, t.frame_rate_hz, t.probs.rows, label_scratch_[l])) any = true;
  }
  if (!any) {
    ++utterances_;
    ++without_labels_;
    return;
  }
  add(utterance.layers, label_scratch_, utterance.id);
}

void ExpertLabelAssociationAccumulator::add(const std::vector<RouterTrace>& layers,
                                            const std::vector<std::vector<int32_t>>& labels,
                                            const std::string& utterance_id) {
  if (layers.empty()) return;
  const std::string who = utterance_name(utterance_id);
  if (labels.size() != layers.size())
    throw Error(who + ": labels for " + std::to_string(labels.size()) + " layers, router traces for " +
                std::to_string(layers.size()));
  const int E = layers_.empty() ? static_cast<int>(layers.front().probs.cols) : experts_;
  if (E < 1) throw Error(who + ": router trace has no experts");
  if (!layers_.empty() && layers.size() != layers_.size())
    throw Error(who + " has " + std::to_string(layers.size()) + " layers, earlier utterances had " +
                std::to_string(layers_.size()));
  const int32_t vocabulary_size = labeler_.vocabulary().size();
  for (size_t l = 0; l < layers.size(); ++l) {
    const RouterTrace& t = layers[l];
    const std::string where = who + " layer " + std::to_string(t.layer);
    if (t.probs.cols != E)
      throw Error(where + ": " + std::to_string(t.probs.cols) + " experts, expected " + std::to_string(E));
    if (int64_t(labels[l].size()) != t.probs.rows)
      throw Error(where + ": " + std::to_string(labels[l].size()) + " frame labels for " +
                  std::to_string(t.probs.rows) + " frames");
    if (t.valid_frames < 0 || t.valid_frames > t.probs.rows)
      throw Error(where + ": valid_frames " + std::to_string(t.valid_frames) + " outside [0, " +
                  std::to_string(t.probs.rows) + "]");
    for (int32_t id : labels[l])
      if (id < -1 || id >= vocabulary_size)
        throw Error(where + ": label id " + std::to_string(id) + " is not in the vocabulary (" +
                    std::to_string(vocabulary_size) + " labels)");
  }
  if (layers_.empty()) {
    experts_ = E;
    layers_.resize(layers.size());
    for (size_t l = 0; l < layers.size(); ++l) {
      layers_[l].layer = layers[l].layer;
      layers_[l].frame_rate_hz = layers[l].frame_rate_hz;
      layers_[l].soft = ContingencyTable(E);
      layers_[l].hard = ContingencyTable(E);
    }
  }

  ++utterances_;
  std::optional<size_t> slot;
  ReservoirUtterance kept;
  bool any_labelled = false;
  const bool testing = options_.permutations > 0;
  if (testing) {
    kept.dominant.resize(layers.size());
    kept.label_of_layer.resize(layers.size());
  }
  for (size_t l = 0; l < layers.size(); ++l) {
    const RouterTrace& t = layers[l];
    LayerState& s = layers_[l];
    const int64_t n = options_.include_padding ? t.probs.rows : t.valid_frames;
    RunLengthSequence label_runs;
    for (int64_t i = 0; i < n; ++i) {
      const int32_t label = labels[l][size_t(i)];
      if (label < 0) {
        if (l == 0) ++unlabelled_frames_;
        continue;
      }
      const float* p = t.probs.row(i);
      const int d = dominant_index(p, E);
      s.hard.add(d, label, 1.0);
      s.soft.add_column_vector(label, p);
      ++s.frames;
      any_labelled = true;
      if (testing) {
        kept.dominant[l].push_back(d);
        label_runs.push_back(label);
      }
    }
    if (testing) {
      // Layers at the same frame rate share one label sequence.
      int32_t index = -1;
      for (size_t k = 0; k < kept.labels.size() && index < 0; ++k)
        if (kept.labels[k] == label_runs) index = static_cast<int32_t>(k);
      if (index < 0) {
        index = static_cast<int32_t>(kept.labels.size());
        kept.labels.push_back(std::move(label_runs));
      }
      kept.label_of_layer[l] = index;
    }
  }
  if (testing && any_labelled) {
    slot = reservoir_.next_slot();
    if (slot) reservoir_.store(*slot, std::move(kept));
  }
}

AssociationResult ExpertLabelAssociationAccumulator::result() const {
  AssociationResult r;
  r.labelling = labeler_.spec().description();
  r.labels = labeler_.vocabulary().names();
  r.experts = experts_;
  r.utterances = utterances_;
  r.utterances_without_labels = without_labels_;
  r.unlabelled_frames = unlabelled_frames_;
  const int K = labeler_.vocabulary().size();
  for (const LayerState& s : layers_) {
    LayerAssociation a;
    a.layer = s.layer;
    a.frame_rate_hz = s.frame_rate_hz;
    a.frames = s.frames;
    a.soft = s.soft;
    a.hard = s.hard;
    // Every table gets every label as a column, so columns line up with `labels` across layers.
    a.soft.ensure_columns(K);
    a.hard.ensure_columns(K);
    a.soft_summary = summarize(a.soft, options_.top_labels, options_.min_label_frames);
    a.hard_summary = summarize(a.hard, options_.top_labels, options_.min_label_frames);
    r.layers.push_back(std::move(a));
  }
  if (options_.permutations <= 0 || r.layers.empty()) return r;

  // Layers are independent (each has its own random stream), so they can be tested in parallel
  // without changing any result.
  unsigned threads =
      options_.threads > 0 ? unsigned(options_.threads) : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, unsigned(r.layers.size()));
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&]() {
    for (size_t l = next++; l < r.layers.size(); l = next++) {
      try {
        r.layers[l].permutation_test =
            reservoir_.test_layer(l, experts_, K, options_.permutations, options_.scheme, options_.seed);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);
  return r;
}

}  // namespace steerscope::analysis
