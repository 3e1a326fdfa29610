#pragma once
// The optimisation loop shared by every training job of the demo: AdamW (decay on matrices and steering
// tensors, not on biases and norm weights, as HF Trainer does), linear warm-up then cosine decay, global
// gradient-norm clipping, a JSONL metrics log, periodic evaluation, and checkpoints that resume exactly.
//
// Exact resumption: batches are drawn from a fixed stream (a seeded permutation of the examples per
// epoch), the model has no stochastic layers, and a checkpoint holds the trainable tensors, the AdamW state
// and the step; so a run stopped and resumed at step s computes the same losses as one that never
// stopped (for the same thread count).

#include <torch/torch.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/train/parameter_store.h"

namespace steerscope {

// What one training job provides to the loop.
class TrainingTask {
 public:
  virtual ~TrainingTask() = default;
  virtual ParameterStore& trainable() = 0;
  virtual size_t example_count() const = 0;
  // Mean loss over the examples of one batch (indices into 0..example_count()-1).
  virtual torch::Tensor loss(const std::vector<size_t>& batch) = 0;
  // Validation metrics, e.g. {"wer": 0.07}; called every eval_every steps and at the end.
  virtual nlohmann::json evaluate() { return nlohmann::json::object(); }
};

struct TrainingOptions {
  int64_t steps = 1000;
  int batch_size = 16;
  double learning_rate = 1e-3;
  double warmup_fraction = 0.05;
  double final_lr_fraction = 0.0;  // cosine decays to learning_rate * this
  double weight_decay = 0.01;
  double clip_norm = 1.0;
  uint64_t seed = 1;
  int64_t eval_every = 0;        // 0 = only at the end
  int64_t checkpoint_every = 0;  // 0 = only at the end
  int64_t log_every = 10;
  std::string out_dir;           // checkpoint/ and metrics.jsonl go here
  bool resume = false;           // continue from out_dir/checkpoint if present
};

struct StepReport {
  int64_t step = 0;   // completed steps
  int64_t total = 0;
  double loss = 0.0;
  double learning_rate = 0.0;
  double grad_norm = 0.0;
  double seconds = 0.0;        // since this process started training
  double steps_per_second = 0.0;
  nlohmann::json evaluation;   // set on evaluation steps
};

// Return false to stop early (a checkpoint is written first).
using StepCallback = std::function<bool(const StepReport&)>;

struct TrainingSummary {
  int64_t steps = 0;
  double final_loss = 0.0;
  double seconds = 0.0;
  nlohmann::json evaluation;
  bool stopped_early = false;
};

TrainingSummary run_training(TrainingTask& task, const TrainingOptions& options, const StepCallback& on_step = {});

// Learning rate at a step (0-based): linear warm-up to peak, then cosine to peak * final_fraction.
double scheduled_learning_rate(const TrainingOptions& options, int64_t step);

// The examples of batch `step`: consecutive slices of per-epoch permutations drawn from the seed.
std::vector<size_t> batch_indices(size_t examples, int batch_size, uint64_t seed, int64_t step);

}  // namespace steerscope
