#include "views/audio_player.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QIODevice>
#include <QMediaDevices>
#include <algorithm>
#include <cmath>

namespace steerscope::views {

namespace {

// Serves samples [begin, end) of the audio as 16-bit PCM; the audio is shared, so the device stays valid
// even if the player switches utterances while the sink drains.
class PcmRange : public QIODevice {
 public:
  PcmRange(std::shared_ptr<const SourceAudio> audio, int64_t begin, int64_t end, QObject* parent)
      : QIODevice(parent), audio_(std::move(audio)), pos_(begin), end_(end) {}
  bool isSequential() const override { return true; }
  qint64 bytesAvailable() const override { return (end_ - pos_) * 2 + QIODevice::bytesAvailable(); }

 protected:
  qint64 readData(char* data, qint64 max) override {
    const int64_t n = std::min<int64_t>(max / 2, end_ - pos_);
    auto* out = reinterpret_cast<int16_t*>(data);
    for (int64_t i = 0; i < n; ++i) {
      const float v = std::clamp(audio_->samples[size_t(pos_ + i)], -1.0f, 1.0f);
      out[i] = int16_t(std::lround(v * 32767.0f));
    }
    pos_ += n;
    return n * 2;
  }
  qint64 writeData(const char*, qint64) override { return -1; }

 private:
  std::shared_ptr<const SourceAudio> audio_;
  int64_t pos_, end_;
};

}  // namespace

AudioPlayer::AudioPlayer(TimelineModel* model, QObject* parent) : QObject(parent), model_(model) {
  timer_.setInterval(30);
  connect(&timer_, &QTimer::timeout, this, &AudioPlayer::tick);
}

AudioPlayer::~AudioPlayer() {
  stop();
}

bool AudioPlayer::outputAvailable() {
  return !QMediaDevices::defaultAudioOutput().isNull();
}

void AudioPlayer::setAudio(std::shared_ptr<const SourceAudio> audio) {
  stop();
  audio_ = std::move(audio);
}

bool AudioPlayer::play(double from, double to) {
  stop();
  if (!audio_) {
    emit errorOccurred(tr("There is no audio to play: the recording's source audio could not be read."));
    return false;
  }
  const QAudioDevice device = QMediaDevices::defaultAudioOutput();
  if (device.isNull()) {
    emit errorOccurred(tr("No audio output device is available."));
    return false;
  }
  QAudioFormat format;
  format.setSampleRate(audio_->sample_rate);
  format.setChannelCount(1);
  format.setSampleFormat(QAudioFormat::Int16);
  if (!device.isFormatSupported(format)) {
    emit errorOccurred(tr("The audio device cannot play %1 Hz mono 16-bit audio.").arg(audio_->sample_rate));
    return false;
  }
  const int64_t n = int64_t(audio_->samples.size());
  const int64_t begin = std::clamp<int64_t>(int64_t(std::floor(from * audio_->sample_rate)), 0, n);
  const int64_t end = std::clamp<int64_t>(int64_t(std::ceil(to * audio_->sample_rate)), begin, n);
  if (end <= begin) return false;
  from_ = double(begin) / audio_->sample_rate;
  to_ = double(end) / audio_->sample_rate;
  source_ = new PcmRange(audio_, begin, end, this);
  source_->open(QIODevice::ReadOnly);
  sink_ = new QAudioSink(device, format, this);
  connect(sink_, &QAudioSink::stateChanged, this, [this](QAudio::State state) {
    if (state == QAudio::IdleState) stop();
  });
  sink_->start(source_);
  if (sink_->error() != QAudio::NoError) {
    stop();
    emit errorOccurred(tr("The audio device could not start playback."));
    return false;
  }
  timer_.start();
  model_->setPlayPosition(from_);
  emit playingChanged(true);
  return true;
}

bool AudioPlayer::playFromCursor() {
  const double end = audio_ ? audio_->durationSeconds() : 0.0;
  return play(model_->cursor(), end);
}

bool AudioPlayer::playSelection() {
  if (!model_->hasSelection()) return playFromCursor();
  const TimeRange r = model_->selectionExtent();
  return play(r.start_s, r.end_s);
}

void AudioPlayer::togglePlayback() {
  if (isPlaying()) {
    stop();
  } else {
    playFromCursor();
  }
}

void AudioPlayer::stop() {
  timer_.stop();
  const bool was = sink_ != nullptr;
  if (sink_) {
    sink_->disconnect(this);
    sink_->stop();
    sink_->deleteLater();
    sink_ = nullptr;
  }
  if (source_) {
    source_->deleteLater();
    source_ = nullptr;
  }
  model_->setPlayPosition(-1.0);
  if (was) emit playingChanged(false);
}

void AudioPlayer::tick() {
  if (!sink_) return;
  const double t = from_ + double(sink_->processedUSecs()) / 1e6;
  model_->setPlayPosition(std::min(t, to_));
}

}  // namespace steerscope::views
