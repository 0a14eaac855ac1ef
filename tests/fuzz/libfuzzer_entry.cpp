// libFuzzer entry point for one target; CMake compiles this file once per target with
// MAILSIM_FUZZ_ENTRY set to its function (fuzz_smtp_server, ...).
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return MAILSIM_FUZZ_ENTRY(data, size);
}
