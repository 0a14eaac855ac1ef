// See dot_stuffing.hpp.
#include "protocols/smtp/dot_stuffing.hpp"

namespace protocols::smtp {
namespace {

template <typename F>
void for_each_line(std::string_view message, F&& f) {
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t lf = message.find('\n', pos);
    std::size_t end = lf == std::string_view::npos ? message.size() : lf;
    std::string_view line = message.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(line);
    pos = lf == std::string_view::npos ? message.size() : lf + 1;
  }
}

}  // namespace

std::string normalize_line_ends(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 2);
  for_each_line(message, [&](std::string_view line) {
    out += line;
    out += "\r\n";
  });
  return out;
}

std::string dot_stuff(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 16);
  for_each_line(message, [&](std::string_view line) {
    if (!line.empty() && line.front() == '.') out += '.';  // RFC 5321 §4.5.2 rule 1
    out += line;
    out += "\r\n";
  });
  out += ".\r\n";
  return out;
}

}  // namespace protocols::smtp
