#pragma once
// Named hook points inside the steered encoder, in the spirit of nnsight/TransformerLens: observers
// subscribe to stable names and receive the tensor at that point as the encoder runs. Names:
//
//   encoder.layer.<l>.output              [T, D]  the layer's output before steering (what the router reads)
//   encoder.layer.<l>.router.logits       [T, E]  this layer's slice of the router output
//   encoder.layer.<l>.router.probs        [T, E]  softmax of the logits, after any intervention
//   encoder.layer.<l>.steering.delta      [T, D]  layer_scale * probs · steering_vectors[l]
//   encoder.layer.<l>.steering.delta_norm [T]     L2 norm of the delta per frame
//   encoder.pooled                        [T', D] after pooling, before the final LayerNorm
//   encoder.output                        [T', D] after the final LayerNorm
//   encoder.audio_prompts                 [T', H] after the projector
//
// l is 0-based. Patterns may use '*' for any run of characters ("encoder.layer.*.router.probs").
// Every event also carries the index of the audio window it came from (long audio is encoded window by
// window). A point nobody subscribes to costs one empty-vector test: tensors that exist only for
// observers (delta norms) are not computed.
//
// Subscriptions are made before a run starts; emitting is const and may happen from the thread that runs
// the encoder, so callbacks must be thread-safe with respect to whatever they share.

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace steerscope {

enum class HookPoint {
  kLayerOutput,
  kRouterLogits,
  kRouterProbs,
  kSteeringDelta,
  kSteeringDeltaNorm,
  kPooled,
  kEncoderOutput,
  kAudioPrompts,
};

struct HookEvent {
  HookPoint point;
  int layer;         // -1 for points that are not per layer
  int window;        // 0-based audio window
  const torch::Tensor& value;
  std::string name() const;
};

class HookRegistry {
 public:
  using Callback = std::function<void(const HookEvent&)>;

  // Returns an id for unsubscribe(). Throws Error if the pattern can never match a hook name.
  int subscribe(const std::string& pattern, Callback callback);
  void unsubscribe(int id);
  bool empty() const { return subs_.empty(); }

  bool active(HookPoint point, int layer) const;
  void emit(HookPoint point, int layer, int window, const torch::Tensor& value) const;

  static std::string name(HookPoint point, int layer);
  static bool matches(const std::string& pattern, const std::string& name);

 private:
  struct Subscription {
    int id;
    std::string pattern;
    Callback callback;
  };
  std::vector<Subscription> subs_;
  int next_id_ = 1;
};

}  // namespace steerscope
