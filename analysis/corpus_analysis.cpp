#include "analysis/corpus_analysis.h"

#include "analysis/qa_accuracy_accumulator.h"

namespace steerscope::analysis {

namespace {

ErrorRateOptions counts_only(ErrorRateOptions o) {
  o.keep_alignment = false;
  return o;
}

}  // namespace

CorpusAnalyzer::CorpusAnalyzer(CorpusAnalysisOptions options)
    : options_(std::move(options)),
      routing_(options_.routing),
      text_errors_(counts_only(options_.text_errors)) {
  for (const auto& spec : options_.labellings) associations_.emplace_back(spec, options_.association);
}

void CorpusAnalyzer::add(const UtteranceRecord& utterance) {
  routing_.add(utterance);
  for (auto& a : associations_) a.add(utterance);
  if (utterance.output && !utterance.reference_text.empty()) {
    text_errors_.add(utterance.reference_text, utterance.output->text);
    if (clotho_aqa_correct(utterance.output->text, utterance.reference_text)) ++qa_correct_;
  }
  ++utterances_;
}

CorpusAnalysis CorpusAnalyzer::result() const {
  CorpusAnalysis r;
  r.utterances = utterances_;
  r.routing = routing_.result();
  for (const auto& a : associations_) r.associations.push_back(a.result());
  r.text.utterances = text_errors_.utterances();
  r.text.errors = text_errors_.totals();
  r.text.qa_correct = qa_correct_;
  r.text.qa_accuracy = r.text.utterances > 0 ? double(qa_correct_) / double(r.text.utterances) : 0.0;
  return r;
}

CorpusAnalysis analyze_corpus(UtteranceSource& source, const CorpusAnalysisOptions& options) {
  CorpusAnalyzer analyzer(options);
  UtteranceRecord utterance;
  while (source.next(utterance)) analyzer.add(utterance);
  return analyzer.result();
}

}  // namespace steerscope::analysis
