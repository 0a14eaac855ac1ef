// Shared pieces of the fuzz targets: each target is a plain function over a byte buffer,
// run by libFuzzer (MAILSIM_FUZZ, libfuzzer_entry.cpp) or by mailsim_fuzz_replay over the
// saved corpora (replay_main.cpp, part of the normal test suite).
// An invariant that fails aborts with a message, so both drivers report it as a crash.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "protocols/time.hpp"

#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)

namespace fuzz {

// The input as a configuration byte and a list of chunks. The first byte picks options for
// the target, the second how the rest is cut: fixed sizes 1..64 or sizes read from the data,
// so the fuzzer explores a stream arriving in odd segments (one byte at a time, split CR LF).
struct Input {
  std::uint8_t config = 0;
  std::vector<std::string_view> chunks;
  std::size_t total = 0;
};

inline Input split(const std::uint8_t* data, std::size_t size) {
  Input in;
  if (size == 0) return in;
  in.config = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t mode = rest.empty() ? 0 : static_cast<std::uint8_t>(rest[0]);
  if (!rest.empty()) rest.remove_prefix(1);
  in.total = rest.size();
  while (!rest.empty()) {
    std::size_t n = mode < 192 ? mode % 64 + 1 : static_cast<std::uint8_t>(rest[0]) % 97 + 1;
    n = std::min(n, rest.size());
    in.chunks.push_back(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  return in;
}

inline std::string_view whole(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Simulated time moves on by a little per chunk and jumps past every armed timer now and
// then, so timeouts fire in the middle of a conversation too.
inline protocols::Instant advance(protocols::Instant now, std::size_t chunk_index) {
  return now + std::chrono::milliseconds(chunk_index % 7 == 6 ? 11 * 60 * 1000 : 3);
}

// A bound on what a server may send back for `input` bytes: a greeting, then at most one
// reply of bounded size per input line (a line is at least one byte). An engine that
// answers more than this is amplifying its input.
constexpr std::size_t output_bound(std::size_t input, std::size_t per_byte = 600) {
  return 8192 + per_byte * input;
}

}  // namespace fuzz
