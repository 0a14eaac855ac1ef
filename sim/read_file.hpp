// Reading a file a person named (a scenario, lesson or exercise, mail to import) whole, and
// refusing what could never end or would not fit in memory: a directory, a device or pipe
// (/dev/zero, a FIFO, /dev/stdin), a file over a size limit.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace sim {

enum class FileProblem { None, Directory, Missing, Unreadable, NotRegular, TooLarge };

// Course and scenario files are kilobytes; 64 MiB leaves room for a large Maildir message.
inline constexpr std::uintmax_t kMaxInputFile = 64u << 20;

// The file's bytes; or nullopt, with what was wrong in *problem.
std::optional<std::string> read_whole_file(const std::string& path, FileProblem* problem,
                                           std::uintmax_t max_bytes = kMaxInputFile);
// "it is a directory", "no such file", "not readable", "not a regular file (a device,
// pipe or socket)", "larger than 64 MiB".
std::string describe(FileProblem problem, std::uintmax_t max_bytes = kMaxInputFile);

}  // namespace sim
