// steerscope-cli wer: corpus word (or character) error rate of hypothesis transcripts against references,
// with the reference implementation's convention by default (analysis/transcript_tokens.h,
// analysis/error_rate_accumulator.h) and an aligned view per utterance.
//
// Input files hold one utterance per line: "id<TAB>text". A line without a tab is read Kaldi-style, the id
// ending at the first space; a line with only an id has an empty text. Blank lines are skipped, a UTF-8
// byte-order mark and CR line ends are tolerated. Utterances are matched by id; references without a
// hypothesis are scored against an empty hypothesis (all deletions: leaving them out would flatter the
// system) and hypotheses without a reference are ignored; both are reported.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/analysis_json.h"
#include "analysis/error_rate_accumulator.h"
#include "analysis/utf8_text.h"
#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "core/util/error.h"

namespace steerscope::cli {

namespace {

using analysis::AlignedToken;
using analysis::EditCounts;
using analysis::EditOp;

struct TranscriptLine {
  std::string id;
  std::string text;
};

std::vector<TranscriptLine> read_transcripts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  std::vector<TranscriptLine> lines;
  std::map<std::string, size_t> first_line_of;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    size_t split = line.find('\t');
    if (split == std::string::npos) split = line.find(' ');
    TranscriptLine t;
    t.id = line.substr(0, split);
    t.text = split == std::string::npos ? std::string() : line.substr(split + 1);
    if (t.id.empty())
      throw Error(path + ":" + std::to_string(number) + ": line starts with a separator, no id");
    auto [it, inserted] = first_line_of.emplace(t.id, number);
    if (!inserted)
      throw Error(path + ":" + std::to_string(number) + ": duplicate id '" + t.id + "' (first on line " +
                  std::to_string(it->second) + ")");
    lines.push_back(std::move(t));
  }
  if (in.bad()) throw Error(path + ": read error");
  return lines;
}

std::string percent(double rate) {
  if (!std::isfinite(rate)) return "inf";
  std::ostringstream os;
  os << std::fixed << std::setprecision(2) << rate * 100.0 << "%";
  return os.str();
}

std::string counts_line(const EditCounts& c) {
  std::ostringstream os;
  os << "S=" << c.substitutions << " D=" << c.deletions << " I=" << c.insertions << " H=" << c.hits;
  return os.str();
}

// A token as shown in the aligned view: a space (a CER token) as "␣", a missing token as stars.
std::string shown(const std::string& token, size_t width_hint) {
  if (token.empty()) return std::string(std::max<size_t>(width_hint, 1), '*');
  if (token == " ") return "\xE2\x90\xA3";
  return token;
}

void print_alignment(std::ostream& os, const std::vector<AlignedToken>& tokens) {
  std::string ref_row = "REF: ", hyp_row = "HYP: ", op_row = "     ";
  for (const auto& t : tokens) {
    const int ref_width = analysis::display_width(shown(t.reference, 1));
    const int hyp_width = analysis::display_width(shown(t.hypothesis, 1));
    const int width = std::max({ref_width, hyp_width, 1});
    const std::string ref = shown(t.reference, size_t(width));
    const std::string hyp = shown(t.hypothesis, size_t(width));
    ref_row += ref + std::string(size_t(width - analysis::display_width(ref)) + 1, ' ');
    hyp_row += hyp + std::string(size_t(width - analysis::display_width(hyp)) + 1, ' ');
    const char op = t.op == EditOp::kHit ? ' ' : static_cast<char>(t.op);
    op_row += std::string(1, op) + std::string(size_t(width), ' ');
  }
  auto rstrip = [](std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  };
  os << rstrip(ref_row) << "\n" << rstrip(hyp_row) << "\n" << rstrip(op_row) << "\n";
}

std::string id_list(const std::vector<std::string>& ids) {
  std::string s;
  for (size_t i = 0; i < ids.size() && i < 10; ++i) s += (i ? ", " : "") + ids[i];
  if (ids.size() > 10) s += ", ... (" + std::to_string(ids.size() - 10) + " more)";
  return s;
}

int run_wer(int argc, char** argv) {
  ArgParser args("wer",
                 "Corpus word error rate (or character error rate) of hypotheses against references.\n"
                 "Files hold lines 'id<TAB>text' (or Kaldi-style 'id text'); utterances are matched by id.\n"
                 "Default convention: the reference's jiwer 3.0.3 transform (collapse runs of whitespace,\n"
                 "strip, split on spaces; case and punctuation count; CER counts code points, spaces\n"
                 "included), micro-averaged: sum(S+D+I) / sum(S+D+H). A missing hypothesis is scored as\n"
                 "empty; an empty reference adds its hypothesis words as insertions (rate inf when alone).");
  args.add_option("ref", "FILE", "Reference transcripts");
  args.add_option("hyp", "FILE", "Hypothesis transcripts");
  args.add_flag("cer", "Character error rate (UTF-8 code points) instead of word error rate");
  args.add_flag("normalize",
                "English normalisation first: lower-case, punctuation to spaces except apostrophes inside "
                "words, whitespace collapsed");
  args.add_flag("json", "Print a JSON object instead of text");
  args.add_flag("align", "Show the alignment of every utterance (REF/HYP rows with S, D, I marks)");
  if (!args.parse(argc, argv)) return 0;

  const std::string ref_path = args.get("ref"), hyp_path = args.get("hyp");
  const auto refs = read_transcripts(ref_path);
  const auto hyps = read_transcripts(hyp_path);
  if (refs.empty()) throw Error(ref_path + ": no utterances");
  std::map<std::string, const std::string*> hyp_by_id;
  for (const auto& h : hyps) hyp_by_id[h.id] = &h.text;

  analysis::ErrorRateOptions options;
  options.unit = args.has("cer") ? analysis::ErrorUnit::kCharacter : analysis::ErrorUnit::kWord;
  options.normalize_english = args.has("normalize");
  options.keep_alignment = args.has("align");
  analysis::ErrorRateAccumulator accumulator(options);

  const bool json = args.has("json"), align = args.has("align");
  const char* unit_name = options.unit == analysis::ErrorUnit::kWord ? "WER" : "CER";
  std::vector<std::string> missing, extra;
  nlohmann::json per_utterance = nlohmann::json::array();
  std::map<std::string, bool> seen;
  for (const auto& r : refs) {
    seen[r.id] = true;
    auto it = hyp_by_id.find(r.id);
    if (it == hyp_by_id.end()) missing.push_back(r.id);
    const std::string empty;
    const auto u = accumulator.add(r.text, it == hyp_by_id.end() ? empty : *it->second);
    if (json) {
      nlohmann::json o = analysis::as_json(u.counts);
      o["id"] = r.id;
      o["hypothesis_missing"] = it == hyp_by_id.end();
      if (align) o["alignment"] = analysis::as_json(u.alignment);
      per_utterance.push_back(std::move(o));
    } else if (align) {
      std::cout << "id: " << r.id << "  " << unit_name << " " << percent(u.rate()) << " ("
                << counts_line(u.counts) << ")" << (it == hyp_by_id.end() ? "  [no hypothesis]" : "") << "\n";
      print_alignment(std::cout, u.alignment);
      std::cout << "\n";
    }
  }
  for (const auto& h : hyps)
    if (!seen.count(h.id)) extra.push_back(h.id);

  const EditCounts& total = accumulator.totals();
  if (json) {
    nlohmann::json j;
    j["metric"] = options.unit == analysis::ErrorUnit::kWord ? "wer" : "cer";
    j["normalized"] = options.normalize_english;
    j["utterances"] = accumulator.utterances();
    j["corpus"] = analysis::as_json(total);
    j["empty_references"] = accumulator.empty_references();
    j["missing_hypotheses"] = missing;
    j["extra_hypotheses"] = extra;
    j["per_utterance"] = std::move(per_utterance);
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << unit_name << ": " << percent(total.rate()) << " (" << total.errors() << " errors / "
              << total.reference_length() << " reference "
              << (options.unit == analysis::ErrorUnit::kWord ? "words" : "characters") << ")\n"
              << counts_line(total) << "\n"
              << "utterances: " << accumulator.utterances() << "\n";
  }
  if (!missing.empty())
    std::cerr << "wer: " << missing.size()
              << " reference id(s) have no hypothesis, scored as empty: " << id_list(missing) << "\n";
  if (!extra.empty())
    std::cerr << "wer: " << extra.size() << " hypothesis id(s) have no reference, ignored: " << id_list(extra)
              << "\n";
  if (accumulator.empty_references() > 0)
    std::cerr << "wer: " << accumulator.empty_references()
              << " reference(s) are empty; their hypothesis tokens count as insertions\n";
  return 0;
}

const CommandRegistration registration{"wer", "Word/character error rate of hypotheses against references",
                                       run_wer};

}  // namespace

}  // namespace steerscope::cli
