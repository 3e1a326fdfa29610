// The Simplified Chinese translation is complete: lupdate run over the sources now finds no string that
// translations/steerscope_zh_CN.ts lacks or leaves unfinished, lrelease compiles it without unfinished
// entries, and the compiled translation is what the workbench loads.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QFile>
#include <QXmlStreamReader>
#include <map>

#include "app/gui/ui_language.h"
#include "tests/test_support.h"
#include "tests/views/gui_test_support.h"

namespace {

struct TsEntry {
  QString translation;
  QString type;  // "", "unfinished", "vanished", "obsolete"
};
using TsMessages = std::map<std::pair<QString, QString>, TsEntry>;  // (context, source) -> entry

TsMessages readTs(const QString& path) {
  TsMessages out;
  QFile f(path);
  EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
  QXmlStreamReader xml(&f);
  QString context, source;
  TsEntry entry;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement()) {
      if (xml.name() == QLatin1String("context")) context.clear();
      if (xml.name() == QLatin1String("name")) context = xml.readElementText();
      if (xml.name() == QLatin1String("message")) {
        source.clear();
        entry = {};
      }
      if (xml.name() == QLatin1String("source")) source = xml.readElementText();
      if (xml.name() == QLatin1String("translation")) {
        entry.type = xml.attributes().value(QLatin1String("type")).toString();
        entry.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
      }
    } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
      out[{context, source}] = entry;
    }
  }
  EXPECT_FALSE(xml.hasError()) << path.toStdString() << ": " << xml.errorString().toStdString();
  return out;
}

const QString kCommitted = QStringLiteral(STEERSCOPE_SOURCE_DIR "/translations/steerscope_zh_CN.ts");

}  // namespace

TEST(Translations, EverySourceStringHasAFinishedChineseTranslation) {
  const auto dir = steerscope::test::scratch_dir("lupdate");
  const std::string fresh = (dir / "fresh_zh_CN.ts").string();
  const std::string command =
      std::string(STEERSCOPE_LUPDATE) +
      " -silent -no-obsolete -locations none -target-language zh_CN -I " STEERSCOPE_SOURCE_DIR " " +
      STEERSCOPE_SOURCE_DIR "/views " STEERSCOPE_SOURCE_DIR "/app/gui -ts " + fresh;
  const auto run = steerscope::test::run_shell(command);
  ASSERT_EQ(run.exit_code, 0) << command << "\n" << run.out << run.err;
  const TsMessages sources = readTs(QString::fromStdString(fresh));
  ASSERT_GT(sources.size(), 300u) << "lupdate found suspiciously few strings";
  const TsMessages committed = readTs(kCommitted);
  std::vector<std::string> problems;
  for (const auto& [key, unused] : sources) {
    auto it = committed.find(key);
    if (it == committed.end()) {
      problems.push_back("missing: [" + key.first.toStdString() + "] " + key.second.toStdString());
    } else if (!it->second.type.isEmpty() || it->second.translation.trimmed().isEmpty()) {
      problems.push_back("unfinished: [" + key.first.toStdString() + "] " + key.second.toStdString());
    }
  }
  for (const auto& [key, entry] : committed)
    if (!sources.count(key))
      problems.push_back("no longer in the sources: [" + key.first.toStdString() + "] " +
                         key.second.toStdString());
  std::string list;
  for (size_t i = 0; i < problems.size() && i < 40; ++i) list += problems[i] + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size()
                                << " problems; run /usr/lib/qt6/bin/lupdate -I . views app/gui -ts "
                                << kCommitted.toStdString() << " and translate:\n"
                                << list;
}

TEST(Translations, LreleaseReportsNoUnfinishedEntry) {
  const auto dir = steerscope::test::scratch_dir("lrelease");
  const std::string qm = (dir / "steerscope_zh_CN.qm").string();
  const auto run = steerscope::test::run_shell(std::string(STEERSCOPE_LRELEASE) + " " +
                                               kCommitted.toStdString() + " -qm " + qm);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find(" 0 unfinished"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("ignored"), std::string::npos) << run.out;
}

TEST(Translations, TheWorkbenchLoadsTheChineseTranslation) {
  steerscope::test::guiApp();
  EXPECT_TRUE(steerscope::gui::availableTranslations().contains(QStringLiteral("zh_CN")));
  ASSERT_TRUE(steerscope::gui::installTranslations(QStringLiteral("zh_CN")));
  const QString timeline = QCoreApplication::translate("steerscope::gui::MainWindow", "Timeline");
  EXPECT_NE(timeline, QStringLiteral("Timeline"));
  EXPECT_TRUE(timeline.contains(QChar(0x65F6)) || timeline.contains(QChar(0x8F74))) << timeline.toStdString();
}
