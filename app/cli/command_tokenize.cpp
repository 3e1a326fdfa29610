// steerscope-cli tokenize: the tokenizer as a line filter, for checking prompts and for comparing with other
// tokenizers. One JSON value per input line, one JSON line out per input line, flushed as it goes so that
// another program can drive it line by line.

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "core/text/bpe_tokenizer.h"
#include "core/util/error.h"

namespace steerscope::cli {

namespace {

nlohmann::json parse_line(const std::string& line, size_t number) {
  try {
    return nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error("stdin line " + std::to_string(number) + ": invalid JSON: " + e.what());
  }
}

std::vector<int32_t> ids_of(const nlohmann::json& value, const BpeTokenizer& tokenizer, size_t number) {
  const std::string where = "stdin line " + std::to_string(number);
  if (!value.is_array())
    throw Error(where + ": expected a JSON array of token ids, got " + value.type_name());
  std::vector<int32_t> ids;
  ids.reserve(value.size());
  for (const auto& v : value) {
    if (!v.is_number_integer()) throw Error(where + ": " + v.dump() + " is not an integer token id");
    const int64_t id = v.get<int64_t>();
    // decode() skips unknown ids as Hugging Face does; on the command line that would hide a mistake.
    if (id < 0 || id > INT32_MAX || !tokenizer.id_to_token(static_cast<int32_t>(id)))
      throw Error(where + ": id " + std::to_string(id) + " is not in the vocabulary of " + tokenizer.path());
    ids.push_back(static_cast<int32_t>(id));
  }
  return ids;
}

int run_tokenize(int argc, char** argv) {
  ArgParser args("tokenize",
                 "Encode text into token ids with a byte-level BPE tokenizer.json, or decode ids into text.\n"
                 "Reads one JSON value per line on standard input: a string to encode, or with --decode an\n"
                 "array of ids. Writes one JSON line per input line: an array of ids, or a string.");
  args.add_option("tokenizer", "DIR|FILE",
                  "tokenizer.json, or a directory holding it (and tokenizer_config.json)");
  args.add_flag("decode", "Decode arrays of ids instead of encoding strings");
  args.add_flag("skip-special", "With --decode: leave out special tokens such as <|im_end|>");
  args.add_flag("add-special",
                "When encoding: add the post-processor's tokens (e.g. LLaMA-3's <|begin_of_text|>)");
  if (!args.parse(argc, argv)) return 0;
  const bool decode = args.has("decode");
  if (args.has("skip-special") && !decode) throw UsageError("--skip-special only applies with --decode");
  if (args.has("add-special") && decode) throw UsageError("--add-special only applies when encoding");

  const BpeTokenizer tokenizer(args.get("tokenizer"));
  const bool skip_special = args.has("skip-special"), add_special = args.has("add-special");
  std::string line;
  for (size_t number = 1; std::getline(std::cin, line); ++number) {
    const nlohmann::json value = parse_line(line, number);
    if (decode) {
      std::cout << nlohmann::json(tokenizer.decode(ids_of(value, tokenizer, number), skip_special)).dump();
    } else {
      if (!value.is_string())
        throw Error("stdin line " + std::to_string(number) + ": expected a JSON string, got " +
                    value.type_name());
      std::cout << nlohmann::json(tokenizer.encode(value.get<std::string>(), add_special)).dump();
    }
    std::cout << '\n' << std::flush;
  }
  return 0;
}

const CommandRegistration registration{
    "tokenize", "Encode text to token ids or decode ids to text (tokenizer.json)", run_tokenize};

}  // namespace

}  // namespace steerscope::cli
