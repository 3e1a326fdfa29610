#pragma once
// Merging recordings written in shards (one per GPU or cluster job) into one file; `steerscope-cli merge`
// is a thin front end to this.

#include <functional>
#include <string>
#include <vector>

namespace steerscope {

struct MergeOptions {
  bool overwrite = false;  // replace an existing output file
  // Called after each utterance is copied: (utterances copied, total). May throw Cancelled to stop; the
  // partial output is then removed.
  std::function<void(size_t done, size_t total)> progress;
};

// Copies every complete utterance of `inputs`, in the order given (shard by shard, each in file order),
// into a new recording at `output`. All inputs must have identical model constants (steering vectors,
// layer scales, router weight norms) and the same log-mel size, and the sha256 of each checkpoint role
// present in two inputs must agree; utterance ids must be unique across inputs. Violations throw Error
// naming both files (and the utterance or field) before anything is written. The output takes its run
// information from the first input and adds run.extra["merged_from"], a JSON array with each input's
// path, start time, device and command line; chunking and compression are those of the first input.
// Memory use is one utterance at a time.
void merge_recordings(const std::vector<std::string>& inputs, const std::string& output,
                      const MergeOptions& options = {});

}  // namespace steerscope
