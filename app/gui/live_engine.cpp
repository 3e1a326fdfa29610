// The core headers come before any Qt header: core/model/hook_registry.h declares a member named
// emit(), which Qt's `emit` keyword macro would otherwise swallow.
#include "core/pipeline/steered_pipeline.h"

#include "app/gui/live_engine.h"

#include <QDateTime>
#include <QRegularExpression>
#include <optional>

#include "core/util/error.h"
#include "core/util/sha256.h"
#include "steerscope/build_info.h"

namespace steerscope::gui {

namespace {

Intervention toCore(const views::InterventionRequest& r) {
  Intervention i;
  switch (r.kind) {
    case views::InterventionRequest::Kind::kForceExpert:
      i.kind = Intervention::Kind::kForceExpert;
      break;
    case views::InterventionRequest::Kind::kAblateExpert:
      i.kind = Intervention::Kind::kAblateExpert;
      break;
    case views::InterventionRequest::Kind::kScaleSteering:
      i.kind = Intervention::Kind::kScaleSteering;
      break;
  }
  i.layer = r.layer;
  i.expert = r.expert;
  i.scale = float(r.scale);
  return i;
}

std::vector<int64_t> parseTokenIds(const QString& text) {
  std::vector<int64_t> ids;
  const QStringList parts = text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
  for (const QString& p : parts) {
    bool ok = false;
    const qlonglong v = p.toLongLong(&ok);
    if (!ok || v < 0)
      throw Error("'" + p.toStdString() +
                  "' is not a token id (give non-negative integers, e.g. 17, 300, 4)");
    ids.push_back(v);
  }
  if (ids.empty()) throw Error("no token ids given (e.g. 17, 300, 4)");
  return ids;
}

std::vector<float> toVector(const torch::Tensor& t) {
  auto c = t.to(torch::kFloat).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

ModelConstants constantsOf(const SteeringCheckpoint* steering) {
  ModelConstants c;
  if (!steering || !steering->has_steering()) return c;
  c.layers = steering->layers();
  c.experts = steering->experts();
  c.dim = steering->dim();
  c.steering_vectors = toVector(steering->steering_vectors());
  c.layer_scales = toVector(steering->layer_scales());
  // Router rows are layer-major (row l*E + e), so the row norms in order are [L, E].
  c.router_weight_norms = toVector(steering->router_weight().norm(2, {1}));
  return c;
}

GenerationSettings settingsFrom(const GenerationSettings& defaults, const views::SamplingChoice& s) {
  GenerationSettings g = defaults;
  g.do_sample = s.sample;
  g.temperature = s.temperature;
  g.top_k = s.top_k;
  g.top_p = s.top_p;
  g.seed = s.seed;
  g.max_new_tokens = s.max_new_tokens;
  g.validate();
  return g;
}

}  // namespace

std::string conversationPromptText(const QString& text, views::PromptMode mode, bool has_tokenizer) {
  const bool prefix = mode == views::PromptMode::kQuestion && has_tokenizer;
  return (prefix ? std::string(kReferenceQuestionPrefix) : std::string()) + text.toStdString();
}

// Everything the worker thread owns. Only touched from jobs, which run one at a time on that thread.
struct LiveEngine::Worker {
  CheckpointSet checkpoints;
  std::shared_ptr<const SteeredPipeline> pipeline;  // with a decoder
  std::shared_ptr<const UtteranceEncoder> encoder;  // always (the pipeline's, or encoder-only)
  PipelineConfig config;
  ModelConstants constants;
  std::string steering_sha256;
  // Conversation.
  std::shared_ptr<const views::SourceAudio> chat_audio;
  std::unique_ptr<Conversation> conversation;
  double chat_encoder_ms = 0.0;

  RunInfo runInfo(const GenerationSettings* generation, const std::string& prompt) const {
    RunInfo r;
    r.tool_version = build_info::kVersion;
    r.checkpoints.push_back({"encoder", config.encoder_dir, ""});
    if (!config.steering_path.empty())
      r.checkpoints.push_back({"steering", config.steering_path, steering_sha256});
    if (!config.decoder_dir.empty()) r.checkpoints.push_back({"decoder", config.decoder_dir, ""});
    r.dtype = config.exec.dtype_string();
    r.device = config.exec.device_string();
    r.pooling = encoder->encoder().pooling().describe(encoder->encoder().layers());
    r.padding = config.padding_name();
    r.prompt = prompt;
    r.prompt_layout = generation ? "reference" : "";
    r.generation_json = generation ? generation->to_json() : "";
    r.command_line = "steerscope (workbench live run)";
    r.start_time = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    return r;
  }
};

LiveEngine::LiveEngine(QObject* parent)
    : QObject(parent),
      worker_(std::make_shared<Worker>()),
      cancel_(std::make_shared<std::atomic<bool>>(false)) {
  thread_.setObjectName(QStringLiteral("steerscope-live-engine"));
  worker_context_ = new QObject;
  worker_context_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_context_, &QObject::deleteLater);
  thread_.start();
}

LiveEngine::~LiveEngine() {
  cancel_->store(true);
  thread_.quit();
  thread_.wait();
}

void LiveEngine::submit(std::function<void()> fn) {
  if (pending_++ == 0) emit busyChanged(true);
  QMetaObject::invokeMethod(
      worker_context_,
      [this, fn = std::move(fn)] {
        fn();
        QMetaObject::invokeMethod(
            this, [this] { finished(); }, Qt::QueuedConnection);
      },
      Qt::QueuedConnection);
}

void LiveEngine::finished() {
  if (--pending_ == 0) emit busyChanged(false);
}

void LiveEngine::cancel() {
  cancel_->store(true);
}

void LiveEngine::load(const CheckpointSet& checkpoints) {
  cancel_->store(false);
  auto worker = worker_;
  submit([this, worker, checkpoints] {
    try {
      PipelineConfig config;
      config.encoder_dir = checkpoints.encoder_dir.toStdString();
      config.steering_path = checkpoints.steering_path.toStdString();
      config.decoder_dir = checkpoints.decoder_dir.toStdString();
      std::shared_ptr<const SteeredPipeline> pipeline;
      std::shared_ptr<const UtteranceEncoder> encoder;
      if (!config.decoder_dir.empty()) {
        pipeline = SteeredPipeline::load(config);
        encoder = std::shared_ptr<const UtteranceEncoder>(pipeline, &pipeline->encoder());
      } else {
        encoder = load_utterance_encoder(config);
      }
      worker->checkpoints = checkpoints;
      worker->config = config;
      worker->pipeline = pipeline;
      worker->encoder = encoder;
      worker->constants = constantsOf(encoder->encoder().steering());
      worker->steering_sha256 =
          config.steering_path.empty() ? "" : sha256_file(encoder->encoder().steering()->path());
      worker->conversation.reset();
      const bool tokenizer = pipeline && pipeline->tokenizer();
      const bool steering = worker->constants.layers > 0;
      const QString description = checkpoints.describe();
      QList<QPair<QString, QString>> hints;
      if (const SteeringCheckpoint* s = encoder->encoder().steering())
        for (const auto& [key, text] : s->prompt_hints())
          hints.push_back({QString::fromStdString(key), QString::fromStdString(text)});
      QMetaObject::invokeMethod(
          this,
          [this, checkpoints, description, tokenizer, steering, hints, decoder = bool(pipeline)] {
            loaded_ = true;
            has_decoder_ = decoder;
            has_tokenizer_ = tokenizer;
            has_steering_ = steering;
            checkpoints_ = checkpoints;
            prompt_hints_ = hints;
            emit loaded(description);
          },
          Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this,
          [this, message] {
            loaded_ = false;
            emit loadFailed(message);
          },
          Qt::QueuedConnection);
    }
  });
}

int LiveEngine::run(LiveRunRequest request) {
  cancel_->store(false);
  const int number = next_request_++;
  auto worker = worker_;
  auto cancel = cancel_;
  submit([this, worker, cancel, number, request = std::move(request)] {
    auto post_progress = [this](double f, const QString& stage) {
      QMetaObject::invokeMethod(
          this, [this, f, stage] { emit progress(f, stage); }, Qt::QueuedConnection);
    };
    try {
      if (!worker->encoder)
        throw Error("no checkpoints are loaded: open an encoder, a steering checkpoint and a decoder first");
      if (!request.audio || request.audio->samples.empty())
        throw Error("utterance " + request.id.toStdString() +
                    " has no readable source audio to run the model on");
      const UtteranceEncoder& enc = *worker->encoder;
      const int rate = enc.front_end().config().sample_rate;
      if (request.audio->sample_rate != rate)
        throw Error("the audio is at " + std::to_string(request.audio->sample_rate) +
                    " Hz but the encoder expects " + std::to_string(rate) + " Hz");
      InterventionSet interventions;
      for (const auto& i : request.interventions) interventions.push_back(toCore(i));
      EncodeOptions options;
      options.padding = worker->config.padding;
      options.interventions = &interventions;
      options.keep_log_mel = true;
      options.progress = [cancel, post_progress](double f) {
        post_progress(0.7 * f, QStringLiteral("encoding"));
        return !cancel->load();
      };
      post_progress(0.0, QStringLiteral("encoding"));
      EncodedUtterance encoded = enc.encode(request.audio->samples, options);

      auto result = std::make_shared<LiveRunResult>();
      UtteranceRecord& u = result->record;
      u.id = request.id.toStdString();
      u.source_path = request.audio->path;
      u.source_sample_rate = rate;
      u.duration_s = double(request.audio->samples.size()) / rate;
      u.speaker = request.speaker;
      u.reference_text = request.reference_text;
      u.log_mel = std::move(encoded.log_mel);
      u.log_mel_frame_rate_hz = double(rate) / enc.front_end().config().hop_length;
      u.layers = std::move(encoded.routing);
      u.tiers = request.tiers;
      std::optional<GenerationSettings> generation;
      std::string prompt_text;
      if (request.generate && worker->pipeline) {
        post_progress(0.7, QStringLiteral("generating"));
        generation = settingsFrom(worker->pipeline->default_generation(), request.sampling);
        Conversation conversation(worker->pipeline, encoded.audio_prompts, PromptLayout::kReference);
        TokenCallback on_token = [this, cancel, number, &result](const GeneratedToken& t) {
          const bool special = !t.special.empty();
          result->token_texts.push_back({special ? t.special : t.text, special});
          const QString text = QString::fromStdString(result->token_texts.back().text);
          QMetaObject::invokeMethod(
              this, [this, number, id = t.id, text, lp = t.logprob, special] { emit runToken(number, id, text, lp, special); },
              Qt::QueuedConnection);
          return !cancel->load();
        };
        GenerationResult r;
        if (worker->pipeline->tokenizer()) {
          prompt_text = kReferenceAsrPrompt;
          r = conversation.ask(prompt_text, *generation, on_token);
        } else {
          const std::vector<int64_t> ids = worker->checkpoints.prompt_ids.trimmed().isEmpty()
                                               ? std::vector<int64_t>{}
                                               : parseTokenIds(worker->checkpoints.prompt_ids);
          for (int64_t id : ids) prompt_text += (prompt_text.empty() ? "" : ",") + std::to_string(id);
          r = conversation.ask_ids(ids, *generation, on_token);
        }
        if (r.stop == GenerationResult::Stop::kCancelled) throw Cancelled();
        GeneratedText out;
        out.prompt = prompt_text;
        out.text = r.text;
        out.token_ids = r.token_ids;
        out.token_logprobs = r.token_logprobs;
        out.encoder_ms = encoded.encoder_ms;
        out.first_token_ms = r.prefill_ms;
        out.total_ms = encoded.encoder_ms + r.total_ms;
        u.output = out;
        // The stop token, if any, has no callback text; keep texts aligned with ids.
        result->token_texts.resize(out.token_ids.size());
      }
      result->run = worker->runInfo(generation ? &*generation : nullptr, prompt_text);
      for (size_t i = 0; i < interventions.size(); ++i)
        result->run.extra["intervention." + std::to_string(i)] = interventions[i].describe();
      result->constants = worker->constants;
      result->interventions = request.interventions;
      result->audio = request.audio;
      post_progress(1.0, QStringLiteral("done"));
      std::shared_ptr<const LiveRunResult> done = result;
      QMetaObject::invokeMethod(
          this, [this, number, done] { emit runFinished(number, done); }, Qt::QueuedConnection);
    } catch (const Cancelled&) {
      QMetaObject::invokeMethod(
          this, [this, number] { emit runFailed(number, tr("Cancelled."), true); }, Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this, [this, number, message] { emit runFailed(number, message, false); }, Qt::QueuedConnection);
    }
  });
  return number;
}

void LiveEngine::setConversationAudio(std::shared_ptr<const views::SourceAudio> audio) {
  auto worker = worker_;
  submit([worker, audio] {
    worker->chat_audio = audio;
    worker->conversation.reset();
  });
}

void LiveEngine::clearConversation() {
  auto worker = worker_;
  submit([worker] {
    if (worker->conversation) worker->conversation->clear();
  });
}

void LiveEngine::ask(const QString& text, views::PromptMode mode, const views::SamplingChoice& sampling) {
  auto cancel = cancel_;
  answer([cancel, text, mode, sampling](Worker& worker, const TokenCallback& on_token, double& encoder_ms) {
    if (!worker.pipeline) throw Error("no decoder is loaded: open checkpoints with a decoder to ask questions");
    if (!worker.chat_audio || worker.chat_audio->samples.empty()) throw Error("choose the audio to ask about first");
    if (!worker.conversation) {
      EncodeOptions options;
      options.padding = worker.config.padding;
      options.progress = [cancel](double) { return !cancel->load(); };
      EncodedUtterance encoded = worker.pipeline->encoder().encode(worker.chat_audio->samples, options);
      worker.conversation = std::make_unique<Conversation>(worker.pipeline, encoded.audio_prompts, PromptLayout::kReference);
      encoder_ms = encoded.encoder_ms;
    }
    const GenerationSettings settings = settingsFrom(worker.pipeline->default_generation(), sampling);
    if (mode == views::PromptMode::kTokenIds) return worker.conversation->ask_ids(parseTokenIds(text), settings, on_token);
    const bool tokenizer = worker.pipeline->tokenizer() != nullptr;
    return worker.conversation->ask(conversationPromptText(text, mode, tokenizer), settings, on_token);
  });
}

void LiveEngine::regenerate(const views::SamplingChoice& sampling) {
  answer([sampling](Worker& worker, const TokenCallback& on_token, double&) {
    if (!worker.conversation || worker.conversation->turns() == 0)
      throw Error("nothing to regenerate: ask a question first");
    return worker.conversation->regenerate(settingsFrom(worker.pipeline->default_generation(), sampling), on_token);
  });
}

void LiveEngine::answer(AnswerTurn turn) {
  cancel_->store(false);
  auto worker = worker_;
  auto cancel = cancel_;
  emit answerStarted();
  submit([this, worker, cancel, turn = std::move(turn)] {
    try {
      TokenCallback on_token = [this, cancel](const GeneratedToken& t) {
        const QString piece =
            t.text.empty() ? QStringLiteral("⟨%1⟩").arg(t.id) : QString::fromStdString(t.text);
        QMetaObject::invokeMethod(
            this, [this, piece] { emit answerToken(piece); }, Qt::QueuedConnection);
        return !cancel->load();
      };
      views::AnswerTimings timings;
      const GenerationResult r = turn(*worker, on_token, timings.encoder_ms);
      timings.first_token_ms = r.prefill_ms;
      timings.tokens_per_second = r.tokens_per_second();
      timings.tokens = int(r.token_ids.size());
      QMetaObject::invokeMethod(
          this, [this, timings] { emit answerFinished(timings); }, Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this, [this, message] { emit answerFailed(message); }, Qt::QueuedConnection);
    }
  });
}

}  // namespace steerscope::gui
