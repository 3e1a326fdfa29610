#include "core/io/recording_merge.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/io/recording_reader.h"
#include "core/io/recording_writer.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

// The first field in which two sets of model constants differ, or "" if they are equal.
std::string constants_difference(const ModelConstants& a, const ModelConstants& b) {
  if (a.layers != b.layers || a.experts != b.experts || a.dim != b.dim)
    return "shape [L,E,D] " + shape_string({a.layers, a.experts, a.dim}) + " vs " +
           shape_string({b.layers, b.experts, b.dim});
  if (a.steering_vectors != b.steering_vectors) return "steering_vectors";
  if (a.layer_scales != b.layer_scales) return "layer_scales";
  if (a.router_weight_norms != b.router_weight_norms) return "router_weight_norms";
  return "";
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return std::filesystem::exists(b, ec) && std::filesystem::equivalent(a, b, ec);
}

}  // namespace

void merge_recordings(const std::vector<std::string>& inputs, const std::string& output,
                      const MergeOptions& options) {
  if (inputs.empty()) throw Error(output + ": nothing to merge (no input recordings)");
  for (const auto& in : inputs)
    if (same_file(in, output)) throw Error(output + ": the output is also an input");

  std::vector<std::unique_ptr<RecordingReader>> readers;
  for (const auto& in : inputs) readers.push_back(std::make_unique<RecordingReader>(in));

  // Check everything before writing anything.
  const RecordingReader& first = *readers.front();
  std::map<std::string, std::string> owner;                                   // utterance id -> input path
  std::map<std::string, std::pair<std::string, std::string>> checkpoint_sha;  // role -> (sha256, path)
  size_t total = 0;
  for (const auto& r : readers) {
    std::string diff = constants_difference(first.model_constants(), r->model_constants());
    if (!diff.empty())
      throw Error(r->path() + ": model constants differ from " + first.path() + " (" + diff +
                  "); only shards of one model can be merged");
    if (r->options().n_mels != first.options().n_mels)
      throw Error(r->path() + ": log-mel has " + std::to_string(r->options().n_mels) + " bands, " +
                  first.path() + " has " + std::to_string(first.options().n_mels));
    for (const auto& c : r->run_info().checkpoints) {
      if (c.sha256.empty()) continue;
      auto [it, inserted] = checkpoint_sha.emplace(c.role, std::make_pair(c.sha256, r->path()));
      if (!inserted && it->second.first != c.sha256)
        throw Error(r->path() + ": " + c.role + " checkpoint sha256 " + c.sha256 + " differs from " +
                    it->second.second + " (" + it->second.first + ")");
    }
    for (const auto& id : r->ids()) {
      auto [it, inserted] = owner.emplace(id, r->path());
      if (!inserted) throw Error("utterance '" + id + "' is in both " + it->second + " and " + r->path());
    }
    total += r->size();
  }

  RunInfo run = first.run_info();
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& r : readers)
    sources.push_back({{"path", r->path()},
                       {"start_time", r->run_info().start_time},
                       {"device", r->run_info().device},
                       {"command_line", r->run_info().command_line}});
  run.extra["merged_from"] = sources.dump();
  RecordingOptions ropts = first.options();
  ropts.overwrite = options.overwrite;

  RecordingWriter writer = RecordingWriter::create(output, run, first.model_constants(), ropts);
  try {
    size_t done = 0;
    for (const auto& r : readers) {
      for (size_t i = 0; i < r->size(); ++i) {
        writer.write(r->read(i));
        if (options.progress) options.progress(++done, total);
      }
    }
    writer.close();
  } catch (...) {
    try {
      writer.close();
    } catch (...) {
    }
    std::remove(output.c_str());
    throw;
  }
}

}  // namespace steerscope
