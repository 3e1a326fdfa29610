#include "core/text/unicode_normalizer.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "core/text/unicode_9_code_points.h"
#include "core/text/utf8.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

void parse_into(const nlohmann::json& j, const std::string& file, const std::string& where,
                std::vector<UnicodeNormalizer::Form>& steps) {
  if (j.is_null()) return;
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
    throw Error(file + ": " + where + " has no \"type\"");
  const std::string type = j["type"].get<std::string>();
  if (type == "NFC") {
    steps.push_back(UnicodeNormalizer::Form::kNFC);
  } else if (type == "NFD") {
    steps.push_back(UnicodeNormalizer::Form::kNFD);
  } else if (type == "NFKC") {
    steps.push_back(UnicodeNormalizer::Form::kNFKC);
  } else if (type == "NFKD") {
    steps.push_back(UnicodeNormalizer::Form::kNFKD);
  } else if (type == "Sequence") {
    const auto it = j.find("normalizers");
    if (it == j.end() || !it->is_array())
      throw Error(file + ": " + where + " (Sequence) has no \"normalizers\" array");
    for (size_t i = 0; i < it->size(); ++i)
      parse_into((*it)[i], file, where + ".normalizers[" + std::to_string(i) + "]", steps);
  } else {
    throw Error(file + ": " + where + " type '" + type +
                "' is not supported (byte-level BPE tokenizers use NFC, NFD, NFKC, NFKD or none)");
  }
}

}  // namespace

UnicodeNormalizer UnicodeNormalizer::from_json(const nlohmann::json& j, const std::string& file) {
  std::vector<Form> steps;
  parse_into(j, file, "normalizer", steps);
  return UnicodeNormalizer(std::move(steps));
}

namespace {

// One normalization form of valid UTF-8 text by libutf8proc.
void map_utf8proc(std::string_view text, UnicodeNormalizer::Form form, std::string& out) {
  if (text.empty()) return;
  int options = UTF8PROC_STABLE;
  switch (form) {
    case UnicodeNormalizer::Form::kNFC:
      options |= UTF8PROC_COMPOSE;
      break;
    case UnicodeNormalizer::Form::kNFD:
      options |= UTF8PROC_DECOMPOSE;
      break;
    case UnicodeNormalizer::Form::kNFKC:
      options |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
      break;
    case UnicodeNormalizer::Form::kNFKD:
      options |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT;
      break;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                          static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                                          static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  // The caller guarantees valid UTF-8, so a failure here is an allocation failure or a utf8proc bug.
  if (n < 0) throw Error(std::string("Unicode normalization failed: ") + utf8proc_errmsg(n));
  out.append(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
}

// One form as Hugging Face applies it: characters unknown to Unicode 9.0 stay where they are, and the
// text between them is normalized on its own (see unicode_9_code_points.h). For NFC only the stretches
// that can change are given to utf8proc: each begins at an NFC boundary character (or at the start) and
// runs up to the next boundary, and it is left as it is unless it holds a non-boundary character.
std::string normalize_as_hf(std::string_view text, UnicodeNormalizer::Form form) {
  const bool nfc = form == UnicodeNormalizer::Form::kNFC;
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t copied = 0;          // text[0, copied) is in out
  size_t stretch = 0;         // start of the current stretch
  bool stretch_dirty = !nfc;  // the stretch must go through utf8proc
  const auto end_stretch = [&](size_t at) {
    if (stretch_dirty && at > stretch) {
      out.append(text, copied, stretch - copied);
      map_utf8proc(text.substr(stretch, at - stretch), form, out);
      copied = at;
    }
  };
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII: NFC boundaries, unchanged by every form
      if (nfc) {
        end_stretch(i);
        stretch = i;
        stretch_dirty = false;
      }
      ++i;
      continue;
    }
    const utf8::Sequence q = utf8::read_sequence(text, i);
    switch (unicode_9_class(q.code_point)) {
      case Unicode9Class::kUnassigned:
        end_stretch(i);
        stretch = i + q.length;  // the character itself is copied as it is
        stretch_dirty = !nfc;
        break;
      case Unicode9Class::kNfcBoundary:
        if (nfc) {
          end_stretch(i);
          stretch = i;
          stretch_dirty = false;
        }
        break;
      case Unicode9Class::kOther:
        stretch_dirty = true;
        break;
    }
    i += q.length;
  }
  end_stretch(text.size());
  out.append(text, copied, std::string_view::npos);
  return out;
}

}  // namespace

std::string UnicodeNormalizer::apply(std::string_view text) const {
  // All four forms leave ASCII unchanged, and most prompt text is ASCII.
  if (steps_.empty() || is_ascii(text)) return std::string(text);
  std::string current(text);
  for (Form f : steps_) current = normalize_as_hf(current, f);
  return current;
}

}  // namespace steerscope
