// One training step (loss, then backward) of the demo's LM graph at the demo recipe's shapes: batch 32 of
// 128 positions (a 100-frame phone reading and the prompt, unscored, then 20 scored tokens), the demo LM
// (4 layers, width 128, vocabulary 1110), bf16 matrix products as training runs them.
//   build/tests/bench/bench_train_step
// Loss: "all" scores the logits of every position (CausalLmGraph::forward, then shifted_cross_entropy);
// "scored" sends only the 20 scored positions per row through the LM head (CausalLmGraph::next_token_loss),
// which is what LM pretraining and SteerMoE training use. Model: "trainable" is LM pretraining (gradients
// to every weight); "frozen" is SteerMoE training (bf16 weights without gradients, gradients to the inputs,
// as they flow back to the audio prompts).
#include <benchmark/benchmark.h>

#include <torch/torch.h>


#include "core/train/causal_lm_graph.h"
#include "core/train/demo_recipe.h"

using namespace steerscope;

namespace {

constexpr int64_t kBatch = 32, kPositions = 128, kScored = 20, kVocab = 1110;

void LmTrainStep(benchmark::State& state) {
  const bool scored_only = state.range(0) == 1, frozen = state.range(1) == 1;
  at::set_num_threads(2);
  const DecoderConfig config = DemoRecipe::decoder_config(kVocab);
  ParameterStore params;
  torch::manual_seed(1);
  CausalLmGraph::init(params, config);
  if (frozen) params = params.frozen_bf16();
  else params.set_requires_grad(true);
  const CausalLmGraph graph(config, params, torch::kBFloat16);
  const auto ids = torch::randint(kVocab, {kBatch, kPositions}, torch::kLong);
  auto labels = torch::full({kBatch, kPositions}, -100, torch::kLong);
  labels.narrow(1, kPositions - kScored, kScored).copy_(ids.narrow(1, kPositions - kScored, kScored));
  const auto embedded = graph.embed(ids).detach();
  for (auto _ : state) {
    auto inputs = frozen ? embedded.clone().requires_grad_(true) : graph.embed(ids);
    auto loss = scored_only ? graph.next_token_loss(inputs, labels) : shifted_cross_entropy(graph.forward(inputs), labels);
    loss.backward();
    benchmark::DoNotOptimize(loss.item<float>());
    if (!frozen)
      for (auto& p : params.tensors()) p.mutable_grad() = torch::Tensor();
  }
  state.counters["tokens/s"] = benchmark::Counter(double(kBatch * kPositions), benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(std::string(frozen ? "frozen" : "trainable") + ", loss over " + (scored_only ? "scored positions" : "all positions"));
}

}  // namespace

BENCHMARK(LmTrainStep)->ArgNames({"scored", "frozen"})->Args({0, 0})->Args({1, 0})->Args({0, 1})->Args({1, 1})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
