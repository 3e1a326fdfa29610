// Sessions and display settings survive a save and load exactly; saving is atomic and never leaves a
// half-written file; paths below the session's folder are stored relative to it; bad files give
// messages naming them.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

#include "app/gui/session_file.h"
#include "tests/views/gui_test_support.h"

using namespace steerscope;
using namespace steerscope::gui;

TEST(SpectrogramSettings, JsonRoundTripKeepsEveryField) {
  views::SpectrogramSettings s = views::SpectrogramSettings::encoderPreset();
  s.window = SpectrogramWindow::kBlackman;
  s.window_size = 1024;
  s.hop = 80;
  s.floor_db = -70;
  s.ceiling_db = 5;
  s.colour_map = views::ColourMapId::kInferno;
  s.axis = views::FrequencyAxis::kLog;
  s.min_hz = 60;
  s.max_hz = 7000;
  EXPECT_EQ(views::SpectrogramSettings::fromJson(s.toJson()), s);
  // Nonsense values fall back to something drawable.
  const auto bad = views::SpectrogramSettings::fromJson(
      QJsonObject{{"hop", -5}, {"ceiling_db", -200.0}, {"colour_map", "jet"}});
  EXPECT_GE(bad.hop, 1);
  EXPECT_GT(bad.ceiling_db, bad.floor_db);
  EXPECT_EQ(bad.colour_map, views::ColourMapId::kViridis);
}

TEST(SessionFile, SaveAndLoadRestoreTheSameSession) {
  test::guiApp();
  QTemporaryDir dir;
  Session s;
  s.recording = dir.filePath("runs/a.h5");
  s.comparison_recording = "/elsewhere/b.h5";
  s.checkpoints = {dir.filePath("models/whisper"), dir.filePath("models/steering.safetensors"), "/opt/qwen",
                   "1, 2, 3"};
  s.utterance = "utt-7";
  s.layer = 3;
  s.zoom_level = 37;
  s.first_column = 1234;
  s.cursor = 1.25;
  s.selection = {{0.5, 0.75}, {1.0, 2.0}};
  s.spectrogram = views::SpectrogramSettings::encoderPreset();
  s.router_colours = views::ColourMapId::kMagma;
  s.include_padding = true;
  s.panes = {{"waveform", false}, {"spectrogram", true}};
  s.tab = "comparison";
  s.sampling.sample = true;
  s.sampling.temperature = 0.3;
  s.sampling.seed = 42;
  const QString path = dir.filePath("study.steerscope");
  QString error;
  ASSERT_TRUE(SessionFile::save(s, path, &error)) << error.toStdString();
  // Paths below the session's folder are relative; others stay absolute.
  QFile f(path);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
  EXPECT_EQ(json.value("recording").toString(), QStringLiteral("runs/a.h5"));
  EXPECT_EQ(json.value("comparison_recording").toString(), QStringLiteral("/elsewhere/b.h5"));
  EXPECT_EQ(json.value("checkpoints").toObject().value("encoder").toString(),
            QStringLiteral("models/whisper"));
  // Nothing but the session is left in the folder (the temporary file was renamed into place).
  EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{"study.steerscope"});

  const auto loaded = SessionFile::load(path, &error);
  ASSERT_TRUE(loaded) << error.toStdString();
  EXPECT_EQ(loaded->recording, s.recording);
  EXPECT_EQ(loaded->comparison_recording, s.comparison_recording);
  EXPECT_EQ(loaded->checkpoints, s.checkpoints);
  EXPECT_EQ(loaded->utterance, s.utterance);
  EXPECT_EQ(loaded->layer, 3);
  EXPECT_EQ(loaded->zoom_level, 37);
  EXPECT_EQ(loaded->first_column, 1234);
  EXPECT_DOUBLE_EQ(loaded->cursor, 1.25);
  EXPECT_EQ(loaded->selection, s.selection);
  EXPECT_EQ(loaded->spectrogram, s.spectrogram);
  EXPECT_EQ(loaded->router_colours, views::ColourMapId::kMagma);
  EXPECT_TRUE(loaded->include_padding);
  EXPECT_EQ(loaded->panes, s.panes);
  EXPECT_EQ(loaded->tab, s.tab);
  EXPECT_TRUE(loaded->sampling.sample);
  EXPECT_DOUBLE_EQ(loaded->sampling.temperature, 0.3);
  EXPECT_EQ(loaded->sampling.seed, 42u);
}

TEST(SessionFile, SavingReplacesTheFileByRenameNotInPlace) {
  // A save writes a new file and renames it over the old one: a reader (or a crash) sees either the
  // old session or the new one, never a mixture. The new file therefore has a new inode.
  test::guiApp();
  QTemporaryDir dir;
  const QString path = dir.filePath("s.steerscope");
  Session s;
  s.utterance = "first";
  QString error;
  ASSERT_TRUE(SessionFile::save(s, path, &error));
  struct stat before {};
  ASSERT_EQ(::stat(path.toLocal8Bit().constData(), &before), 0);
  // Keep the old file open, as a concurrent reader would: it must still read the old content.
  QFile reader(path);
  ASSERT_TRUE(reader.open(QIODevice::ReadOnly));
  s.utterance = "second";
  ASSERT_TRUE(SessionFile::save(s, path, &error));
  struct stat after {};
  ASSERT_EQ(::stat(path.toLocal8Bit().constData(), &after), 0);
  EXPECT_NE(before.st_ino, after.st_ino);
  EXPECT_TRUE(reader.readAll().contains("first"));
  EXPECT_EQ(SessionFile::load(path, &error)->utterance, QStringLiteral("second"));
  EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{"s.steerscope"});
}

TEST(SessionFile, BadFilesGiveMessagesNamingThem) {
  test::guiApp();
  QTemporaryDir dir;
  QString error;
  EXPECT_FALSE(SessionFile::load(dir.filePath("missing.steerscope"), &error));
  EXPECT_TRUE(error.contains("missing.steerscope"));
  const QString junk = dir.filePath("junk.steerscope");
  QFile f(junk);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write("{not json");
  f.close();
  EXPECT_FALSE(SessionFile::load(junk, &error));
  EXPECT_TRUE(error.contains("not valid JSON")) << error.toStdString();
  QFile g(dir.filePath("other.steerscope"));
  ASSERT_TRUE(g.open(QIODevice::WriteOnly));
  g.write(R"({"format":"steerscope-session","version":99})");
  g.close();
  EXPECT_FALSE(SessionFile::load(dir.filePath("other.steerscope"), &error));
  EXPECT_TRUE(error.contains("newer")) << error.toStdString();
}
