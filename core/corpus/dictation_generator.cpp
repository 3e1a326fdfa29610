#include "core/corpus/dictation_generator.h"

#include <set>

#include "core/corpus/spoken_number.h"
#include "core/corpus/transcript_text.h"

namespace steerscope {

namespace {

// Coarse semantic classes, as bits so that an adjective or verb can accept several.
enum : unsigned { kPerson = 1, kAnimal = 2, kThing = 4, kPlace = 8, kAnimate = kPerson | kAnimal };

struct Noun {
  const char* singular;
  const char* plural;
  unsigned cls;
};

const std::vector<Noun> kNouns = {
    // people
    {"farmer", "farmers", kPerson},
    {"teacher", "teachers", kPerson},
    {"doctor", "doctors", kPerson},
    {"baker", "bakers", kPerson},
    {"driver", "drivers", kPerson},
    {"student", "students", kPerson},
    {"child", "children", kPerson},
    {"man", "men", kPerson},
    {"woman", "women", kPerson},
    {"boy", "boys", kPerson},
    {"girl", "girls", kPerson},
    {"friend", "friends", kPerson},
    {"neighbor", "neighbors", kPerson},
    {"sailor", "sailors", kPerson},
    {"painter", "painters", kPerson},
    {"king", "kings", kPerson},
    {"queen", "queens", kPerson},
    {"nurse", "nurses", kPerson},
    {"pilot", "pilots", kPerson},
    {"singer", "singers", kPerson},
    // animals
    {"dog", "dogs", kAnimal},
    {"cat", "cats", kAnimal},
    {"bird", "birds", kAnimal},
    {"horse", "horses", kAnimal},
    {"cow", "cows", kAnimal},
    {"sheep", "sheep", kAnimal},
    {"fox", "foxes", kAnimal},
    {"rabbit", "rabbits", kAnimal},
    {"duck", "ducks", kAnimal},
    {"mouse", "mice", kAnimal},
    {"goat", "goats", kAnimal},
    {"bear", "bears", kAnimal},
    // things
    {"book", "books", kThing},
    {"letter", "letters", kThing},
    {"table", "tables", kThing},
    {"chair", "chairs", kThing},
    {"window", "windows", kThing},
    {"door", "doors", kThing},
    {"box", "boxes", kThing},
    {"ball", "balls", kThing},
    {"hat", "hats", kThing},
    {"coat", "coats", kThing},
    {"key", "keys", kThing},
    {"clock", "clocks", kThing},
    {"lamp", "lamps", kThing},
    {"picture", "pictures", kThing},
    {"basket", "baskets", kThing},
    {"bottle", "bottles", kThing},
    {"bag", "bags", kThing},
    {"boat", "boats", kThing},
    {"car", "cars", kThing},
    {"bicycle", "bicycles", kThing},
    {"cup", "cups", kThing},
    {"plate", "plates", kThing},
    {"apple", "apples", kThing},
    {"cake", "cakes", kThing},
    {"flower", "flowers", kThing},
    {"stone", "stones", kThing},
    {"shoe", "shoes", kThing},
    {"candle", "candles", kThing},
    {"map", "maps", kThing},
    {"ring", "rings", kThing},
    {"blanket", "blankets", kThing},
    {"kite", "kites", kThing},
    // places
    {"garden", "gardens", kPlace},
    {"house", "houses", kPlace},
    {"kitchen", "kitchens", kPlace},
    {"river", "rivers", kPlace},
    {"forest", "forests", kPlace},
    {"village", "villages", kPlace},
    {"city", "cities", kPlace},
    {"road", "roads", kPlace},
    {"bridge", "bridges", kPlace},
    {"market", "markets", kPlace},
    {"school", "schools", kPlace},
    {"park", "parks", kPlace},
    {"beach", "beaches", kPlace},
    {"hill", "hills", kPlace},
    {"field", "fields", kPlace},
    {"station", "stations", kPlace},
    {"library", "libraries", kPlace},
    {"shop", "shops", kPlace},
    {"lake", "lakes", kPlace},
    {"farm", "farms", kPlace},
};

struct Adjective {
  const char* word;
  unsigned cls;  // classes of nouns it describes
};

const std::vector<Adjective> kAdjectives = {
    {"big", kAnimate | kThing | kPlace},
    {"small", kAnimate | kThing | kPlace},
    {"little", kAnimate | kThing | kPlace},
    {"old", kAnimate | kThing | kPlace},
    {"new", kThing | kPlace},
    {"red", kThing},
    {"blue", kThing},
    {"green", kThing | kPlace},
    {"yellow", kThing},
    {"white", kThing | kAnimal},
    {"black", kThing | kAnimal},
    {"brown", kThing | kAnimal},
    {"heavy", kThing},
    {"clean", kThing | kPlace},
    {"dirty", kThing | kPlace},
    {"empty", kThing | kPlace},
    {"wooden", kThing},
    {"broken", kThing},
    {"shiny", kThing},
    {"tiny", kThing | kAnimal},
    {"lovely", kThing | kPlace},
    {"strange", kThing | kPlace | kAnimate},
    {"happy", kAnimate},
    {"quiet", kAnimate | kPlace},
    {"tired", kAnimate},
    {"hungry", kAnimate},
    {"clever", kAnimate},
    {"brave", kAnimate},
    {"sleepy", kAnimate},
    {"friendly", kAnimate},
    {"gentle", kAnimate},
    {"busy", kPerson | kPlace},
    {"young", kAnimate},
    {"lucky", kAnimate},
    {"tall", kPerson | kThing},
    {"lazy", kAnimate},
    {"angry", kAnimate},
    {"kind", kPerson},
    {"dark", kPlace},
    {"sunny", kPlace},
    {"cold", kPlace | kThing},
    {"warm", kPlace | kThing},
};

struct Verb {
  const char* base;
  const char* third;  // third person singular present
  const char* past;
  unsigned subject;  // classes of the subject
  unsigned object;   // classes of the object (0 for intransitive verbs)
  bool motion;       // intransitive verbs of motion take "to the park", "across the road", ...
};

const std::vector<Verb> kVerbs = {
    // thing objects
    {"find", "finds", "found", kAnimate, kThing, false},
    {"take", "takes", "took", kAnimate, kThing, false},
    {"bring", "brings", "brought", kAnimate, kThing, false},
    {"carry", "carries", "carried", kAnimate, kThing, false},
    {"want", "wants", "wanted", kAnimate, kThing, false},
    {"hold", "holds", "held", kPerson, kThing, false},
    {"drop", "drops", "dropped", kAnimate, kThing, false},
    {"lose", "loses", "lost", kPerson, kThing, false},
    {"keep", "keeps", "kept", kAnimate, kThing, false},
    {"hide", "hides", "hid", kAnimate, kThing, false},
    {"open", "opens", "opened", kPerson, kThing, false},
    {"paint", "paints", "painted", kPerson, kThing | kPlace, false},
    {"buy", "buys", "bought", kPerson, kThing, false},
    {"sell", "sells", "sold", kPerson, kThing, false},
    {"clean", "cleans", "cleaned", kPerson, kThing | kPlace, false},
    {"fix", "fixes", "fixed", kPerson, kThing, false},
    {"wash", "washes", "washed", kPerson, kThing | kAnimal, false},
    {"make", "makes", "made", kPerson, kThing, false},
    // animate objects
    {"see", "sees", "saw", kAnimate, kAnimate | kThing | kPlace, false},
    {"watch", "watches", "watched", kAnimate, kAnimate, false},
    {"follow", "follows", "followed", kAnimate, kAnimate, false},
    {"help", "helps", "helped", kPerson, kAnimate, false},
    {"meet", "meets", "met", kPerson, kPerson, false},
    {"like", "likes", "liked", kAnimate, kAnimate | kThing | kPlace, false},
    {"call", "calls", "called", kPerson, kAnimate, false},
    {"chase", "chases", "chased", kAnimate, kAnimate, false},
    {"feed", "feeds", "fed", kPerson, kAnimal, false},
    // place objects
    {"visit", "visits", "visited", kPerson, kPlace, false},
    {"leave", "leaves", "left", kAnimate, kPlace, false},
    {"reach", "reaches", "reached", kAnimate, kPlace, false},
    // intransitive
    {"sleep", "sleeps", "slept", kAnimate, 0, false},
    {"sing", "sings", "sang", kPerson | kAnimal, 0, false},
    {"dance", "dances", "danced", kPerson, 0, false},
    {"laugh", "laughs", "laughed", kPerson, 0, false},
    {"smile", "smiles", "smiled", kPerson, 0, false},
    {"wait", "waits", "waited", kAnimate, 0, false},
    {"work", "works", "worked", kPerson, 0, false},
    {"play", "plays", "played", kAnimate, 0, false},
    {"rest", "rests", "rested", kAnimate, 0, false},
    {"sit", "sits", "sat", kAnimate, 0, false},
    {"run", "runs", "ran", kAnimate, 0, true},
    {"walk", "walks", "walked", kAnimate, 0, true},
    {"swim", "swims", "swam", kAnimate, 0, true},
    {"jump", "jumps", "jumped", kAnimate, 0, true},
    {"go", "goes", "went", kAnimate, 0, true},
    {"drive", "drives", "drove", kPerson, 0, true},
    {"travel", "travels", "traveled", kPerson, 0, true},
};

// Verbs that take "to" plus a transitive verb: "anna wants to paint the door".
const std::vector<Verb> kCatenativeVerbs = {
    {"want", "wants", "wanted", kPerson, 0, false},
    {"like", "likes", "liked", kPerson, 0, false},
    {"try", "tries", "tried", kPerson, 0, false},
    {"need", "needs", "needed", kPerson, 0, false},
};

const std::vector<std::string> kNames = {"anna", "peter", "maria", "david", "sophie",
                                         "tom",  "lucy",  "james", "emma",  "daniel"};
const std::vector<std::string> kStaticPlacePrepositions = {"in", "near", "behind", "beside", "outside"};
const std::vector<std::string> kMotionPrepositions = {"to", "across", "along", "through", "into", "around"};
const std::vector<std::string> kThingPrepositions = {"on", "under", "near", "behind", "beside"};
const std::vector<std::string> kMannerAdverbs = {"quickly", "slowly", "quietly",   "loudly",
                                                 "happily", "gently", "carefully", "again"};
const std::vector<std::string> kFrequencyAdverbs = {"usually", "often", "always", "never", "sometimes"};
const std::vector<std::string> kPastTimes = {"yesterday", "last night", "last week", "this morning",
                                             "on sunday"};
const std::vector<std::string> kPresentTimes = {"every day", "every morning", "every evening", "today"};
const std::vector<std::string> kIntensifiers = {"very", "quite", "really", "so"};
const std::vector<std::string> kSingularDeterminers = {"the", "the",  "the", "a",    "a",
                                                       "my",  "your", "our", "this", "that"};
const std::vector<std::string> kPluralDeterminers = {"the",   "the",   "my",   "your", "our",
                                                     "these", "those", "some", "many"};

// Words the templates below write themselves (beyond the tables and numbers).
const std::vector<std::string> kTemplateWords = {
    "an", "i",   "you", "we",   "they",  "he",  "she", "me",  "him", "her",  "us",    "them", "am",
    "is", "are", "was", "were", "there", "and", "to",  "did", "do",  "does", "where", "can",  "could"};

enum class Agreement { kFirstSingular, kThirdSingular, kOther };
enum class Tense { kPresent, kPast };

struct Phrase {
  std::string text;
  Agreement agreement = Agreement::kThirdSingular;
};

bool starts_with_vowel(const std::string& word) {
  return !word.empty() && std::string("aeiou").find(word[0]) != std::string::npos;
}

const Noun& pick_noun(CorpusRandom& random, unsigned classes) {
  std::vector<const Noun*> candidates;
  for (const auto& n : kNouns)
    if (n.cls & classes) candidates.push_back(&n);
  return *random.pick(candidates);
}

std::string pick_adjective(CorpusRandom& random, unsigned cls) {
  std::vector<std::string> candidates;
  for (const auto& a : kAdjectives)
    if (a.cls & cls) candidates.push_back(a.word);
  return random.pick(candidates);
}

// "the old farmer", "three brown cows", "an apple"; definite_only forces "the" (places in prepositions).
Phrase noun_phrase(CorpusRandom& random, unsigned classes, bool allow_plural, bool definite_only = false,
                   double adjective_probability = 0.45) {
  const Noun& noun = pick_noun(random, classes);
  const bool plural = allow_plural && random.chance(0.3);
  std::string adjective = random.chance(adjective_probability) ? pick_adjective(random, noun.cls) : "";
  std::string head = adjective.empty() ? noun.singular : adjective + " " + noun.singular;
  Phrase p;
  if (plural) {
    head = adjective.empty() ? noun.plural : adjective + " " + noun.plural;
    std::string det = "the";
    if (!definite_only) {
      if (random.chance(0.3)) {
        det = spell_number(static_cast<int>(random.uniform_int(2, 12)));
      } else {
        det = random.pick(kPluralDeterminers);
      }
    }
    p.text = det + " " + head;
    p.agreement = Agreement::kOther;
    return p;
  }
  std::string det = definite_only ? "the" : random.pick(kSingularDeterminers);
  if (det == "a" && starts_with_vowel(head)) det = "an";
  p.text = det + " " + head;
  p.agreement = Agreement::kThirdSingular;
  return p;
}

// A subject of the given classes: a noun phrase, a name or a personal pronoun.
Phrase subject(CorpusRandom& random, unsigned classes) {
  if (classes & kPerson) {
    const double r = random.uniform_real();
    if (r < 0.15) return {random.pick(kNames), Agreement::kThirdSingular};
    if (r < 0.3) {
      static const std::vector<Phrase> kPronouns = {
          {"i", Agreement::kFirstSingular},  {"you", Agreement::kOther},
          {"we", Agreement::kOther},         {"they", Agreement::kOther},
          {"he", Agreement::kThirdSingular}, {"she", Agreement::kThirdSingular}};
      return random.pick(kPronouns);
    }
  }
  return noun_phrase(random, classes, true);
}

Phrase object(CorpusRandom& random, unsigned classes) {
  if ((classes & kPerson) && random.chance(0.12)) {
    static const std::vector<std::string> kObjectPronouns = {"me", "him", "her", "us", "them"};
    return {random.pick(kObjectPronouns), Agreement::kOther};
  }
  if ((classes & kPerson) && random.chance(0.15)) return {random.pick(kNames), Agreement::kThirdSingular};
  return noun_phrase(random, classes, true);
}

std::string verb_form(const Verb& v, Tense tense, Agreement agreement) {
  if (tense == Tense::kPast) return v.past;
  return agreement == Agreement::kThirdSingular ? v.third : v.base;
}

std::string copula(Tense tense, Agreement agreement) {
  if (tense == Tense::kPast) return agreement == Agreement::kOther ? "were" : "was";
  if (agreement == Agreement::kFirstSingular) return "am";
  return agreement == Agreement::kThirdSingular ? "is" : "are";
}

// A verb whose subject may be of subject_class; transitive verbs have an object class, intransitive ones
// have none.
const Verb& pick_verb(CorpusRandom& random, unsigned subject_class, bool transitive) {
  std::vector<const Verb*> candidates;
  for (const auto& v : kVerbs)
    if ((v.subject & subject_class) && ((v.object != 0) == transitive)) candidates.push_back(&v);
  return *random.pick(candidates);
}

std::string location(CorpusRandom& random) {
  if (random.chance(0.7))
    return random.pick(kStaticPlacePrepositions) + " " + noun_phrase(random, kPlace, false, true, 0.3).text;
  return random.pick(kThingPrepositions) + " " + noun_phrase(random, kThing, false, true, 0.3).text;
}

unsigned pick_subject_class(CorpusRandom& random) {
  const double r = random.uniform_real();
  return r < 0.65 ? kPerson : kAnimal;
}

void append(std::string& sentence, const std::string& words) {
  if (words.empty()) return;
  if (!sentence.empty()) sentence += " ";
  sentence += words;
}

// [time] subject [frequency] verb object [location] [manner]
std::string transitive_sentence(CorpusRandom& random, Tense tense) {
  std::string s;
  if (random.chance(0.2)) append(s, random.pick(tense == Tense::kPast ? kPastTimes : kPresentTimes));
  const unsigned cls = pick_subject_class(random);
  const Phrase subj = subject(random, cls);
  const Verb& verb = pick_verb(random, cls, true);
  append(s, subj.text);
  if (tense == Tense::kPresent && random.chance(0.2)) append(s, random.pick(kFrequencyAdverbs));
  append(s, verb_form(verb, tense, subj.agreement));
  append(s, object(random, verb.object).text);
  if (random.chance(0.35)) append(s, location(random));
  if (random.chance(0.15)) append(s, random.pick(kMannerAdverbs));
  return s;
}

// [time] subject [frequency] verb [manner] [location or direction]
std::string intransitive_sentence(CorpusRandom& random, Tense tense) {
  std::string s;
  if (random.chance(0.25)) append(s, random.pick(tense == Tense::kPast ? kPastTimes : kPresentTimes));
  const unsigned cls = pick_subject_class(random);
  const Phrase subj = subject(random, cls);
  const Verb& verb = pick_verb(random, cls, false);
  append(s, subj.text);
  if (tense == Tense::kPresent && random.chance(0.2)) append(s, random.pick(kFrequencyAdverbs));
  append(s, verb_form(verb, tense, subj.agreement));
  if (random.chance(0.3)) append(s, random.pick(kMannerAdverbs));
  if (verb.motion) {
    if (random.chance(0.8))
      append(s, random.pick(kMotionPrepositions) + " " + noun_phrase(random, kPlace, false, true, 0.35).text);
  } else if (random.chance(0.6)) {
    append(s, location(random));
  }
  return s;
}

// subject copula [intensifier] adjective [location]: "the market was very busy"
std::string description_sentence(CorpusRandom& random, Tense tense) {
  static const std::vector<unsigned> kClasses = {kPerson, kAnimal, kThing, kPlace};
  const unsigned cls = random.pick(kClasses);
  const Phrase subj =
      (cls == kPerson) ? subject(random, kPerson) : noun_phrase(random, cls, true, false, 0.3);
  std::string s = subj.text;
  append(s, copula(tense, subj.agreement));
  if (random.chance(0.4)) append(s, random.pick(kIntensifiers));
  append(s, pick_adjective(random, cls));
  if (cls != kPlace && random.chance(0.3)) append(s, location(random));
  return s;
}

// there is a small box under the table / there were three cats in the garden
std::string existential_sentence(CorpusRandom& random, Tense tense) {
  static const std::vector<unsigned> kClasses = {kAnimal, kThing, kPerson};
  const unsigned cls = random.pick(kClasses);
  const Noun& noun = pick_noun(random, cls);
  const bool plural = random.chance(0.45);
  std::string adjective = random.chance(0.5) ? pick_adjective(random, noun.cls) : "";
  std::string head = adjective.empty() ? "" : adjective + " ";
  std::string s = "there";
  if (plural) {
    append(s, copula(tense, Agreement::kOther));
    const std::string det =
        random.chance(0.6) ? spell_number(static_cast<int>(random.uniform_int(2, 12))) : std::string("some");
    append(s, det + " " + head + noun.plural);
  } else {
    append(s, copula(tense, Agreement::kThirdSingular));
    head += noun.singular;
    append(s, (starts_with_vowel(head) ? "an " : "a ") + head);
  }
  append(s, location(random));
  return s;
}

// anna wants to paint the old door
std::string catenative_sentence(CorpusRandom& random, Tense tense) {
  const Phrase subj = subject(random, kPerson);
  const Verb& main = random.pick(kCatenativeVerbs);
  const Verb& verb = pick_verb(random, kPerson, true);
  std::string s = subj.text;
  append(s, verb_form(main, tense, subj.agreement));
  append(s, std::string("to ") + verb.base);
  append(s, object(random, verb.object).text);
  if (random.chance(0.25)) append(s, location(random));
  return s;
}

// did the farmer find a key / does anna like the park / where is the red ball / can you see the boat
std::string question_sentence(CorpusRandom& random, Tense tense) {
  const double r = random.uniform_real();
  if (r < 0.5) {
    const unsigned cls = pick_subject_class(random);
    const Phrase subj = subject(random, cls);
    const Verb& verb = pick_verb(random, cls, true);
    std::string aux = "did";
    if (tense == Tense::kPresent) aux = subj.agreement == Agreement::kThirdSingular ? "does" : "do";
    std::string s = aux;
    append(s, subj.text);
    append(s, verb.base);
    append(s, object(random, verb.object).text);
    if (random.chance(0.25)) append(s, location(random));
    return s;
  }
  if (r < 0.8) {
    static const std::vector<unsigned> kClasses = {kAnimal, kThing, kPerson};
    const Phrase what = noun_phrase(random, random.pick(kClasses), true);
    return "where " + copula(tense, what.agreement) + " " + what.text;
  }
  const Phrase subj = subject(random, kPerson);
  const Verb& verb = pick_verb(random, kPerson, true);
  std::string s = tense == Tense::kPresent ? "can" : "could";
  append(s, subj.text);
  append(s, verb.base);
  append(s, object(random, verb.object).text);
  return s;
}

// anna and peter walked to the station
std::string pair_sentence(CorpusRandom& random, Tense tense) {
  std::string first = random.pick(kNames);
  std::string second;
  do {
    second = random.pick(kNames);
  } while (second == first);
  std::string s = first + " and " + second;
  if (random.chance(0.5)) {
    const Verb& verb = pick_verb(random, kPerson, false);
    append(s, verb_form(verb, tense, Agreement::kOther));
    if (verb.motion)
      append(s, random.pick(kMotionPrepositions) + " " + noun_phrase(random, kPlace, false, true, 0.35).text);
    else if (random.chance(0.5))
      append(s, location(random));
  } else {
    const Verb& verb = pick_verb(random, kPerson, true);
    append(s, verb_form(verb, tense, Agreement::kOther));
    append(s, object(random, verb.object).text);
  }
  return s;
}

}  // namespace

std::string DictationGenerator::generate(CorpusRandom& random) const {
  const Tense tense = random.chance(0.5) ? Tense::kPresent : Tense::kPast;
  static const std::vector<double> kWeights = {3.0, 2.0, 1.5, 1.0, 1.0, 1.0, 0.6};
  std::string s;
  switch (random.weighted_index(kWeights)) {
    case 0:
      s = transitive_sentence(random, tense);
      break;
    case 1:
      s = intransitive_sentence(random, tense);
      break;
    case 2:
      s = description_sentence(random, tense);
      break;
    case 3:
      s = existential_sentence(random, tense);
      break;
    case 4:
      s = catenative_sentence(random, tense);
      break;
    case 5:
      s = question_sentence(random, tense);
      break;
    default:
      s = pair_sentence(random, tense);
      break;
  }
  return collapse_spaces(s);
}

std::vector<std::string> DictationGenerator::vocabulary() const {
  std::set<std::string> words;
  auto add_all = [&](const std::string& phrase) {
    for (auto& w : transcript_words(phrase)) words.insert(w);
  };
  for (const auto& n : kNouns) {
    add_all(n.singular);
    add_all(n.plural);
  }
  for (const auto& a : kAdjectives) add_all(a.word);
  for (const auto* table : {&kVerbs, &kCatenativeVerbs})
    for (const auto& v : *table) {
      add_all(v.base);
      add_all(v.third);
      add_all(v.past);
    }
  for (const auto* table : {&kNames, &kStaticPlacePrepositions, &kMotionPrepositions, &kThingPrepositions,
                            &kMannerAdverbs, &kFrequencyAdverbs, &kPastTimes, &kPresentTimes, &kIntensifiers,
                            &kSingularDeterminers, &kPluralDeterminers, &kTemplateWords})
    for (const auto& w : *table) add_all(w);
  for (int n = 2; n <= 12; ++n) add_all(spell_number(n));
  return {words.begin(), words.end()};
}

}  // namespace steerscope
