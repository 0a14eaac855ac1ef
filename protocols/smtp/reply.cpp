// See reply.hpp.
#include "protocols/smtp/reply.hpp"

#include <cctype>

#include "protocols/smtp/line_reader.hpp"

namespace protocols::smtp {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// RFC 3463 §2: class "." 1*3digit "." 1*3digit, followed by SP or the end of the line.
std::size_t enhanced_length(std::string_view text, int code) {
  if (text.size() < 5 || text[1] != '.' || text[0] != static_cast<char>('0' + code / 100)) return 0;
  std::size_t i = 2;
  for (int part = 0; part < 2; ++part) {
    std::size_t start = i;
    while (i < text.size() && digit(text[i]) && i - start < 4) ++i;
    if (i == start || i - start > 3) return 0;
    if (part == 0) {
      if (i >= text.size() || text[i] != '.') return 0;
      ++i;
    }
  }
  if (i < text.size() && text[i] != ' ') return 0;
  return i;
}

}  // namespace

std::string Reply::text() const {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += ' ';
    out += l;
  }
  return out;
}

Reply make_reply(int code, std::string enhanced, std::string text) {
  return Reply{code, std::move(enhanced), {std::move(text)}};
}

Reply make_reply(int code, std::string enhanced, std::vector<std::string> lines) {
  if (lines.empty()) lines.emplace_back();
  return Reply{code, std::move(enhanced), std::move(lines)};
}

std::string format_reply(const Reply& r) {
  std::string out;
  const std::string code = std::to_string(r.code);
  const std::size_t n = r.lines.empty() ? 1 : r.lines.size();
  std::size_t size = n * (code.size() + 1 + r.enhanced.size() + 1 + 2);
  for (const auto& l : r.lines) size += l.size();
  out.reserve(size);  // one allocation per reply
  for (std::size_t i = 0; i < n; ++i) {
    out += code;
    out += (i + 1 < n) ? '-' : ' ';
    if (!r.enhanced.empty()) {
      out += r.enhanced;
      out += ' ';
    }
    if (i < r.lines.size()) out += r.lines[i];
    if (!r.enhanced.empty() && (i >= r.lines.size() || r.lines[i].empty())) out.pop_back();
    out += "\r\n";
  }
  return out;
}

std::string first_line(const Reply& r) {
  // format_reply of the first line alone, without its CR LF and trailing spaces.
  std::string s = std::to_string(r.code);
  s += ' ';
  if (!r.enhanced.empty()) {
    s += r.enhanced;
    s += ' ';
  }
  if (!r.lines.empty()) s += r.lines[0];
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

ReplyParse parse_reply(std::string_view buffer) {
  ReplyParse p;
  std::size_t pos = 0;
  int code = -1;
  for (;;) {
    LineResult l = read_line(buffer.substr(pos), kReplyLineMax, LinePolicy::TolerateBareLf);
    if (l.status == LineResult::Status::NeedMore) return ReplyParse{};
    if (l.status == LineResult::Status::Invalid) {
      p.status = ReplyParse::Status::Invalid;
      p.consumed = pos + l.consumed;
      p.reason = "reply " + l.reason;
      return p;
    }
    pos += l.consumed;
    std::string_view line = l.line;
    // RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39, then "-" (more lines) or SP / end.
    const bool ok = line.size() >= 3 && line[0] >= '2' && line[0] <= '5' && digit(line[1]) &&
                    digit(line[2]) && (line.size() == 3 || line[3] == ' ' || line[3] == '-');
    const int this_code = ok ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0') : 0;
    if (!ok || (code >= 0 && this_code != code)) {
      p.status = ReplyParse::Status::Invalid;
      p.consumed = pos;
      p.reason = ok ? "reply lines with different codes" : "malformed reply line";
      return p;
    }
    code = this_code;
    const bool more = line.size() > 3 && line[3] == '-';
    p.reply.lines.emplace_back(line.size() > 4 ? line.substr(4) : std::string_view{});
    if (!more) break;
  }
  p.status = ReplyParse::Status::Complete;
  p.consumed = pos;
  p.reply.code = code;
  // RFC 2034 §4: the enhanced code begins every line of a reply. It is the reply's only when
  // every line has the same one; otherwise the lines stay as sent (printing a code on lines
  // that had none would change them, and could push one past the 512-octet limit).
  const std::size_t n = enhanced_length(p.reply.lines[0], code);
  if (n == 0) return p;
  const std::string_view first = std::string_view(p.reply.lines[0]).substr(0, n);
  for (const std::string& l : p.reply.lines)
    if (enhanced_length(l, code) != n || l.compare(0, n, first) != 0) return p;
  p.reply.enhanced = std::string(first);
  for (std::string& l : p.reply.lines) l.erase(0, n < l.size() ? n + 1 : n);
  return p;
}

}  // namespace protocols::smtp
