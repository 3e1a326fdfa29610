// EspeakSynthesizer and align_espeak_events: the alignment rules on hand-made event lists, then real
// espeak-ng output for every built-in speaker and the whole vocabulary: tiers cover the audio without
// overlaps, word labels spell the transcript, and the audio does not depend on what was synthesised before.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/corpus/command_generator.h"
#include "core/corpus/corpus_random.h"
#include "core/corpus/dictation_generator.h"
#include "core/corpus/espeak_alignment.h"
#include "core/corpus/espeak_synthesizer.h"
#include "core/corpus/speaker_set.h"
#include "core/corpus/transcript_text.h"
#include "core/util/error.h"

using namespace steerscope;

namespace {

EspeakSpeech speech_at_100hz(int64_t samples) {
  EspeakSpeech s;
  s.sample_rate = 100;  // one sample = 10 ms keeps the expected times readable
  s.samples.assign(static_cast<size_t>(samples), 0);
  return s;
}

std::string labels(const AlignmentTier& tier) {
  std::string out;
  for (const auto& item : tier.items) out += "[" + item.label + "]";
  return out;
}

// Checks the invariants every tier must satisfy and returns the non-empty labels joined by spaces.
std::string check_tier(const AlignmentTier& tier, double duration_s) {
  EXPECT_FALSE(tier.items.empty()) << tier.name;
  if (tier.items.empty()) return "";
  EXPECT_DOUBLE_EQ(tier.items.front().start_s, 0.0) << tier.name;
  EXPECT_DOUBLE_EQ(tier.items.back().end_s, duration_s) << tier.name;
  std::string joined;
  for (size_t i = 0; i < tier.items.size(); ++i) {
    const auto& item = tier.items[i];
    EXPECT_LT(item.start_s, item.end_s) << tier.name << " item " << i;
    if (i > 0) {
      EXPECT_EQ(item.start_s, tier.items[i - 1].end_s) << tier.name << " item " << i;
      EXPECT_FALSE(item.label.empty() && tier.items[i - 1].label.empty())
          << tier.name << " unmerged silence " << i;
    }
    if (!item.label.empty()) joined += (joined.empty() ? "" : " ") + item.label;
  }
  return joined;
}

}  // namespace

TEST(EspeakAlignment, PhonesRunToTheNextEventAndWordsFollowThem) {
  // "set a timer": the word event of "timer" (sample 50) lies inside the phone before it, so "t" starts
  // there.
  EspeakSpeech s = speech_at_100hz(100);
  s.phones = {{10, 1, "s"},  {20, 1, "ɛ"}, {30, 1, "t"}, {40, 5, "ɐ"}, {60, 7, "t"},
              {70, 7, "aɪ"}, {80, 7, "m"}, {85, 7, "ɚ"}, {92, 12, ""}, {100, 12, ""}};
  s.words = {{0, 1, 3}, {40, 5, 1}, {50, 7, 5}};
  s.word_phoneme_counts = {3, 1, 4};
  const SpeechAlignment a = align_espeak_events(s, "set a timer", 0.5, 2.0);
  EXPECT_EQ(labels(a.phones), "[][s][ɛ][t][ɐ][t][aɪ][m][ɚ][]");
  EXPECT_EQ(labels(a.words), "[][set][a][timer][]");
  EXPECT_EQ(check_tier(a.phones, 2.0), "s ɛ t ɐ t aɪ m ɚ");
  EXPECT_EQ(check_tier(a.words, 2.0), "set a timer");
  EXPECT_DOUBLE_EQ(a.phones.items[1].start_s, 0.6);  // 0.5 s offset + 10 samples at 100 Hz
  EXPECT_DOUBLE_EQ(a.phones.items[4].start_s, 0.9);  // ɐ
  EXPECT_DOUBLE_EQ(a.phones.items[4].end_s, 1.0);    // ends at the word event of "timer"
  EXPECT_DOUBLE_EQ(a.words.items[3].start_s, 1.0);
  EXPECT_DOUBLE_EQ(a.words.items[3].end_s, 1.42);  // first pause event
}

TEST(EspeakAlignment, AWordEventAtAPhoneStartMovesNothing) {
  // "an alarm": espeak reports the word event of "alarm" where the "n" of "an" starts.
  EspeakSpeech s = speech_at_100hz(60);
  s.phones = {{5, 1, "ɐ"}, {20, 1, "n"}, {30, 4, "ɐ"}, {40, 4, "l"}, {50, 4, "ɑː"}, {55, 9, ""}};
  s.words = {{0, 1, 2}, {20, 4, 5}};
  const SpeechAlignment a = align_espeak_events(s, "an alarm", 0.0, 0.6);
  EXPECT_EQ(check_tier(a.words, 0.6), "an alarm");
  EXPECT_DOUBLE_EQ(a.words.items[1].end_s, 0.3);  // "an" keeps its "n"
  EXPECT_DOUBLE_EQ(a.words.items[2].start_s, 0.3);
}

TEST(EspeakAlignment, SplitsAWordGroupByStandAlonePhonemeCounts) {
  // espeak speaks "on the" as one entry: its four phonemes all carry the position of "on".
  EspeakSpeech s = speech_at_100hz(100);
  s.phones = {{10, 1, "ɒ"}, {20, 1, "n"}, {30, 1, "ð"},  {40, 1, "ə"}, {50, 8, "b"},
              {60, 8, "ɹ"}, {70, 8, "ɪ"}, {80, 8, "dʒ"}, {90, 15, ""}};
  s.words = {{0, 1, 6}, {50, 8, 6}};
  s.word_phoneme_counts = {2, 2, 4};
  SpeechAlignment a = align_espeak_events(s, "on the bridge", 0.0, 1.0);
  EXPECT_EQ(labels(a.words), "[][on][the][bridge][]");
  EXPECT_DOUBLE_EQ(a.words.items[2].start_s, 0.3);
  EXPECT_DOUBLE_EQ(a.words.items[2].end_s, 0.5);

  // Counts that do not add up share the phones out proportionally, each word keeping one.
  s.word_phoneme_counts = {5, 1, 4};
  a = align_espeak_events(s, "on the bridge", 0.0, 1.0);
  EXPECT_EQ(labels(a.words), "[][on][the][bridge][]");
  EXPECT_DOUBLE_EQ(a.words.items[2].start_s, 0.4);  // round(4 * 5/6) = 3 phones for "on"
  s.word_phoneme_counts.clear();                    // no counts: one each
  a = align_espeak_events(s, "on the bridge", 0.0, 1.0);
  EXPECT_EQ(check_tier(a.words, 1.0), "on the bridge");
}

TEST(EspeakAlignment, PausesBecomeSilencesAndTimesClampToTheDuration) {
  EspeakSpeech s = speech_at_100hz(100);
  s.phones = {{10, 1, "h"}, {20, 1, "aɪ"}, {40, 4, ""}, {60, 4, "j"}, {70, 4, "uː"}, {90, 7, ""}};
  s.words = {{0, 1, 2}, {60, 4, 3}};
  const SpeechAlignment a = align_espeak_events(s, "hi you", 0.0, 0.8);  // audio shorter than the speech
  EXPECT_EQ(labels(a.phones), "[][h][aɪ][][j][uː]");
  EXPECT_EQ(check_tier(a.phones, 0.8), "h aɪ j uː");
  EXPECT_EQ(check_tier(a.words, 0.8), "hi you");
}

TEST(EspeakAlignment, RejectsEventsThatDoNotFitTheText) {
  EspeakSpeech s = speech_at_100hz(50);
  s.phones = {{10, 1, "h"}, {20, 30, "aɪ"}};
  EXPECT_THROW(align_espeak_events(s, "hi", 0.0, 0.5), Error);  // position outside the text
  s.phones = {{10, 1, "h"}, {5, 1, "aɪ"}};
  EXPECT_THROW(align_espeak_events(s, "hi", 0.0, 0.5), Error);  // back in time
  s.phones = {{10, 4, "j"}, {20, 4, "uː"}};
  try {
    align_espeak_events(s, "hi you", 0.0, 0.5);  // "hi" has no phoneme
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'hi you'"), std::string::npos) << e.what();
  }
}

TEST(EspeakSynthesizer, EverySpeakerYieldsAudioAndAConsistentAlignment) {
  const EspeakSynthesizer synthesizer;
  const SpeakerSet speakers = SpeakerSet::builtin(SpeakerSet::max_builtin_speakers());
  const DictationGenerator dictation;
  const CommandGenerator commands;
  CorpusRandom random(4);
  for (const auto& speaker : speakers.speakers()) {
    for (int k = 0; k < 3; ++k) {
      const std::string text = k == 0 ? commands.generate(random).text : dictation.generate(random);
      const EspeakSpeech speech = synthesizer.synthesize(
          text, {speaker.espeak_voice, speaker.rate_wpm, speaker.pitch, speaker.pitch_range});
      EXPECT_EQ(speech.sample_rate, 22050);
      const double seconds = static_cast<double>(speech.samples.size()) / speech.sample_rate;
      EXPECT_GT(seconds, 0.3) << text;
      EXPECT_LT(seconds, 8.0) << text;
      EXPECT_EQ(speech.word_phoneme_counts.size(), transcript_words(text).size());
      const double duration = seconds + 0.3;
      const SpeechAlignment a = align_espeak_events(speech, text, 0.1, duration);
      EXPECT_EQ(check_tier(a.words, duration), text) << speaker.id;
      check_tier(a.phones, duration);
      EXPECT_GE(a.phones.items.size(), transcript_words(text).size()) << speaker.id << ": " << text;
      // The speech starts after the 0.1 s offset and ends before the padding.
      EXPECT_GE(a.words.items[1].start_s, 0.1);
      EXPECT_LE(a.words.items[a.words.items.size() - 2].end_s, seconds + 0.1 + 1e-9);
    }
  }
}

// Every word the generators can produce is spoken with at least one phone by a US, a British and a
// Caribbean voice (espeak-ng could otherwise drop or merge a word the aligner cannot place).
TEST(EspeakSynthesizer, EveryVocabularyWordGetsPhones) {
  std::set<std::string> vocabulary;
  for (const auto& w : DictationGenerator().vocabulary()) vocabulary.insert(w);
  for (const auto& w : CommandGenerator().vocabulary()) vocabulary.insert(w);
  std::vector<std::string> chunks(1);
  for (const auto& w : vocabulary) {
    if (transcript_words(chunks.back()).size() >= 20) chunks.emplace_back();
    chunks.back() += (chunks.back().empty() ? "" : " ") + w;
  }
  const EspeakSynthesizer synthesizer;
  for (const char* voice : {"en-us+m3", "en+f2", "en-029+m6"}) {
    for (const auto& text : chunks) {
      const EspeakSpeech speech = synthesizer.synthesize(text, {voice, 175, 50, 50});
      const double duration = static_cast<double>(speech.samples.size()) / speech.sample_rate;
      const SpeechAlignment a = align_espeak_events(speech, text, 0.0, duration);
      EXPECT_EQ(check_tier(a.words, duration), text) << voice;
    }
  }
}

TEST(EspeakSynthesizer, AudioIsAPureFunctionOfTextAndVoice) {
  // espeak-ng 1.51 carries state between syntheses in one process; the synthesiser must not.
  const EspeakSynthesizer synthesizer;
  const EspeakVoiceSettings voice{"en-us+m3", 170, 45, 50};
  const EspeakSpeech first = synthesizer.synthesize("set a timer for ten minutes", voice);
  synthesizer.synthesize("the hungry fox ran quickly across the bridge", {"en-gb-scotland+m1", 160, 50, 50});
  synthesizer.synthesize("hello", {"en+f2", 190, 60, 50});
  const EspeakSpeech again = synthesizer.synthesize("set a timer for ten minutes", voice);
  EXPECT_EQ(first.samples, again.samples);
  EXPECT_EQ(first.phones.size(), again.phones.size());
  const EspeakSpeech faster =
      synthesizer.synthesize("set a timer for ten minutes", {"en-us+m3", 220, 45, 50});
  EXPECT_LT(faster.samples.size(), first.samples.size());
}

TEST(EspeakSynthesizer, UnknownVoiceIsAnErrorNamingIt) {
  try {
    EspeakSynthesizer().synthesize("hello", {"xx-nonexistent+zz", 175, 50, 50});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("xx-nonexistent+zz"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(EspeakSynthesizer::library_version().empty());
}
