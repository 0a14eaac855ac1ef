// RFC 5322 header parsing, unfolding and folding.
#include "protocols/message/header.hpp"

#include "protocols/message/ascii.hpp"

namespace protocols::message {

const HeaderField* HeaderBlock::find(std::string_view name) const {
  for (const auto& f : fields)
    if (iequals(f.name, name)) return &f;
  return nullptr;
}

std::string HeaderBlock::get(std::string_view name) const {
  const HeaderField* f = find(name);
  return f ? f->value : std::string();
}

std::vector<const HeaderField*> HeaderBlock::find_all(std::string_view name) const {
  std::vector<const HeaderField*> out;
  for (const auto& f : fields)
    if (iequals(f.name, name)) out.push_back(&f);
  return out;
}

std::string unfold(std::string_view raw) {
  // §2.2.3: unfolding removes every CRLF that is immediately followed by WSP. We also
  // drop stray CR/LF (bare LF input) so the value is one line.
  std::string out;
  out.reserve(raw.size());
  for (char c : raw)
    if (c != '\r' && c != '\n') out += c;
  return std::string(trim(out));
}

namespace {

struct Line {
  std::size_t begin, content_end, end;  // end includes the line break
};

Line next_line(std::string_view s, std::size_t pos) {
  std::size_t nl = s.find('\n', pos);
  if (nl == std::string_view::npos) return {pos, s.size(), s.size()};
  std::size_t ce = (nl > pos && s[nl - 1] == '\r') ? nl - 1 : nl;
  return {pos, ce, nl + 1};
}

// §2.2: field-name = 1*ftext, ftext = %d33-57 / %d59-126 (printable except colon).
bool valid_field_name(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == ':') return false;
  }
  return true;
}

}  // namespace

HeaderBlock parse_headers(std::string_view s) {
  HeaderBlock hb;
  std::size_t pos = 0;
  std::size_t last_content_end = 0;  // where the last field's text ended (before CR LF)
  while (pos < s.size()) {
    Line ln = next_line(s, pos);
    std::string_view content = s.substr(ln.begin, ln.content_end - ln.begin);
    if (content.size() > kMaxLineLength) hb.overlong_line = true;
    if (content.empty()) {  // §2.1: an empty line separates the header from the body
      hb.has_empty_line = true;
      pos = ln.end;
      break;
    }
    if (is_wsp(content.front())) {
      if (hb.fields.empty()) {  // continuation with nothing to continue: drop it
        ++hb.skipped_lines;
        pos = ln.end;
        continue;
      }
      HeaderField& f = hb.fields.back();  // folded continuation (§2.2.3)
      f.raw_value.append(s.substr(last_content_end, ln.content_end - last_content_end));
      f.range.end = ln.end;
      last_content_end = ln.content_end;
      pos = ln.end;
      continue;
    }
    std::size_t colon = content.find(':');
    // Obsolete syntax (§4.5) allows WSP before the colon.
    std::string_view name = colon == std::string_view::npos ? std::string_view{}
                                                            : trim(content.substr(0, colon));
    if (!valid_field_name(name)) break;  // not a header line: the body starts here
    HeaderField f;
    f.name = std::string(name);
    f.raw_value = std::string(content.substr(colon + 1));
    f.range = {ln.begin, ln.end};
    hb.fields.push_back(std::move(f));
    last_content_end = ln.content_end;
    pos = ln.end;
  }
  for (auto& f : hb.fields) f.value = unfold(f.raw_value);
  hb.range = {0, pos};
  hb.body_offset = pos;
  return hb;
}

std::string fold_header(std::string_view name, std::string_view value, std::size_t limit) {
  // Split the value into words at whitespace; runs of whitespace become one space.
  std::string out;
  // Name, value, and a "CR LF SP" for every fold of a line of at least limit / 2 (one
  // allocation for the usual field).
  out.reserve(name.size() + value.size() + 3 * (value.size() / (limit / 2 + 1) + 1) + 4);
  out += name;
  out += ':';
  std::size_t col = out.size();
  std::size_t i = 0;
  bool first = true;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (i < value.size()) {
    while (i < value.size() && is_space(value[i])) ++i;
    std::size_t w_begin = i;
    while (i < value.size() && !is_space(value[i])) ++i;
    std::string_view word = value.substr(w_begin, i - w_begin);
    if (word.empty()) break;  // trailing whitespace is dropped
    if (first) {
      out += ' ';
      out += word;
      col += 1 + word.size();
      first = false;
      continue;
    }
    // §2.2.3: fold by inserting CRLF before existing whitespace; words always had some
    // whitespace before them here, which becomes the single leading space of the new line.
    if (col + 1 + word.size() > limit) {
      out += "\r\n ";
      col = 1;
    } else {
      out += ' ';
      ++col;
    }
    out += word;
    col += word.size();
  }
  if (first) out += ' ';
  out += "\r\n";
  return out;
}

}  // namespace protocols::message
