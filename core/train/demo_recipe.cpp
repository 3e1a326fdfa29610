#include "core/train/demo_recipe.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <random>
#include <sstream>

#include "core/audio/log_mel_front_end.h"
#include "core/corpus/function_call.h"
#include "core/io/audio_file.h"
#include "core/io/frame_labels.h"
#include "core/io/textgrid.h"
#include "core/io/safetensors_file.h"
#include "core/pipeline/steered_pipeline.h"
#include "core/text/bpe_tokenizer.h"
#include "core/text/bpe_trainer.h"
#include "core/train/encoder_ctc_task.h"
#include "core/train/language_model_task.h"
#include "core/train/speech_corpus.h"
#include "core/train/steering_task.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace steerscope {

namespace {

constexpr int64_t kPromptFrames = 100;  // kWindowSeconds * kPromptRateHz

std::vector<int64_t> encode(const BpeTokenizer& tok, const std::string& text) {
  const auto ids = tok.encode(text);
  return std::vector<int64_t>(ids.begin(), ids.end());
}

int64_t token_id(const BpeTokenizer& tok, const std::string& token) {
  auto id = tok.token_to_id(token);
  if (!id) throw Error(tok.path() + ": no token '" + token + "'");
  return *id;
}

// The LM's reading source for an utterance: one phone token per prompt frame of the window. stretch > 1
// speaks slower, shift moves the speech later (seconds): data augmentation for the LM.
std::vector<int64_t> phone_frames(const BpeTokenizer& tok, const AlignmentTier& phones, double stretch = 1.0, double shift = 0.0) {
  AlignmentTier t = phones;
  for (auto& item : t.items) {
    item.start_s = item.start_s * stretch + shift;
    item.end_s = item.end_s * stretch + shift;
  }
  std::vector<int64_t> out;
  for (const auto& label : frame_labels(t, DemoRecipe::kPromptRateHz, kPromptFrames))
    out.push_back(token_id(tok, DemoRecipe::phone_token(label)));
  return out;
}

void append(TokenSequence& s, const std::vector<int64_t>& ids, bool scored) {
  s.ids.insert(s.ids.end(), ids.begin(), ids.end());
  s.scored.insert(s.scored.end(), ids.size(), scored);
}

// How the training speakers said each word: every spoken instance as its phones with their durations,
// taken from the alignments (phones whose midpoint falls inside the word's interval), and the silences
// that lead into utterances. The LM reads phonetic transcriptions synthesised from these for any text,
// so that it learns to read the sentences of its text corpus and not only the few thousand recorded.
class SpokenLexicon {
 public:
  void add(const AlignmentTier& words, const AlignmentTier& phones) {
    for (const auto& w : words.items) {
      if (w.label.empty()) continue;
      std::vector<AlignmentItem> said;
      for (const auto& p : phones.items) {
        const double mid = 0.5 * (p.start_s + p.end_s);
        if (!p.label.empty() && mid >= w.start_s && mid < w.end_s) said.push_back({0.0, p.end_s - p.start_s, p.label});
      }
      if (!said.empty()) words_[w.label].push_back(std::move(said));
    }
    if (!phones.items.empty() && phones.items.front().label.empty())
      lead_silences_.push_back(phones.items.front().end_s - phones.items.front().start_s);
  }

  // A phone tier for the words of text, each said as one of its recorded instances (chosen at random), after
  // a recorded leading silence; nullopt if a word was never recorded or the result is longer than max_s.
  std::optional<AlignmentTier> say(const std::string& text, double max_s, std::mt19937_64& rng) const {
    AlignmentTier tier;
    tier.name = "phones";
    double t = lead_silences_.empty() ? 0.1 : lead_silences_[rng() % lead_silences_.size()];
    std::istringstream words(text);
    for (std::string word; words >> word;) {
      const auto it = words_.find(word);
      if (it == words_.end()) return std::nullopt;
      for (const auto& p : it->second[rng() % it->second.size()]) {
        tier.items.push_back({t, t + p.end_s, p.label});
        t += p.end_s;
      }
    }
    if (tier.items.empty() || t > max_s) return std::nullopt;
    return tier;
  }

 private:
  std::map<std::string, std::vector<std::vector<AlignmentItem>>> words_;
  std::vector<double> lead_silences_;
};

// Each stage's optimisation: steps (before --steps-scale), batch, peak learning rate, validations per run.
struct StageSchedule {
  const char* run;  // runs/<run> under the work directory
  int64_t steps;
  int64_t batch;
  double learning_rate;
  int64_t evaluations;
};
constexpr StageSchedule kEncoderStage{"encoder", 800, 32, 2e-3, 4};
constexpr StageSchedule kLmStage{"lm", 5000, 32, 3e-3, 4};
constexpr StageSchedule kSteeringStage{"steermoe", 1000, 16, 1e-2, 3};
constexpr StageSchedule kBaselineStage{"linear", 1000, 16, 1e-2, 3};
// Weight of the encoder's frame-wise phone objective beside CTC (EncoderCtcTask): the LM reads one phone
// token per pooled frame, so every frame of a phone should carry its identity, not only CTC's spike.
constexpr double kEncoderFrameLossWeight = 1.0;
// How the LM's phone readings are perturbed in pretraining (InputNoise; token ids and seed are filled in):
// steered audio prompts are never exactly a phone embedding. Measured on the previous bundle, the prompts of
// the test clips lay at cosine 0.36 from the true phone's embedding (non-silence frames) with 40 times its
// norm, and their nearest phone embedding was the true one for 55 % of the frames; so the LM learns to read
// substituted, blended, noisy and scaled phones as well as exact ones.
InputNoise lm_reading_noise() {
  InputNoise n;
  n.sequence_prob = 0.5;
  n.substitute_prob = 0.05;
  n.blend_prob = 0.5;
  n.blend_max = 0.5;
  n.noise_max = 1.0;
  n.scale_prob = 0.5;
  n.scale_max = 50.0;
  return n;
}

TrainingOptions training_options(const StageSchedule& stage, const DemoRecipeOptions& options) {
  TrainingOptions o;
  o.steps = std::max<int64_t>(2, int64_t(double(stage.steps) * options.steps_scale));
  o.batch_size = stage.batch;
  o.learning_rate = stage.learning_rate;
  o.warmup_fraction = 0.05;
  o.eval_every = std::max<int64_t>(1, o.steps / stage.evaluations);
  o.checkpoint_every = std::max<int64_t>(1, o.steps / 10);
  o.seed = options.seed;
  o.out_dir = (fs::path(options.work_dir) / "runs" / stage.run).string();
  o.resume = options.resume;
  return o;
}

ParameterStore load_store(const std::string& file, const std::string& prefix) {
  ParameterStore p;
  p.load(SafetensorsFile(file), prefix);
  return p;
}

}  // namespace

WhisperConfig DemoRecipe::encoder_config() {
  WhisperConfig c;
  c.d_model = 128;
  c.encoder_layers = 4;
  c.encoder_attention_heads = 4;
  c.encoder_ffn_dim = 512;
  c.num_mel_bins = 80;
  c.max_source_positions = static_cast<int>(kWindowSeconds * 50);
  c.source = "demo recipe";
  return c;
}

DecoderConfig DemoRecipe::decoder_config(int vocab_size) {
  DecoderConfig c;
  c.model_type = "qwen2";
  c.hidden_size = 128;
  c.intermediate_size = 384;
  c.num_layers = 4;
  c.num_heads = 4;
  c.num_kv_heads = 2;
  c.head_dim = 32;
  c.vocab_size = vocab_size;
  c.max_position_embeddings = 512;
  c.rms_norm_eps = 1e-6;
  c.rope_theta = 10000.0;
  c.qkv_bias = true;
  c.tie_word_embeddings = true;
  c.source = "demo recipe";
  return c;
}

PoolingConfig DemoRecipe::pooling() { return PoolingConfig::parse("max", 2, -1); }

std::string DemoRecipe::phone_token(const std::string& phone) { return "<ph:" + phone + ">"; }

GenerationSettings DemoRecipe::decoding(const SteeredPipeline& pipeline) {
  GenerationSettings g = pipeline.default_generation();
  g.do_sample = false;
  g.max_new_tokens = 48;
  return g;
}

DemoRecipe::DemoRecipe(DemoRecipeOptions options, TextScorer error_rate, StepCallback on_step)
    : options_(std::move(options)), scorer_(std::move(error_rate)), on_step_(std::move(on_step)) {
  if (options_.corpus_dir.empty() || options_.work_dir.empty()) throw Error("demo recipe: corpus and work directories are required");
  fs::create_directories(options_.work_dir);
}

std::string DemoRecipe::encoder_dir() const { return (fs::path(options_.work_dir) / "encoder").string(); }
std::string DemoRecipe::decoder_dir() const { return (fs::path(options_.work_dir) / "decoder").string(); }
std::string DemoRecipe::steering_dir(bool steering) const {
  return (fs::path(options_.work_dir) / (steering ? "steermoe" : "linear")).string();
}

void DemoRecipe::train_tokenizer() {
  SpeechCorpus corpus(options_.corpus_dir);
  BpeTrainerOptions o;
  o.vocab_size = 1024;
  o.min_frequency = 2;
  for (const auto& p : corpus.phone_inventory()) o.added_tokens.push_back(phone_token(p));
  o.added_tokens.push_back(phone_token(""));
  o.model_max_length = decoder_config(0).max_position_embeddings;
  BpeTrainer trainer(o);
  for (const auto& line : corpus.lm_text()) trainer.add_text(line);
  trainer.add_text(kAsrPrompt);
  trainer.add_text(kCallPrompt);
  trainer.train();
  trainer.save(decoder_dir());
}

TrainingSummary DemoRecipe::train_encoder() {
  SpeechCorpus corpus(options_.corpus_dir);
  LogMelConfig mel;
  mel.window_seconds = kWindowSeconds;
  LogMelFrontEnd front_end(mel);
  auto train = corpus.split("train"), validation = corpus.split("validation");
  SpeechCorpus::load(train, front_end);
  validation.resize(std::min<size_t>(validation.size(), size_t(options_.eval_examples)));
  SpeechCorpus::load(validation, front_end);
  torch::manual_seed(options_.seed);
  EncoderCtcTask task(encoder_config(), corpus.phone_inventory(), std::move(train), std::move(validation), scorer_,
                      size_t(options_.eval_examples), kEncoderFrameLossWeight);
  const TrainingOptions o = training_options(kEncoderStage, options_);
  auto summary = run_training(task, o, on_step_);
  if (!summary.stopped_early) task.save_encoder(encoder_dir(), kWindowSeconds);
  return summary;
}

TrainingSummary DemoRecipe::train_lm() {
  SpeechCorpus corpus(options_.corpus_dir);
  const BpeTokenizer tok(decoder_dir());
  const int64_t eos = token_id(tok, "<|im_end|>"), pad = token_id(tok, "<|endoftext|>");
  const auto asr = encode(tok, kAsrPrompt), call = encode(tok, kCallPrompt);
  std::mt19937_64 rng(options_.seed);
  std::uniform_real_distribution<double> stretch(0.85, 1.15), shift(-0.1, 0.1);

  auto reading = [&](const SpeechExample& e, bool augment, std::vector<TokenSequence>& out) {
    const double s = augment ? stretch(rng) : 1.0, d = augment ? shift(rng) : 0.0;
    const auto frames = phone_frames(tok, e.phones, s, d);
    TokenSequence asr_seq;
    append(asr_seq, frames, false);
    append(asr_seq, asr, false);
    append(asr_seq, encode(tok, e.text), true);
    append(asr_seq, {eos}, true);
    out.push_back(std::move(asr_seq));
    if (e.kind == "command" && !e.call.empty()) {
      TokenSequence call_seq;
      append(call_seq, frames, false);
      append(call_seq, call, false);
      append(call_seq, encode(tok, e.call), true);
      append(call_seq, {eos}, true);
      out.push_back(std::move(call_seq));
    }
  };
  SpokenLexicon lexicon;
  auto read_alignments = [&](std::vector<SpeechExample>& v, bool learn_words) {
    for (auto& e : v) {
      AlignmentTier words;
      for (auto& tier : read_textgrid(e.align_path)) {
        if (tier.name == "phones") e.phones = std::move(tier);
        else if (tier.name == "words") words = std::move(tier);
      }
      if (learn_words) lexicon.add(words, e.phones);
    }
  };
  auto train_ex = corpus.split("train"), val_ex = corpus.split("validation");
  read_alignments(train_ex, true);
  read_alignments(val_ex, false);
  std::vector<TokenSequence> train, validation;
  for (const auto& e : train_ex) {
    reading(e, false, train);
    reading(e, true, train);
  }
  for (size_t i = 0; i < val_ex.size() && i < size_t(options_.eval_examples); ++i) reading(val_ex[i], false, validation);
  // Readings synthesised from the spoken lexicon for the text corpus (the commands with their calls too).
  for (const auto& line : corpus.lm_text()) {
    const auto arrow = line.find(" => ");
    SpeechExample e;
    e.text = line.substr(0, arrow);
    if (arrow != std::string::npos) {
      e.kind = "command";
      e.call = line.substr(arrow + 4);
    }
    const double s = stretch(rng);
    if (auto said = lexicon.say(e.text, kWindowSeconds / s - 0.05, rng)) {
      for (auto& item : said->items) {  // a speaking rate of its own
        item.start_s *= s;
        item.end_s *= s;
      }
      e.phones = std::move(*said);
      reading(e, false, train);
    }
  }
  for (const auto& line : corpus.lm_text()) {
    TokenSequence s;
    const auto arrow = line.find(" => ");
    if (arrow == std::string::npos) {
      append(s, encode(tok, line), true);
    } else {
      append(s, encode(tok, line.substr(0, arrow)), true);
      append(s, call, true);
      append(s, encode(tok, line.substr(arrow + 4)), true);
    }
    append(s, {eos}, true);
    train.push_back(std::move(s));
  }

  torch::manual_seed(options_.seed);
  DecoderConfig cfg = decoder_config(static_cast<int>(tok.vocab_size()));
  cfg.bos_token_id = pad;
  InputNoise noise = lm_reading_noise();  // the phone readings, silence included
  for (const auto& p : corpus.phone_inventory()) noise.token_ids.push_back(token_id(tok, phone_token(p)));
  noise.token_ids.push_back(token_id(tok, phone_token("")));
  noise.seed = options_.seed;
  LanguageModelTask task(cfg, pad, std::move(train), std::move(validation), std::move(noise));
  const TrainingOptions o = training_options(kLmStage, options_);
  auto summary = run_training(task, o, on_step_);
  if (!summary.stopped_early) {
    task.trainable().save(decoder_dir() + "/model.safetensors");
    CausalLmGraph::write_config(decoder_dir(), cfg, {eos}, pad);
  }
  return summary;
}

void DemoRecipe::save_steering(const std::string& dir, const ParameterStore& store) {
  fs::create_directories(dir);
  store.save(dir + "/steering.safetensors");
  const PoolingConfig p = pooling();
  const auto cfg = encoder_config();
  const nlohmann::ordered_json j = {{"num_layers", cfg.encoder_layers},
                                    {"num_experts", kExperts},
                                    {"feature_dim", cfg.d_model},
                                    {"pooling_type", "max"},
                                    {"pooling_kernel_size", p.kernel},
                                    {"pooling_position", cfg.encoder_layers},
                                    {"prompt_layout", "reference"},
                                    {"asr_prompt", kAsrPrompt},
                                    {"call_prompt", kCallPrompt}};
  std::ofstream(dir + "/steermoe_config.json") << j.dump(2) << "\n";
}

TrainingSummary DemoRecipe::train_steering(bool steering) {
  SpeechCorpus corpus(options_.corpus_dir);
  const BpeTokenizer tok(decoder_dir());
  const int64_t eos = token_id(tok, "<|im_end|>");
  const auto asr = encode(tok, kAsrPrompt);
  LogMelConfig mel;
  mel.window_seconds = kWindowSeconds;
  LogMelFrontEnd front_end(mel);
  auto train_ex = corpus.split("train");
  SpeechCorpus::load(train_ex, front_end);
  std::vector<SteeringExample> train;
  for (const auto& e : train_ex) {
    auto target = encode(tok, e.text);
    target.push_back(eos);
    train.push_back({e.mel, asr, target});
  }
  train_ex.clear();

  const auto enc_cfg = WhisperConfig::from_file(encoder_dir());
  const auto lm_cfg = DecoderConfig::from_file(decoder_dir());
  const auto encoder = load_store(encoder_dir() + "/model.safetensors", "model.encoder.");
  const auto lm = load_store(decoder_dir() + "/model.safetensors", "");
  auto validation = corpus.split("validation");
  validation.resize(std::min<size_t>(validation.size(), size_t(options_.eval_examples)));
  const std::string out = steering_dir(steering);
  const std::string eval_dir = (fs::path(options_.work_dir) / "runs" / (steering ? "steermoe-eval" : "linear-eval")).string();

  // Validation with the inference engine on the exported checkpoint: what users will run.
  SteeringTask::Evaluator evaluate = [&](const ParameterStore& store) {
    save_steering(eval_dir, store);
    PipelineConfig pc;
    pc.encoder_dir = encoder_dir();
    pc.steering_path = eval_dir + "/steering.safetensors";
    pc.decoder_dir = decoder_dir();
    auto pipeline = SteeredPipeline::load(pc);
    const GenerationSettings greedy = decoding(*pipeline);
    std::vector<std::string> refs, hyps;
    int calls = 0, calls_right = 0;
    for (const auto& e : validation) {
      auto encoded = pipeline->encoder().encode(load_audio(e.wav_path).samples, EncodeOptions{});
      Conversation asr_turn(pipeline, encoded.audio_prompts, PromptLayout::kReference);
      refs.push_back(e.text);
      hyps.push_back(asr_turn.ask(kAsrPrompt, greedy).text);
      if (e.kind == "command" && !e.call.empty()) {
        Conversation call_turn(pipeline, encoded.audio_prompts, PromptLayout::kReference);
        const std::string answer = call_turn.ask(kCallPrompt, greedy).text;
        ++calls;
        if (same_function_call(answer, e.call)) ++calls_right;
      }
    }
    return nlohmann::json{{"wer", scorer_(refs, hyps)}, {"call_accuracy", calls ? double(calls_right) / calls : 0.0},
                          {"examples", refs.size()}};
  };

  torch::manual_seed(options_.seed + (steering ? 0 : 1));
  SteeringTask task(enc_cfg, encoder, lm_cfg, lm, kExperts, steering, pooling(), std::move(train), evaluate);
  const TrainingOptions o = training_options(steering ? kSteeringStage : kBaselineStage, options_);
  auto summary = run_training(task, o, on_step_);
  if (!summary.stopped_early) save_steering(out, task.trainable());
  return summary;
}

}  // namespace steerscope
