// The demo recipe end to end on a tiny corpus, as CI's smoke test: every stage runs, losses go down,
// a stopped run resumes to exactly the losses of an uninterrupted one, and steering training leaves the
// frozen encoder and LM bit-identical.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/corpus/corpus_builder.h"
#include "core/io/safetensors_file.h"
#include "core/train/demo_recipe.h"
#include "core/util/sha256.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

// Word error rate by plain edit distance (the analysis library owns the real one; core may not use it).
double word_error_rate(const std::vector<std::string>& refs, const std::vector<std::string>& hyps) {
  auto words = [](const std::string& s) {
    std::vector<std::string> w;
    std::string cur;
    for (char c : s + " ") {
      if (c == ' ') {
        if (!cur.empty()) w.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    return w;
  };
  double errors = 0, total = 0;
  for (size_t i = 0; i < refs.size(); ++i) {
    auto r = words(refs[i]), h = words(hyps[i]);
    std::vector<size_t> d(h.size() + 1);
    for (size_t j = 0; j <= h.size(); ++j) d[j] = j;
    for (size_t a = 1; a <= r.size(); ++a) {
      size_t diag = d[0];
      d[0] = a;
      for (size_t b = 1; b <= h.size(); ++b) {
        const size_t up = d[b];
        d[b] = std::min({d[b] + 1, d[b - 1] + 1, diag + (r[a - 1] == h[b - 1] ? 0 : 1)});
        diag = up;
      }
    }
    errors += double(d[h.size()]);
    total += double(r.size());
  }
  return total > 0 ? errors / total : 0.0;
}

const fs::path& tiny_corpus() {
  static const fs::path dir = [] {
    auto d = test::scratch_dir("demo-corpus");
    fs::remove_all(d);
    CorpusOptions o;
    o.train = 24;
    o.validation = 6;
    o.test = 4;
    o.test_heldout_speaker = 2;
    o.lm_extra = 200;
    CorpusBuilder(o).build(d.string(), 2);
    return d;
  }();
  return dir;
}

DemoRecipeOptions options(const fs::path& work, double scale) {
  DemoRecipeOptions o;
  o.corpus_dir = tiny_corpus().string();
  o.work_dir = work.string();
  o.steps_scale = scale;
  o.eval_examples = 4;
  return o;
}

}  // namespace

TEST(DemoTraining, EveryStageTrainsAndSteeringLeavesTheFrozenModelsUntouched) {
  auto work = test::scratch_dir("demo-work");
  std::map<std::string, std::vector<double>> losses;
  std::string stage;
  StepCallback record = [&](const StepReport& r) {
    losses[stage].push_back(r.loss);
    return true;
  };
  DemoRecipe recipe(options(work, 0.03), word_error_rate, record);
  recipe.train_tokenizer();
  ASSERT_TRUE(fs::exists(work / "decoder" / "tokenizer.json"));
  stage = "encoder";
  const auto encoder = recipe.train_encoder();
  stage = "lm";
  recipe.train_lm();
  const std::string encoder_sha = sha256_file((work / "encoder" / "model.safetensors").string());
  const std::string lm_sha = sha256_file((work / "decoder" / "model.safetensors").string());
  stage = "steering";
  auto steering = recipe.train_steering(true);
  stage = "baseline";
  recipe.train_steering(false);

  for (const auto& [name, l] : losses) {
    ASSERT_GE(l.size(), 2u) << name;
    EXPECT_LT(l.back(), l.front()) << name << ": the loss went down";
  }
  EXPECT_EQ(sha256_file((work / "encoder" / "model.safetensors").string()), encoder_sha);
  EXPECT_EQ(sha256_file((work / "decoder" / "model.safetensors").string()), lm_sha);
  EXPECT_TRUE(steering.evaluation.contains("wer")) << steering.evaluation.dump();
  // The encoder learns CTC and the frame-wise phone objective; only the encoder itself is saved.
  EXPECT_TRUE(encoder.evaluation.contains("per")) << encoder.evaluation.dump();
  ASSERT_TRUE(encoder.evaluation.contains("frame_accuracy")) << encoder.evaluation.dump();
  EXPECT_GE(encoder.evaluation["frame_accuracy"].get<double>(), 0.0);
  EXPECT_LE(encoder.evaluation["frame_accuracy"].get<double>(), 1.0);
  for (const auto& name : SafetensorsFile((work / "encoder" / "model.safetensors").string()).names())
    EXPECT_EQ(name.find("_head."), std::string::npos) << name << ": a pretraining head was saved with the encoder";
  for (const char* f : {"steermoe/steering.safetensors", "steermoe/steermoe_config.json", "linear/steering.safetensors",
                        "encoder/config.json", "encoder/preprocessor_config.json", "decoder/config.json",
                        "decoder/generation_config.json"})
    EXPECT_TRUE(fs::exists(work / f)) << f;
}

TEST(DemoTraining, AStoppedRunResumesToTheSameLosses) {
  auto work = test::scratch_dir("demo-resume");
  auto reference_work = work / "reference";
  auto resumed_work = work / "resumed";
  // Shared frozen models: train them once, copy them into both work directories.
  {
    DemoRecipe base(options(reference_work, 0.03), word_error_rate);
    base.train_tokenizer();
    base.train_encoder();
    base.train_lm();
  }
  fs::create_directories(resumed_work);
  for (const char* d : {"encoder", "decoder"}) fs::copy(reference_work / d, resumed_work / d, fs::copy_options::recursive);

  std::vector<double> uninterrupted, resumed;
  DemoRecipe reference(options(reference_work, 0.03), word_error_rate, [&](const StepReport& r) {
    uninterrupted.push_back(r.loss);
    return true;
  });
  reference.train_steering(true);

  const size_t stop_after = uninterrupted.size() / 2;
  DemoRecipe first_half(options(resumed_work, 0.03), word_error_rate, [&](const StepReport& r) {
    resumed.push_back(r.loss);
    return resumed.size() < stop_after;
  });
  EXPECT_TRUE(first_half.train_steering(true).stopped_early);
  DemoRecipe second_half(options(resumed_work, 0.03), word_error_rate, [&](const StepReport& r) {
    resumed.push_back(r.loss);
    return true;
  });
  second_half.train_steering(true);
  ASSERT_EQ(resumed.size(), uninterrupted.size());
  for (size_t i = 0; i < resumed.size(); ++i) EXPECT_EQ(resumed[i], uninterrupted[i]) << "step " << i + 1;
}
