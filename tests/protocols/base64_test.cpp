// Base64: RFC 4648 §10 test vectors, line wrapping, strict and lenient decoding.
#include <catch2/catch.hpp>

#include "protocols/codec/base64.hpp"

using namespace protocols::codec;

TEST_CASE("base64 encodes the RFC 4648 test vectors", "[protocols][base64]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64 wraps MIME lines at 76 characters with CR LF", "[protocols][base64]") {
  std::string data(100, 'x');
  std::string enc = base64_encode(data, 76);
  REQUIRE(enc.substr(76, 2) == "\r\n");
  REQUIRE(enc.substr(enc.size() - 2) == "\r\n");
  REQUIRE(base64_decode_lenient(enc) == data);
}

TEST_CASE("strict base64 rejects what AUTH must reject", "[protocols][base64]") {
  CHECK(base64_decode_strict("AGFsaWNlAHNlY3JldA==") == std::string("\0alice\0secret", 13));
  CHECK_FALSE(base64_decode_strict("Zm9"));
  CHECK_FALSE(base64_decode_strict("Zm=v"));
  CHECK_FALSE(base64_decode_strict("Zm9v!A=="));
  CHECK_FALSE(base64_decode_strict("Zg==Zg=="));
}

TEST_CASE("base64 round-trips every byte value", "[protocols][base64]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += char(i);
  for (std::size_t n = 0; n <= all.size(); n += 17) {
    std::string part = all.substr(0, n);
    REQUIRE(base64_decode_strict(base64_encode(part)) == part);
    REQUIRE(base64_decode_lenient(base64_encode(part, 76)) == part);
  }
}
