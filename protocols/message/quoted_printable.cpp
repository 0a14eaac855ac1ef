// Quoted-Printable encoder and decoder, RFC 2045 §6.7.
#include "protocols/message/quoted_printable.hpp"

namespace protocols::message {

namespace {
constexpr char kHex[] = "0123456789ABCDEF";
constexpr std::size_t kMaxEncodedLine = 76;  // §6.7 rule 5, not counting CR LF

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;  // lenient: lower case (§6.7 note)
  return -1;
}
}  // namespace

std::string qp_encode(std::string_view data, QpMode mode) {
  std::string out;
  out.reserve(data.size() * 3 / 2 + 16);
  std::size_t col = 0;
  auto put_token = [&](std::string_view tok) {
    // Keep room for the soft break "=" (rule 5): a line may hold 75 data characters.
    if (col + tok.size() > kMaxEncodedLine - 1) {
      out += "=\r\n";
      col = 0;
    }
    out += tok;
    col += tok.size();
  };
  for (std::size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    auto u = static_cast<unsigned char>(c);
    if (mode == QpMode::Text && (c == '\n' || (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n'))) {
      if (c == '\r') ++i;
      out += "\r\n";  // rule 4: a line break is a hard CRLF
      col = 0;
      continue;
    }
    bool at_line_end = i + 1 == data.size() ||
                       (mode == QpMode::Text && (data[i + 1] == '\n' ||
                                                 (data[i + 1] == '\r' && i + 2 < data.size() &&
                                                  data[i + 2] == '\n')));
    bool literal = (u >= 33 && u <= 126 && c != '=') ||
                   ((c == ' ' || c == '\t') && !at_line_end);  // rule 3: no trailing WSP
    // A line starting with "." or "From " survives SMTP and mbox untouched when encoded.
    if (literal && col == 0 && (c == '.' || data.substr(i, 5) == "From ")) literal = false;
    if (literal) {
      char tok[1] = {c};
      put_token(std::string_view(tok, 1));
    } else {
      char tok[3] = {'=', kHex[u >> 4], kHex[u & 15]};
      put_token(std::string_view(tok, 3));
    }
  }
  return out;
}

std::string qp_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    bool has_break = nl != std::string_view::npos;
    std::size_t end = has_break ? nl : text.size();
    std::string_view line = text.substr(pos, end - pos);
    // Rule 3: trailing whitespace (and the CR of CR LF) was possibly added in transport.
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    bool soft = !line.empty() && line.back() == '=';
    if (soft) line.remove_suffix(1);
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '=') {
        int hi = i + 1 < line.size() ? hex_value(line[i + 1]) : -1;
        int lo = i + 2 < line.size() ? hex_value(line[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
          out += char(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out += line[i];  // malformed "=" passes through (§6.7 note 1)
    }
    if (has_break && !soft) out += "\r\n";
    pos = has_break ? nl + 1 : text.size();
  }
  return out;
}

}  // namespace protocols::message
