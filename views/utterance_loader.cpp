#include "views/utterance_loader.h"

#include <QThreadPool>
#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "core/util/error.h"

namespace steerscope::views {

// Shared with the worker: `generation` tells it whether its results are still wanted; `owner` is
// cleared (under the mutex) when the loader goes, after which nothing is posted.
struct UtteranceLoader::Shared {
  std::mutex mutex;
  std::condition_variable done;
  UtteranceLoader* owner = nullptr;
  uint64_t generation = 0;
  int running = 0;
};

UtteranceLoader::UtteranceLoader(QObject* parent) : QObject(parent), shared_(std::make_shared<Shared>()) {
  shared_->owner = this;
}

UtteranceLoader::~UtteranceLoader() {
  std::unique_lock<std::mutex> lock(shared_->mutex);
  shared_->owner = nullptr;
  ++shared_->generation;
  shared_->done.wait(lock, [this] { return shared_->running == 0; });
}

bool UtteranceLoader::isLoading() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->running > 0;
}

void UtteranceLoader::cancel() {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  ++shared_->generation;
}

void UtteranceLoader::setTokenDecoder(TokenDecoder decoder) { token_decoder_ = std::move(decoder); }

void UtteranceLoader::load(RecordingDocumentPtr document, size_t index, int first_layer,
                           std::vector<TokenText> token_texts, const QString& label) {
  std::shared_ptr<Shared> shared = shared_;
  uint64_t generation;
  {
    std::lock_guard<std::mutex> lock(shared->mutex);
    generation = ++shared->generation;
    ++shared->running;
  }
  QThreadPool::globalInstance()->start(
      [shared, generation, document, index, first_layer, token_texts, label, decoder = token_decoder_] {
        // Posts to the GUI thread while the result is still wanted; false when it is not.
        auto post = [&](TimelineContentPtr content, bool complete, const QString& error) {
          std::lock_guard<std::mutex> lock(shared->mutex);
          if (!shared->owner || generation != shared->generation) return false;
          UtteranceLoader* owner = shared->owner;
          QMetaObject::invokeMethod(
              owner,
              [owner, shared, generation, content, complete, error] {
                {
                  std::lock_guard<std::mutex> lock(shared->mutex);
                  if (generation != shared->generation) return;
                }
                if (content) {
                  emit owner->contentReady(content, complete);
                } else {
                  emit owner->failed(error);
                }
              },
              Qt::QueuedConnection);
          return true;
        };
        try {
          const UtteranceEntry& entry = document->entries().at(index);
          const int layers = document->hasConstants() ? document->constants().layers : 0;
          if (document->isFile() && layers > 1) {
            // Step 1: what the timeline needs to draw the utterance at all.
            auto first = std::make_shared<TimelineContent>();
            first->record.id = entry.id;
            first->record.speaker = entry.speaker;
            first->record.duration_s = entry.duration_s;
            first->record.tiers = document->readTiers(index);
            for (int l = 0; l < layers; ++l) {
              if (l == std::clamp(first_layer, 0, layers - 1)) {
                first->record.layers.push_back(document->readLayer(index, l));
              } else {
                RouterTrace placeholder;  // no frames yet: panes draw it empty
                placeholder.layer = l;
                placeholder.frame_rate_hz = document->layerFrameRate(index, l);
                first->record.layers.push_back(std::move(placeholder));
              }
            }
            first->source_label = label;
            first->refreshDerivedTiers();
            if (!post(first, false, QString())) throw Cancelled();
          }
          // Step 2: everything.
          auto full = std::make_shared<TimelineContent>();
          full->record = document->read(index);
          full->audio = loadSourceAudio(full->record, document->directory());
          full->token_texts = token_texts;
          if (full->token_texts.empty() && decoder && full->record.output) {
            try {
              full->token_texts = decoder(full->record.output->token_ids);
            } catch (const std::exception&) {
              full->token_texts.clear();  // ids are shown instead
            }
          }
          full->source_label = label;
          full->refreshDerivedTiers();
          post(full, true, QString());
        } catch (const Cancelled&) {
        } catch (const std::exception& e) {
          post(nullptr, true, QString::fromStdString(e.what()));
        }
        std::lock_guard<std::mutex> lock(shared->mutex);
        --shared->running;
        shared->done.notify_all();
      });
}

}  // namespace steerscope::views
