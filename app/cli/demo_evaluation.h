#pragma once
// The demo's evaluation (docs/demo.md's results table): on the held-out test sentences, spoken by the
// training speakers and by the held-out speaker, for the SteerMoE model and the linear baseline trained
// by `steerscope-cli train`:
//   - WER of greedy transcription with the ASR prompt;
//   - exact-match accuracy of the function call for spoken commands with the call prompt (steering was
//     trained on transcription only, so this is the frozen LM's ability carried over to speech);
//   - the frozen LM's ceilings: the same call prompt after the true text (words), and transcription and
//     calls after the true phone transcription (the form the audio prompts stand in for);
//   - expert x phone-class association of the SteerMoE router per layer: NMI, purity and a permutation
//     test against chance.
// It runs the exported checkpoints through the inference engine, as users do, and scores them with the
// analysis library.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace steerscope::cli {

struct DemoEvaluationOptions {
  std::string corpus_dir;
  std::string work_dir;
  int64_t max_per_split = 0;  // 0 = every utterance of each test split
  int permutations = 199;
  // If set, every hypothesis is written here as one JSON object per line: system (steermoe, linear,
  // lm_true_phones, lm_true_text), split, id, speaker, task (transcribe or call), reference, hypothesis and
  // errors (word edits for transcribe; 0 or 1 for call).
  std::string transcripts_path;
};

// Returns the results as JSON ({"models": {...}, "ceiling": {...}, "routing": [...]}); progress(done, total)
// is called as utterances finish.
nlohmann::json evaluate_demo(const DemoEvaluationOptions& options, const std::function<void(int, int)>& progress = {});

// The results as a Markdown table.
std::string demo_results_markdown(const nlohmann::json& results);

}  // namespace steerscope::cli
