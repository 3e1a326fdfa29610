#pragma once
// Playback of the utterance's source audio (Qt Multimedia QAudioSink, 16-bit mono at the audio's rate,
// from the decoded samples), with the play position published on the TimelineModel every ~30 ms so that
// the panes draw a moving cursor and follow it (TimelineModel::follow()). Plays from the cursor, or the
// selection's extent. Without an audio output device (a headless machine, a test) play() fails with a
// message instead of playing.

#include <QObject>
#include <QTimer>
#include <memory>

#include "views/source_audio.h"
#include "views/timeline_model.h"

class QAudioSink;
class QIODevice;

namespace steerscope::views {

class AudioPlayer : public QObject {
  Q_OBJECT
 public:
  explicit AudioPlayer(TimelineModel* model, QObject* parent = nullptr);
  ~AudioPlayer() override;

  void setAudio(std::shared_ptr<const SourceAudio> audio);
  bool hasAudio() const { return audio_ != nullptr; }
  bool isPlaying() const { return sink_ != nullptr; }
  // Whether an audio output device exists.
  static bool outputAvailable();

  // Plays [from, to) seconds; false (with errorOccurred) when it cannot.
  bool play(double from, double to);
  bool playFromCursor();
  bool playSelection();
  void stop();
  void togglePlayback();

 signals:
  void playingChanged(bool playing);
  void errorOccurred(const QString& message);

 private:
  void tick();
  TimelineModel* model_;
  std::shared_ptr<const SourceAudio> audio_;
  QAudioSink* sink_ = nullptr;
  QIODevice* source_ = nullptr;
  QTimer timer_;
  double from_ = 0.0, to_ = 0.0;
};

}  // namespace steerscope::views
