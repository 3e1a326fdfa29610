#include "core/corpus/espeak_alignment.h"

#include <algorithm>
#include <cmath>

#include "core/corpus/transcript_text.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

// A stretch of the synthesised speech, from start to the next segment's start.
struct Segment {
  int64_t start = 0;  // samples at the speech's rate
  std::string phone;  // "" for silence
  int group =
      -1;         // transcript word at which espeak-ng's word (possibly several words) starts; -1 for silence
  int word = -1;  // transcript word the phone is assigned to; -1 for silence
};

// Splits n phones between words with the given stand-alone phoneme counts, in proportion to them (exactly
// the counts when they add up to n), each word keeping at least one phone. Returns each word's number of
// phones; n >= counts.size().
std::vector<int> share_phones(int n, const std::vector<int>& counts) {
  const int words = static_cast<int>(counts.size());
  int total = 0;
  for (int c : counts) total += std::max(c, 1);
  std::vector<int> boundary(counts.size() + 1, 0);
  int cumulative = 0;
  for (int i = 0; i < words; ++i) {
    cumulative += std::max(counts[i], 1);
    boundary[i + 1] = static_cast<int>(std::lround(static_cast<double>(n) * cumulative / total));
  }
  for (int i = 1; i <= words; ++i) boundary[i] = std::max(boundary[i], boundary[i - 1] + 1);
  boundary[words] = n;
  for (int i = words - 1; i >= 0; --i) boundary[i] = std::min(boundary[i], boundary[i + 1] - 1);
  std::vector<int> share(counts.size());
  for (int i = 0; i < words; ++i) share[i] = boundary[i + 1] - boundary[i];
  return share;
}

}  // namespace

SpeechAlignment align_espeak_events(const EspeakSpeech& speech, const std::string& text, double offset_s,
                                    double duration_s) {
  const std::string where = "alignment of '" + text + "': ";
  if (speech.sample_rate <= 0) throw Error(where + "speech has no sample rate");
  const std::vector<std::string> words = transcript_words(text);
  std::vector<size_t> word_start;  // 0-based character offset of each word
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] != ' ' && (i == 0 || text[i - 1] == ' ')) word_start.push_back(i);

  // The word containing 1-based character position pos, or -1.
  auto word_at = [&](int pos) -> int {
    if (pos < 1 || static_cast<size_t>(pos) > text.size()) return -1;
    const size_t c = static_cast<size_t>(pos - 1);
    auto it = std::upper_bound(word_start.begin(), word_start.end(), c);
    if (it == word_start.begin()) return -1;
    const size_t w = static_cast<size_t>(it - word_start.begin()) - 1;
    return c < word_start[w] + words[w].size() ? static_cast<int>(w) : -1;
  };

  const int64_t end = static_cast<int64_t>(speech.samples.size());
  std::vector<Segment> segments;
  segments.push_back({0, "", -1, -1});  // silence before the first phoneme
  for (const auto& e : speech.phones) {
    Segment s{std::clamp<int64_t>(e.sample, 0, end), e.phone, -1, -1};
    if (!e.phone.empty()) {
      s.group = word_at(e.text_position);
      if (s.group < 0)
        throw Error(where + "phoneme '" + e.phone + "' refers to character " +
                    std::to_string(e.text_position) + ", which is not in a word");
    }
    if (s.start < segments.back().start)
      throw Error(where + "phoneme events go back in time at sample " + std::to_string(e.sample));
    segments.push_back(s);
  }

  // Groups in order of time: each runs from its first word up to the next group's first word.
  std::vector<int> group_first_word;
  std::vector<std::vector<size_t>> group_segments;
  for (size_t i = 0; i < segments.size(); ++i) {
    const int g = segments[i].group;
    if (g < 0) continue;
    if (group_first_word.empty() || group_first_word.back() != g) {
      if (!group_first_word.empty() && g < group_first_word.back())
        throw Error(where + "phonemes of '" + words[static_cast<size_t>(g)] +
                    "' follow those of a later word");
      group_first_word.push_back(g);
      group_segments.emplace_back();
    }
    group_segments.back().push_back(i);
  }
  if (group_first_word.empty() || group_first_word.front() != 0)
    throw Error(where + "espeak-ng produced no phonemes for '" + words.front() + "'");
  for (size_t g = 0; g < group_first_word.size(); ++g) {
    const int first = group_first_word[g];
    const int last =
        g + 1 < group_first_word.size() ? group_first_word[g + 1] : static_cast<int>(words.size());
    const auto& members = group_segments[g];
    if (last - first == 1) {
      for (size_t i : members) segments[i].word = first;
      continue;
    }
    if (static_cast<int>(members.size()) < last - first)
      throw Error(where + "espeak-ng produced no phonemes for '" + words[static_cast<size_t>(first + 1)] +
                  "'");
    std::vector<int> counts;
    for (int w = first; w < last; ++w)
      counts.push_back(static_cast<size_t>(w) < speech.word_phoneme_counts.size()
                           ? speech.word_phoneme_counts[static_cast<size_t>(w)]
                           : 1);
    const std::vector<int> share = share_phones(static_cast<int>(members.size()), counts);
    size_t k = 0;
    for (int w = first; w < last; ++w)
      for (int n = 0; n < share[static_cast<size_t>(w - first)]; ++n) segments[members[k++]].word = w;
  }

  // Word events that fall inside the preceding phone or silence move the word's first phone back to them.
  for (const auto& e : speech.words) {
    const int w = word_at(e.text_position);
    if (w < 0 || word_start[static_cast<size_t>(w)] != static_cast<size_t>(e.text_position - 1)) continue;
    for (size_t j = 1; j < segments.size(); ++j) {
      if (segments[j].word != w) continue;
      if (segments[j - 1].start < e.sample && e.sample < segments[j].start) segments[j].start = e.sample;
      break;
    }
  }

  auto seconds = [&](int64_t sample) {
    return std::min(duration_s, offset_s + static_cast<double>(sample) / speech.sample_rate);
  };

  SpeechAlignment out;
  out.phones.name = "phones";
  out.words.name = "words";
  auto add = [](AlignmentTier& tier, double start, double stop, const std::string& label) {
    if (!(stop > start)) return;
    if (!tier.items.empty() && label.empty() && tier.items.back().label.empty()) {
      tier.items.back().end_s = stop;  // merge neighbouring silences
      return;
    }
    tier.items.push_back({start, stop, label});
  };

  add(out.phones, 0.0, seconds(0), "");
  std::vector<double> word_begin(words.size(), -1.0), word_end(words.size(), -1.0);
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    const int64_t stop = i + 1 < segments.size() ? segments[i + 1].start : end;
    if (stop <= s.start) continue;
    const double a = seconds(s.start), b = seconds(stop);
    add(out.phones, a, b, s.phone);
    if (s.word < 0) continue;
    const auto w = static_cast<size_t>(s.word);
    if (word_begin[w] < 0.0) word_begin[w] = a;
    word_end[w] = b;
  }
  add(out.phones, out.phones.items.empty() ? 0.0 : out.phones.items.back().end_s, duration_s, "");

  double t = 0.0;
  for (size_t w = 0; w < words.size(); ++w) {
    if (word_begin[w] < 0.0 || !(word_end[w] > word_begin[w]))
      throw Error(where + "espeak-ng produced no phonemes for '" + words[w] + "'");
    add(out.words, t, word_begin[w], "");
    add(out.words, word_begin[w], word_end[w], words[w]);
    t = word_end[w];
  }
  add(out.words, t, duration_s, "");
  return out;
}

}  // namespace steerscope
