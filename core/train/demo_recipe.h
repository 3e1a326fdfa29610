#pragma once
// The recipe of SteerScope's embedded demo: a miniature SteerMoE trained here, the way the paper does it at
// scale (a pretrained encoder and a pretrained LM, both frozen, bridged by a trained steering module).
//
// Stages, each writing into the work directory and each resumable:
//   tokenizer  byte-level BPE trained on the corpus text (core/text/bpe_trainer.h), plus one added token per
//              phone ("<ph:ə>") and one for silence ("<ph:>")                        -> decoder/tokenizer.json
//   encoder    Whisper-architecture encoder (4 layers, width 128, 4 s windows) pretrained with CTC on the
//              corpus phones and a frame-wise phone objective from the alignments          -> encoder/
//   lm         Qwen2-architecture LM (4 layers, width 128) pretrained on text only:
//                - the dictation sentences, and the commands followed by CALL_PROMPT and their calls;
//                - phonetic transcriptions to read: a 4 s window of phone tokens at 25 per second (the
//                  encoder's frame rate after pooling), then ASR_PROMPT and the words, or CALL_PROMPT and
//                  the call. Phonetic transcription is text: this is the tiny LM's stand-in for the
//                  knowledge a real LLM brings, and it is what lets audio prompts that resemble phones be
//                  read at all.                                                          -> decoder/
//   steering   the SteerMoE module (8 experts) on transcription only, both models frozen, with the
//              reference's objective                                                     -> steermoe/
//   baseline   the projector alone (the reference's linear baseline), same steps and batch -> linear/
// Everything is deterministic for a fixed seed and thread count.
//
// The evaluation runs the exported checkpoints through the inference engine, as users do
// (app/cli/demo_evaluation.h), and the bundle is written by demo_bundle.h; `steerscope-cli train` runs it
// all (app/cli/command_train.cpp).

#include <functional>
#include <string>

#include "core/model/decoder_config.h"
#include "core/model/generation_settings.h"
#include "core/model/pooling.h"
#include "core/model/whisper_config.h"
#include "core/train/text_scorer.h"
#include "core/train/training_loop.h"

namespace steerscope {

class SteeredPipeline;

struct DemoRecipeOptions {
  std::string corpus_dir;  // written by `steerscope-cli corpus`
  std::string work_dir;
  uint64_t seed = 1;
  double steps_scale = 1.0;  // multiplies every stage's step count (a smoke test uses ~0.01)
  int64_t eval_examples = 150;
  bool resume = true;
};

class DemoRecipe {
 public:
  static constexpr const char* kAsrPrompt = "please transcribe the audio content into text: ";
  static constexpr const char* kCallPrompt = "please write the function call for this command: ";
  static constexpr double kWindowSeconds = 4.0;
  static constexpr double kPromptRateHz = 25.0;  // encoder frames after max-pooling by 2
  static constexpr int kExperts = 8;

  static WhisperConfig encoder_config();
  static DecoderConfig decoder_config(int vocab_size);
  static PoolingConfig pooling();  // max, k = 2, after the last layer
  // The added token that stands for a phone label in the LM's text ("" = silence).
  static std::string phone_token(const std::string& phone);
  // How the demo's models are run and scored everywhere: the checkpoint's generation settings, greedy, at
  // most 48 new tokens.
  static GenerationSettings decoding(const SteeredPipeline& pipeline);

  DemoRecipe(DemoRecipeOptions options, TextScorer error_rate, StepCallback on_step = {});

  std::string encoder_dir() const;
  std::string decoder_dir() const;
  std::string steering_dir(bool steering) const;  // steermoe/ or linear/

  void train_tokenizer();
  TrainingSummary train_encoder();
  TrainingSummary train_lm();
  TrainingSummary train_steering(bool steering);

  // Writes steering.safetensors and steermoe_config.json (pooling, prompts, layout) for a trained store.
  static void save_steering(const std::string& dir, const ParameterStore& store);

 private:
  DemoRecipeOptions options_;
  TextScorer scorer_;
  StepCallback on_step_;
};

}  // namespace steerscope
