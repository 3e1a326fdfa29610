// Files that are not recordings, or recordings that are damaged or too new, are refused with an Error that
// names the file and the problem; nothing crashes.

#include <hdf5.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/io/recording_reader.h"
#include "core/io/recording_writer.h"
#include "core/util/error.h"
#include "tests/core/io/recording_test_data.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {

std::string open_error(const std::string& path) {
  try {
    RecordingReader r(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::string make_recording(const std::filesystem::path& path, size_t n = 3) {
  test::RecordingShape s;
  RecordingOptions o;
  o.n_mels = s.n_mels;
  auto w = RecordingWriter::create(path.string(), test::make_run_info(), test::make_constants(s), o);
  for (size_t i = 0; i < n; ++i) w.write(test::make_utterance(s, 1, i));
  w.close();
  return path.string();
}

void set_int_attribute(const std::string& path, const char* name, int64_t value) {
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  hid_t a = H5Aopen(f, name, H5P_DEFAULT);
  ASSERT_GE(a, 0);
  ASSERT_GE(H5Awrite(a, H5T_NATIVE_INT64, &value), 0);
  H5Aclose(a);
  H5Fclose(f);
}

}  // namespace

TEST(RecordingBadInput, MissingFile) {
  std::string e = open_error("/nonexistent/r.h5");
  EXPECT_NE(e.find("/nonexistent/r.h5: cannot read file"), std::string::npos) << e;
}

TEST(RecordingBadInput, NotAnHdf5File) {
  auto dir = test::scratch_dir("recbad-text");
  auto path = (dir / "notes.h5").string();
  std::ofstream(path) << "this is not HDF5\n";
  std::string e = open_error(path);
  EXPECT_NE(e.find(path + ": cannot open as a recording"), std::string::npos) << e;
  EXPECT_NE(e.find("signature"), std::string::npos) << e;
}

TEST(RecordingBadInput, Hdf5FileThatIsNotARecording) {
  auto dir = test::scratch_dir("recbad-foreign");
  auto path = (dir / "foreign.h5").string();
  hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Fclose(f);
  std::string e = open_error(path);
  EXPECT_NE(e.find(path + ": not a SteerScope recording"), std::string::npos) << e;
}

TEST(RecordingBadInput, NewerSchemaVersion) {
  auto dir = test::scratch_dir("recbad-version");
  auto path = make_recording(dir / "r.h5");
  set_int_attribute(path, "schema_version", 99);
  std::string e = open_error(path);
  EXPECT_NE(e.find("schema version 99 is not supported"), std::string::npos) << e;
  try {
    RecordingWriter::append(path);
    FAIL() << "append accepted a newer schema";
  } catch (const Error& err) {
    EXPECT_NE(std::string(err.what()).find("schema version 99"), std::string::npos) << err.what();
  }
}

TEST(RecordingBadInput, LayerIndexPointingOutsideTheData) {
  auto dir = test::scratch_dir("recbad-layer");
  auto path = make_recording(dir / "r.h5");
  {
    hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    hid_t d = H5Dopen2(f, "/router/layer_01/index", H5P_DEFAULT);
    ASSERT_GE(d, 0);
    // Row 1, member "offset" (the first 8 bytes): far beyond the probs dataset.
    hid_t type = H5Tcreate(H5T_COMPOUND, sizeof(int64_t));
    H5Tinsert(type, "offset", 0, H5T_NATIVE_INT64);
    hid_t space = H5Dget_space(d);
    hsize_t start = 1, count = 1;
    H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, nullptr, &count, nullptr);
    hid_t mem = H5Screate_simple(1, &count, nullptr);
    int64_t offset = 1 << 30;
    ASSERT_GE(H5Dwrite(d, type, mem, space, H5P_DEFAULT, &offset), 0);
    H5Sclose(mem);
    H5Sclose(space);
    H5Tclose(type);
    H5Dclose(d);
    H5Fclose(f);
  }
  RecordingReader r(path);  // the index is read lazily, so opening succeeds
  EXPECT_NO_THROW(r.read(0));
  try {
    r.read(1);
    FAIL() << "damaged layer index was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/router/layer_01/index row 1 points outside"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(r.for_each_in_layer(1, [](size_t, const RouterTrace&) {}), Error);
}

TEST(RecordingBadInput, TruncatedFile) {
  auto dir = test::scratch_dir("recbad-trunc");
  auto path = make_recording(dir / "r.h5", 5);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 3);
  std::string e = open_error(path);
  EXPECT_NE(e.find(path + ":"), std::string::npos) << e;
  EXPECT_NE(e, "(no error)");
}
