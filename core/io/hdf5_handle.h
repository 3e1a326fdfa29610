#pragma once
// Owning wrapper for an HDF5 identifier (file, group, dataset, dataspace, datatype, attribute, property
// list). Internal to the recording reader and writer: nothing outside core/io includes <hdf5.h> through
// this header's users, so the public recording headers stay free of HDF5.

#include <hdf5.h>

#include <string>

namespace steerscope {

class Hdf5Handle {
 public:
  Hdf5Handle() = default;
  // Takes ownership of id. A negative id means the call that produced it failed: the constructor throws
  // Error("<what>: <HDF5's innermost error message>") so that every creating call can be written as
  // Hdf5Handle h(H5Dopen2(...), "path: opening dataset /x").
  Hdf5Handle(hid_t id, const std::string& what);
  ~Hdf5Handle() { reset(); }
  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;
  Hdf5Handle(Hdf5Handle&& o) noexcept : id_(o.id_) { o.id_ = H5I_INVALID_HID; }
  Hdf5Handle& operator=(Hdf5Handle&& o) noexcept;

  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now; returns false (and forgets the id) if HDF5 reports an error, e.g. a file whose final
  // flush failed.
  bool reset();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Throws Error("<what>: <HDF5 message>") when status is negative (the HDF5 convention for failure).
void hdf5_check(herr_t status, const std::string& what);

// The innermost (most specific) message on the current thread's HDF5 error stack, e.g. "truncated file:
// eof = 1024, ...", or "unknown HDF5 error" when the stack is empty.
std::string hdf5_error_message();

}  // namespace steerscope
