#pragma once
// Errors that reach users. Every message names the file, field or tensor concerned and what was expected,
// e.g. "model.safetensors: tensor model.encoder.layers.3.fc1.weight has shape [512,128], config says
// [1536,384]". Code below the CLI and GUI throws steerscope::Error; the front ends print what() and exit
// non-zero, or show it in a dialog.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace steerscope {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Raised by cooperative cancellation (a progress or token callback asked to stop). Distinct from Error so
// that callers can tell "the user stopped it" from "it failed".
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

// "[1500,64]": the shape notation used in every error message.
std::string shape_string(const std::vector<int64_t>& shape);

}  // namespace steerscope
