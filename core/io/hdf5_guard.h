#pragma once
// Scope for every public entry point of the recording reader and writer that calls HDF5.
//
// - HDF5 prints its error stack to stderr by default. Our callers get the message in an Error instead, so
//   automatic printing is switched off for the scope and restored afterwards (other HDF5 users in the same
//   process keep their setting).
// - Debian's libhdf5 is built thread-safe, but other builds are not; one process-wide recursive lock
//   serialises our HDF5 calls so that readers used from worker threads (the GUI) stay safe anywhere.
//   Recursive, because a reader callback may call back into the reader on the same thread.

#include <hdf5.h>

#include <mutex>

namespace steerscope {

class Hdf5Guard {
 public:
  Hdf5Guard();
  ~Hdf5Guard();
  Hdf5Guard(const Hdf5Guard&) = delete;
  Hdf5Guard& operator=(const Hdf5Guard&) = delete;

 private:
  std::unique_lock<std::recursive_mutex> lock_;
  H5E_auto2_t saved_func_ = nullptr;
  void* saved_data_ = nullptr;
};

}  // namespace steerscope
