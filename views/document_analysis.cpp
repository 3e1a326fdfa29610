#include "views/document_analysis.h"

#include "core/util/error.h"

namespace steerscope::views {

namespace {

class DocumentSource : public analysis::UtteranceSource {
 public:
  DocumentSource(const RecordingDocument& document, const AnalysisProgress& progress)
      : document_(document), progress_(progress) {}
  bool next(UtteranceRecord& utterance) override {
    if (next_ >= document_.size()) return false;
    if (progress_ && !progress_(next_, document_.size())) throw Cancelled();
    utterance = document_.read(next_++);
    return true;
  }

 private:
  const RecordingDocument& document_;
  const AnalysisProgress& progress_;
  size_t next_ = 0;
};

class DocumentPairSource : public analysis::UtterancePairSource {
 public:
  DocumentPairSource(const RecordingDocument& a, const RecordingDocument& b, const AnalysisProgress& progress)
      : a_(a), b_(b), progress_(progress) {
    for (size_t i = 0; i < a.size(); ++i)
      if (auto j = b.find(a.entries()[i].id)) pairs_.push_back({i, *j});
    if (pairs_.empty())
      throw Error(a.name() + " and " + b.name() +
                  " have no utterance in common (utterances are paired by id)");
  }
  bool next(UtteranceRecord& a, UtteranceRecord& b) override {
    if (next_ >= pairs_.size()) return false;
    // Two passes: progress runs over both.
    if (progress_ && !progress_(pass_ * pairs_.size() + next_, 2 * pairs_.size())) throw Cancelled();
    a = a_.read(pairs_[next_].first);
    b = b_.read(pairs_[next_].second);
    ++next_;
    return true;
  }
  bool rewind() override {
    next_ = 0;
    ++pass_;
    return true;
  }

 private:
  const RecordingDocument& a_;
  const RecordingDocument& b_;
  const AnalysisProgress& progress_;
  std::vector<std::pair<size_t, size_t>> pairs_;
  size_t next_ = 0;
  size_t pass_ = 0;
};

}  // namespace

analysis::CorpusAnalysis analyzeRecording(const RecordingDocument& document,
                                          const RecordingAnalysisOptions& options,
                                          const AnalysisProgress& progress) {
  analysis::CorpusAnalysisOptions o;
  o.routing.include_padding = options.include_padding;
  analysis::FrameLabelSpec classes;
  classes.kind = analysis::FrameLabelKind::kPhoneClass;
  classes.tier = "phones";
  classes.skip_silence = true;
  analysis::FrameLabelSpec phones;
  phones.kind = analysis::FrameLabelKind::kTierLabel;
  phones.tier = "phones";
  phones.skip_silence = true;
  analysis::FrameLabelSpec speakers;
  speakers.kind = analysis::FrameLabelKind::kSpeaker;
  speakers.tier = "speakers";
  o.labellings = {classes, phones, speakers};
  o.association.include_padding = options.include_padding;
  o.association.permutations = options.permutations;
  o.association.top_labels = options.top_labels;
  DocumentSource source(document, progress);
  return analysis::analyze_corpus(source, o);
}

analysis::CheckpointComparison compareRecordings(const RecordingDocument& a, const RecordingDocument& b,
                                                 const AnalysisProgress& progress) {
  DocumentPairSource source(a, b, progress);
  return analysis::compare_checkpoints(source, a.hasConstants() ? &a.constants() : nullptr,
                                       b.hasConstants() ? &b.constants() : nullptr);
}

}  // namespace steerscope::views
