// IMAP command reader and argument parser (RFC 3501 §4, §9; RFC 7888 LITERAL+).
#include "protocols/imap/imap_parser.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace protocols::imap {
namespace {

// The tag at the start of a command, or "" when the first word is no valid tag, so that the
// BAD goes out untagged ("* BAD") rather than echoing bytes the grammar does not allow.
// RFC 3501 §9: tag = 1*<any ASTRING-CHAR except "+">; ASTRING-CHAR is an ATOM-CHAR (CHAR
// except SP, CTL, "(", ")", "{", "%", "*", '"', "\\") or "]".
std::string tag_of(std::string_view s) {
  std::size_t end = 0;
  while (end < s.size() && end < 64 && s[end] > ' ' && s[end] < 0x7f && s[end] != '{' && s[end] != '(' &&
         s[end] != '"')
    ++end;
  std::string_view t = s.substr(0, end);
  if (t.find_first_of(")%*\\+") != std::string_view::npos) return {};
  if (end < s.size() && s[end] != ' ' && s[end] != '\r' && s[end] != '\n') return {};  // "a{1}", "a(b", 8-bit
  return std::string(t);
}

// A literal's size in 64 bits whatever size_t is, so that an enormous one is read as what
// it says and refused as too large (on wasm32 it would not fit size_t and read as no size).
std::optional<std::uint64_t> parse_size(std::string_view digits) {
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return v;
}

// A literal announcement at the end of a line: "{12}" or "{12+}".
struct LiteralMark {
  std::uint64_t size;
  bool plus;
};
std::optional<LiteralMark> literal_mark(std::string_view line) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  std::size_t open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view inner = line.substr(open + 1, line.size() - open - 2);
  bool plus = !inner.empty() && inner.back() == '+';
  if (plus) inner.remove_suffix(1);
  auto n = parse_size(inner);
  if (!n) return std::nullopt;
  return LiteralMark{*n, plus};
}

bool atom_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u == 0x7f) return false;
  return c != '(' && c != ')' && c != '{' && c != '"';
}

class ArgParser {
 public:
  ArgParser(std::string_view s, const Limits& limits) : s_(s), limits_(limits) {}
  bool done() const { return i_ >= s_.size(); }
  const std::string& error() const { return err_; }
  bool fail(std::string why) {
    if (err_.empty()) err_ = std::move(why);
    return false;
  }
  bool space() {
    if (i_ < s_.size() && s_[i_] == ' ') {
      ++i_;
      return true;
    }
    return fail("expected a space at offset " + std::to_string(i_));
  }

  bool value(Value& out, int depth) {
    if (done()) return fail("missing argument");
    char c = s_[i_];
    if (c == '(') return list(out, depth + 1);
    if (c == '"') return quoted(out);
    if (c == '{') return literal(out);
    return atom(out);
  }

 private:
  bool list(Value& out, int depth) {
    // RFC 3501 §9: parenthesised lists; deeper nesting than the limit is refused.
    if (depth > limits_.max_depth) return fail("lists nested too deeply");
    out.kind = Value::Kind::List;
    ++i_;
    while (true) {
      if (done()) return fail("unterminated list");
      if (s_[i_] == ')') {
        ++i_;
        return true;
      }
      // RFC 3501 §9 body-type-mpart = 1*body SP media-subtype: a multipart BODYSTRUCTURE's
      // parts follow one another with no space between, "((...)(...) "MIXED" ...)".
      const bool adjacent_list = s_[i_] == '(' && !out.items.empty() && out.items.back().kind == Value::Kind::List;
      if (!out.items.empty() && !adjacent_list && !space()) return false;
      Value v;
      if (!value(v, depth)) return false;
      out.items.push_back(std::move(v));
    }
  }

  bool quoted(Value& out) {
    // RFC 3501 §9 quoted: DQUOTE *QUOTED-CHAR DQUOTE, with \" and \\ escapes, no CR LF.
    out.kind = Value::Kind::String;
    ++i_;
    while (true) {
      if (done()) return fail("unterminated quoted string");
      char c = s_[i_++];
      if (c == '"') return true;
      if (c == '\r' || c == '\n') return fail("CR or LF in a quoted string");
      // RFC 3501 §9: QUOTED-CHAR is a TEXT-CHAR, a CHAR (%x01-7F) or 8-bit text: never NUL.
      if (c == '\0') return fail("NUL in a quoted string");
      if (c == '\\') {
        if (done() || (s_[i_] != '"' && s_[i_] != '\\')) return fail("bad escape in a quoted string");
        c = s_[i_++];
      }
      out.text += c;
    }
  }

  bool literal(Value& out) {
    // RFC 3501 §4.3 literal: "{" number "}" CRLF *CHAR8; RFC 7888: "{" number "+}".
    std::size_t close = s_.find('}', i_);
    if (close == std::string_view::npos) return fail("bad literal");
    std::string_view inner = s_.substr(i_ + 1, close - i_ - 1);
    if (!inner.empty() && inner.back() == '+') inner.remove_suffix(1);
    auto n = parse_size(inner);
    if (!n) return fail("bad literal size");
    std::size_t start = close + 1;
    if (s_.substr(start, 2) != "\r\n") {
      if (s_.substr(start, 1) != "\n") return fail("literal size not at the end of a line");
      start += 1;
    } else {
      start += 2;
    }
    if (s_.size() - start < *n) return fail("literal shorter than announced");
    out.kind = Value::Kind::String;
    out.literal = true;
    out.text = std::string(s_.substr(start, static_cast<std::size_t>(*n)));  // fits: checked just above
    i_ = start + static_cast<std::size_t>(*n);
    return true;
  }

  bool atom(Value& out) {
    out.kind = Value::Kind::Atom;
    std::size_t start = i_;
    while (!done()) {
      char c = s_[i_];
      if (c == '[') {
        // RFC 3501 §9 section: "[" ... "]" may hold spaces and a header list.
        std::size_t close = s_.find(']', i_);
        if (close == std::string_view::npos) return fail("unterminated [");
        for (std::size_t k = i_; k < close; ++k)
          if (s_[k] == '\r' || s_[k] == '\n') return fail("line break inside [...]");
        i_ = close + 1;
        continue;
      }
      if (!atom_char(c)) break;
      ++i_;
    }
    if (i_ == start) return fail(std::string("unexpected character '") + (s_[i_] >= ' ' ? std::string(1, s_[i_]) : "\\x" + std::to_string(static_cast<unsigned char>(s_[i_]))) + "'");
    out.text = std::string(s_.substr(start, i_ - start));
    return true;
  }

  std::string_view s_;
  const Limits& limits_;
  std::size_t i_ = 0;
  std::string err_;
};

}  // namespace

void CommandReader::reset_command(std::size_t consumed) {
  buf_.erase(0, std::min(consumed, buf_.size()));
  scan_ = line_start_ = literal_left_ = 0;
}

bool CommandReader::take_continuation_request() { return std::exchange(continuation_, false); }

CommandReader::Result CommandReader::next() {
  // Drop what is left of a refused command: an announced non-synchronizing literal, then
  // the rest of its line.
  if (skip_ > 0) {
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, buf_.size()));
    buf_.erase(0, n);
    skip_ -= n;
    if (skip_ > 0) return {};
    discard_line_ = true;
  }
  if (discard_line_) {
    std::size_t lf = buf_.find('\n');
    if (lf == std::string::npos) {
      buf_.clear();
      return {};
    }
    buf_.erase(0, lf + 1);
    discard_line_ = false;
  }
  auto invalid = [&](std::string reason, std::size_t consumed) {
    Result r{Status::Invalid, {}, std::move(reason), tag_of(buf_)};
    reset_command(consumed);
    return r;
  };
  while (true) {
    if (literal_left_ > 0) {
      std::size_t n = std::min(buf_.size() - scan_, literal_left_);
      scan_ += n;
      literal_left_ -= n;
      if (literal_left_ > 0) return {};
      line_start_ = scan_;
    }
    std::size_t lf = buf_.find('\n', scan_);
    if (lf == std::string::npos) {
      // A CR at the end may be the first half of the line's CR LF, which the length excludes
      // (below): count it only once its LF is seen, so bytes cut anywhere frame the same.
      std::size_t pending = buf_.size() - line_start_;
      if (pending > 0 && buf_.back() == '\r') --pending;
      if (pending > limits_.max_line) {
        discard_line_ = true;
        return invalid("command line too long", buf_.size());
      }
      scan_ = buf_.size();
      return {};
    }
    std::size_t end = lf > line_start_ && buf_[lf - 1] == '\r' ? lf - 1 : lf;
    if (end - line_start_ > limits_.max_line) return invalid("command line too long", lf + 1);
    if (auto mark = literal_mark(std::string_view(buf_).substr(line_start_, end - line_start_))) {
      if (mark->size > limits_.max_literal || lf + 1 + mark->size > limits_.max_command) {
        // A synchronizing literal is never sent after this refusal (RFC 3501 §4.3); a
        // non-synchronizing one is on its way and is dropped (RFC 7888 §4).
        if (mark->plus) skip_ = mark->size;
        return invalid("literal too large (" + std::to_string(mark->size) + " octets)", lf + 1);
      }
      literal_left_ = static_cast<std::size_t>(mark->size);  // within max_literal
      if (!mark->plus) continuation_ = true;
      scan_ = line_start_ = lf + 1;
      continue;
    }
    Result r{Status::Complete, buf_.substr(0, end), {}, {}};
    reset_command(lf + 1);
    continuation_ = false;
    return r;
  }
}

std::string Value::upper() const {
  std::string u = text;
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return u;
}

Parsed parse_command(std::string_view command, const Limits& limits) {
  Parsed p;
  // RFC 3501 §9: tag = 1*<any ASTRING-CHAR except "+">
  p.tag = tag_of(command);
  if (p.tag.empty() || p.tag.find('+') != std::string::npos || p.tag == "*") {
    p.error = "missing or invalid tag";
    return p;
  }
  ArgParser ap(command.substr(p.tag.size()), limits);
  if (ap.done()) {
    p.error = "missing command";
    return p;
  }
  while (!ap.done()) {
    Value v;
    if (!ap.space() || !ap.value(v, 0)) {
      p.error = ap.error();
      return p;
    }
    p.args.push_back(std::move(v));
  }
  if (p.args.empty() || !p.args[0].is_atom()) p.error = "missing command";
  return p;
}

std::optional<std::vector<Value>> parse_values(std::string_view text, const Limits& limits) {
  std::vector<Value> out;
  ArgParser ap(text, limits);
  while (!ap.done()) {
    Value v;
    if ((!out.empty() && !ap.space()) || !ap.value(v, 0)) return std::nullopt;
    out.push_back(std::move(v));
  }
  return out;
}

bool SequenceSet::contains(std::uint32_t n, std::uint32_t star) const {
  for (const auto& r : ranges) {
    std::uint32_t lo = r.lo ? r.lo : star, hi = r.hi ? r.hi : star;
    if (lo > hi) std::swap(lo, hi);  // RFC 3501 §9: "3:1" is the same as "1:3"
    if (n >= lo && n <= hi) return true;
  }
  return false;
}

std::optional<SequenceSet> parse_sequence_set(std::string_view text) {
  SequenceSet set;
  auto number = [](std::string_view s) -> std::optional<std::uint32_t> {
    if (s == "*") return 0u;
    std::uint32_t v = 0;
    if (s.empty() || s.size() > 10 || s[0] == '0') return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    std::size_t colon = item.find(':');
    auto lo = number(item.substr(0, colon));
    auto hi = colon == std::string_view::npos ? lo : number(item.substr(colon + 1));
    if (!lo || !hi) return std::nullopt;
    set.ranges.push_back({*lo, *hi});
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (set.ranges.empty() || set.ranges.size() > 10000) return std::nullopt;
  return set;
}

std::string quote(std::string_view s) {
  bool literal = s.size() > 1000;
  for (unsigned char c : s)
    if (c == '\r' || c == '\n' || c == 0 || c >= 0x80) literal = true;
  if (literal) {
    std::string out(1, '{');
    out += std::to_string(s.size());
    out += "}\r\n";
    out += s;
    return out;
  }
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string nstring(const std::optional<std::string>& s) { return s ? quote(*s) : "NIL"; }

std::string astring(std::string_view s) {
  bool atom = !s.empty();
  for (char c : s)
    if (!atom_char(c) || c == '%' || c == '*' || c == ']' || c == '\\') atom = false;
  return atom ? std::string(s) : quote(s);
}

}  // namespace protocols::imap
