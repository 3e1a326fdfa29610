// bench_views: the workbench's timeline on a recording of one hour of audio (one utterance, 32 layers ×
// 8 experts at 50 Hz, 80-mel log-mel at 100 Hz, phone and word tiers, the source audio as a WAV file),
// at 1920×1080 on the offscreen platform.
//
// Prints
//  - the time to open the recording and show it (target <= 2 s): open the file, read the utterance,
//    decode the hour of audio, build the panes, first complete paint;
//  - the distribution of paint times of the whole pane stack while panning and zooming (target
//    <= 16 ms per frame). Paints never wait for tiles (views/async_tile_renderer.h), so the time until
//    the background has rendered every visible tile after a zoom is printed separately.
//
// Usage: bench_views [--dir DIR] [--keep] [--per-pane]
//   DIR holds the generated files (default: a temporary dir, removed unless --keep); --per-pane times the
//   zoom frames pane by pane and prints each pane's slowest paint.
// The test data are found next to this file (tests/data); tests/test_support.h reads the environment.
#define STEERSCOPE_TEST_DATA_DIR ""
#define STEERSCOPE_CLI_PATH ""

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>

#include "core/io/audio_file.h"
#include "core/io/recording_writer.h"
#include "tests/views/workbench_test_data.h"
#include "views/recording_document.h"
#include "views/source_audio.h"
#include "views/timeline_stack.h"
#include "views/utterance_loader.h"

using namespace steerscope;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// One hour: the fixture clip repeated, its log-mel and tiers tiled alongside.
void writeHourRecording(const std::string& dir, std::string& recording_path) {
  const double hour = 3600.0;
  AudioBuffer clip = load_audio(test::data_path("fixtures/audio/clip0_16k.wav"), 16000);
  const size_t clip_n = clip.samples.size();
  const size_t total = size_t(hour * 16000);
  std::vector<float> audio(total);
  for (size_t i = 0; i < total; ++i) audio[i] = clip.samples[i % clip_n];
  const std::string wav = dir + "/hour.wav";
  write_wav_pcm16(wav, audio, 16000);

  test::SyntheticRecordingOptions o;
  o.layers = 32;
  const ModelConstants constants = test::syntheticConstants(o);
  const double clip_s = double(clip_n) / 16000;
  const auto span = test::speechSpan(clip.samples, 16000);
  const auto clip_tiers = test::sampleTiers(clip_s, span.first, span.second);
  UtteranceRecord u;
  u.id = "one-hour";
  u.source_path = wav;
  u.source_sample_rate = 16000;
  u.duration_s = hour;
  u.speaker = "spk_a";
  u.tiers = {AlignmentTier{"phones", AlignmentTier::Kind::kInterval, {}},
             AlignmentTier{"words", AlignmentTier::Kind::kInterval, {}}};
  for (double t0 = 0; t0 + clip_s <= hour + 1e-9; t0 += clip_s)
    for (size_t k = 0; k < 2; ++k)
      for (const auto& item : clip_tiers[k].items)
        u.tiers[k].items.push_back({t0 + item.start_s, t0 + item.end_s, item.label});
  LogMelFrontEnd front_end(LogMelConfig::from_preprocessor_config(
      test::data_path("fixtures/whisper_tiny/preprocessor_config.json")));
  const FloatMatrix clip_mel = front_end.compute(clip.samples, MelPadding::kNone);
  const int64_t mel_frames = int64_t(hour * 100);
  u.log_mel = FloatMatrix(80, mel_frames);
  for (int64_t m = 0; m < 80; ++m)
    for (int64_t f = 0; f < mel_frames; ++f) u.log_mel.at(m, f) = clip_mel.at(m, f % clip_mel.cols);
  u.log_mel_frame_rate_hz = 100.0;
  u.layers = test::syntheticRouting(u.tiers[0].items, hour, o, constants, 1);
  u.output = test::syntheticOutput("the quick brown fox jumps over the lazy dog", 1);
  RunInfo run;
  run.tool_version = "bench";
  run.extra["synthetic"] = "one hour of the fixture clip, routing following phone classes";
  RecordingOptions options;
  options.n_mels = 80;
  options.overwrite = true;
  recording_path = dir + "/hour.h5";
  auto writer = RecordingWriter::create(recording_path, run, constants, options);
  writer.write(u);
  writer.close();
}

// CPU time of this thread: on a loaded machine the wall time of a paint includes time the scheduler gave
// to other processes; the CPU time is what the paint itself costs.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Distribution {
  std::vector<double> ms;
  void print(const char* what) {
    std::sort(ms.begin(), ms.end());
    auto q = [&](double p) { return ms[std::min(ms.size() - 1, size_t(p * double(ms.size())))]; };
    const size_t over = size_t(std::count_if(ms.begin(), ms.end(), [](double v) { return v > 16.0; }));
    std::printf("%-34s n=%4zu  min %6.2f  median %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f ms   >16 ms: %zu\n",
                what, ms.size(), ms.front(), q(0.5), q(0.9), q(0.99), ms.back(), over);
  }
};

std::string loadAverage() {
  FILE* f = std::fopen("/proc/loadavg", "r");
  char buf[64] = {0};
  if (f) {
    if (!std::fgets(buf, sizeof buf, f)) buf[0] = 0;
    std::fclose(f);
  }
  std::string s(buf);
  return s.substr(0, s.find(' ', s.find(' ', s.find(' ') + 1) + 1));
}

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  if (qEnvironmentVariableIsEmpty("STEERSCOPE_TEST_DATA"))
    qputenv("STEERSCOPE_TEST_DATA",
            (std::filesystem::path(__FILE__).parent_path().parent_path() / "data").string().c_str());
  if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) qputenv("XDG_RUNTIME_DIR", QDir::tempPath().toUtf8());
  QApplication app(argc, argv);
  QString dir_arg;
  bool keep = false, per_pane = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--dir" && i + 1 < argc) dir_arg = argv[++i];
    if (std::string(argv[i]) == "--keep") keep = true;
    if (std::string(argv[i]) == "--per-pane") per_pane = true;  // zoom frames pane by pane instead
  }
  QTemporaryDir temp;
  temp.setAutoRemove(!keep);
  const std::string dir = dir_arg.isEmpty() ? temp.path().toStdString() : dir_arg.toStdString();
  std::filesystem::create_directories(dir);
  std::string recording = dir + "/hour.h5";
  if (!std::filesystem::exists(recording)) {
    std::printf("writing a one-hour recording to %s ...\n", dir.c_str());
    const auto t = Clock::now();
    writeHourRecording(dir, recording);
    std::printf("  written in %.1f s (%.0f MB)\n", ms_since(t) / 1000.0,
                double(std::filesystem::file_size(recording)) / 1e6);
  }

  // Open: file, utterance, audio, panes, first complete paint.
  views::TimelineModel model;
  views::TimelineStack stack(&model);
  stack.resize(1920, 1080);
  stack.show();
  QCoreApplication::processEvents();
  // The workbench's path: the loader shows the tiers and the current layer first, then everything.
  views::UtteranceLoader loader;
  views::TimelineContentPtr shown;
  bool complete = false;
  double t_first = 0, t_complete = 0;
  const auto t_open = Clock::now();
  QObject::connect(&loader, &views::UtteranceLoader::contentReady,
                   [&](views::TimelineContentPtr c, bool done) {
                     stack.setContent(c);
                     stack.setSynchronousRendering(true);
                     stack.repaint();
                     stack.setSynchronousRendering(false);
                     (done ? t_complete : t_first) = ms_since(t_open);
                     shown = c;
                     complete = done;
                   });
  auto doc = views::RecordingDocument::open(recording);
  const double t_file = ms_since(t_open);
  loader.load(doc, 0, 0, {}, QStringLiteral("hour.h5 · one-hour"));
  {
    // Wait in the event loop (not spinning: the machine's cores belong to the loader meanwhile).
    QEventLoop wait;
    QObject::connect(&loader, &views::UtteranceLoader::contentReady, &wait,
                     [&](views::TimelineContentPtr, bool done) {
                       if (done) wait.quit();
                     });
    if (!complete) wait.exec();
  }
  const auto content = shown;
  std::printf("\nopen a one-hour recording (target <= 2000 ms):\n");
  std::printf("  on screen (tiers, current layer; painted)   %6.0f ms   [file index %.0f ms]\n", t_first,
              t_file);
  std::printf("  complete (all 32 layers, log-mel, audio)    %6.0f ms\n", t_complete);
  {
    // Where the complete load spends its time (the recording reader, deflate level 1, and the decoder).
    const auto t = Clock::now();
    doc->readTiers(0);
    const double tiers = ms_since(t);
    doc->readLayer(0, 0);
    const double layer = ms_since(t) - tiers;
    const UtteranceRecord full = doc->read(0);
    const double all = ms_since(t) - tiers - layer;
    views::loadSourceAudio(full, doc->directory());
    const double audio = ms_since(t) - tiers - layer - all;
    std::printf("  reader: tiers %.0f ms, one layer %.0f ms, whole utterance %.0f ms; audio decode %.0f ms\n",
                tiers, layer, all, audio);
  }
  std::printf("  %d layers x %d experts x %lld frames; %zu phones; audio %s\n", content->layerCount(),
              content->expertCount(), (long long)content->record.layers[0].probs.rows,
              content->record.tiers[0].items.size(), content->audio ? "readable" : "MISSING");

  // Paint times at 1920x1080 while panning and zooming.
  std::printf("\npaint of the whole stack (%d panes visible, %dx%d), target <= 16 ms per frame:\n",
              int(stack.visiblePanes().size()), stack.width(), stack.height());
  Distribution cpu;
  auto frame = [&](Distribution& d) {
    const auto t = Clock::now();
    const double c = thread_cpu_ms();
    stack.repaint();
    d.ms.push_back(ms_since(t));
    cpu.ms.push_back(thread_cpu_ms() - c);
    QCoreApplication::processEvents();  // tiles that finished arrive between frames, as in the app
  };
  Distribution pan_out, pan_mid, pan_in, zoom, all;
  model.zoomToFit();
  for (int i = 0; i < 120; ++i) {
    model.panByPixels(i < 60 ? 40 : -40);
    frame(pan_out);
  }
  model.setLevel(40);  // ~0.064 s per pixel: two minutes in view
  model.centreOn(1800);
  for (int i = 0; i < 240; ++i) {
    model.panByPixels(24);
    frame(pan_mid);
  }
  model.setLevel(20);  // 2 ms per pixel: ~4 s in view
  model.centreOn(1234.5);
  for (int i = 0; i < 240; ++i) {
    model.panByPixels(16);
    frame(pan_in);
  }
  std::map<QString, double> worst;
  for (int i = 0; i < 160; ++i) {
    model.zoomBy(i % 80 < 40 ? 1 : -1, model.viewWidth() / 2.0);
    if (per_pane) {
      for (auto* p : stack.visiblePanes()) {
        const auto t = Clock::now();
        p->repaint();
        worst[p->title()] = std::max(worst[p->title()], ms_since(t));
      }
      QCoreApplication::processEvents();
      continue;
    }
    frame(zoom);
  }
  for (const auto& [name, ms] : worst)
    std::printf("  slowest paint of pane %-36s %.2f ms\n", name.toUtf8().constData(), ms);
  pan_out.print("pan, whole hour in view");
  pan_mid.print("pan, 2 minutes in view");
  pan_in.print("pan, 4 seconds in view");
  zoom.print("zoom in and out, 1 step per frame");
  for (auto* d : {&pan_out, &pan_mid, &pan_in, &zoom})
    all.ms.insert(all.ms.end(), d->ms.begin(), d->ms.end());
  all.print("all frames (wall time)");
  if (!cpu.ms.empty()) cpu.print("all frames (CPU time of the paint)");
  std::printf("  (load average while measuring: %s)\n", loadAverage().c_str());

  // Background rendering: after a jump to a new place and zoom, how long until every tile is drawn.
  Distribution settle;
  for (int i = 0; i < 12; ++i) {
    model.setLevel(16 + 5 * i);
    model.centreOn(100.0 + 290.0 * i);
    const auto t = Clock::now();
    stack.repaint();
    stack.waitForRendering();
    stack.repaint();
    settle.ms.push_back(ms_since(t));
  }
  settle.print("new view until all tiles drawn");
  return 0;
}
