#include "core/text/bpe_model.h"

#include <algorithm>

#include "core/text/byte_level_alphabet.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

std::string in_quotes(const std::string& s) {
  return "'" + s + "'";
}

}  // namespace

BpeModel::BpeModel(const nlohmann::json& model, const std::string& file) {
  if (!model.is_object()) throw Error(file + ": \"model\" is missing or not an object");
  if (const auto t = model.find("type"); t != model.end()) {
    if (!t->is_string() || t->get<std::string>() != "BPE")
      throw Error(file + ": model type " + (t->is_string() ? in_quotes(t->get<std::string>()) : t->dump()) +
                  " is not supported (only BPE)");
  } else if (!model.contains("merges")) {
    throw Error(file + ": model has no \"type\" and no \"merges\"; only BPE models are supported");
  }

  const auto string_option = [&](const char* key) -> std::string {
    const auto it = model.find(key);
    if (it == model.end() || it->is_null()) return {};
    if (!it->is_string())
      throw Error(file + ": model." + key + " is " + it->type_name() + ", expected a string");
    return it->get<std::string>();
  };
  const auto bool_option = [&](const char* key) {
    const auto it = model.find(key);
    if (it == model.end() || it->is_null()) return false;
    if (!it->is_boolean())
      throw Error(file + ": model." + key + " is " + it->type_name() + ", expected a boolean");
    return it->get<bool>();
  };
  if (const auto d = model.find("dropout"); d != model.end() && !d->is_null()) {
    if (!d->is_number())
      throw Error(file + ": model.dropout is " + std::string(d->type_name()) + ", expected a number");
    if (d->get<double>() > 0.0)
      throw Error(file + ": model.dropout " + d->dump() + " is not supported (BPE dropout is for training)");
  }
  if (!string_option("continuing_subword_prefix").empty() || !string_option("end_of_word_suffix").empty())
    throw Error(file +
                ": model.continuing_subword_prefix/end_of_word_suffix are not supported with byte-level BPE");
  if (bool_option("byte_fallback"))
    throw Error(file + ": model.byte_fallback is not supported with byte-level BPE");
  fuse_unk_ = bool_option("fuse_unk");
  ignore_merges_ = bool_option("ignore_merges");

  const auto vocab = model.find("vocab");
  if (vocab == model.end() || !vocab->is_object())
    throw Error(file + ": model.vocab is missing or not an object");
  vocab_.reserve(vocab->size());
  int32_t max_id = -1;
  for (const auto& [token, id] : vocab->items()) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX)
      throw Error(file + ": model.vocab[" + in_quotes(token) + "] is " + id.dump() + ", expected an id >= 0");
    const auto v = static_cast<int32_t>(id.get<int64_t>());
    vocab_[token] = v;
    max_id = std::max(max_id, v);
  }
  tokens_.resize(static_cast<size_t>(max_id) + 1);
  has_token_.assign(tokens_.size(), false);
  for (const auto& [token, id] : vocab_) {
    tokens_[id] = token;
    has_token_[id] = true;
  }

  const ByteLevelAlphabet& alphabet = ByteLevelAlphabet::instance();
  for (int b = 0; b < 256; ++b) {
    const auto it = vocab_.find(alphabet.char_of(static_cast<uint8_t>(b)));
    byte_ids_[b] = it == vocab_.end() ? -1 : it->second;
  }
  if (const std::string unk = string_option("unk_token"); !unk.empty()) {
    const auto it = vocab_.find(unk);
    if (it == vocab_.end())
      throw Error(file + ": model.unk_token " + in_quotes(unk) + " is not in model.vocab");
    unk_id_ = it->second;
  }

  const auto merges = model.find("merges");
  if (merges == model.end() || merges->is_null())
    throw Error(file + ": model.merges is missing (a BPE model needs its merge list)");
  if (!merges->is_array())
    throw Error(file + ": model.merges is " + std::string(merges->type_name()) + ", expected an array");
  size_t slots = 16;
  while (slots < 2 * merges->size()) slots *= 2;
  merges_.assign(slots, Merge{kEmptyKey, 0, 0});
  merge_shift_ = 64;
  for (size_t s = slots; s > 1; s /= 2) --merge_shift_;
  for (size_t rank = 0; rank < merges->size(); ++rank) {
    const auto& m = (*merges)[rank];
    const std::string where = file + ": model.merges[" + std::to_string(rank) + "]";
    std::string a, b;
    if (m.is_string()) {
      // Legacy form "a b": byte-level tokens never contain a space (it is 'Ġ'), so exactly one separates
      // them.
      const std::string s = m.get<std::string>();
      const size_t sp = s.find(' ');
      if (sp == std::string::npos || sp == 0 || sp + 1 == s.size() ||
          s.find(' ', sp + 1) != std::string::npos)
        throw Error(where + " " + in_quotes(s) + " is not two tokens separated by one space");
      a = s.substr(0, sp);
      b = s.substr(sp + 1);
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      a = m[0].get<std::string>();
      b = m[1].get<std::string>();
    } else {
      throw Error(where + " is " + m.dump() + ", expected \"a b\" or [\"a\", \"b\"]");
    }
    const auto ia = vocab_.find(a), ib = vocab_.find(b), iab = vocab_.find(a + b);
    if (ia == vocab_.end()) throw Error(where + ": token " + in_quotes(a) + " is not in model.vocab");
    if (ib == vocab_.end()) throw Error(where + ": token " + in_quotes(b) + " is not in model.vocab");
    if (iab == vocab_.end())
      throw Error(where + ": merged token " + in_quotes(a + b) + " is not in model.vocab");
    // A pair listed twice keeps its later rank, as HF's map construction does.
    Merge& slot = insert_merge(pair_key(ia->second, ib->second));
    slot.rank = static_cast<int32_t>(rank);
    slot.id = iab->second;
  }
}

std::optional<int32_t> BpeModel::token_to_id(const std::string& token) const {
  const auto it = vocab_.find(token);
  if (it == vocab_.end()) return std::nullopt;
  return it->second;
}

const std::string* BpeModel::id_to_token(int32_t id) const {
  if (id < 0 || static_cast<size_t>(id) >= tokens_.size() || !has_token_[id]) return nullptr;
  return &tokens_[id];
}

BpeModel::Merge& BpeModel::insert_merge(uint64_t key) {
  const size_t mask = merges_.size() - 1;
  size_t i = slot_of(key);
  while (merges_[i].key != kEmptyKey && merges_[i].key != key) i = (i + 1) & mask;
  if (merges_[i].key == kEmptyKey) {
    merges_[i].key = key;
    ++merge_count_;
  }
  return merges_[i];
}

const BpeModel::Merge* BpeModel::find_merge(int32_t a, int32_t b) const {
  const uint64_t key = pair_key(a, b);
  const size_t mask = merges_.size() - 1;
  for (size_t i = slot_of(key);; i = (i + 1) & mask) {
    const Merge& m = merges_[i];
    if (m.key == key) return &m;
    if (m.key == kEmptyKey) return nullptr;
  }
}

void BpeModel::encode_word(std::string_view word, std::vector<int32_t>& ids) const {
  if (word.empty()) return;
  if (ignore_merges_) {
    const auto it = vocab_.find(ByteLevelAlphabet::instance().encode(word));
    if (it != vocab_.end()) {
      ids.push_back(it->second);
      return;
    }
  }
  if (word.size() == 1 && byte_ids_[static_cast<uint8_t>(word[0])] >= 0) {
    ids.push_back(byte_ids_[static_cast<uint8_t>(word[0])]);
    return;
  }
  const bool cacheable = word.size() < kMaxCachedWordBytes;
  std::string key;
  if (cacheable) {
    key.assign(word);
    std::lock_guard<std::mutex> lock(cache_mutex_);
    const auto it = cache_.find(key);
    if (it != cache_.end()) {
      ids.insert(ids.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  const size_t first = ids.size();
  merge_word(word, ids);
  if (cacheable) {
    std::vector<int32_t> result(ids.begin() + static_cast<std::ptrdiff_t>(first), ids.end());
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (cache_.size() >= kCacheEntries) cache_.clear();
    cache_.emplace(std::move(key), std::move(result));
  }
}

void BpeModel::merge_word(std::string_view word, std::vector<int32_t>& ids) const {
  // Symbols form a doubly linked list over their initial positions; a merged-away symbol gets id -1.
  struct Symbol {
    int32_t id;
    int32_t prev, next;
  };
  struct Candidate {
    int32_t rank, pos, id;
    // The heap pops the largest: make that the lowest rank, then the leftmost position.
    bool operator<(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
  };
  // Scratch reused across calls on this thread: cache misses are the slow path and should not allocate.
  thread_local std::vector<Symbol> symbols;
  thread_local std::vector<Candidate> heap;
  symbols.clear();
  heap.clear();

  bool last_is_unk = false;
  for (char ch : word) {
    const int32_t id = byte_ids_[static_cast<uint8_t>(ch)];
    if (id < 0) {
      // A byte whose character is missing from the vocabulary: unk if there is one (several in a row fused
      // into one with fuse_unk), otherwise dropped, as HF does.
      if (unk_id_ < 0 || (fuse_unk_ && last_is_unk)) continue;
      last_is_unk = true;
      symbols.push_back({unk_id_, 0, 0});
      continue;
    }
    last_is_unk = false;
    symbols.push_back({id, 0, 0});
  }
  const auto n = static_cast<int32_t>(symbols.size());
  for (int32_t i = 0; i < n; ++i) {
    symbols[i].prev = i - 1;
    symbols[i].next = i + 1 < n ? i + 1 : -1;
  }
  const auto push = [&](int32_t rank, int32_t pos, int32_t id) {
    heap.push_back({rank, pos, id});
    std::push_heap(heap.begin(), heap.end());
  };
  for (int32_t i = 0; i + 1 < n; ++i)
    if (const Merge* m = find_merge(symbols[i].id, symbols[i + 1].id)) push(m->rank, i, m->id);

  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end());
    const Candidate c = heap.back();
    heap.pop_back();
    Symbol& left = symbols[c.pos];
    // Skip stale candidates: the left symbol was merged away, or its pair changed since the push.
    if (left.id < 0 || left.next < 0) continue;
    Symbol& right = symbols[left.next];
    const Merge* m = find_merge(left.id, right.id);
    if (!m || m->id != c.id) continue;
    left.id = c.id;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = c.pos;
    right.id = -1;
    if (left.prev >= 0)
      if (const Merge* pm = find_merge(symbols[left.prev].id, left.id)) push(pm->rank, left.prev, pm->id);
    if (left.next >= 0)
      if (const Merge* nm = find_merge(left.id, symbols[left.next].id)) push(nm->rank, c.pos, nm->id);
  }
  for (int32_t i = 0; i >= 0 && i < n; i = symbols[i].next) ids.push_back(symbols[i].id);
}

}  // namespace steerscope
