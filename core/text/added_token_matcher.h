#pragma once
// Cuts added tokens out of text as Hugging Face tokenizers does (tokenizer/added_vocabulary.rs,
// find_matches): leftmost-longest matching of the token contents over the whole text (their Aho-Corasick
// automaton with MatchKind::LeftmostLongest; here a byte trie walked from each position, which finds the
// same matches because added tokens are few and short). Then, per match:
//   single_word  the match is discarded (and the search goes on after it) if a word character touches it
//                on either side;
//   lstrip       the match grows left over the whitespace before it, but not into the previous match;
//   rstrip       the match grows right over the whitespace after it.
// "Word character" is Rust regex's \w and "whitespace" Unicode White_Space. \w is approximated with the
// general categories L*, M*, Nd, Nl, Pc plus U+200C/U+200D (Rust uses the derived Alphabetic property,
// which also includes a few symbols such as circled letters); no known tokenizer.json depends on that
// difference. A match that would start inside the whitespace a previous rstrip already took is skipped
// (HF would produce overlapping pieces there; it needs an added token that begins with whitespace).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/added_token.h"

namespace steerscope {

class AddedTokenMatcher {
 public:
  // A piece of the input: an added token (id >= 0) or text in between (id == -1). Pieces cover the input
  // in order, without gaps; text pieces are never empty.
  struct Piece {
    size_t begin = 0, end = 0;
    int32_t id = -1;
  };

  AddedTokenMatcher() = default;
  // patterns[i] is what tokens[i] matches: its content, or its normalized content for normalized tokens.
  AddedTokenMatcher(const std::vector<AddedToken>& tokens, const std::vector<std::string>& patterns);

  bool empty() const { return entries_.empty(); }

  // Appends the pieces of text (valid UTF-8) to out.
  void split(std::string_view text, std::vector<Piece>& out) const;

 private:
  struct Entry {
    size_t length = 0;
    int32_t id = -1;
    bool single_word = false, lstrip = false, rstrip = false;
  };
  struct Node {
    std::vector<std::pair<unsigned char, int32_t>> children;  // sorted by byte
    int32_t entry = -1;                                       // index into entries_ if a pattern ends here
  };
  // Index of the entry of the longest pattern that starts at text[pos], or -1.
  int32_t longest_match(std::string_view text, size_t pos) const;

  std::vector<Entry> entries_;
  std::vector<Node> nodes_;    // nodes_[0] is the root
  bool first_byte_[256] = {};  // bytes that start some pattern: a cheap filter for the scan
};

}  // namespace steerscope
