#include "core/corpus/corpus_planner.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace steerscope {

namespace {

// Random streams. Each split has its own text, assignment (kinds, speakers) and voice streams, numbered
// from these bases plus the split's index in split_names().
constexpr uint64_t kTextStream = 100;
constexpr uint64_t kAssignmentStream = 200;
constexpr uint64_t kVoiceStream = 300;
constexpr uint64_t kLanguageModelStream = 400;

constexpr int kRateJitterWpm = 8;
constexpr int kPitchJitter = 4;
constexpr int kMinSilence = CorpusPlanner::kSampleRate / 10;      // 0.1 s
constexpr int kMaxSilence = 3 * CorpusPlanner::kSampleRate / 10;  // 0.3 s

// Text-space shares, in per mille of the seeded text hash.
constexpr uint64_t kTestPerMille = 100;
constexpr uint64_t kValidationPerMille = 100;

// Draw attempts before giving up: a text owned by the split is found within a few tries unless the
// generators' space is exhausted.
constexpr int kMaxAttempts = 200000;
constexpr int kCommandUniqueAttempts = 50;

std::vector<UtteranceKind> shuffled_kinds(int count, double commands_fraction, CorpusRandom& random) {
  const int commands = static_cast<int>(std::lround(commands_fraction * count));
  std::vector<UtteranceKind> kinds(static_cast<size_t>(count), UtteranceKind::kDictation);
  std::fill(kinds.begin(), kinds.begin() + commands, UtteranceKind::kCommand);
  random.shuffle(kinds);
  return kinds;
}

std::string utterance_id(const std::string& split, int number, int count) {
  std::string digits = std::to_string(number);
  const size_t width = std::max<size_t>(5, std::to_string(count).size());
  return split + "-" + std::string(width - std::min(width, digits.size()), '0') + digits;
}

CorpusOptions validated(const CorpusOptions& options) {
  options.validate();
  return options;
}

}  // namespace

const char* utterance_kind_name(UtteranceKind kind) {
  return kind == UtteranceKind::kCommand ? "command" : "dictation";
}

CorpusPlanner::CorpusPlanner(const CorpusOptions& options)
    : options_(validated(options)), speakers_(SpeakerSet::builtin(options_.speakers)) {}

const std::vector<std::string>& CorpusPlanner::split_names() {
  static const std::vector<std::string> kNames = {"train", "validation", "test", "test_heldout_speaker"};
  return kNames;
}

std::string CorpusPlanner::text_split(const std::string& text) const {
  const uint64_t bucket = seeded_text_hash(options_.seed, text) % 1000;
  if (bucket < kTestPerMille) return "test";
  if (bucket < kTestPerMille + kValidationPerMille) return "validation";
  return "train";
}

CorpusPlanner::DrawnText CorpusPlanner::draw_text(const std::string& owner, UtteranceKind kind,
                                                  CorpusRandom& random, std::set<std::string>& used) const {
  DrawnText fallback{kind, "", ""};
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    DrawnText drawn{kind, "", ""};
    if (kind == UtteranceKind::kCommand) {
      SpokenCommand c = commands_.generate(random);
      drawn.text = std::move(c.text);
      drawn.call = c.call.to_string();
    } else {
      drawn.text = dictation_.generate(random);
    }
    if (text_split(drawn.text) != owner) continue;
    if (!used.count(drawn.text)) {
      used.insert(drawn.text);
      return drawn;
    }
    // A command space is small: after enough tries, repeat a command text (with another speaker).
    if (kind == UtteranceKind::kCommand) {
      if (fallback.text.empty()) fallback = drawn;
      if (attempt >= kCommandUniqueAttempts) return fallback;
    }
  }
  if (!fallback.text.empty()) return fallback;
  throw Error(std::string("corpus plan: cannot find another distinct ") + utterance_kind_name(kind) +
              " text for the " + owner +
              " split; the generator's text space is exhausted (reduce the split sizes)");
}

std::vector<PlannedUtterance> CorpusPlanner::plan() const {
  const auto& names = split_names();
  const std::vector<SpeakerProfile> training = speakers_.training_speakers();
  const SpeakerProfile& held_out = speakers_.held_out_speaker();
  std::vector<PlannedUtterance> out;

  // Texts and kinds of one text-owning split; the test split also serves test_heldout_speaker.
  auto draw_split = [&](size_t split_index, int count) {
    CorpusRandom assignment(options_.seed, kAssignmentStream + split_index);
    CorpusRandom text_random(options_.seed, kTextStream + split_index);
    const std::vector<UtteranceKind> kinds = shuffled_kinds(count, options_.commands_fraction, assignment);
    std::set<std::string> used;
    std::vector<DrawnText> texts;
    for (UtteranceKind kind : kinds) texts.push_back(draw_text(names[split_index], kind, text_random, used));
    return texts;
  };

  // Renders one split's utterances: speakers balanced over `pool` (shuffled), voice jitter and padding.
  auto emit = [&](size_t split_index, const std::vector<DrawnText>& texts, int count,
                  const std::vector<SpeakerProfile>& pool) {
    CorpusRandom assignment(options_.seed, kAssignmentStream + 10 + split_index);
    CorpusRandom voice_random(options_.seed, kVoiceStream + split_index);
    std::vector<size_t> speaker_of(static_cast<size_t>(count));
    for (size_t i = 0; i < speaker_of.size(); ++i) speaker_of[i] = i % pool.size();
    assignment.shuffle(speaker_of);
    for (int i = 0; i < count; ++i) {
      const DrawnText& t = texts[static_cast<size_t>(i)];
      const SpeakerProfile& speaker = pool[speaker_of[static_cast<size_t>(i)]];
      PlannedUtterance u;
      u.id = utterance_id(names[split_index], i + 1, count);
      u.split = names[split_index];
      u.kind = t.kind;
      u.text = t.text;
      u.call = t.call;
      u.speaker = speaker.id;
      u.voice.voice = speaker.espeak_voice;
      u.voice.rate_wpm =
          speaker.rate_wpm + static_cast<int>(voice_random.uniform_int(-kRateJitterWpm, kRateJitterWpm));
      u.voice.pitch = std::clamp(
          speaker.pitch + static_cast<int>(voice_random.uniform_int(-kPitchJitter, kPitchJitter)), 0, 99);
      u.voice.pitch_range = speaker.pitch_range;
      u.leading_silence = static_cast<int>(voice_random.uniform_int(kMinSilence, kMaxSilence));
      u.trailing_silence = static_cast<int>(voice_random.uniform_int(kMinSilence, kMaxSilence));
      out.push_back(std::move(u));
    }
  };

  emit(0, draw_split(0, options_.train), options_.train, training);
  emit(1, draw_split(1, options_.validation), options_.validation, training);
  const std::vector<DrawnText> test_texts =
      draw_split(2, std::max(options_.test, options_.test_heldout_speaker));
  emit(2, test_texts, options_.test, training);
  emit(3, test_texts, options_.test_heldout_speaker, {held_out});
  return out;
}

std::vector<std::string> CorpusPlanner::lm_text_lines(const std::vector<PlannedUtterance>& plan) const {
  auto line = [](UtteranceKind kind, const std::string& text, const std::string& call) {
    return kind == UtteranceKind::kCommand ? text + " => " + call : text;
  };
  std::vector<std::string> lines;
  std::set<std::string> used;
  for (const auto& u : plan) {
    if (u.split != "train") continue;
    lines.push_back(line(u.kind, u.text, u.call));
    if (u.kind == UtteranceKind::kDictation) used.insert(u.text);
  }
  CorpusRandom random(options_.seed, kLanguageModelStream);
  for (int i = 0; i < options_.lm_extra; ++i) {
    const UtteranceKind kind =
        random.chance(options_.commands_fraction) ? UtteranceKind::kCommand : UtteranceKind::kDictation;
    const DrawnText t = draw_text("train", kind, random, used);
    lines.push_back(line(t.kind, t.text, t.call));
  }
  return lines;
}

}  // namespace steerscope
