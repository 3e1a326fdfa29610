#include "app/cli/demo_evaluation.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/error_rate_accumulator.h"
#include "analysis/expert_label_association.h"
#include "core/corpus/function_call.h"
#include "core/io/frame_labels.h"
#include "core/io/textgrid.h"
#include "core/pipeline/steered_pipeline.h"
#include "core/train/demo_recipe.h"
#include "core/train/speech_corpus.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace steerscope::cli {
namespace {

const char* kSplits[] = {"test", "test_heldout_speaker"};

AlignmentTier phones_of(const SpeechExample& e) {
  for (auto& tier : read_textgrid(e.align_path))
    if (tier.name == "phones") return tier;
  throw Error(e.align_path + ": no 'phones' tier");
}

// One line of DemoEvaluationOptions::transcripts_path per hypothesis; does nothing without a path.
class TranscriptLog {
 public:
  explicit TranscriptLog(const std::string& path) : path_(path) {
    if (path.empty()) return;
    out_.open(path);
    if (!out_) throw Error(path + ": cannot write the evaluation transcripts");
  }
  void add(const char* system, const char* split, const SpeechExample& e, const char* task, const std::string& reference,
           const std::string& hypothesis, int64_t errors) {
    if (!out_.is_open()) return;
    out_ << nlohmann::json{{"system", system}, {"split", split}, {"id", e.id}, {"speaker", e.speaker}, {"task", task},
                           {"reference", reference}, {"hypothesis", hypothesis}, {"errors", errors}}
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
         << "\n";
    if (!out_) throw Error(path_ + ": write failed");
  }

 private:
  std::string path_;
  std::ofstream out_;
};

struct Score {
  analysis::ErrorRateAccumulator wer{[] {
    analysis::ErrorRateOptions o;
    o.keep_alignment = false;
    return o;
  }()};
  int calls = 0, calls_right = 0;
  // Scores one transcription and logs it.
  void transcribed(TranscriptLog& log, const char* system, const char* split, const SpeechExample& e, const std::string& hypothesis) {
    log.add(system, split, e, "transcribe", e.text, hypothesis, wer.add(e.text, hypothesis).counts.errors());
  }
  // Scores one function call and logs it.
  void called(TranscriptLog& log, const char* system, const char* split, const SpeechExample& e, const std::string& hypothesis) {
    ++calls;
    const bool right = same_function_call(hypothesis, e.call);
    if (right) ++calls_right;
    log.add(system, split, e, "call", e.call, hypothesis, right ? 0 : 1);
  }
  nlohmann::json json() const {
    return {{"wer", wer.corpus_rate()}, {"utterances", wer.utterances()}, {"words", wer.totals().reference_length()},
            {"call_accuracy", calls ? double(calls_right) / calls : 0.0}, {"commands", calls}};
  }
};

}  // namespace

nlohmann::json evaluate_demo(const DemoEvaluationOptions& o, const std::function<void(int, int)>& progress) {
  SpeechCorpus corpus(o.corpus_dir);
  std::map<std::string, std::vector<SpeechExample>> splits;
  int total = 0;
  for (const char* s : kSplits) {
    auto v = corpus.split(s);
    if (o.max_per_split > 0 && int64_t(v.size()) > o.max_per_split) v.resize(size_t(o.max_per_split));
    total += int(v.size());
    splits[s] = std::move(v);
  }
  const std::string encoder = (fs::path(o.work_dir) / "encoder").string(), decoder = (fs::path(o.work_dir) / "decoder").string();
  nlohmann::json results = {{"models", nlohmann::json::object()}, {"ceiling", nlohmann::json::object()}};
  TranscriptLog log(o.transcripts_path);
  int done = 0;
  const int grand_total = total * 3;

  analysis::FrameLabelSpec spec;
  spec.kind = analysis::FrameLabelKind::kPhoneClass;
  spec.tier = "phones";
  spec.skip_silence = false;
  analysis::AssociationOptions assoc_options;
  assoc_options.permutations = o.permutations;
  analysis::ExpertLabelAssociationAccumulator association(spec, assoc_options);

  for (const char* model : {"steermoe", "linear"}) {
    PipelineConfig pc;
    pc.encoder_dir = encoder;
    pc.steering_path = (fs::path(o.work_dir) / model / "steering.safetensors").string();
    pc.decoder_dir = decoder;
    auto pipeline = SteeredPipeline::load(pc);
    const auto settings = DemoRecipe::decoding(*pipeline);
    nlohmann::json per_split;
    for (const char* s : kSplits) {
      Score score;
      for (const auto& e : splits[s]) {
        auto encoded = pipeline->encoder().encode(load_audio(e.wav_path).samples, EncodeOptions{});
        Conversation asr(pipeline, encoded.audio_prompts, PromptLayout::kReference);
        score.transcribed(log, model, s, e, asr.ask(DemoRecipe::kAsrPrompt, settings).text);
        if (e.kind == "command" && !e.call.empty()) {
          Conversation call(pipeline, encoded.audio_prompts, PromptLayout::kReference);
          score.called(log, model, s, e, call.ask(DemoRecipe::kCallPrompt, settings).text);
        }
        if (std::string(model) == "steermoe") {
          UtteranceRecord rec;
          rec.id = e.id;
          rec.layers = encoded.routing;
          rec.tiers.push_back(phones_of(e));
          association.add(rec);
        }
        if (progress) progress(++done, grand_total);
      }
      per_split[s] = score.json();
    }
    results["models"][model] = per_split;
  }

  // The frozen LM alone, given the truth in place of the audio prompts.
  {
    PipelineConfig pc;
    pc.encoder_dir = encoder;
    pc.steering_path = (fs::path(o.work_dir) / "steermoe" / "steering.safetensors").string();
    pc.decoder_dir = decoder;
    auto pipeline = SteeredPipeline::load(pc);
    const auto settings = DemoRecipe::decoding(*pipeline);
    const BpeTokenizer& tok = *pipeline->tokenizer();
    const CausalLM& lm = pipeline->decoder();
    nlohmann::json per_split;
    for (const char* s : kSplits) {
      Score text_score, phone_score;
      for (const auto& e : splits[s]) {
        std::vector<int64_t> phone_ids;
        for (const auto& label : frame_labels(phones_of(e), DemoRecipe::kPromptRateHz, int64_t(DemoRecipe::kWindowSeconds * DemoRecipe::kPromptRateHz)))
          phone_ids.push_back(*tok.token_to_id(DemoRecipe::phone_token(label)));
        const torch::Tensor phones = lm.embed(phone_ids);
        Conversation read(pipeline, phones, PromptLayout::kReference);
        phone_score.transcribed(log, "lm_true_phones", s, e, read.ask(DemoRecipe::kAsrPrompt, settings).text);
        if (e.kind == "command" && !e.call.empty()) {
          Conversation from_phones(pipeline, phones, PromptLayout::kReference);
          phone_score.called(log, "lm_true_phones", s, e, from_phones.ask(DemoRecipe::kCallPrompt, settings).text);
          const auto text_ids = pipeline->tokenize(e.text);
          Conversation from_text(pipeline, lm.embed(text_ids), PromptLayout::kReference);
          text_score.called(log, "lm_true_text", s, e, from_text.ask(DemoRecipe::kCallPrompt, settings).text);
        }
        if (progress) progress(++done, grand_total);
      }
      per_split[s] = {{"true_text", {{"call_accuracy", text_score.json()["call_accuracy"]}, {"commands", text_score.calls}}},
                      {"true_phones", phone_score.json()}};
    }
    results["ceiling"] = per_split;
  }

  const auto assoc = association.result();
  nlohmann::json routing = nlohmann::json::array();
  for (const auto& layer : assoc.layers) {
    nlohmann::json l = {{"layer", layer.layer}, {"nmi", layer.hard_summary.nmi}, {"purity", layer.hard_summary.purity},
                        {"soft_nmi", layer.soft_summary.nmi}};
    if (layer.permutation_test) {
      l["chance_nmi"] = layer.permutation_test->null_mean;
      l["chance_std"] = layer.permutation_test->null_std;
      l["z"] = layer.permutation_test->z_score;
      l["p"] = layer.permutation_test->p_value;
    }
    routing.push_back(l);
  }
  results["routing"] = {{"labelling", assoc.labelling}, {"layers", routing}};
  return results;
}

std::string demo_results_markdown(const nlohmann::json& r) {
  std::ostringstream os;
  char buf[256];
  os << "| model | test WER | held-out speaker WER | test call accuracy | held-out speaker call accuracy |\n"
        "|---|---|---|---|---|\n";
  for (const char* model : {"steermoe", "linear"}) {
    const auto& m = r["models"][model];
    std::snprintf(buf, sizeof buf, "| %s | %.1f%% | %.1f%% | %.1f%% (%d) | %.1f%% (%d) |\n",
                  std::string(model) == "steermoe" ? "SteerMoE" : "linear baseline", 100 * m["test"]["wer"].get<double>(),
                  100 * m["test_heldout_speaker"]["wer"].get<double>(), 100 * m["test"]["call_accuracy"].get<double>(),
                  m["test"]["commands"].get<int>(), 100 * m["test_heldout_speaker"]["call_accuracy"].get<double>(),
                  m["test_heldout_speaker"]["commands"].get<int>());
    os << buf;
  }
  const auto& c = r["ceiling"];
  std::snprintf(buf, sizeof buf, "| frozen LM, true phones | %.1f%% | %.1f%% | %.1f%% | %.1f%% |\n",
                100 * c["test"]["true_phones"]["wer"].get<double>(), 100 * c["test_heldout_speaker"]["true_phones"]["wer"].get<double>(),
                100 * c["test"]["true_phones"]["call_accuracy"].get<double>(),
                100 * c["test_heldout_speaker"]["true_phones"]["call_accuracy"].get<double>());
  os << buf;
  std::snprintf(buf, sizeof buf, "| frozen LM, true text | | | %.1f%% | %.1f%% |\n",
                100 * c["test"]["true_text"]["call_accuracy"].get<double>(),
                100 * c["test_heldout_speaker"]["true_text"]["call_accuracy"].get<double>());
  os << buf;
  os << "\nSteerMoE routing, expert x phone class (" << r["routing"]["labelling"].get<std::string>() << "):\n\n"
     << "| layer | NMI | purity | chance NMI (mean ± std) | z | p |\n|---|---|---|---|---|---|\n";
  for (const auto& l : r["routing"]["layers"]) {
    std::snprintf(buf, sizeof buf, "| %d | %.3f | %.3f | %.4f ± %.4f | %.1f | %.3g |\n", l["layer"].get<int>(), l["nmi"].get<double>(),
                  l["purity"].get<double>(), l.value("chance_nmi", 0.0), l.value("chance_std", 0.0), l.value("z", 0.0),
                  l.value("p", 1.0));
    os << buf;
  }
  return os.str();
}

}  // namespace steerscope::cli
