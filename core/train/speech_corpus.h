#pragma once
// The demo's training data: a corpus written by `steerscope-cli corpus` (core/corpus/corpus_builder.h),
// read through its manifest, with each utterance's log-mel (one encoder window, padded as at inference) and
// phone alignment loaded into memory. ~3,000 utterances of 4 s windows take ~400 MB.

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/audio/log_mel_front_end.h"
#include "core/io/recording_types.h"

namespace steerscope {

struct SpeechExample {
  std::string id, split, speaker, kind, text, call;
  std::string wav_path, align_path;  // absolute
  double duration_s = 0.0;
  torch::Tensor mel;                 // [n_mels, window frames] fp32, or undefined until loaded
  AlignmentTier phones;              // IPA phones in seconds; silence labelled ""
};

class SpeechCorpus {
 public:
  // Reads manifest.tsv and corpus.json of a corpus directory. Throws Error naming the file for a missing
  // column or file.
  explicit SpeechCorpus(const std::string& dir);

  const std::string& dir() const { return dir_; }
  // Examples of one split ("train", "validation", "test", "test_heldout_speaker"), in manifest order.
  std::vector<SpeechExample> split(const std::string& name) const;
  // Every phone label of the corpus (corpus.json), sorted; silence excluded.
  const std::vector<std::string>& phone_inventory() const { return phones_; }
  // The text-only LM material (lm_text.txt lines).
  std::vector<std::string> lm_text() const;

  // Fills mel and phones of each example (threads over examples); examples longer than one window keep
  // only their first window, and `skipped_long` counts them.
  static void load(std::vector<SpeechExample>& examples, const LogMelFrontEnd& front_end, int* skipped_long = nullptr);

 private:
  std::string dir_;
  std::vector<SpeechExample> all_;
  std::vector<std::string> phones_;
};

// The non-silent phones of a tier, in order (CTC targets).
std::vector<std::string> phone_sequence(const AlignmentTier& phones);

}  // namespace steerscope
