#pragma once
// The recording of the demo clips: the bundle's SteerMoE model transcribes every clip, and the router
// traces, transcripts, phone and word alignments and speakers go to one HDF5 recording. `steerscope-cli
// demo` writes it where the user asks; `steerscope-cli train --stage bundle` writes the bundle's demo.h5,
// which the workbench opens on first start.

#include <memory>
#include <string>

#include "core/pipeline/corpus_recorder.h"
#include "core/train/demo_bundle.h"

namespace steerscope::cli {

// Loads the bundle's SteerMoE pipeline (greedy decoding, the bundle's ASR prompt).
std::shared_ptr<const SteeredPipeline> load_demo_pipeline(const DemoBundle& bundle);

// Records every clip to out_path, replacing it: written beside it, then renamed, so that an interrupted run
// never leaves a broken file under that name. Throws Error if a clip fails.
CorpusRecordingSummary record_demo_clips(const DemoBundle& bundle, std::shared_ptr<const SteeredPipeline> pipeline,
                                         const std::string& out_path, const std::string& command_line);

}  // namespace steerscope::cli
