#pragma once
// Records from the default microphone for the spoken-QA demo (Qt Multimedia QAudioSource, 16 kHz mono
// 16-bit where the device supports it, else the device's preferred format resampled later by the app),
// keeping the samples in memory. Fails with a message when there is no input device.

#include <QObject>
#include <QTimer>
#include <vector>

class QAudioSource;
class QIODevice;

namespace steerscope::views {

class MicrophoneRecorder : public QObject {
  Q_OBJECT
 public:
  explicit MicrophoneRecorder(QObject* parent = nullptr);
  ~MicrophoneRecorder() override;

  static bool inputAvailable();
  bool isRecording() const { return source_ != nullptr; }
  bool start();
  // Stops and returns the recording: mono samples in [-1, 1] at sampleRate().
  std::vector<float> stop();
  int sampleRate() const { return rate_; }
  double seconds() const { return rate_ > 0 ? double(samples_.size()) / rate_ : 0.0; }

 signals:
  void levelChanged(double peak);  // of the last ~50 ms, 0..1
  void errorOccurred(const QString& message);

 private:
  void pull();
  QAudioSource* source_ = nullptr;
  QIODevice* device_ = nullptr;
  std::vector<float> samples_;
  int rate_ = 16000;
  int channels_ = 1;
  QTimer timer_;
};

}  // namespace steerscope::views
