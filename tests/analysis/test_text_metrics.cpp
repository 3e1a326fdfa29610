// WER, CER and QA accuracy: the reference's tokenisation (jiwer 3.0.3 defaults), the minimum-edit
// alignment and its tie-breaking, micro-averaging, empty references and hypotheses, Chinese by character,
// the English normalisation, and the Clotho-AQA substring rule. Expected values are worked out by hand
// in the comments.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "analysis/edit_alignment.h"
#include "analysis/error_rate_accumulator.h"
#include "analysis/qa_accuracy_accumulator.h"
#include "analysis/transcript_tokens.h"

namespace steerscope::analysis {
namespace {

using Tokens = std::vector<std::string>;

TEST(TranscriptTokens, WordsFollowJiwerDefaultTransform) {
  EXPECT_EQ(word_tokens("  hello   world  "), (Tokens{"hello", "world"}));
  EXPECT_EQ(word_tokens(""), Tokens{});
  EXPECT_EQ(word_tokens(" \t\n "), Tokens{});
  // RemoveMultipleSpaces only rewrites runs of two or more whitespace characters, and words are split on
  // U+0020 only: a lone tab (or ideographic space) stays inside the token, as in jiwer.
  EXPECT_EQ(word_tokens("a\tb"), Tokens{"a\tb"});
  EXPECT_EQ(word_tokens("a\t\tb"), (Tokens{"a", "b"}));
  EXPECT_EQ(word_tokens("a\xE3\x80\x80"
                        "b"),
            Tokens{"a\xE3\x80\x80"
                   "b"});
  EXPECT_EQ(word_tokens("a \xE3\x80\x80"
                        "b"),
            (Tokens{"a", "b"}));
  // No normalisation: case and punctuation are part of the words.
  EXPECT_EQ(word_tokens("Hello, world!"), (Tokens{"Hello,", "world!"}));
}

TEST(TranscriptTokens, CharactersAreCodePointsWithInnerSpacesKept) {
  EXPECT_EQ(character_tokens(" ab  c "), (Tokens{"a", "b", " ", "c"}));
  EXPECT_EQ(character_tokens("今天 好"), (Tokens{"今", "天", " ", "好"}));
  // Invalid UTF-8 is scored byte by byte instead of aborting the corpus.
  EXPECT_EQ(character_tokens("a\xff"
                             "b"),
            (Tokens{"a", "\xff", "b"}));
}

TEST(TranscriptTokens, EnglishNormalisationIsExactlyAsDocumented) {
  EXPECT_EQ(normalize_english("Hello, World!"), "hello world");
  EXPECT_EQ(normalize_english("Don't STOP\xE2\x80\x94"
                              "believing."),
            "don't stop believing");
  EXPECT_EQ(normalize_english("'quoted' dogs' o'clock"), "quoted dogs o'clock");
  EXPECT_EQ(normalize_english("It\xE2\x80\x99s"), "it's");   // U+2019 read as an apostrophe
  EXPECT_EQ(normalize_english("well-known"), "well known");  // punctuation becomes a space
  EXPECT_EQ(normalize_english("\xC3\x89"
                              "COLE"),
            "\xC3\xA9"
            "cole");                            // ÉCOLE -> école
  EXPECT_EQ(normalize_english("3.5%"), "3 5");  // numbers are not spelled out or kept whole
  EXPECT_EQ(normalize_english("  a \t\n b  "), "a b");
  EXPECT_EQ(normalize_english("你好，世界。"), "你好 世界");  // full-width/CJK punctuation too
  const std::string once = normalize_english("It's a 'TEST' -- isn't it?");
  EXPECT_EQ(once, "it's a test isn't it");
  EXPECT_EQ(normalize_english(once), once);
}

TEST(EditAlignment, SubstitutionAndDeletion) {
  // the cat sat on the mat / the cat sit on mat: sat->sit, one "the" deleted.
  const auto a = align_tokens(word_tokens("the cat sat on the mat"), word_tokens("the cat sit on mat"));
  EXPECT_EQ(a.counts.hits, 4);
  EXPECT_EQ(a.counts.substitutions, 1);
  EXPECT_EQ(a.counts.deletions, 1);
  EXPECT_EQ(a.counts.insertions, 0);
  std::string ops;
  for (const auto& t : a.tokens) ops += static_cast<char>(t.op);
  EXPECT_EQ(ops, "==S=D=");
  EXPECT_EQ(a.tokens[2].reference, "sat");
  EXPECT_EQ(a.tokens[2].hypothesis, "sit");
  EXPECT_EQ(a.tokens[4].reference, "the");
  EXPECT_TRUE(a.tokens[4].hypothesis.empty());
  EXPECT_DOUBLE_EQ(a.counts.rate(), 2.0 / 6.0);
}

TEST(EditAlignment, TiesPreferHitsOverSubstitutions) {
  // "a b" -> "b c": two substitutions or delete a, keep b, insert c; both 2 edits. We (and sclite) take
  // the one with a hit.
  const auto a = align_tokens({"a", "b"}, {"b", "c"});
  EXPECT_EQ(a.counts, (EditCounts{1, 0, 1, 1}));
  std::string ops;
  for (const auto& t : a.tokens) ops += static_cast<char>(t.op);
  EXPECT_EQ(ops, "D=I");
}

TEST(EditAlignment, EmptyReferenceOrHypothesis) {
  const auto only_insertions = align_tokens({}, {"x", "y"});
  EXPECT_EQ(only_insertions.counts, (EditCounts{0, 0, 0, 2}));
  EXPECT_TRUE(std::isinf(only_insertions.counts.rate()));
  const auto only_deletions = align_tokens({"x", "y"}, {});
  EXPECT_EQ(only_deletions.counts, (EditCounts{0, 0, 2, 0}));
  EXPECT_DOUBLE_EQ(only_deletions.counts.rate(), 1.0);
  const auto nothing = align_tokens({}, {});
  EXPECT_EQ(nothing.counts, EditCounts{});
  EXPECT_EQ(nothing.counts.rate(), 0.0);
  EXPECT_TRUE(nothing.tokens.empty());
}

// Plain Levenshtein distance, written independently of the library's DP.
int64_t levenshtein(const Tokens& a, const Tokens& b) {
  std::vector<int64_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = int64_t(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int64_t diag = row[0];
    row[0] = int64_t(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int64_t up = row[j];
      row[j] = std::min({up + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

TEST(EditAlignment, ErrorsEqualLevenshteinDistanceAndCountsAgree) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> len(0, 9), sym(0, 3);
  for (int trial = 0; trial < 500; ++trial) {
    Tokens ref, hyp;
    for (int i = len(rng); i > 0; --i) ref.push_back(std::string(1, char('a' + sym(rng))));
    for (int i = len(rng); i > 0; --i) hyp.push_back(std::string(1, char('a' + sym(rng))));
    const auto a = align_tokens(ref, hyp);
    ASSERT_EQ(a.counts.errors(), levenshtein(ref, hyp)) << "trial " << trial;
    ASSERT_EQ(a.counts.reference_length(), int64_t(ref.size()));
    ASSERT_EQ(a.counts.hypothesis_length(), int64_t(hyp.size()));
    ASSERT_EQ(count_edits(ref, hyp), a.counts) << "trial " << trial;
    // The aligned view reproduces both sequences.
    Tokens r2, h2;
    for (const auto& t : a.tokens) {
      if (t.op != EditOp::kInsertion) r2.push_back(t.reference);
      if (t.op != EditOp::kDeletion) h2.push_back(t.hypothesis);
      if (t.op == EditOp::kHit) {
        ASSERT_EQ(t.reference, t.hypothesis);
      }
      if (t.op == EditOp::kSubstitution) {
        ASSERT_NE(t.reference, t.hypothesis);
      }
    }
    ASSERT_EQ(r2, ref);
    ASSERT_EQ(h2, hyp);
  }
}

TEST(ErrorRateAccumulator, CorpusRateIsMicroAveraged) {
  ErrorRateAccumulator wer;
  EXPECT_EQ(wer.add("a b c d", "a b c d").counts.errors(), 0);
  const auto second = wer.add("a", "b c");  // one substitution, one insertion; reference length 1
  EXPECT_EQ(second.counts.errors(), 2);
  EXPECT_DOUBLE_EQ(second.rate(), 2.0);
  // Σ(S+D+I) / Σ(S+D+H) = 2 / 5, not the mean of the per-utterance rates (0 + 2) / 2.
  EXPECT_DOUBLE_EQ(wer.corpus_rate(), 0.4);
  EXPECT_EQ(wer.utterances(), 2);
}

TEST(ErrorRateAccumulator, EmptyReferenceCountsInsertionsAndDoesNotThrow) {
  ErrorRateAccumulator wer;
  const auto u = wer.add("   ", "thank you");
  EXPECT_EQ(u.counts, (EditCounts{0, 0, 0, 2}));
  EXPECT_TRUE(std::isinf(u.rate()));
  EXPECT_TRUE(std::isinf(wer.corpus_rate()));  // nothing in the denominator yet
  wer.add("his holiness", "");
  // 2 insertions + 2 deletions over 2 reference words.
  EXPECT_DOUBLE_EQ(wer.corpus_rate(), 2.0);
  EXPECT_EQ(wer.empty_references(), 1);
}

TEST(ErrorRateAccumulator, ChineseIsScoredByCharacter) {
  ErrorRateAccumulator cer({ErrorUnit::kCharacter, false, true});
  // 今天天气很好 -> 今天气很好啊: one 天 deleted, 啊 inserted; 5 hits, 6 reference characters.
  const auto u = cer.add("今天天气很好", "今天气很好啊");
  EXPECT_EQ(u.counts, (EditCounts{5, 0, 1, 1}));
  EXPECT_DOUBLE_EQ(cer.corpus_rate(), 2.0 / 6.0);
  // As words, the unsegmented sentence is one token: one substitution.
  ErrorRateAccumulator wer;
  EXPECT_EQ(wer.add("今天天气很好", "今天气很好啊").counts, (EditCounts{0, 1, 0, 0}));
}

TEST(ErrorRateAccumulator, CerCountsSpacesAsCharacters) {
  ErrorRateAccumulator cer({ErrorUnit::kCharacter, false, true});
  // "ab cd" -> "abcd": the space is deleted; 5 reference characters.
  const auto u = cer.add("ab cd", "abcd");
  EXPECT_EQ(u.counts, (EditCounts{4, 0, 1, 0}));
  EXPECT_EQ(u.alignment[2].reference, " ");
  EXPECT_EQ(u.alignment[2].op, EditOp::kDeletion);
  // Leading/trailing whitespace and runs are collapsed first, as jiwer does.
  EXPECT_EQ(cer.add("  ab   cd ", "ab cd").counts.errors(), 0);
}

TEST(ErrorRateAccumulator, NormalisationRemovesCaseAndPunctuationDifferences) {
  ErrorRateAccumulator plain;
  EXPECT_EQ(plain.add("Hello, World!", "hello world").counts, (EditCounts{0, 2, 0, 0}));
  ErrorRateAccumulator normalised({ErrorUnit::kWord, true, true});
  EXPECT_EQ(normalised.add("Hello, World!", "hello world").counts, (EditCounts{2, 0, 0, 0}));
  EXPECT_EQ(normalised.add("It's well-known.", "its well known").counts, (EditCounts{2, 1, 0, 0}));
}

TEST(QaAccuracy, ClothoAqaSubstringRule) {
  EXPECT_TRUE(clotho_aqa_correct("  dog ", "dog"));
  EXPECT_TRUE(clotho_aqa_correct("a dog barking", "dog"));  // the reference inside the prediction
  EXPECT_TRUE(clotho_aqa_correct("dog", "a dog barking"));  // and the other way round
  EXPECT_FALSE(clotho_aqa_correct("Dog", "dog"));           // case-sensitive
  EXPECT_FALSE(clotho_aqa_correct("cat", "dog"));
  EXPECT_TRUE(clotho_aqa_correct("", ""));
  EXPECT_TRUE(clotho_aqa_correct(" \n", "\xE3\x80\x80"));  // both empty after str.strip()
  EXPECT_FALSE(clotho_aqa_correct("", "yes"));
  EXPECT_FALSE(clotho_aqa_correct("yes", " "));
  QaAccuracyAccumulator acc;
  acc.add("yes", "yes");
  acc.add("no", "yes");
  acc.add("yes, it is", "yes");
  acc.add("", "no");
  EXPECT_EQ(acc.correct(), 2);
  EXPECT_EQ(acc.total(), 4);
  EXPECT_DOUBLE_EQ(acc.accuracy(), 0.5);
}

}  // namespace
}  // namespace steerscope::analysis
