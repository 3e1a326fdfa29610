#include "core/train/encoder_ctc_task.h"

#include <filesystem>
#include <map>

#include "core/io/frame_labels.h"
#include "core/util/error.h"

namespace steerscope {

namespace {
const std::string kCtcHead = "ctc_head.";
const std::string kFrameHead = "frame_head.";
constexpr double kEncoderFrameRateHz = 50.0;  // Whisper: 100 Hz log-mel, stride-2 convolution
}

EncoderCtcTask::EncoderCtcTask(const WhisperConfig& config, std::vector<std::string> phones, std::vector<SpeechExample> train,
                               std::vector<SpeechExample> validation, TextScorer phone_error_rate, size_t eval_examples,
                               double frame_loss_weight)
    : config_(config), phones_(std::move(phones)), train_(std::move(train)), validation_(std::move(validation)),
      scorer_(std::move(phone_error_rate)), eval_examples_(eval_examples), frame_loss_weight_(frame_loss_weight) {
  for (size_t i = 0; i < phones_.size(); ++i) class_of_[phones_[i]] = int64_t(i) + 1;
  for (const auto& e : train_) {
    if (!e.mel.defined()) throw Error("encoder pretraining: example " + e.id + " has no log-mel loaded");
    if (frame_loss_weight_ > 0.0) train_frame_targets_.push_back(frame_targets(e));
    std::vector<int64_t> t;
    for (const auto& p : phone_sequence(e.phones)) t.push_back(phone_class(e, p));
    train_targets_.push_back(std::move(t));
  }
  WhisperEncoderGraph::init(params_, config_);
  params_.init_linear("ctc_head", int64_t(phones_.size()) + 1, config_.d_model, true);
  if (frame_loss_weight_ > 0.0) params_.init_linear("frame_head", int64_t(phones_.size()) + 1, config_.d_model, true);
}

int64_t EncoderCtcTask::phone_class(const SpeechExample& e, const std::string& phone) const {
  const auto it = class_of_.find(phone);
  if (it == class_of_.end()) throw Error(e.align_path + ": phone '" + phone + "' is not in the corpus inventory");
  return it->second;
}

torch::Tensor EncoderCtcTask::frame_targets(const SpeechExample& e) const {
  if (!e.mel.defined()) throw Error("encoder pretraining: example " + e.id + " has no log-mel loaded");
  const int64_t frames = e.mel.size(1) / 2;
  std::vector<int64_t> t;
  t.reserve(size_t(frames));
  for (const auto& label : frame_labels(e.phones, kEncoderFrameRateHz, frames))
    t.push_back(label.empty() ? 0 : phone_class(e, label));
  return torch::tensor(t, torch::kInt64);
}

torch::Tensor EncoderCtcTask::hidden(const torch::Tensor& mels) const {
  WhisperEncoderGraph graph(config_, params_, torch::kBFloat16);
  return graph.forward(mels, {}, PoolingConfig::parse("none", 1, -1));
}

torch::Tensor EncoderCtcTask::log_probs(const torch::Tensor& hidden) const {
  return torch::log_softmax(mixed_linear(hidden, params_.get("ctc_head.weight"), params_.get("ctc_head.bias"), torch::kBFloat16), -1);
}

torch::Tensor EncoderCtcTask::frame_logits(const torch::Tensor& hidden) const {
  return mixed_linear(hidden, params_.get("frame_head.weight"), params_.get("frame_head.bias"), torch::kBFloat16).to(torch::kFloat32);
}

torch::Tensor EncoderCtcTask::loss(const std::vector<size_t>& batch) {
  std::vector<torch::Tensor> mels, frame_targets;
  std::vector<int64_t> targets, target_lengths;
  for (size_t i : batch) {
    mels.push_back(train_[i].mel);
    targets.insert(targets.end(), train_targets_[i].begin(), train_targets_[i].end());
    target_lengths.push_back(int64_t(train_targets_[i].size()));
    if (frame_loss_weight_ > 0.0) frame_targets.push_back(train_frame_targets_[i]);
  }
  const auto h = hidden(torch::stack(mels));
  auto lp = log_probs(h).transpose(0, 1);  // [T, B, C]
  std::vector<int64_t> input_lengths(batch.size(), lp.size(0));
  auto loss = torch::ctc_loss(lp, torch::tensor(targets), torch::tensor(input_lengths), torch::tensor(target_lengths),
                              /*blank=*/0, at::Reduction::Mean, /*zero_infinity=*/true);
  if (frame_loss_weight_ > 0.0) {
    const auto logits = frame_logits(h);
    loss = loss + frame_loss_weight_ * torch::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}),
                                                                 torch::stack(frame_targets).reshape({-1}));
  }
  return loss;
}

std::vector<std::string> EncoderCtcTask::greedy_decode(const torch::Tensor& log_probs) const {
  const auto best = log_probs.argmax(-1);
  std::vector<std::string> out;
  int64_t previous = 0;
  for (int64_t t = 0; t < best.size(0); ++t) {
    const int64_t c = best[t].item<int64_t>();
    if (c != 0 && c != previous) out.push_back(phones_[size_t(c - 1)]);
    previous = c;
  }
  return out;
}

std::vector<std::string> EncoderCtcTask::recognise(const torch::Tensor& mel) const {
  return greedy_decode(log_probs(hidden(mel.unsqueeze(0)))[0]);
}

nlohmann::json EncoderCtcTask::evaluate() {
  std::vector<std::string> refs, hyps;
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& p : v) s += (s.empty() ? "" : " ") + p;
    return s;
  };
  int64_t frames = 0, frames_right = 0;
  for (size_t i = 0; i < validation_.size() && i < eval_examples_; ++i) {
    const auto& e = validation_[i];
    refs.push_back(join(phone_sequence(e.phones)));
    const auto h = hidden(e.mel.unsqueeze(0));
    hyps.push_back(join(greedy_decode(log_probs(h)[0])));
    if (frame_loss_weight_ <= 0.0) continue;
    const auto target = frame_targets(e);
    frames += target.size(0);
    frames_right += frame_logits(h)[0].argmax(-1).eq(target).sum().item<int64_t>();
  }
  nlohmann::json metrics = {{"per", scorer_(refs, hyps)}, {"examples", refs.size()}};
  if (frames > 0) metrics["frame_accuracy"] = double(frames_right) / double(frames);
  return metrics;
}

void EncoderCtcTask::save_encoder(const std::string& dir, double window_seconds) const {
  std::filesystem::create_directories(dir);
  ParameterStore encoder;
  for (const auto& name : params_.names())
    if (name.compare(0, kCtcHead.size(), kCtcHead) != 0 && name.compare(0, kFrameHead.size(), kFrameHead) != 0)
      encoder.set(name, params_.get(name));
  encoder.save(dir + "/model.safetensors", "model.encoder.");
  WhisperEncoderGraph::write_config(dir, config_, window_seconds);
}

}  // namespace steerscope
