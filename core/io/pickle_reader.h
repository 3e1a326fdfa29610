#pragma once
// A minimal, safe unpickler for the pickles inside torch.save archives (data.pkl). It executes nothing:
// GLOBAL references and REDUCE/NEWOBJ calls become inert PickleValue nodes that the caller interprets
// (TorchArchive recognises torch._utils._rebuild_tensor_v2 and collections.OrderedDict). Protocols 0-5
// opcodes that plain data and state dicts use are supported; anything else is an Error naming the opcode
// and its offset. Malformed input never reads out of bounds.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace steerscope {

struct PickleValue;
using PickleRef = std::shared_ptr<PickleValue>;

struct PickleValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kString, kBytes, kTuple, kList, kDict, kSet, kGlobal, kCall, kPersistentId };
  Kind kind = Kind::kNone;
  bool boolean = false;
  int64_t integer = 0;
  double real = 0.0;
  std::string text;    // kString, kBytes; kGlobal: "module.name"
  std::vector<PickleRef> items;                         // kTuple, kList, kSet; kCall: {callable, args}
  std::vector<std::pair<PickleRef, PickleRef>> entries; // kDict (in insertion order)
  PickleRef state;     // kCall: set by BUILD
  PickleRef pid;       // kPersistentId: the persistent id object

  bool is_global(const char* qualified) const { return kind == Kind::kGlobal && text == qualified; }
};

// Parses one pickle. `origin` names the source in error messages.
PickleRef read_pickle(const uint8_t* data, size_t size, const std::string& origin);

}  // namespace steerscope
