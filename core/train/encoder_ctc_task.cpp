#include "core/train/encoder_ctc_task.h"

#include <filesystem>
#include <map>

#include "core/util/error.h"

namespace steerscope {

namespace {
const std::string kHead = "ctc_head.";
}

EncoderCtcTask::EncoderCtcTask(const WhisperConfig& config, std::vector<std::string> phones, std::vector<SpeechExample> train,
                               std::vector<SpeechExample> validation, TextScorer phone_error_rate, size_t eval_examples)
    : config_(config), phones_(std::move(phones)), train_(std::move(train)), validation_(std::move(validation)),
      scorer_(std::move(phone_error_rate)), eval_examples_(eval_examples) {
  std::map<std::string, int64_t> index;
  for (size_t i = 0; i < phones_.size(); ++i) index[phones_[i]] = int64_t(i) + 1;
  for (const auto& e : train_) {
    if (!e.mel.defined()) throw Error("encoder pretraining: example " + e.id + " has no log-mel loaded");
    std::vector<int64_t> t;
    for (const auto& p : phone_sequence(e.phones)) {
      auto it = index.find(p);
      if (it == index.end()) throw Error(e.align_path + ": phone '" + p + "' is not in the corpus inventory");
      t.push_back(it->second);
    }
    train_targets_.push_back(std::move(t));
  }
  WhisperEncoderGraph::init(params_, config_);
  params_.init_linear("ctc_head", int64_t(phones_.size()) + 1, config_.d_model, true);
}

torch::Tensor EncoderCtcTask::log_probs(const torch::Tensor& mels) const {
  WhisperEncoderGraph graph(config_, params_, torch::kBFloat16);
  auto hidden = graph.forward(mels, {}, PoolingConfig::parse("none", 1, -1));
  return torch::log_softmax(mixed_linear(hidden, params_.get("ctc_head.weight"), params_.get("ctc_head.bias"), torch::kBFloat16), -1);
}

torch::Tensor EncoderCtcTask::loss(const std::vector<size_t>& batch) {
  std::vector<torch::Tensor> mels;
  std::vector<int64_t> targets, target_lengths;
  for (size_t i : batch) {
    mels.push_back(train_[i].mel);
    targets.insert(targets.end(), train_targets_[i].begin(), train_targets_[i].end());
    target_lengths.push_back(int64_t(train_targets_[i].size()));
  }
  auto lp = log_probs(torch::stack(mels)).transpose(0, 1);  // [T, B, C]
  std::vector<int64_t> input_lengths(batch.size(), lp.size(0));
  return torch::ctc_loss(lp, torch::tensor(targets), torch::tensor(input_lengths), torch::tensor(target_lengths),
                         /*blank=*/0, at::Reduction::Mean, /*zero_infinity=*/true);
}

std::vector<std::string> EncoderCtcTask::recognise(const torch::Tensor& mel) const {
  auto best = log_probs(mel.unsqueeze(0))[0].argmax(-1);
  std::vector<std::string> out;
  int64_t previous = 0;
  for (int64_t t = 0; t < best.size(0); ++t) {
    const int64_t c = best[t].item<int64_t>();
    if (c != 0 && c != previous) out.push_back(phones_[size_t(c - 1)]);
    previous = c;
  }
  return out;
}

nlohmann::json EncoderCtcTask::evaluate() {
  std::vector<std::string> refs, hyps;
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& p : v) s += (s.empty() ? "" : " ") + p;
    return s;
  };
  for (size_t i = 0; i < validation_.size() && i < eval_examples_; ++i) {
    refs.push_back(join(phone_sequence(validation_[i].phones)));
    hyps.push_back(join(recognise(validation_[i].mel)));
  }
  return {{"per", scorer_(refs, hyps)}, {"examples", refs.size()}};
}

void EncoderCtcTask::save_encoder(const std::string& dir, double window_seconds) const {
  std::filesystem::create_directories(dir);
  ParameterStore encoder;
  for (const auto& name : params_.names())
    if (name.compare(0, kHead.size(), kHead) != 0) encoder.set(name, params_.get(name));
  encoder.save(dir + "/model.safetensors", "model.encoder.");
  WhisperEncoderGraph::write_config(dir, config_, window_seconds);
}

}  // namespace steerscope
