// mailsim_fuzz_replay TARGET PATH...: runs every file under each PATH (a file or a
// directory, in name order) through one fuzz target, the way libFuzzer would, without
// libFuzzer. The normal test suite uses it to replay tests/fuzz/corpus/TARGET, so inputs
// that once crashed an engine keep being tried on every build (with gcc, and under ASan).
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.hpp"

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

const std::map<std::string, Target>& targets() {
#define MAILSIM_FUZZ_ENTRY(name) {#name, &fuzz_##name},
  static const std::map<std::string, Target> t = {MAILSIM_FUZZ_TARGETS(MAILSIM_FUZZ_ENTRY)};
#undef MAILSIM_FUZZ_ENTRY
  return t;
}

std::vector<std::filesystem::path> files_under(const std::filesystem::path& p) {
  std::vector<std::filesystem::path> out;
  if (std::filesystem::is_directory(p)) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(p))
      if (e.is_regular_file()) out.push_back(e.path());
  } else if (std::filesystem::exists(p)) {
    out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || !targets().count(argv[1])) {
    std::cerr << "usage: mailsim_fuzz_replay TARGET FILE-OR-DIR...\ntargets:";
    for (const auto& [name, fn] : targets()) std::cerr << " " << name;
    std::cerr << "\n";
    return 2;
  }
  Target run = targets().at(argv[1]);
  std::size_t n = 0;
  for (int i = 2; i < argc; ++i)
    for (const auto& f : files_under(argv[i])) {
      std::ifstream in(f, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      // A copy in its own allocation, so ASan sees reads past the end as libFuzzer would.
      std::vector<std::uint8_t> buf(bytes.begin(), bytes.end());
      run(buf.data(), buf.size());
      ++n;
    }
  if (n == 0) {
    std::cerr << "mailsim_fuzz_replay: no inputs for " << argv[1] << "\n";
    return 1;
  }
  std::cout << argv[1] << ": " << n << " inputs replayed\n";
  return 0;
}
