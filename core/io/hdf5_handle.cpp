#include "core/io/hdf5_handle.h"

#include "core/util/error.h"

namespace steerscope {

namespace {

herr_t remember_innermost(unsigned n, const H5E_error2_t* err, void* data) {
  // Walking downward, the last entry visited is the deepest cause; keep overwriting.
  auto* out = static_cast<std::string*>(data);
  if (err->desc && *err->desc)
    *out = err->desc;
  else if (err->func_name)
    *out = std::string("error in ") + err->func_name;
  return 0;
}

}  // namespace

Hdf5Handle::Hdf5Handle(hid_t id, const std::string& what) : id_(id) {
  if (id_ < 0) throw Error(what + ": " + hdf5_error_message());
}

Hdf5Handle& Hdf5Handle::operator=(Hdf5Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

bool Hdf5Handle::reset() {
  if (id_ < 0) return true;
  hid_t id = id_;
  id_ = H5I_INVALID_HID;
  herr_t status = -1;
  switch (H5Iget_type(id)) {
    case H5I_FILE:
      status = H5Fclose(id);
      break;
    case H5I_GROUP:
      status = H5Gclose(id);
      break;
    case H5I_DATASET:
      status = H5Dclose(id);
      break;
    case H5I_DATASPACE:
      status = H5Sclose(id);
      break;
    case H5I_DATATYPE:
      status = H5Tclose(id);
      break;
    case H5I_ATTR:
      status = H5Aclose(id);
      break;
    case H5I_GENPROP_LST:
      status = H5Pclose(id);
      break;
    default:
      status = H5Idec_ref(id) < 0 ? -1 : 0;
      break;
  }
  return status >= 0;
}

void hdf5_check(herr_t status, const std::string& what) {
  if (status < 0) throw Error(what + ": " + hdf5_error_message());
}

std::string hdf5_error_message() {
  std::string msg = "unknown HDF5 error";
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, remember_innermost, &msg);
  H5Eclear2(H5E_DEFAULT);
  return msg;
}

}  // namespace steerscope
