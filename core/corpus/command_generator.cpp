#include "core/corpus/command_generator.h"

#include <map>
#include <set>

#include "core/corpus/spoken_number.h"
#include "core/corpus/transcript_text.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

FunctionArgument integer_argument(const std::string& key, int value) {
  return {key, std::to_string(value), false};
}
FunctionArgument string_argument(const std::string& key, const std::string& value) {
  return {key, value, true};
}

// "7:05": 24-hour clock, hours without a leading zero.
std::string clock_time(int hour, int minute) {
  return std::to_string(hour) + ":" + (minute < 10 ? "0" : "") + std::to_string(minute);
}

const std::vector<std::string> kRooms = {"kitchen", "bedroom", "living room", "bathroom", "office",
                                         "hallway", "garage",  "dining room", "basement"};
const std::vector<std::string> kCities = {"paris",   "london", "berlin", "madrid", "rome",   "vienna",
                                          "dublin",  "oslo",   "tokyo",  "sydney", "boston", "chicago",
                                          "toronto", "lisbon", "prague", "athens"};
const std::vector<std::string> kContacts = {"anna", "peter", "maria", "david", "sophie",
                                            "tom",  "lucy",  "james", "emma",  "daniel"};
const std::vector<std::string> kMessages = {
    "i will be late",           "i am on my way",      "dinner is ready",
    "the meeting is cancelled", "i am at the station", "lunch is ready",
    "i will call you later",    "the door is open",    "we need more milk",
    "the train is late",        "i am home",           "the car is ready"};
const std::vector<std::string> kShoppingItems = {
    "milk",   "eggs",  "bread",    "butter", "coffee",   "tea",   "apples", "bananas", "rice",    "pasta",
    "cheese", "sugar", "tomatoes", "onions", "potatoes", "flour", "yogurt", "oranges", "carrots", "chicken"};
const std::vector<std::string> kGenres = {"jazz",    "rock",  "classical", "pop",
                                          "country", "blues", "folk",      "piano"};
const std::vector<std::string> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday"};

}  // namespace

CommandGenerator::CommandGenerator() {
  auto words_slot = [](const std::string& name, const std::vector<std::string>& values) {
    Slot slot{name, {}};
    for (const auto& v : values) slot.options.push_back({v, {string_argument(name, v)}});
    return slot;
  };

  // Durations: minutes, seconds and hours, with the irregular "half an hour" and "an hour".
  Slot duration{"duration", {}};
  for (int m = 1; m <= 60; ++m)
    duration.options.push_back(
        {spell_number(m) + (m == 1 ? " minute" : " minutes"), {integer_argument("minutes", m)}});
  for (int s : {10, 15, 20, 30, 40, 45, 50})
    duration.options.push_back({spell_number(s) + " seconds", {integer_argument("seconds", s)}});
  for (int h = 1; h <= 3; ++h)
    duration.options.push_back(
        {spell_number(h) + (h == 1 ? " hour" : " hours"), {integer_argument("hours", h)}});
  duration.options.push_back({"an hour", {integer_argument("hours", 1)}});
  duration.options.push_back({"half an hour", {integer_argument("minutes", 30)}});
  functions_.push_back(
      {"set_timer",
       2.0,
       {duration},
       {"set a timer for {duration}", "start a timer for {duration}", "can you set a timer for {duration}",
        "please set a timer for {duration}", "remind me in {duration}", "timer for {duration}"}});

  // Clock times: "seven thirty", "seven oh five", "half past seven", "quarter to eight", "six in the
  // evening" (the only form that moves to the afternoon), "noon", "midnight".
  Slot time{"time", {}};
  for (int h = 1; h <= 12; ++h) {
    for (int m : {5, 10, 15, 20, 30, 40, 45, 50})
      time.options.push_back({spell_number(h) + (m < 10 ? " oh " : " ") + spell_number(m),
                              {string_argument("time", clock_time(h, m))}});
    time.options.push_back({"half past " + spell_number(h), {string_argument("time", clock_time(h, 30))}});
    time.options.push_back({"quarter past " + spell_number(h), {string_argument("time", clock_time(h, 15))}});
    time.options.push_back(
        {"quarter to " + spell_number(h), {string_argument("time", clock_time(h == 1 ? 12 : h - 1, 45))}});
  }
  for (int h = 5; h <= 11; ++h) {
    time.options.push_back(
        {spell_number(h) + " in the morning", {string_argument("time", clock_time(h, 0))}});
    time.options.push_back(
        {spell_number(h) + " in the evening", {string_argument("time", clock_time(h + 12, 0))}});
  }
  time.options.push_back({"noon", {string_argument("time", "12:00")}});
  time.options.push_back({"midnight", {string_argument("time", "0:00")}});
  functions_.push_back({"set_alarm",
                        2.0,
                        {time},
                        {"set an alarm for {time}", "wake me up at {time}", "set my alarm for {time}",
                         "please set an alarm for {time}", "i need an alarm at {time}"}});

  const Slot room = words_slot("room", kRooms);
  functions_.push_back(
      {"lights_on",
       1.0,
       {room},
       {"turn on the {room} lights", "switch on the {room} lights", "turn on the lights in the {room}",
        "switch on the lights in the {room}", "turn the {room} lights on", "lights on in the {room}"}});
  functions_.push_back(
      {"lights_off",
       1.0,
       {room},
       {"turn off the {room} lights", "switch off the {room} lights", "turn off the lights in the {room}",
        "switch off the lights in the {room}", "turn the {room} lights off", "lights off in the {room}"}});

  Slot brightness{"level", {}};
  for (int p = 10; p <= 100; p += 10)
    brightness.options.push_back({spell_number(p) + " percent", {integer_argument("level", p)}});
  functions_.push_back({"set_brightness",
                        1.0,
                        {room, brightness},
                        {"dim the {room} lights to {level}", "set the {room} lights to {level}",
                         "set the lights in the {room} to {level}"}});

  // Weather: a missing day means today.
  Slot day{"day", {}};
  day.options.push_back({"", {string_argument("day", "today")}});
  day.options.push_back({"today", {string_argument("day", "today")}});
  day.options.push_back({"tomorrow", {string_argument("day", "tomorrow")}});
  for (const auto& d : kWeekdays) day.options.push_back({"on " + d, {string_argument("day", d)}});
  day.options.push_back({"this weekend", {string_argument("day", "weekend")}});
  functions_.push_back({"weather",
                        2.0,
                        {words_slot("city", kCities), day},
                        {"what is the weather in {city} {day}", "what is the weather like in {city} {day}",
                         "will it rain in {city} {day}", "how warm will it be in {city} {day}",
                         "tell me the weather for {city} {day}", "weather in {city} {day}"}});

  functions_.push_back(
      {"send_message",
       2.0,
       {words_slot("to", kContacts), words_slot("text", kMessages)},
       {"send a message to {to} saying {text}", "text {to} saying {text}", "tell {to} that {text}",
        "send {to} a message saying {text}", "message {to} {text}"}});

  functions_.push_back(
      {"call_contact",
       1.0,
       {words_slot("name", kContacts)},
       {"call {name}", "phone {name}", "give {name} a call", "please call {name}", "can you call {name}"}});

  Slot degrees{"degrees", {}};
  for (int d = 15; d <= 30; ++d)
    degrees.options.push_back({spell_number(d), {integer_argument("degrees", d)}});
  functions_.push_back({"set_temperature",
                        1.0,
                        {degrees},
                        {"set the heating to {degrees} degrees", "set the thermostat to {degrees} degrees",
                         "make it {degrees} degrees", "i want it {degrees} degrees in here"}});

  functions_.push_back({"add_to_list",
                        1.0,
                        {words_slot("item", kShoppingItems)},
                        {"add {item} to my shopping list", "put {item} on the shopping list",
                         "add {item} to the list", "remember to buy {item}", "we need to buy {item}"}});

  Slot volume{"level", {}};
  for (int v = 0; v <= 100; v += 10)
    volume.options.push_back({spell_number(v), {integer_argument("level", v)}});
  functions_.push_back(
      {"set_volume",
       0.5,
       {volume},
       {"set the volume to {level}", "set the volume to {level} percent", "volume {level} please"}});

  functions_.push_back(
      {"play_music",
       0.5,
       {words_slot("genre", kGenres)},
       {"play some {genre}", "play {genre} music", "put on some {genre}", "i want to hear some {genre}"}});
}

SpokenCommand CommandGenerator::render(const Function& f, const std::vector<const SlotOption*>& options,
                                       const std::string& phrasing) const {
  std::string text = phrasing;
  SpokenCommand command;
  command.call.name = f.name;
  for (size_t i = 0; i < f.slots.size(); ++i) {
    const std::string placeholder = "{" + f.slots[i].name + "}";
    const size_t at = text.find(placeholder);
    if (at == std::string::npos)
      throw Error("command generator: phrasing '" + phrasing + "' of " + f.name + " lacks " + placeholder);
    text.replace(at, placeholder.size(), options[i]->spoken);
    for (const auto& a : options[i]->arguments) command.call.arguments.push_back(a);
  }
  command.text = collapse_spaces(text);
  if (!is_normalised_transcript(command.text))
    throw Error("command generator: '" + command.text + "' is not a normalised transcript");
  return command;
}

SpokenCommand CommandGenerator::generate(CorpusRandom& random) const {
  std::vector<double> weights;
  for (const auto& f : functions_) weights.push_back(f.weight);
  const Function& f = functions_[random.weighted_index(weights)];
  std::vector<const SlotOption*> options;
  for (const auto& slot : f.slots) options.push_back(&random.pick(slot.options));
  return render(f, options, random.pick(f.phrasings));
}

std::vector<SpokenCommand> CommandGenerator::enumerate() const {
  std::vector<SpokenCommand> all;
  std::map<std::string, std::string> call_of_text;
  for (const auto& f : functions_) {
    std::vector<size_t> index(f.slots.size(), 0);
    for (;;) {
      std::vector<const SlotOption*> options;
      for (size_t i = 0; i < f.slots.size(); ++i) options.push_back(&f.slots[i].options[index[i]]);
      for (const auto& phrasing : f.phrasings) {
        SpokenCommand c = render(f, options, phrasing);
        const std::string call = c.call.to_string();
        auto [it, inserted] = call_of_text.emplace(c.text, call);
        if (!inserted) {
          if (it->second != call)
            throw Error("command generator: '" + c.text + "' maps to both " + it->second + " and " + call);
          continue;
        }
        all.push_back(std::move(c));
      }
      // Odometer over the slots' options.
      size_t k = 0;
      while (k < index.size() && ++index[k] == f.slots[k].options.size()) index[k++] = 0;
      if (k == index.size()) break;
    }
  }
  return all;
}

std::vector<std::string> CommandGenerator::function_names() const {
  std::vector<std::string> names;
  for (const auto& f : functions_) names.push_back(f.name);
  return names;
}

std::vector<std::string> CommandGenerator::vocabulary() const {
  std::set<std::string> words;
  for (const auto& f : functions_) {
    for (const auto& phrasing : f.phrasings)
      for (const auto& w : transcript_words(phrasing))
        if (w.front() != '{') words.insert(w);
    for (const auto& slot : f.slots)
      for (const auto& option : slot.options)
        for (const auto& w : transcript_words(option.spoken)) words.insert(w);
  }
  return {words.begin(), words.end()};
}

}  // namespace steerscope
