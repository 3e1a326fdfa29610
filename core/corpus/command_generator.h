#pragma once
// Spoken commands and the function calls they map to, for the demo's "answer a spoken command with a
// function call" task: "set a timer for ten minutes" -> set_timer(minutes=10), "turn off the kitchen
// lights" -> lights_off(room="kitchen"), "will it rain in paris on friday" -> weather(city="paris",
// day="friday").
//
// Each function has slots (numbers, rooms, times, cities, contacts, ...) and several phrasings, and slot
// values have several spoken forms ("half past seven", "seven thirty" -> time="7:30"; "half an hour" ->
// minutes=30; no day mentioned -> day="today"), so that the mapping has to be learned rather than looked
// up. Numbers are spelled out in the text and written as digits in the call; string arguments are the
// spoken words of the slot (room="living room"), except times (24-hour "H:MM") and days (defaulted).
// Arguments appear in the order the function declares them (see function_call.h for the text form).
//
// The command space is finite (a few thousand texts); enumerate() lists it, which the tests use to check
// every text against its call and the corpus uses to report its size.

#include <string>
#include <vector>

#include "core/corpus/corpus_random.h"
#include "core/corpus/function_call.h"

namespace steerscope {

struct SpokenCommand {
  std::string text;  // normalised transcript (transcript_text.h)
  FunctionCall call;
};

class CommandGenerator {
 public:
  CommandGenerator();

  // One command: a function drawn by its weight, then each slot's spoken form and a phrasing, uniformly.
  SpokenCommand generate(CorpusRandom& random) const;

  // Every (text, call) the generator can produce, in a fixed order; a text appears once.
  std::vector<SpokenCommand> enumerate() const;

  std::vector<std::string> function_names() const;

  // Every word a command text can contain, sorted and unique.
  std::vector<std::string> vocabulary() const;

 private:
  struct SlotOption {
    std::string spoken;                       // words substituted for the slot; may be empty
    std::vector<FunctionArgument> arguments;  // what this spoken form contributes to the call
  };
  struct Slot {
    std::string name;  // referenced as {name} in the phrasings
    std::vector<SlotOption> options;
  };
  struct Function {
    std::string name;
    double weight = 1.0;      // relative frequency among commands
    std::vector<Slot> slots;  // in argument order
    std::vector<std::string> phrasings;
  };

  SpokenCommand render(const Function& f, const std::vector<const SlotOption*>& options,
                       const std::string& phrasing) const;

  std::vector<Function> functions_;
};

}  // namespace steerscope
