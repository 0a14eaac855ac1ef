// POP3 state names and multi-line framing (RFC 1939 §3).
#include "protocols/pop3/pop3_types.hpp"

namespace protocols::pop3 {

std::string_view to_string(State s) {
  switch (s) {
    case State::Authorization: return "AUTHORIZATION";
    case State::Transaction: return "TRANSACTION";
    case State::Update: return "UPDATE";
    case State::Closed: return "CLOSED";
  }
  return "?";
}

std::string_view to_string(Timer t) {
  switch (t) {
    case Timer::Autologout: return "autologout";
  }
  return "?";
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t lf = text.find('\n', start);
    std::size_t end = lf == std::string_view::npos ? text.size() : lf;
    std::size_t stop = end > start && text[end - 1] == '\r' ? end - 1 : end;
    out.emplace_back(text.substr(start, stop - start));
    if (lf == std::string_view::npos) break;
    start = lf + 1;
  }
  return out;
}

std::string byte_stuff(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (const auto& line : split_lines(text)) {
    if (!line.empty() && line[0] == '.') out += '.';  // RFC 1939 §3: byte-stuff
    out += line;
    out += "\r\n";
  }
  out += ".\r\n";
  return out;
}

std::string unstuff_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out += !line.empty() && line[0] == '.' ? std::string_view(line).substr(1) : std::string_view(line);
    out += "\r\n";
  }
  return out;
}

}  // namespace protocols::pop3
