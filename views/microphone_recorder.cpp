#include "views/microphone_recorder.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSource>
#include <QMediaDevices>
#include <cmath>

namespace steerscope::views {

MicrophoneRecorder::MicrophoneRecorder(QObject* parent) : QObject(parent) {
  timer_.setInterval(50);
  connect(&timer_, &QTimer::timeout, this, &MicrophoneRecorder::pull);
}

MicrophoneRecorder::~MicrophoneRecorder() {
  if (isRecording()) stop();
}

bool MicrophoneRecorder::inputAvailable() {
  return !QMediaDevices::defaultAudioInput().isNull();
}

bool MicrophoneRecorder::start() {
  const QAudioDevice device = QMediaDevices::defaultAudioInput();
  if (device.isNull()) {
    emit errorOccurred(tr("No microphone is available."));
    return false;
  }
  QAudioFormat format;
  format.setSampleRate(16000);
  format.setChannelCount(1);
  format.setSampleFormat(QAudioFormat::Int16);
  if (!device.isFormatSupported(format)) format = device.preferredFormat();
  if (format.sampleFormat() != QAudioFormat::Int16 && format.sampleFormat() != QAudioFormat::Float) {
    format.setSampleFormat(QAudioFormat::Int16);
    if (!device.isFormatSupported(format)) {
      emit errorOccurred(tr("The microphone offers no 16-bit or float format."));
      return false;
    }
  }
  rate_ = format.sampleRate();
  channels_ = std::max(1, format.channelCount());
  samples_.clear();
  source_ = new QAudioSource(device, format, this);
  device_ = source_->start();
  if (!device_) {
    delete source_;
    source_ = nullptr;
    emit errorOccurred(tr("The microphone could not be opened."));
    return false;
  }
  timer_.start();
  return true;
}

void MicrophoneRecorder::pull() {
  if (!device_) return;
  const QByteArray bytes = device_->readAll();
  const bool is_float = source_->format().sampleFormat() == QAudioFormat::Float;
  const int width = is_float ? 4 : 2;
  const int64_t frames = bytes.size() / (width * channels_);
  double peak = 0.0;
  for (int64_t f = 0; f < frames; ++f) {
    double sum = 0.0;
    for (int c = 0; c < channels_; ++c) {
      const char* p = bytes.constData() + (f * channels_ + c) * width;
      sum += is_float ? double(*reinterpret_cast<const float*>(p))
                      : double(*reinterpret_cast<const int16_t*>(p)) / 32768.0;
    }
    const float v = float(sum / channels_);
    samples_.push_back(v);
    peak = std::max(peak, double(std::abs(v)));
  }
  emit levelChanged(peak);
}

std::vector<float> MicrophoneRecorder::stop() {
  if (source_) {
    pull();
    timer_.stop();
    source_->stop();
    source_->deleteLater();
    source_ = nullptr;
    device_ = nullptr;
  }
  return std::move(samples_);
}

}  // namespace steerscope::views
