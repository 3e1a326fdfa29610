#include "core/util/npy_file.h"

#include <gtest/gtest.h>

#include "core/util/error.h"
#include "tests/test_support.h"

using namespace steerscope;

TEST(NpyFile, RoundTripsFloatAndInt64) {
  auto dir = test::scratch_dir("npy");
  std::vector<float> f = {1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.0f};
  write_npy((dir / "f.npy").string(), {2, 3}, f.data());
  auto a = read_npy((dir / "f.npy").string());
  EXPECT_EQ(a.dtype, "f4");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.to_float(), f);

  std::vector<int64_t> i = {5, -1, 1LL << 40};
  write_npy((dir / "i.npy").string(), {3}, i.data());
  auto b = read_npy((dir / "i.npy").string());
  EXPECT_EQ(b.shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(b.to_int64(), i);
}

TEST(NpyFile, ReadsNumpyWrittenFixture) {
  auto a = read_npy(test::data_path("fixtures/expected/text_prompt_ids.npy"));
  EXPECT_EQ(a.dtype, "i8");
  EXPECT_EQ(a.to_int64(), (std::vector<int64_t>{101, 7, 333, 42, 256, 18}));
}

TEST(NpyFile, RejectsNonNpyAndTruncatedFiles) {
  auto dir = test::scratch_dir("npy-bad");
  {
    std::ofstream(dir / "x.npy") << "hello";
  }
  EXPECT_THROW(read_npy((dir / "x.npy").string()), Error);
  std::vector<float> f(100, 1.0f);
  write_npy((dir / "t.npy").string(), {100}, f.data());
  std::filesystem::resize_file(dir / "t.npy", 200);
  try {
    read_npy((dir / "t.npy").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}
