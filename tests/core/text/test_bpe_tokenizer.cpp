// BpeTokenizer on the hand-written tokenizers of tests/data/tokenizer (make_tiny_tokenizers.py). Their
// vocabulary is the 256 byte-level characters with id = byte value, then the merged tokens in merge
// order (Ġw 256, he 257, ll 258, hell 259, hello 260, or 261, Ġwor 262, ld 263, Ġworld 264, aa 265,
// bc 266, ab 267, ĠĠ 268, ĊĊ 269, 's 270, Ã© 271, Ġh 272, 12 273, 123 274), so the ids below can be
// worked out by hand. test_tokenizer_conformance checks the same files against Hugging Face itself.
#include "core/text/bpe_tokenizer.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/util/error.h"
#include "tests/core/text/tokenizer_test_support.h"

using namespace steerscope;
using Ids = std::vector<int32_t>;

namespace {
const BpeTokenizer& legacy() {
  static const BpeTokenizer t(test::tiny_tokenizer("tiny_legacy"));
  return t;
}
}  // namespace

TEST(BpeTokenizer, MergesByRankThenLeftmost) {
  EXPECT_EQ(legacy().encode("hello world"), (Ids{260, 264}));
  // Ties go to the leftmost pair: "aaa" is aa + a, not a + aa.
  EXPECT_EQ(legacy().encode("aaa"), (Ids{265, 97}));
  EXPECT_EQ(legacy().encode("aaaa"), (Ids{265, 265}));
  // The lower rank wins wherever it is: "b c" (rank 10) before "a b" (rank 11).
  EXPECT_EQ(legacy().encode("abc"), (Ids{97, 266}));
  // Capitals have no merges here, so they stay bytes.
  EXPECT_EQ(legacy().encode("Hello"), (Ids{72, 101, 258, 111}));
  EXPECT_EQ(legacy().encode(""), Ids{});
}

TEST(BpeTokenizer, QwenPatternSplitsDigitsAndContractions) {
  // \p{N} one digit at a time, so the "12"/"123" merges never apply.
  EXPECT_EQ(legacy().encode("123"), (Ids{49, 50, 51}));
  EXPECT_EQ(legacy().encode("it's"), (Ids{105, 116, 270}));
  // (?i:'s): "'S" is a piece of its own too, but has no merge.
  EXPECT_EQ(legacy().encode("IT'S"), (Ids{73, 84, 39, 83}));
  // \s+(?!\S) leaves the last space to the next word; "\n\n" is one piece and merges.
  EXPECT_EQ(legacy().encode("a  hello\n\nx"), (Ids{97, 32, 32, 260, 269, 120}));
}

TEST(BpeTokenizer, NormalizesToNfcBeforeBpe) {
  // "é" is C3 A9, merged into "Ã©" (271); the decomposed e + U+0301 gives the same ids.
  EXPECT_EQ(legacy().encode("caf\xC3\xA9"), (Ids{99, 97, 102, 271}));
  EXPECT_EQ(legacy().encode("cafe\xCC\x81"), (Ids{99, 97, 102, 271}));
  EXPECT_EQ(legacy().decode({99, 97, 102, 271}), "caf\xC3\xA9");
}

TEST(BpeTokenizer, AddedTokensAreCutOutOfRawText) {
  EXPECT_EQ(legacy().encode("hello<|im_end|>x"), (Ids{260, 277, 120}));
  EXPECT_EQ(legacy().encode("<|im_start|><|im_end|>"), (Ids{276, 277}));
  EXPECT_EQ(legacy().encode("<tool>hello"), (Ids{278, 260}));
  // Not quite a special token: plain bytes.
  EXPECT_EQ(legacy().encode("<|im_end|").size(), 9u);
}

TEST(BpeTokenizer, DecodeAndSkipSpecialTokens) {
  EXPECT_EQ(legacy().decode({260, 277, 264}), "hello<|im_end|> world");
  EXPECT_EQ(legacy().decode({260, 277, 264}, true), "hello world");
  // <tool> is an added token but not special: kept.
  EXPECT_EQ(legacy().decode({278, 260}, true), "<tool>hello");
  // Half of "é", then "A": the lone lead byte becomes U+FFFD.
  EXPECT_EQ(legacy().decode({0xC3, 'A'}),
            "\xEF\xBF\xBD"
            "A");
  // Unknown ids are skipped, as Hugging Face does.
  EXPECT_EQ(legacy().decode({104, 999999, -1, 105}), "hi");
}

TEST(BpeTokenizer, InvalidUtf8IsRepairedBeforeEncoding) {
  EXPECT_EQ(legacy().encode("a\xFF"
                            "b"),
            legacy().encode("a\xEF\xBF\xBD"
                            "b"));
  EXPECT_EQ(legacy().encode("\xF0\x9F"), legacy().encode("\xEF\xBF\xBD"));
}

TEST(BpeTokenizer, VeryLongRunsAreOneRegexMatch) {
  // 300000 "。" or emoji are each a single match of ` ?[^\s\p{L}\p{N}]+`: more than PCRE2's default JIT
  // stack allows, so this pins the larger stack and the interpreter fallback.
  std::string dots, emoji, spaces;
  for (int i = 0; i < 300000; ++i) dots += "\xE3\x80\x82";
  for (int i = 0; i < 250000; ++i) emoji += "\xF0\x9F\x98\x80";
  spaces = std::string(1000000, ' ') + "x";
  for (const std::string* text : {&dots, &emoji, &spaces}) {
    const Ids ids = legacy().encode(*text);
    EXPECT_EQ(legacy().decode(ids), *text);
  }
}

TEST(BpeTokenizer, VocabularyQueries) {
  const BpeTokenizer& t = legacy();
  EXPECT_EQ(t.vocab_size(), 279u);
  EXPECT_EQ(t.token_to_id("\xC4\xA0world"), 264);  // "Ġworld"
  EXPECT_EQ(t.token_to_id("<|im_end|>"), 277);
  EXPECT_FALSE(t.token_to_id("nope").has_value());
  EXPECT_EQ(t.id_to_token(277), "<|im_end|>");
  EXPECT_EQ(t.id_to_token(32), "\xC4\xA0");
  EXPECT_FALSE(t.id_to_token(279).has_value());
  EXPECT_EQ(t.token_bytes(264), " world");
  ASSERT_EQ(t.added_tokens().size(), 4u);
  EXPECT_EQ(t.added_tokens()[3].content, "<tool>");
  EXPECT_FALSE(t.added_tokens()[3].special);
  EXPECT_TRUE(t.is_special(277));
  EXPECT_FALSE(t.is_special(278));
  EXPECT_FALSE(t.is_special(260));
}

TEST(BpeTokenizer, ReadsSpecialTokensFromTokenizerConfig) {
  // eos_token is a string, pad_token an {"content": ...} object, bos_token null.
  EXPECT_EQ(legacy().eos_token_id(), 277);
  EXPECT_EQ(legacy().pad_token_id(), 275);
  EXPECT_FALSE(legacy().bos_token_id().has_value());
  EXPECT_NE(legacy().chat_template().find("<|im_start|>"), std::string::npos);
  // No tokenizer_config.json: nothing.
  const BpeTokenizer pairs(test::tiny_tokenizer("tiny_pairs"));
  EXPECT_FALSE(pairs.eos_token_id().has_value());
  EXPECT_TRUE(pairs.chat_template().empty());
}

TEST(BpeTokenizer, LoadsFromDirectoryOrFile) {
  const BpeTokenizer from_file(test::tiny_tokenizer("tiny_legacy") + "/tokenizer.json");
  EXPECT_EQ(from_file.path(), legacy().path());
  EXPECT_EQ(from_file.eos_token_id(), 277);  // the config beside the file is found too
  EXPECT_EQ(from_file.encode("hello world"), legacy().encode("hello world"));
}

TEST(BpeTokenizer, PairAndLegacyMergeFormatsAgree) {
  const BpeTokenizer pairs(test::tiny_tokenizer("tiny_pairs"));
  for (const std::string s :
       {"hello world", "aaa abc aaaa", "it's 12345", "caf\xC3\xA9  \n\n\n x", "<|im_start|>hi"})
    EXPECT_EQ(pairs.encode(s), legacy().encode(s)) << s;
}

TEST(BpeTokenizer, IgnoreMergesTakesWholeWordsFromTheVocabulary) {
  // "Ġhello" (275) is in the vocabulary but no merge sequence reaches it.
  const BpeTokenizer llama(test::tiny_tokenizer("tiny_llama3"));
  const BpeTokenizer merging(test::tiny_tokenizer("tiny_llama3_merging"));
  EXPECT_EQ(llama.encode(" hello"), (Ids{275}));
  EXPECT_EQ(merging.encode(" hello"), (Ids{32, 260}));
  // Words not in the vocabulary are merged as usual.
  EXPECT_EQ(llama.encode(" world"), (Ids{264}));
  // LLaMA-3's \p{N}{1,3}: digits in groups of three.
  EXPECT_EQ(llama.encode("1234567"), (Ids{274, 52, 53, 54, 55}));
}

TEST(BpeTokenizer, TemplatePostProcessorAddsBeginOfText) {
  const BpeTokenizer llama(test::tiny_tokenizer("tiny_llama3"));
  EXPECT_EQ(llama.encode("hi", true), (Ids{276, 104, 105}));
  EXPECT_EQ(llama.encode("hi", false), (Ids{104, 105}));
  EXPECT_EQ(legacy().encode("hi", true), legacy().encode("hi", false));  // Qwen style: nothing added
}

TEST(BpeTokenizer, AddedTokenFlags) {
  const BpeTokenizer llama(test::tiny_tokenizer("tiny_llama3"));
  // <mask> has lstrip and rstrip: it swallows the spaces around it.
  EXPECT_EQ(llama.encode("a <mask>  b<mask>c"), (Ids{97, 278, 98, 278, 99}));
  // <w> is single_word: only the occurrence with no word character touching it is cut out.
  EXPECT_EQ(llama.encode("x<w> <w>y <w> z"), (Ids{120, 60, 119, 62, 32, 60, 119, 62, 121, 32, 279, 32, 122}));
  // "A\u030AX" is normalized: it is matched after NFC, in either spelling.
  EXPECT_EQ(llama.encode("A\xCC\x8AX \xC3\x85X"), (Ids{280, 32, 280}));
}

TEST(BpeTokenizer, Gpt2ByteLevelWithPrefixSpace) {
  const BpeTokenizer gpt2(test::tiny_tokenizer("tiny_gpt2"));
  EXPECT_EQ(gpt2.encode("hello world"), (Ids{32, 260, 264}));
  // Each piece after an added token gets its own prefix space.
  EXPECT_EQ(gpt2.encode("<|endoftext|>hello"), (Ids{275, 32, 260}));
  // ' ?\p{N}+': digits stay together, so "12"/"123" merge.
  EXPECT_EQ(gpt2.encode("12345"), (Ids{32, 274, 52, 53}));
  EXPECT_EQ(gpt2.encode("it's  ok\n\nx"), (Ids{32, 105, 116, 270, 32, 32, 111, 107, 10, 10, 120}));
  EXPECT_EQ(gpt2.decode({32, 260, 264}), " hello world");
}

TEST(BpeTokenizer, CopiesShareTheVocabularyAndEncodeConcurrently) {
  const BpeTokenizer copy = legacy();
  EXPECT_EQ(copy.path(), legacy().path());
  std::vector<std::thread> threads;
  std::vector<Ids> results(4);
  for (size_t i = 0; i < results.size(); ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 200; ++k)
        results[i] = copy.encode("hello world aaa abc it's caf\xC3\xA9 " + std::to_string(k));
    });
  for (auto& th : threads) th.join();
  for (const auto& r : results) EXPECT_EQ(r, legacy().encode("hello world aaa abc it's caf\xC3\xA9 199"));
}
