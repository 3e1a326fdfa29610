#include "core/model/steered_encoder.h"

#include "core/util/error.h"

namespace steerscope {

SteeredEncoder::SteeredEncoder(std::shared_ptr<const WhisperEncoder> encoder,
                               std::shared_ptr<const SteeringCheckpoint> steering, const PoolingConfig& pooling,
                               bool apply_steering)
    : encoder_(std::move(encoder)), steering_(std::move(steering)), pooling_(pooling) {
  torch::NoGradGuard no_grad;
  const auto& cfg = encoder_->config();
  const auto& exec = encoder_->exec();
  pool_position_ = pooling_.position(cfg.encoder_layers);
  if (pool_position_ > cfg.encoder_layers)
    throw Error("pooling after layer " + std::to_string(pool_position_) + " is impossible: the encoder (" + cfg.source +
                ") has " + std::to_string(cfg.encoder_layers) + " layers");
  if (!steering_) return;
  steering_->check_compatible(cfg);
  apply_steering_ = apply_steering && steering_->has_steering();
  if (apply_steering_) {
    const int e = steering_->experts();
    for (int l = 0; l < cfg.encoder_layers; ++l) {
      routers_.emplace_back(steering_->router_weight().narrow(0, int64_t(l) * e, e),
                            steering_->router_bias().narrow(0, int64_t(l) * e, e), exec);
      steerers_.emplace_back(steering_->steering_vectors()[l].t().contiguous(), torch::Tensor(), exec);
      layer_scales_.push_back(steering_->layer_scales()[l].item<float>());
    }
  }
  if (steering_->has_projector()) proj_ = PackedLinear(steering_->proj_weight(), steering_->proj_bias(), exec);
}

int64_t SteeredEncoder::layer_frames(int layer, int64_t mel_frames) const {
  const int64_t t = (mel_frames + 1) / 2;
  return (pool_position_ > 0 && layer + 1 > pool_position_) ? pooled_frames(t, pooling_) : t;
}

int64_t SteeredEncoder::output_frames(int64_t mel_frames) const {
  const int64_t t = (mel_frames + 1) / 2;
  return pool_position_ > 0 ? pooled_frames(t, pooling_) : t;
}

double SteeredEncoder::layer_frame_rate(int layer, double mel_rate_hz) const {
  const double rate = mel_rate_hz / 2.0;
  return (pool_position_ > 0 && layer + 1 > pool_position_ && pooling_.type != PoolingConfig::Type::kNone)
             ? rate / pooling_.kernel
             : rate;
}

SteeredEncoder::Window SteeredEncoder::encode_window(const torch::Tensor& mel, const RunContext& ctx) const {
  torch::NoGradGuard no_grad;
  const HookRegistry* hooks = ctx.hooks && !ctx.hooks->empty() ? ctx.hooks : nullptr;
  const int w = ctx.window_index;
  auto on = [&](HookPoint p, int l) { return hooks && hooks->active(p, l); };

  torch::Tensor x = encoder_->embed(mel);
  for (int l = 0; l < layers(); ++l) {
    torch::Tensor y = encoder_->layer(l, x);
    if (on(HookPoint::kLayerOutput, l)) hooks->emit(HookPoint::kLayerOutput, l, w, y);
    if (apply_steering_) {
      torch::Tensor logits = routers_[l].forward(y);  // [T, E] fp32
      if (on(HookPoint::kRouterLogits, l)) hooks->emit(HookPoint::kRouterLogits, l, w, logits);
      torch::Tensor probs = torch::softmax(logits, -1);
      float scale = layer_scales_[l];
      if (ctx.interventions) {
        for (const auto& iv : *ctx.interventions) {
          if (!iv.applies_to(l)) continue;
          if (iv.kind == Intervention::Kind::kScaleSteering) {
            scale *= iv.scale;
            continue;
          }
          if (iv.expert >= experts())
            throw Error("intervention '" + iv.describe() + "': the checkpoint has only " + std::to_string(experts()) + " experts");
          if (iv.kind == Intervention::Kind::kForceExpert) {
            probs = torch::one_hot(torch::full({probs.size(0)}, iv.expert, torch::TensorOptions().dtype(torch::kLong).device(probs.device())),
                                   experts()).to(torch::kFloat);
          } else {
            probs = probs.clone();
            probs.select(1, iv.expert).zero_();
            auto sum = probs.sum(-1, /*keepdim=*/true);
            probs = torch::where(sum > 0, probs / sum.clamp_min(1e-30), probs);
          }
        }
      }
      if (on(HookPoint::kRouterProbs, l)) hooks->emit(HookPoint::kRouterProbs, l, w, probs);
      torch::Tensor delta = steerers_[l].forward(probs) * scale;  // [T, D]
      if (on(HookPoint::kSteeringDelta, l)) hooks->emit(HookPoint::kSteeringDelta, l, w, delta);
      if (on(HookPoint::kSteeringDeltaNorm, l)) {
        auto norm = delta.norm(2, -1);
        hooks->emit(HookPoint::kSteeringDeltaNorm, l, w, norm);
      }
      x = y + delta;
    } else {
      x = y;
    }
    if (l + 1 == pool_position_) x = apply_pooling(x, pooling_);
  }
  if (on(HookPoint::kPooled, -1)) hooks->emit(HookPoint::kPooled, -1, w, x);
  Window out;
  out.hidden = encoder_->final_norm(x);
  if (on(HookPoint::kEncoderOutput, -1)) hooks->emit(HookPoint::kEncoderOutput, -1, w, out.hidden);
  out.prompts = proj_.defined() ? proj_.forward(out.hidden) : out.hidden;
  if (on(HookPoint::kAudioPrompts, -1)) hooks->emit(HookPoint::kAudioPrompts, -1, w, out.prompts);
  return out;
}

}  // namespace steerscope
