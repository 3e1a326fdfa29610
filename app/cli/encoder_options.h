#pragma once
// The options every command that runs the encoder shares (encode, transcribe, ask, record, ...), mapped
// onto a PipelineConfig.

#include "app/cli/arg_parser.h"
#include "core/model/intervention.h"
#include "core/pipeline/pipeline_config.h"

namespace steerscope::cli {

// --encoder, --steering, --no-steering, --padding, --pool, --pool-kernel, --pool-after-layer,
// --window-seconds, --device, --dtype, --threads, --force/--ablate/--scale-steering.
void add_encoder_options(ArgParser& args, bool steering_required);
// Also sets the LibTorch thread count from --threads.
PipelineConfig pipeline_config_from(const ArgParser& args);
InterventionSet interventions_from(const ArgParser& args);

}  // namespace steerscope::cli
