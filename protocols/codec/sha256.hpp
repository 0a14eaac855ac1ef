// SHA-256 (FIPS 180-4 §6.2), for digests that must not reveal what they were made from: an
// exercise handed to students keeps its literal answers only as salted digests, and a result
// file names the exercise and the run it came from by digest (lessons/exercise_digest.hpp).
// Leaves out: HMAC and streaming input (every caller hashes one string it already holds).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace protocols::codec {

std::array<std::uint8_t, 32> sha256(std::string_view data);
// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace protocols::codec
