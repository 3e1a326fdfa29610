#include "core/corpus/transcript_text.h"

namespace steerscope {

bool is_normalised_transcript(const std::string& text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
  char previous = 'a';
  for (char c : text) {
    if (c == ' ') {
      if (previous == ' ') return false;
    } else if (c < 'a' || c > 'z') {
      return false;
    }
    previous = c;
  }
  return true;
}

std::string collapse_spaces(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> transcript_words(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (c == ' ') {
      if (!current.empty()) words.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) words.push_back(current);
  return words;
}

}  // namespace steerscope
