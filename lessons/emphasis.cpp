// **bold** and `code` in lesson texts (see emphasis.hpp).
#include "lessons/emphasis.hpp"

namespace lessons {

std::vector<Span> parse_emphasis(std::string_view text, std::string* error) {
  std::vector<Span> out;
  Span cur;
  auto flush = [&] {
    if (!cur.text.empty()) out.push_back(cur);
    cur.text.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '`') {
      flush();
      cur.code = !cur.code;
    } else if (!cur.code && text.compare(i, 2, "**") == 0) {
      flush();
      cur.bold = !cur.bold;
      ++i;
    } else {
      cur.text += text[i];
    }
  }
  if (cur.code || cur.bold) {
    if (error) *error = cur.code ? "unclosed ` (code)" : "unclosed ** (bold)";
    return {};
  }
  flush();
  return out;
}

std::string render_terminal(std::string_view text, bool ansi) {
  std::vector<Span> spans = parse_emphasis(text);
  if (spans.empty()) return std::string(text);
  std::string s;
  for (const Span& sp : spans) {
    if (!ansi) s += sp.text;  // a pipe or a file: the words, without the marks
    else if (sp.code) s += "\x1b[36m" + sp.text + "\x1b[0m";
    else if (sp.bold) s += "\x1b[1m" + sp.text + "\x1b[0m";
    else s += sp.text;
  }
  return s;
}

}  // namespace lessons
