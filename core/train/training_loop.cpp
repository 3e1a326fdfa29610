#include "core/train/training_loop.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/io/safetensors_file.h"
#include "core/model/tensor_loading.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace fs = std::filesystem;

namespace steerscope {

double scheduled_learning_rate(const TrainingOptions& o, int64_t step) {
  const int64_t warmup = std::max<int64_t>(1, int64_t(std::llround(o.warmup_fraction * double(o.steps))));
  if (step < warmup) return o.learning_rate * double(step + 1) / double(warmup);
  const double progress = double(step - warmup) / double(std::max<int64_t>(1, o.steps - warmup));
  const double cosine = 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
  return o.learning_rate * (o.final_lr_fraction + (1.0 - o.final_lr_fraction) * cosine);
}

std::vector<size_t> batch_indices(size_t examples, int batch_size, uint64_t seed, int64_t step) {
  if (examples == 0) throw Error("training: no examples");
  std::vector<size_t> out;
  int64_t position = step * batch_size;
  int64_t cached_epoch = -1;
  std::vector<size_t> perm;
  while (out.size() < size_t(batch_size)) {
    const int64_t epoch = position / int64_t(examples);
    if (epoch != cached_epoch) {
      perm.resize(examples);
      for (size_t i = 0; i < examples; ++i) perm[i] = i;
      std::mt19937_64 rng(seed * 1000003ull + uint64_t(epoch));
      // Fisher-Yates with our own bounded draws: std::uniform_int_distribution differs between libraries.
      for (size_t i = examples - 1; i > 0; --i) std::swap(perm[i], perm[size_t(rng() % (i + 1))]);
      cached_epoch = epoch;
    }
    out.push_back(perm[size_t(position % int64_t(examples))]);
    ++position;
  }
  return out;
}

namespace {

struct Checkpoint {
  static std::string dir(const TrainingOptions& o) { return (fs::path(o.out_dir) / "checkpoint").string(); }

  static void save(const TrainingOptions& o, ParameterStore& params, torch::optim::AdamW& opt, int64_t step) {
    const fs::path tmp = fs::path(o.out_dir) / "checkpoint.partial";
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    params.save((tmp / "trainable.safetensors").string());
    torch::serialize::OutputArchive archive;
    opt.save(archive);
    archive.save_to((tmp / "optimizer.pt").string());
    std::ofstream((tmp / "state.json").string()) << nlohmann::json{{"step", step}, {"seed", o.seed}, {"steps", o.steps},
                                                                   {"batch_size", o.batch_size}}.dump(2);
    const fs::path final_dir = dir(o);
    fs::remove_all(final_dir);
    fs::rename(tmp, final_dir);  // a reader sees the old checkpoint or the new one, never half of one
  }

  // Returns the step to continue from (0 if there is no checkpoint).
  static int64_t load(const TrainingOptions& o, ParameterStore& params, torch::optim::AdamW& opt) {
    const fs::path d = dir(o);
    if (!fs::exists(d / "state.json")) return 0;
    const auto state = read_json_file((d / "state.json").string());
    const std::string where = (d / "state.json").string();
    if (required_int(state, "batch_size", where) != o.batch_size || uint64_t(required_int(state, "seed", where)) != o.seed)
      throw Error(where + ": checkpoint was made with another batch size or seed; resuming would not reproduce the run");
    SafetensorsFile f((d / "trainable.safetensors").string());
    torch::NoGradGuard no_grad;
    for (const auto& name : params.names()) {
      if (!f.contains(name)) throw Error(f.path() + ": tensor " + name + " is missing");
      params.get(name).copy_(to_torch(f.view(name)));
    }
    torch::serialize::InputArchive archive;
    archive.load_from((d / "optimizer.pt").string());
    opt.load(archive);
    return required_int(state, "step", where);
  }
};

}  // namespace

TrainingSummary run_training(TrainingTask& task, const TrainingOptions& o, const StepCallback& on_step) {
  if (o.out_dir.empty()) throw Error("training: no output directory");
  fs::create_directories(o.out_dir);
  ParameterStore& params = task.trainable();
  params.set_requires_grad(true);
  std::vector<torch::Tensor> decay, no_decay;
  params.split_for_weight_decay(decay, no_decay);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  if (!decay.empty())
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(o.learning_rate).betas({0.9, 0.999}).eps(1e-8).weight_decay(o.weight_decay)));
  if (!no_decay.empty())
    groups.emplace_back(no_decay, std::make_unique<torch::optim::AdamWOptions>(
                                      torch::optim::AdamWOptions(o.learning_rate).betas({0.9, 0.999}).eps(1e-8).weight_decay(0.0)));
  torch::optim::AdamW optimizer(groups, torch::optim::AdamWOptions(o.learning_rate));

  int64_t step = o.resume ? Checkpoint::load(o, params, optimizer) : 0;
  std::ofstream log((fs::path(o.out_dir) / "metrics.jsonl").string(), step > 0 ? std::ios::app : std::ios::trunc);
  const auto t0 = std::chrono::steady_clock::now();
  const int64_t first_step = step;
  TrainingSummary summary;
  const std::vector<torch::Tensor> all = params.tensors();

  while (step < o.steps) {
    const double lr = scheduled_learning_rate(o, step);
    for (auto& g : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    optimizer.zero_grad();
    torch::Tensor loss = task.loss(batch_indices(task.example_count(), o.batch_size, o.seed, step));
    if (!std::isfinite(loss.item<double>()))
      throw Error("training diverged at step " + std::to_string(step + 1) + " (loss " + std::to_string(loss.item<double>()) +
                  "); try a lower learning rate");
    loss.backward();
    const double grad_norm = torch::nn::utils::clip_grad_norm_(all, o.clip_norm);
    optimizer.step();
    ++step;

    StepReport r;
    r.step = step;
    r.total = o.steps;
    r.loss = loss.item<double>();
    r.learning_rate = lr;
    r.grad_norm = grad_norm;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.steps_per_second = double(step - first_step) / std::max(1e-9, r.seconds);
    const bool eval_now = step == o.steps || (o.eval_every > 0 && step % o.eval_every == 0);
    if (eval_now) {
      torch::NoGradGuard no_grad;
      r.evaluation = task.evaluate();
    }
    if (step % std::max<int64_t>(1, o.log_every) == 0 || eval_now || step == o.steps) {
      nlohmann::json j = {{"step", step}, {"loss", r.loss}, {"lr", lr}, {"grad_norm", grad_norm}, {"seconds", r.seconds}};
      if (eval_now) j["eval"] = r.evaluation;
      log << j.dump() << "\n" << std::flush;
    }
    summary.final_loss = r.loss;
    if (eval_now) summary.evaluation = r.evaluation;
    const bool go_on = !on_step || on_step(r);
    if (step == o.steps || !go_on || (o.checkpoint_every > 0 && step % o.checkpoint_every == 0))
      Checkpoint::save(o, params, optimizer, step);
    if (!go_on) {
      summary.stopped_early = true;
      break;
    }
  }
  summary.steps = step;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return summary;
}

}  // namespace steerscope
