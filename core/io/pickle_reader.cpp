#include "core/io/pickle_reader.h"

#include <cstring>
#include <map>

#include "core/util/error.h"

namespace steerscope {

namespace {

PickleRef make(PickleValue::Kind k) {
  auto v = std::make_shared<PickleValue>();
  v->kind = k;
  return v;
}

class Unpickler {
 public:
  Unpickler(const uint8_t* d, size_t n, std::string origin) : d_(d), n_(n), origin_(std::move(origin)) {}

  PickleRef run() {
    while (true) {
      const size_t at = pos_;
      const uint8_t op = u8();
      switch (op) {
        case 0x80: u8(); break;             // PROTO
        case 0x95: bytes(8); break;         // FRAME (length only; data follows inline)
        case '.': return pop("STOP");       // STOP
        case '(': marks_.push_back(stack_.size()); break;  // MARK
        case 'N': stack_.push_back(make(PickleValue::Kind::kNone)); break;
        case 0x88: case 0x89: {             // NEWTRUE / NEWFALSE
          auto v = make(PickleValue::Kind::kBool);
          v->boolean = op == 0x88;
          stack_.push_back(v);
          break;
        }
        case 'J': push_int(static_cast<int32_t>(le(4))); break;    // BININT
        case 'K': push_int(static_cast<int64_t>(le(1))); break;    // BININT1
        case 'M': push_int(static_cast<int64_t>(le(2))); break;    // BININT2
        case 0x8a: push_long(u8(), at); break;                      // LONG1
        case 0x8b: push_long(static_cast<size_t>(le(4)), at); break; // LONG4
        case 'I': case 'L': {                                       // INT / LONG (text)
          std::string line = read_line();
          if (!line.empty() && line.back() == 'L') line.pop_back();
          if (line == "00" || line == "01") {
            auto v = make(PickleValue::Kind::kBool);
            v->boolean = line == "01";
            stack_.push_back(v);
          } else {
            try { push_int(std::stoll(line)); } catch (const std::exception&) { fail(at, "bad integer literal"); }
          }
          break;
        }
        case 'G': {                          // BINFLOAT (big-endian double)
          const uint8_t* p = bytes(8);
          uint64_t bits = 0;
          for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];
          auto v = make(PickleValue::Kind::kFloat);
          std::memcpy(&v->real, &bits, 8);
          stack_.push_back(v);
          break;
        }
        case 'X': push_string(PickleValue::Kind::kString, static_cast<size_t>(le(4))); break;  // BINUNICODE
        case 0x8c: push_string(PickleValue::Kind::kString, u8()); break;                        // SHORT_BINUNICODE
        case 0x8d: push_string(PickleValue::Kind::kString, static_cast<size_t>(le(8))); break;  // BINUNICODE8
        case 'T': push_string(PickleValue::Kind::kBytes, static_cast<size_t>(le(4))); break;    // BINSTRING
        case 'U': push_string(PickleValue::Kind::kBytes, u8()); break;                          // SHORT_BINSTRING
        case 'B': push_string(PickleValue::Kind::kBytes, static_cast<size_t>(le(4))); break;    // BINBYTES
        case 'C': push_string(PickleValue::Kind::kBytes, u8()); break;                          // SHORT_BINBYTES
        case 0x8e: push_string(PickleValue::Kind::kBytes, static_cast<size_t>(le(8))); break;   // BINBYTES8
        case ')': stack_.push_back(make(PickleValue::Kind::kTuple)); break;   // EMPTY_TUPLE
        case ']': stack_.push_back(make(PickleValue::Kind::kList)); break;    // EMPTY_LIST
        case '}': stack_.push_back(make(PickleValue::Kind::kDict)); break;    // EMPTY_DICT
        case 0x8f: stack_.push_back(make(PickleValue::Kind::kSet)); break;    // EMPTY_SET
        case 't': case 'l': {                                                 // TUPLE / LIST
          auto v = make(op == 't' ? PickleValue::Kind::kTuple : PickleValue::Kind::kList);
          v->items = pop_to_mark(at);
          stack_.push_back(v);
          break;
        }
        case 'd': {                                                           // DICT
          auto items = pop_to_mark(at);
          if (items.size() % 2) fail(at, "DICT with an odd number of items");
          auto v = make(PickleValue::Kind::kDict);
          for (size_t i = 0; i < items.size(); i += 2) v->entries.emplace_back(items[i], items[i + 1]);
          stack_.push_back(v);
          break;
        }
        case 0x85: case 0x86: case 0x87: {                                    // TUPLE1/2/3
          const size_t k = op - 0x84;
          if (stack_.size() < k) fail(at, "stack underflow");
          auto v = make(PickleValue::Kind::kTuple);
          v->items.assign(stack_.end() - static_cast<std::ptrdiff_t>(k), stack_.end());
          stack_.resize(stack_.size() - k);
          stack_.push_back(v);
          break;
        }
        case 'a': {                                                           // APPEND
          auto x = pop("APPEND");
          top("APPEND", PickleValue::Kind::kList)->items.push_back(x);
          break;
        }
        case 'e': {                                                           // APPENDS
          auto items = pop_to_mark(at);
          auto& list = top("APPENDS", PickleValue::Kind::kList)->items;
          list.insert(list.end(), items.begin(), items.end());
          break;
        }
        case 0x90: {                                                          // ADDITEMS
          auto items = pop_to_mark(at);
          auto& set = top("ADDITEMS", PickleValue::Kind::kSet)->items;
          set.insert(set.end(), items.begin(), items.end());
          break;
        }
        case 0x91: {                                                          // FROZENSET
          auto v = make(PickleValue::Kind::kSet);
          v->items = pop_to_mark(at);
          stack_.push_back(v);
          break;
        }
        case 's': {                                                           // SETITEM
          auto value = pop("SETITEM");
          auto key = pop("SETITEM");
          top("SETITEM", PickleValue::Kind::kDict)->entries.emplace_back(key, value);
          break;
        }
        case 'u': {                                                           // SETITEMS
          auto items = pop_to_mark(at);
          if (items.size() % 2) fail(at, "SETITEMS with an odd number of items");
          auto d = top("SETITEMS", PickleValue::Kind::kDict);
          for (size_t i = 0; i < items.size(); i += 2) d->entries.emplace_back(items[i], items[i + 1]);
          break;
        }
        case 'c': {                                                           // GLOBAL
          std::string module = read_line();
          std::string name = read_line();
          auto v = make(PickleValue::Kind::kGlobal);
          v->text = module + "." + name;
          stack_.push_back(v);
          break;
        }
        case 0x93: {                                                          // STACK_GLOBAL
          auto name = pop("STACK_GLOBAL");
          auto module = pop("STACK_GLOBAL");
          if (name->kind != PickleValue::Kind::kString || module->kind != PickleValue::Kind::kString)
            fail(at, "STACK_GLOBAL needs two strings");
          auto v = make(PickleValue::Kind::kGlobal);
          v->text = module->text + "." + name->text;
          stack_.push_back(v);
          break;
        }
        case 'R': case 0x81: {                                                // REDUCE / NEWOBJ
          auto args = pop("REDUCE");
          auto callable = pop("REDUCE");
          // collections.OrderedDict() is the container of every state dict; model it as a plain dict.
          if (callable->is_global("collections.OrderedDict")) {
            stack_.push_back(make(PickleValue::Kind::kDict));
            break;
          }
          auto v = make(PickleValue::Kind::kCall);
          v->items = {callable, args};
          stack_.push_back(v);
          break;
        }
        case 'b': {                                                           // BUILD
          auto state = pop("BUILD");
          auto obj = pop("BUILD");
          if (obj->kind == PickleValue::Kind::kCall) obj->state = state;  // dict state (e.g. _metadata) ignored
          stack_.push_back(obj);
          break;
        }
        case 'Q': {                                                           // BINPERSID
          auto v = make(PickleValue::Kind::kPersistentId);
          v->pid = pop("BINPERSID");
          stack_.push_back(v);
          break;
        }
        case 'q': memo_put(u8(), at); break;                                  // BINPUT
        case 'r': memo_put(le(4), at); break;                                 // LONG_BINPUT
        case 0x94: memo_put(memo_.size(), at); break;                         // MEMOIZE
        case 'p': memo_put(parse_index(read_line(), at), at); break;          // PUT (text)
        case 'h': memo_get(u8(), at); break;                                  // BINGET
        case 'j': memo_get(le(4), at); break;                                 // LONG_BINGET
        case 'g': memo_get(parse_index(read_line(), at), at); break;          // GET (text)
        case '0': pop("POP"); break;                                          // POP
        case '1': pop_to_mark(at); break;                                     // POP_MARK
        case '2': stack_.push_back(top_any("DUP")); break;                    // DUP
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "0x%02x", op);
          fail(at, std::string("unsupported pickle opcode ") + buf);
        }
      }
    }
  }

 private:
  [[noreturn]] void fail(size_t at, const std::string& what) const {
    throw Error(origin_ + ": " + what + " at byte " + std::to_string(at) + " of the pickle");
  }
  uint8_t u8() {
    if (pos_ >= n_) fail(pos_, "unexpected end of pickle (truncated?)");
    return d_[pos_++];
  }
  const uint8_t* bytes(size_t k) {
    if (k > n_ - pos_) fail(pos_, "unexpected end of pickle (truncated?)");
    const uint8_t* p = d_ + pos_;
    pos_ += k;
    return p;
  }
  uint64_t le(int k) {
    const uint8_t* p = bytes(static_cast<size_t>(k));
    uint64_t v = 0;
    for (int i = k - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
  }
  std::string read_line() {
    size_t start = pos_;
    while (pos_ < n_ && d_[pos_] != '\n') ++pos_;
    if (pos_ >= n_) fail(start, "unterminated text argument");
    std::string s(reinterpret_cast<const char*>(d_ + start), pos_ - start);
    ++pos_;
    return s;
  }
  size_t parse_index(const std::string& s, size_t at) {
    try { return static_cast<size_t>(std::stoull(s)); } catch (const std::exception&) { fail(at, "bad memo index"); }
  }
  void push_int(int64_t v) {
    auto p = make(PickleValue::Kind::kInt);
    p->integer = v;
    stack_.push_back(p);
  }
  void push_long(size_t nbytes, size_t at) {
    if (nbytes > 8) fail(at, "integer wider than 64 bits");
    const uint8_t* p = bytes(nbytes);
    uint64_t v = 0;
    for (size_t i = nbytes; i-- > 0;) v = (v << 8) | p[i];
    if (nbytes > 0 && nbytes < 8 && (p[nbytes - 1] & 0x80)) v |= ~uint64_t(0) << (8 * nbytes);  // sign-extend
    push_int(static_cast<int64_t>(v));
  }
  void push_string(PickleValue::Kind k, size_t len) {
    const uint8_t* p = bytes(len);
    auto v = make(k);
    v->text.assign(reinterpret_cast<const char*>(p), len);
    stack_.push_back(v);
  }
  PickleRef pop(const char* op) {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back()))
      throw Error(origin_ + ": pickle stack underflow in " + op);
    auto v = stack_.back();
    stack_.pop_back();
    return v;
  }
  PickleRef top_any(const char* op) {
    if (stack_.empty()) throw Error(origin_ + ": pickle stack underflow in " + op);
    return stack_.back();
  }
  PickleRef top(const char* op, PickleValue::Kind k) {
    auto v = top_any(op);
    if (v->kind != k) throw Error(origin_ + ": pickle " + op + " applied to the wrong kind of object");
    return v;
  }
  std::vector<PickleRef> pop_to_mark(size_t at) {
    if (marks_.empty()) fail(at, "no MARK on the stack");
    size_t m = marks_.back();
    marks_.pop_back();
    if (m > stack_.size()) fail(at, "corrupt MARK");
    std::vector<PickleRef> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  void memo_put(uint64_t idx, size_t at) {
    if (idx > (1u << 24)) fail(at, "memo index too large");
    memo_[idx] = top_any("PUT");
  }
  void memo_get(uint64_t idx, size_t at) {
    auto it = memo_.find(idx);
    if (it == memo_.end()) fail(at, "memo index " + std::to_string(idx) + " not defined");
    stack_.push_back(it->second);
  }

  const uint8_t* d_;
  size_t n_;
  size_t pos_ = 0;
  std::string origin_;
  std::vector<PickleRef> stack_;
  std::vector<size_t> marks_;
  std::map<uint64_t, PickleRef> memo_;
};

}  // namespace

PickleRef read_pickle(const uint8_t* data, size_t size, const std::string& origin) {
  return Unpickler(data, size, origin).run();
}

}  // namespace steerscope
