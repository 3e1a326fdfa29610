#pragma once
// Loads an utterance for the timeline in a background thread, in two steps, so that even an hour-long
// utterance is on screen at once: first its tiers and the layer the user is looking at (the other
// layers present but empty, filled in by the second step), then everything stored (all layers, the
// log-mel, the transcript) and the decoded source audio. Each step arrives as contentReady; the second
// has complete = true. A new load() supersedes the one in progress, whose results are dropped.

#include <QObject>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "views/recording_document.h"
#include "views/timeline_content.h"

namespace steerscope::views {

class UtteranceLoader : public QObject {
  Q_OBJECT
 public:
  explicit UtteranceLoader(QObject* parent = nullptr);
  ~UtteranceLoader() override;

  // token_texts: the texts of the utterance's tokens when known (live runs); label names the data in
  // exports.
  void load(RecordingDocumentPtr document, size_t index, int first_layer,
            std::vector<TokenText> token_texts, const QString& label);
  // Turns token ids into their texts for utterances loaded without token_texts (a recording read back;
  // the app supplies it from the decoder's tokenizer when it can find it). Runs on the loading thread.
  using TokenDecoder = std::function<std::vector<TokenText>(const std::vector<int64_t>&)>;
  void setTokenDecoder(TokenDecoder decoder);
  bool isLoading() const;
  // Drops the results of the load in progress.
  void cancel();

 signals:
  void contentReady(steerscope::views::TimelineContentPtr content, bool complete);
  void failed(const QString& message);

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
  TokenDecoder token_decoder_;
};

}  // namespace steerscope::views
