#include "core/util/sha256.h"

#include <gtest/gtest.h>

#include <string>

using steerscope::Sha256;

namespace {
std::string hash(const std::string& s) {
  Sha256 h;
  h.update(s.data(), s.size());
  return h.hex_digest();
}
}  // namespace

TEST(Sha256, MatchesFipsVectors) {
  EXPECT_EQ(hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalUpdatesEqualOneShot) {
  std::string s(1000, 'x');
  for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>('a' + i % 26);
  Sha256 h;
  for (size_t i = 0; i < s.size(); i += 37) h.update(s.data() + i, std::min<size_t>(37, s.size() - i));
  EXPECT_EQ(h.hex_digest(), hash(s));
}
