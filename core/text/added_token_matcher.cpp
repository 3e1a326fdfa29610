#include "core/text/added_token_matcher.h"

#include <utf8proc.h>

#include <algorithm>

#include "core/text/utf8.h"

namespace steerscope {

namespace {

// Unicode White_Space (what Rust's char::is_whitespace and regex \s accept).
bool is_white_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool is_word_char(char32_t c) {
  if (c == 0x200C || c == 0x200D) return true;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_PC:
      return true;
    default:
      return false;
  }
}

// Start of the character that ends at text[end - 1] (end > 0, valid UTF-8).
size_t previous_char_start(std::string_view text, size_t end) {
  size_t i = end - 1;
  while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
  return i;
}

char32_t char_at(std::string_view text, size_t pos) {
  return utf8::read_sequence(text, pos).code_point;
}

}  // namespace

AddedTokenMatcher::AddedTokenMatcher(const std::vector<AddedToken>& tokens,
                                     const std::vector<std::string>& patterns) {
  nodes_.emplace_back();
  for (size_t t = 0; t < tokens.size(); ++t) {
    const std::string& p = patterns[t];
    if (p.empty()) continue;  // HF ignores empty added tokens
    int32_t node = 0;
    for (char ch : p) {
      const auto b = static_cast<unsigned char>(ch);
      auto& children = nodes_[node].children;
      auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(b, int32_t{-1}));
      if (it != children.end() && it->first == b) {
        node = it->second;
      } else {
        const auto child = static_cast<int32_t>(nodes_.size());
        children.insert(it, {b, child});
        nodes_.emplace_back();
        node = child;
      }
    }
    // Two tokens with the same pattern: the first one listed wins, as with HF's trie.
    if (nodes_[node].entry >= 0) continue;
    nodes_[node].entry = static_cast<int32_t>(entries_.size());
    entries_.push_back({p.size(), tokens[t].id, tokens[t].single_word, tokens[t].lstrip, tokens[t].rstrip});
    first_byte_[static_cast<unsigned char>(p[0])] = true;
  }
}

int32_t AddedTokenMatcher::longest_match(std::string_view text, size_t pos) const {
  int32_t node = 0, best = -1;
  for (size_t i = pos; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    const auto& children = nodes_[node].children;
    auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(b, int32_t{-1}));
    if (it == children.end() || it->first != b) break;
    node = it->second;
    if (nodes_[node].entry >= 0) best = nodes_[node].entry;
  }
  return best;
}

void AddedTokenMatcher::split(std::string_view text, std::vector<Piece>& out) const {
  size_t emitted = 0;  // end of the last piece pushed
  size_t pos = 0;      // where the search for the next match resumes
  while (pos < text.size() && !entries_.empty()) {
    if (!first_byte_[static_cast<unsigned char>(text[pos])]) {
      ++pos;
      continue;
    }
    const int32_t e = longest_match(text, pos);
    if (e < 0) {
      ++pos;
      continue;
    }
    const Entry& entry = entries_[e];
    size_t start = pos, stop = pos + entry.length;
    pos = stop;
    if (start < emitted) continue;
    if (entry.single_word) {
      const bool word_before = start > 0 && is_word_char(char_at(text, previous_char_start(text, start)));
      const bool word_after = stop < text.size() && is_word_char(char_at(text, stop));
      if (word_before || word_after) continue;
    }
    if (entry.lstrip) {
      while (start > emitted) {
        const size_t prev = previous_char_start(text, start);
        if (!is_white_space(char_at(text, prev))) break;
        start = prev;
      }
    }
    if (entry.rstrip) {
      while (stop < text.size()) {
        const utf8::Sequence q = utf8::read_sequence(text, stop);
        if (!is_white_space(q.code_point)) break;
        stop += q.length;
      }
    }
    if (emitted < start) out.push_back({emitted, start, -1});
    out.push_back({start, stop, entry.id});
    emitted = stop;
  }
  if (emitted < text.size()) out.push_back({emitted, text.size(), -1});
}

}  // namespace steerscope
