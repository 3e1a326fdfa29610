#include "core/text/bpe_tokenizer.h"

#include <deque>
#include <filesystem>
#include <unordered_map>

#include "core/text/added_token_matcher.h"
#include "core/text/bpe_model.h"
#include "core/text/byte_level_alphabet.h"
#include "core/text/pre_tokenizer.h"
#include "core/text/unicode_normalizer.h"
#include "core/text/utf8.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace fs = std::filesystem;

namespace steerscope {

namespace {

std::string resolve_tokenizer_json(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    const fs::path file = fs::path(path) / "tokenizer.json";
    if (!fs::exists(file, ec)) throw Error(path + ": directory has no tokenizer.json");
    return file.string();
  }
  return path;
}

std::vector<AddedToken> parse_added_tokens(const nlohmann::json& root, const std::string& file) {
  std::vector<AddedToken> tokens;
  const auto it = root.find("added_tokens");
  if (it == root.end() || it->is_null()) return tokens;
  if (!it->is_array())
    throw Error(file + ": added_tokens is " + std::string(it->type_name()) + ", expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& t = (*it)[i];
    const std::string where = "added_tokens[" + std::to_string(i) + "]";
    AddedToken a;
    const int64_t id = required_int(t, "id", file + ": " + where);
    if (id < 0 || id > INT32_MAX)
      throw Error(file + ": " + where + ".id " + std::to_string(id) + " is out of range");
    a.id = static_cast<int32_t>(id);
    a.content = required_string(t, "content", file + ": " + where);
    a.special = optional_bool(t, "special", false, file + ": " + where);
    // HF's AddedToken::from: special tokens are matched on the raw text unless the file says otherwise.
    a.normalized = optional_bool(t, "normalized", !a.special, file + ": " + where);
    a.single_word = optional_bool(t, "single_word", false, file + ": " + where);
    a.lstrip = optional_bool(t, "lstrip", false, file + ": " + where);
    a.rstrip = optional_bool(t, "rstrip", false, file + ": " + where);
    tokens.push_back(std::move(a));
  }
  return tokens;
}

void check_decoder(const nlohmann::json& root, const std::string& file) {
  const auto it = root.find("decoder");
  if (it == root.end() || it->is_null())
    throw Error(file + ": decoder is missing; byte-level BPE needs the ByteLevel decoder");
  const nlohmann::json* d = &*it;
  std::string where = "decoder";
  // A Sequence holding just ByteLevel is the same thing.
  if (d->is_object() && d->value("type", "") == "Sequence" && d->contains("decoders") &&
      (*d)["decoders"].is_array() && (*d)["decoders"].size() == 1) {
    d = &(*d)["decoders"][0];
    where = "decoder.decoders[0]";
  }
  const std::string type = d->is_object() ? d->value("type", "") : "";
  if (type != "ByteLevel")
    throw Error(file + ": " + where + " type '" + type +
                "' is not supported (byte-level BPE uses ByteLevel)");
}

}  // namespace

struct BpeTokenizer::Impl {
  Impl(const std::string& file, const nlohmann::json& root)
      : path(file),
        model(root.contains("model") ? root["model"] : nlohmann::json(), file),
        normalizer(UnicodeNormalizer::from_json(root.value("normalizer", nlohmann::json()), file)),
        pre_tokenizer(PreTokenizer::from_json(root.value("pre_tokenizer", nlohmann::json()), file)),
        added(parse_added_tokens(root, file)) {}

  void parse_post_processor(const nlohmann::json& j, const std::string& where);
  void read_config(const std::string& config_file);
  void read_config_values(const nlohmann::json& config, const std::string& config_file);
  std::optional<int32_t> token_to_id(const std::string& token) const;
  const AddedToken* added_token(int32_t id) const {
    const auto it = added_by_id.find(id);
    return it == added_by_id.end() ? nullptr : &added[it->second];
  }
  void append_token_bytes(int32_t id, std::string& out) const;
  void encode_text(std::string_view text, std::vector<int32_t>& ids) const;

  std::string path;
  BpeModel model;
  UnicodeNormalizer normalizer;
  PreTokenizer pre_tokenizer;
  std::vector<AddedToken> added;
  std::unordered_map<int32_t, size_t> added_by_id;  // id -> index into added
  std::unordered_map<std::string, int32_t> added_by_content;
  AddedTokenMatcher raw_matcher;                // added tokens with normalized == false
  AddedTokenMatcher normalized_matcher;         // added tokens with normalized == true, on normalized text
  std::vector<int32_t> prefix_ids, suffix_ids;  // the post-processor's, for add_special_tokens
  std::optional<int32_t> eos_id, pad_id, bos_id;
  std::string chat_template;
  size_t vocab_size = 0;
};

void BpeTokenizer::Impl::parse_post_processor(const nlohmann::json& j, const std::string& where) {
  if (j.is_null()) return;
  const std::string type = j.is_object() ? j.value("type", "") : "";
  const auto special_id = [&](const nlohmann::json& pair, const char* key) -> int32_t {
    // RobertaProcessing / BertProcessing: "cls": ["<s>", 0]
    if (!pair.is_array() || pair.size() != 2 || !pair[1].is_number_integer())
      throw Error(path + ": " + where + "." + key + " is " + pair.dump() + ", expected [token, id]");
    return pair[1].get<int32_t>();
  };
  if (type == "ByteLevel") {
    return;  // offsets only
  } else if (type == "Sequence") {
    const auto it = j.find("processors");
    if (it == j.end() || !it->is_array())
      throw Error(path + ": " + where + " (Sequence) has no \"processors\" array");
    for (size_t i = 0; i < it->size(); ++i)
      parse_post_processor((*it)[i], where + ".processors[" + std::to_string(i) + "]");
  } else if (type == "RobertaProcessing" || type == "BertProcessing") {
    prefix_ids.insert(prefix_ids.begin(), special_id(j.value("cls", nlohmann::json()), "cls"));
    suffix_ids.push_back(special_id(j.value("sep", nlohmann::json()), "sep"));
  } else if (type == "TemplateProcessing") {
    const auto single = j.find("single");
    if (single == j.end() || !single->is_array())
      throw Error(path + ": " + where + " has no \"single\" template");
    const auto specials = j.value("special_tokens", nlohmann::json::object());
    std::vector<int32_t> before, after;
    bool seen_sequence = false;
    for (const auto& piece : *single) {
      if (piece.contains("Sequence")) {
        seen_sequence = true;
      } else if (piece.contains("SpecialToken") && piece["SpecialToken"].contains("id")) {
        const std::string name = piece["SpecialToken"]["id"].get<std::string>();
        const auto s = specials.find(name);
        if (s == specials.end() || !s->contains("ids") || !(*s)["ids"].is_array())
          throw Error(path + ": " + where + " uses special token '" + name +
                      "' that special_tokens does not define");
        for (const auto& id : (*s)["ids"]) (seen_sequence ? after : before).push_back(id.get<int32_t>());
      } else {
        throw Error(path + ": " + where + ".single has an entry " + piece.dump() +
                    " that is neither Sequence nor SpecialToken");
      }
    }
    prefix_ids.insert(prefix_ids.begin(), before.begin(), before.end());
    suffix_ids.insert(suffix_ids.end(), after.begin(), after.end());
  } else {
    throw Error(path + ": " + where + " type '" + type + "' is not supported");
  }
}

std::optional<int32_t> BpeTokenizer::Impl::token_to_id(const std::string& token) const {
  if (const auto it = added_by_content.find(token); it != added_by_content.end()) return it->second;
  return model.token_to_id(token);
}

void BpeTokenizer::Impl::read_config(const std::string& config_file) {
  const nlohmann::json config = read_json_file(config_file);
  try {
    read_config_values(config, config_file);
  } catch (const nlohmann::json::exception& e) {
    throw Error(config_file + ": unexpected structure: " + e.what());
  }
}

void BpeTokenizer::Impl::read_config_values(const nlohmann::json& config, const std::string& config_file) {
  if (!config.is_object()) throw Error(config_file + ": expected a JSON object at the top level");
  const auto special = [&](const char* key) -> std::optional<int32_t> {
    const auto it = config.find(key);
    if (it == config.end() || it->is_null()) return std::nullopt;
    std::string content;
    if (it->is_string()) {
      content = it->get<std::string>();
    } else if (it->is_object() && it->contains("content") && (*it)["content"].is_string()) {
      content = (*it)["content"].get<std::string>();
    } else {
      throw Error(config_file + ": " + key + " is " + it->dump() +
                  ", expected a string or {\"content\": ...}");
    }
    const auto id = token_to_id(content);
    if (!id) throw Error(config_file + ": " + key + " '" + content + "' is not a token of " + path);
    return id;
  };
  eos_id = special("eos_token");
  pad_id = special("pad_token");
  bos_id = special("bos_token");
  if (const auto t = config.find("chat_template"); t != config.end()) {
    if (t->is_string()) {
      chat_template = t->get<std::string>();
    } else if (t->is_array()) {
      // Newer files list named templates; "default" is the one apply_chat_template uses.
      for (const auto& named : *t)
        if (named.is_object() && named.value("name", "") == "default" && named.contains("template") &&
            named["template"].is_string())
          chat_template = named["template"].get<std::string>();
    }
  }
}

BpeTokenizer::BpeTokenizer(const std::string& path_arg) {
  const std::string file = resolve_tokenizer_json(path_arg);
  const nlohmann::json root = read_json_file(file);
  if (!root.is_object()) throw Error(file + ": expected a JSON object at the top level");
  try {
    auto impl = std::make_shared<Impl>(file, root);
    check_decoder(root, file);

    std::vector<AddedToken> raw_tokens, normalized_tokens;
    std::vector<std::string> raw_patterns, normalized_patterns;
    int32_t max_id = impl->model.max_id();
    for (size_t i = 0; i < impl->added.size(); ++i) {
      const AddedToken& t = impl->added[i];
      impl->added_by_id[t.id] = i;
      impl->added_by_content.emplace(t.content, t.id);
      max_id = std::max(max_id, t.id);
      if (t.normalized) {
        normalized_tokens.push_back(t);
        normalized_patterns.push_back(utf8::is_valid(t.content) ? impl->normalizer.apply(t.content)
                                                                : t.content);
      } else {
        raw_tokens.push_back(t);
        raw_patterns.push_back(t.content);
      }
    }
    impl->raw_matcher = AddedTokenMatcher(raw_tokens, raw_patterns);
    impl->normalized_matcher = AddedTokenMatcher(normalized_tokens, normalized_patterns);
    impl->vocab_size = static_cast<size_t>(max_id) + 1;
    impl->parse_post_processor(root.value("post_processor", nlohmann::json()), "post_processor");

    const fs::path config = fs::path(file).parent_path() / "tokenizer_config.json";
    std::error_code ec;
    if (fs::exists(config, ec)) impl->read_config(config.string());
    impl_ = std::move(impl);
  } catch (const nlohmann::json::exception& e) {
    // A value of an unexpected JSON type somewhere the explicit checks do not look.
    throw Error(file + ": unexpected structure: " + e.what());
  }
}

void BpeTokenizer::Impl::encode_text(std::string_view text, std::vector<int32_t>& ids) const {
  std::vector<AddedTokenMatcher::Piece> pieces, inner;
  std::vector<std::string_view> words;
  std::deque<std::string> storage;
  raw_matcher.split(text, pieces);
  for (const auto& piece : pieces) {
    if (piece.id >= 0) {
      ids.push_back(piece.id);
      continue;
    }
    const std::string normalized = normalizer.apply(text.substr(piece.begin, piece.end - piece.begin));
    inner.clear();
    normalized_matcher.split(normalized, inner);
    for (const auto& sub : inner) {
      if (sub.id >= 0) {
        ids.push_back(sub.id);
        continue;
      }
      words.clear();
      storage.clear();
      pre_tokenizer.split(std::string_view(normalized).substr(sub.begin, sub.end - sub.begin), words,
                          storage);
      for (std::string_view w : words) model.encode_word(w, ids);
    }
  }
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  std::string repaired;
  if (!utf8::is_valid(text)) {
    repaired = utf8::decode_lossy(text);
    text = repaired;
  }
  std::vector<int32_t> ids;
  ids.reserve(text.size() / 3 + 4);
  if (add_special_tokens) ids = impl_->prefix_ids;
  impl_->encode_text(text, ids);
  if (add_special_tokens) ids.insert(ids.end(), impl_->suffix_ids.begin(), impl_->suffix_ids.end());
  return ids;
}

void BpeTokenizer::Impl::append_token_bytes(int32_t id, std::string& out) const {
  const std::string* token = nullptr;
  if (const AddedToken* a = added_token(id))
    token = &a->content;
  else
    token = model.id_to_token(id);
  if (!token) return;
  // The ByteLevel decoder: a token with a character outside the byte-level alphabet (an added token such as
  // "<think> " or one in another script) contributes its own UTF-8 bytes.
  if (!ByteLevelAlphabet::instance().decode(*token, out)) out += *token;
}

std::string BpeTokenizer::decode(const std::vector<int32_t>& ids, bool skip_special_tokens) const {
  std::string bytes;
  for (int32_t id : ids) {
    if (skip_special_tokens && is_special(id)) continue;
    impl_->append_token_bytes(id, bytes);
  }
  return utf8::decode_lossy(bytes);
}

std::string BpeTokenizer::token_bytes(int32_t id) const {
  std::string out;
  impl_->append_token_bytes(id, out);
  return out;
}

std::optional<int32_t> BpeTokenizer::token_to_id(const std::string& token) const {
  return impl_->token_to_id(token);
}

std::optional<std::string> BpeTokenizer::id_to_token(int32_t id) const {
  if (const AddedToken* a = impl_->added_token(id)) return a->content;
  if (const std::string* t = impl_->model.id_to_token(id)) return *t;
  return std::nullopt;
}

size_t BpeTokenizer::vocab_size() const {
  return impl_->vocab_size;
}
const std::vector<AddedToken>& BpeTokenizer::added_tokens() const {
  return impl_->added;
}

bool BpeTokenizer::is_special(int32_t id) const {
  const AddedToken* a = impl_->added_token(id);
  return a && a->special;
}

std::optional<int32_t> BpeTokenizer::eos_token_id() const {
  return impl_->eos_id;
}
std::optional<int32_t> BpeTokenizer::pad_token_id() const {
  return impl_->pad_id;
}
std::optional<int32_t> BpeTokenizer::bos_token_id() const {
  return impl_->bos_id;
}
const std::string& BpeTokenizer::chat_template() const {
  return impl_->chat_template;
}
const std::string& BpeTokenizer::path() const {
  return impl_->path;
}

}  // namespace steerscope
