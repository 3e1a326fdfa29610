#include "core/util/json_file.h"

#include <gtest/gtest.h>

#include "core/util/error.h"
#include "tests/test_support.h"

using namespace steerscope;

TEST(JsonFile, TypedAccessNamesFileAndKey) {
  nlohmann::json j = {{"d_model", 64}, {"name", "x"}, {"eps", 1e-5}, {"flag", true}, {"nothing", nullptr}};
  EXPECT_EQ(required_int(j, "d_model", "config.json"), 64);
  EXPECT_DOUBLE_EQ(required_number(j, "eps", "config.json"), 1e-5);
  EXPECT_EQ(optional_int(j, "absent", 7, "config.json"), 7);
  EXPECT_EQ(optional_int(j, "nothing", 7, "config.json"), 7);
  EXPECT_TRUE(optional_bool(j, "flag", false, "config.json"));
  try {
    required_int(j, "missing", "config.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "config.json: key 'missing' missing");
  }
  try {
    required_int(j, "name", "config.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "config.json: key 'name' is string, expected an integer");
  }
}

TEST(JsonFile, InvalidJsonNamesTheFile) {
  auto dir = test::scratch_dir("json");
  std::ofstream(dir / "bad.json") << "{\"a\": ";
  try {
    read_json_file((dir / "bad.json").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json: invalid JSON"), std::string::npos);
  }
}
