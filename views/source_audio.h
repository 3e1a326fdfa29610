#pragma once
// The decoded source audio of an utterance, for the waveform pane and playback: mono at the model rate
// (16 kHz), with its min/max envelopes. A recording only names its audio (UtteranceRecord::source_path);
// when the file has moved or is unreadable the workbench hides the waveform and plays nothing, and
// everything else still works from the recording.

#include <memory>
#include <string>
#include <vector>

#include "core/io/recording_types.h"
#include "views/waveform_summary.h"

namespace steerscope::views {

struct SourceAudio {
  std::string path;            // the file that was read
  std::vector<float> samples;  // mono, at sample_rate
  int sample_rate = 16000;
  WaveformSummary summary;
  double durationSeconds() const { return sample_rate > 0 ? double(samples.size()) / sample_rate : 0.0; }
};

std::shared_ptr<const SourceAudio> makeSourceAudio(std::vector<float> samples, int sample_rate,
                                                   std::string path);

// Where a file a recording names (an utterance's source audio, a checkpoint's tokenizer) is now: the path as
// recorded, else, for a recording moved together with its files (a shared corpus, the installed demo
// bundle), the path's last one, two or three components under the recording's directory. Empty if none
// exists; `tried` lists the candidates.
std::string findRecordedFile(const std::string& path, const std::string& recording_dir,
                            std::string* tried = nullptr);

// Reads the utterance's source audio, found by findRecordedFile. Returns null when it cannot be found or
// decoded (never throws); *why then says what was tried.
std::shared_ptr<const SourceAudio> loadSourceAudio(const UtteranceRecord& utterance,
                                                   const std::string& recording_dir,
                                                   std::string* why = nullptr);

}  // namespace steerscope::views
