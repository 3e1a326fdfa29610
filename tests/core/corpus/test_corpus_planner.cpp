// CorpusPlanner: the split rules (held-out sentences, held-out speaker), counts, reproducibility and the
// language-model text, checked on plans without synthesising anything.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/corpus/corpus_planner.h"
#include "core/corpus/function_call.h"
#include "core/corpus/transcript_text.h"
#include "core/util/error.h"

using namespace steerscope;

namespace {

CorpusOptions small_options() {
  CorpusOptions o;
  o.seed = 9;
  o.train = 800;
  o.validation = 120;
  o.test = 150;
  o.test_heldout_speaker = 100;
  o.commands_fraction = 0.4;
  o.speakers = 8;
  o.lm_extra = 2000;
  return o;
}

std::map<std::string, std::vector<const PlannedUtterance*>> by_split(
    const std::vector<PlannedUtterance>& plan) {
  std::map<std::string, std::vector<const PlannedUtterance*>> out;
  for (const auto& u : plan) out[u.split].push_back(&u);
  return out;
}

}  // namespace

TEST(CorpusPlanner, CountsIdsAndKindsFollowTheOptions) {
  const CorpusOptions o = small_options();
  const auto plan = CorpusPlanner(o).plan();
  auto splits = by_split(plan);
  EXPECT_EQ(splits["train"].size(), 800u);
  EXPECT_EQ(splits["validation"].size(), 120u);
  EXPECT_EQ(splits["test"].size(), 150u);
  EXPECT_EQ(splits["test_heldout_speaker"].size(), 100u);
  EXPECT_EQ(splits.size(), 4u);
  std::set<std::string> ids;
  for (const auto& u : plan) {
    EXPECT_TRUE(ids.insert(u.id).second) << u.id;
    EXPECT_EQ(u.id.rfind(u.split + "-", 0), 0u) << u.id;
    EXPECT_TRUE(is_normalised_transcript(u.text)) << u.text;
    EXPECT_EQ(u.kind == UtteranceKind::kCommand, !u.call.empty()) << u.id;
    if (!u.call.empty()) {
      EXPECT_NO_THROW(FunctionCall::parse(u.call)) << u.call;
    }
    EXPECT_GE(u.leading_silence, 1600);
    EXPECT_LE(u.leading_silence, 4800);
    EXPECT_GE(u.trailing_silence, 1600);
    EXPECT_LE(u.trailing_silence, 4800);
  }
  EXPECT_EQ(splits["train"].front()->id, "train-00001");
  for (const char* name : {"train", "validation", "test"}) {
    int commands = 0;
    for (const auto* u : splits[name]) commands += u->kind == UtteranceKind::kCommand;
    EXPECT_EQ(commands, static_cast<int>(std::lround(0.4 * splits[name].size()))) << name;
  }
}

TEST(CorpusPlanner, ValidationAndTestSentencesNeverOccurInTrain) {
  const CorpusPlanner planner(small_options());
  const auto plan = planner.plan();
  std::map<std::string, std::set<std::string>> texts;
  for (const auto& u : plan) texts[u.split].insert(u.text);
  for (const char* held : {"validation", "test", "test_heldout_speaker"})
    for (const auto& t : texts[held]) EXPECT_FALSE(texts["train"].count(t)) << held << ": " << t;
  for (const auto& t : texts["validation"]) EXPECT_FALSE(texts["test"].count(t)) << t;
  // The owner of every text is its split (test_heldout_speaker speaks test sentences).
  for (const auto& u : plan)
    EXPECT_EQ(planner.text_split(u.text), u.split == "test_heldout_speaker" ? "test" : u.split) << u.text;
}

TEST(CorpusPlanner, HeldOutSpeakerOnlyInItsSplitAndSaysTheTestSentences) {
  const CorpusPlanner planner(small_options());
  const auto plan = planner.plan();
  const std::string held_out = planner.speakers().held_out_speaker().id;
  std::map<std::string, std::map<std::string, int>> per_speaker;
  for (const auto& u : plan) {
    ++per_speaker[u.split][u.speaker];
    if (u.split == "test_heldout_speaker") {
      EXPECT_EQ(u.speaker, held_out) << u.id;
    } else {
      EXPECT_NE(u.speaker, held_out) << u.id;
    }
  }
  // Training speakers are balanced within a split.
  const size_t training = planner.speakers().training_speakers().size();
  EXPECT_EQ(training, 7u);
  for (const char* name : {"train", "validation", "test"}) {
    EXPECT_EQ(per_speaker[name].size(), training) << name;
    int lo = 1 << 30, hi = 0;
    for (const auto& [id, n] : per_speaker[name]) lo = std::min(lo, n), hi = std::max(hi, n);
    EXPECT_LE(hi - lo, 1) << name;
  }
  auto splits = by_split(plan);
  for (size_t i = 0; i < splits["test_heldout_speaker"].size(); ++i) {
    EXPECT_EQ(splits["test_heldout_speaker"][i]->text, splits["test"][i]->text);
    EXPECT_EQ(splits["test_heldout_speaker"][i]->call, splits["test"][i]->call);
  }
}

TEST(CorpusPlanner, SameOptionsSamePlanAndTestIndependentOfTrainSize) {
  const CorpusOptions o = small_options();
  const auto a = CorpusPlanner(o).plan();
  const auto b = CorpusPlanner(o).plan();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].text, b[i].text);
    EXPECT_EQ(a[i].speaker, b[i].speaker);
    EXPECT_EQ(a[i].voice.rate_wpm, b[i].voice.rate_wpm);
    EXPECT_EQ(a[i].voice.pitch, b[i].voice.pitch);
    EXPECT_EQ(a[i].leading_silence, b[i].leading_silence);
  }
  CorpusOptions bigger = o;
  bigger.train = 1300;
  auto test_of = [](const std::vector<PlannedUtterance>& plan) {
    std::vector<std::string> out;
    for (const auto& u : plan)
      if (u.split == "test" || u.split == "validation") out.push_back(u.id + " " + u.speaker + " " + u.text);
    return out;
  };
  EXPECT_EQ(test_of(a), test_of(CorpusPlanner(bigger).plan()));
  CorpusOptions other_seed = o;
  other_seed.seed = 10;
  EXPECT_NE(test_of(a), test_of(CorpusPlanner(other_seed).plan()));
}

TEST(CorpusPlanner, DictationIsUniqueAndCommandsVaried) {
  const auto plan = CorpusPlanner(small_options()).plan();
  std::set<std::string> dictation, commands;
  int command_count = 0;
  for (const auto& u : plan) {
    if (u.split == "test_heldout_speaker") continue;
    if (u.kind == UtteranceKind::kDictation) {
      EXPECT_TRUE(dictation.insert(u.text).second) << u.text;
    } else {
      ++command_count;
      commands.insert(u.text);
    }
  }
  EXPECT_GT(commands.size(), static_cast<size_t>(command_count * 9 / 10));
}

TEST(CorpusPlanner, VoicesJitterAroundTheSpeakers) {
  const CorpusPlanner planner(small_options());
  std::set<int> rates;
  for (const auto& u : planner.plan()) {
    const SpeakerProfile& s = planner.speakers().find(u.speaker);
    EXPECT_EQ(u.voice.voice, s.espeak_voice);
    EXPECT_LE(std::abs(u.voice.rate_wpm - s.rate_wpm), 8);
    EXPECT_LE(std::abs(u.voice.pitch - s.pitch), 4);
    rates.insert(u.voice.rate_wpm - s.rate_wpm);
  }
  EXPECT_EQ(rates.size(), 17u);
}

TEST(CorpusPlanner, LanguageModelTextHasTrainItemsAndNoHeldOutSentence) {
  const CorpusPlanner planner(small_options());
  const auto plan = planner.plan();
  const auto lines = planner.lm_text_lines(plan);
  EXPECT_EQ(lines.size(), 800u + 2000u);
  std::set<std::string> held_out;
  for (const auto& u : plan)
    if (u.split != "train") held_out.insert(u.text);
  size_t i = 0, commands = 0;
  for (const auto& u : plan) {
    if (u.split != "train") continue;
    EXPECT_EQ(lines[i++], u.kind == UtteranceKind::kCommand ? u.text + " => " + u.call : u.text);
  }
  for (const auto& line : lines) {
    const size_t arrow = line.find(" => ");
    const std::string text = arrow == std::string::npos ? line : line.substr(0, arrow);
    EXPECT_TRUE(is_normalised_transcript(text)) << line;
    EXPECT_FALSE(held_out.count(text)) << line;
    EXPECT_EQ(planner.text_split(text), "train") << line;
    if (arrow != std::string::npos) {
      ++commands;
      EXPECT_NO_THROW(FunctionCall::parse(line.substr(arrow + 4))) << line;
    }
  }
  EXPECT_NEAR(static_cast<double>(commands) / lines.size(), 0.4, 0.05);
}

TEST(CorpusPlanner, InvalidOptionsNameTheOption) {
  auto message = [](CorpusOptions o) {
    try {
      CorpusPlanner p(o);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CorpusOptions o = small_options();
  o.train = -1;
  EXPECT_NE(message(o).find("--train"), std::string::npos);
  o = small_options();
  o.commands_fraction = 1.5;
  EXPECT_NE(message(o).find("--commands-fraction"), std::string::npos);
  o = small_options();
  o.speakers = 1;
  EXPECT_NE(message(o).find("--speakers"), std::string::npos);
  o = small_options();
  o.speakers = 13;
  EXPECT_NE(message(o).find("--speakers"), std::string::npos);
  o = small_options();
  o.train = o.validation = o.test = o.test_heldout_speaker = 0;
  EXPECT_NE(message(o).find("empty"), std::string::npos);
}

TEST(SpeakerSet, BuiltinSetHasEightOrMoreSpeakersAndOneHeldOut) {
  EXPECT_GE(SpeakerSet::max_builtin_speakers(), 8);
  const SpeakerSet set = SpeakerSet::builtin(SpeakerSet::max_builtin_speakers());
  int held_out = 0;
  std::set<std::string> ids, voices;
  for (const auto& s : set.speakers()) {
    held_out += s.held_out;
    ids.insert(s.id);
    voices.insert(s.espeak_voice);
  }
  EXPECT_EQ(held_out, 1);
  EXPECT_EQ(ids.size(), set.speakers().size());
  EXPECT_EQ(voices.size(), set.speakers().size());
  // The held-out speaker is the same whatever the count, and training speakers keep their ids.
  EXPECT_EQ(SpeakerSet::builtin(3).held_out_speaker().id, set.held_out_speaker().id);
  EXPECT_EQ(SpeakerSet::builtin(3).training_speakers()[1].id, set.training_speakers()[1].id);
  EXPECT_THROW(SpeakerSet::builtin(1), Error);
  EXPECT_THROW(set.find("nobody"), Error);
}
