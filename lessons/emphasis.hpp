// The simple emphasis lesson texts may use: **bold** and `code` (no nesting, no escapes;
// inside `code` nothing is special). The front end draws the spans; the terminal player
// renders them with ANSI bold and colour on a terminal, or as plain words otherwise.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace lessons {

struct Span {
  std::string text;
  bool bold = false;
  bool code = false;
};

// Splits text into spans; an unclosed mark is an error (returned message, spans empty).
std::vector<Span> parse_emphasis(std::string_view text, std::string* error = nullptr);
// For a terminal: bold as ANSI bold, code as ANSI cyan when `ansi`, else the text without
// the marks (a pipe, a file or a log shows no stray ** or backticks).
std::string render_terminal(std::string_view text, bool ansi);

}  // namespace lessons
