#pragma once
// The parts of a recording's RunInfo and ModelConstants (recording_types.h) that describe the models:
// which checkpoint files took part and their sha256, and the steering module's audio-independent tensors.
// CorpusRecorder::describe_run() assembles a whole RunInfo from these.

#include <string>
#include <vector>

#include "core/io/recording_types.h"
#include "core/model/steering_checkpoint.h"
#include "core/pipeline/pipeline_config.h"

namespace steerscope {

// The file whose sha256 identifies a checkpoint: for a Hugging Face directory its model.safetensors, else
// its model.safetensors.index.json (a sharded model: the index names every shard); a file is itself.
// Throws Error naming the directory if it has neither.
std::string checkpoint_weights_file(const std::string& path);

// encoder, steering (the file actually read, resolve_steering_file) and decoder, for the paths that are
// set, each with the sha256 of its weights file. Reads every weights file once (seconds per GB).
std::vector<CheckpointIdentity> checkpoint_identities(const PipelineConfig& config);

// Steering vectors [L, E, D], layer scales [L] and the L2 norm of every router.weight row [L, E]. Throws
// Error naming the checkpoint if it has no steering tensors (a projector-only baseline).
ModelConstants model_constants_of(const SteeringCheckpoint& steering);

// The current time as ISO 8601 in UTC, to the second: "2025-10-13T08:15:00Z".
std::string utc_timestamp_now();

}  // namespace steerscope
