// See read_file.hpp.
#include "sim/read_file.hpp"

#include <filesystem>
#include <fstream>

namespace sim {

namespace fs = std::filesystem;

std::optional<std::string> read_whole_file(const std::string& path, FileProblem* problem, std::uintmax_t max_bytes) {
  auto fail = [problem](FileProblem p) {
    *problem = p;
    return std::nullopt;
  };
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);  // follows symbolic links
  if (st.type() == fs::file_type::not_found) return fail(FileProblem::Missing);
  if (st.type() == fs::file_type::directory) return fail(FileProblem::Directory);
  if (ec) return fail(FileProblem::Unreadable);
  if (st.type() != fs::file_type::regular) return fail(FileProblem::NotRegular);
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return fail(FileProblem::Unreadable);
  if (size > max_bytes) return fail(FileProblem::TooLarge);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(FileProblem::Unreadable);
  // Read at most one byte past the limit: a file that grows while being read (or a /proc
  // file that reports size 0) is still bounded.
  std::string bytes;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > max_bytes) return fail(FileProblem::TooLarge);
  }
  if (in.bad()) return fail(FileProblem::Unreadable);
  *problem = FileProblem::None;
  return bytes;
}

std::string describe(FileProblem problem, std::uintmax_t max_bytes) {
  switch (problem) {
    case FileProblem::None: return "";
    case FileProblem::Directory: return "it is a directory";
    case FileProblem::Missing: return "no such file";
    case FileProblem::Unreadable: return "not readable";
    case FileProblem::NotRegular: return "not a regular file (a device, pipe or socket)";
    case FileProblem::TooLarge: return "larger than " + std::to_string(max_bytes >> 20) + " MiB";
  }
  return "";
}

}  // namespace sim
