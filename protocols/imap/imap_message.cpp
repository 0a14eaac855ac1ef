// BODY[section] from the MIME tree (RFC 3501 §6.4.5); ENVELOPE and BODYSTRUCTURE are in
// imap_bodystructure.cpp.
#include "protocols/imap/imap_message.hpp"

#include <vector>

#include "protocols/imap/imap_parser.hpp"
#include "protocols/message/mime_part.hpp"

namespace protocols::imap {
namespace {

using message::MimePart;

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

std::string slice(std::string_view raw, message::ByteRange r) {
  if (r.begin > raw.size() || r.end > raw.size() || r.begin > r.end) return {};
  return std::string(raw.substr(r.begin, r.size()));
}

// RFC 3501 §9 header-list = "(" header-fld-name *(SP header-fld-name) ")"
std::optional<std::vector<std::string>> header_list(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return std::nullopt;
  s = s.substr(1, s.size() - 2);
  std::vector<std::string> names;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t sp = s.find(' ', i);
    std::string name(s.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    if (name.empty()) return std::nullopt;
    names.push_back(upper(name));
    if (sp == std::string_view::npos) break;
    i = sp + 1;
  }
  if (names.empty()) return std::nullopt;
  return names;
}

std::string header_fields(std::string_view raw, const MimePart& p, const std::vector<std::string>& names, bool negate) {
  std::string out;
  for (const auto& f : p.headers.fields) {
    bool listed = false;
    for (const auto& n : names) listed |= upper(f.name) == n;
    if (listed != negate) out += slice(raw, f.range);
  }
  return out + "\r\n";  // the blank line that ends a header (RFC 3501 §6.4.5)
}

}  // namespace

std::optional<std::string> section_text(std::string_view raw, std::string_view section, std::string& error) {
  if (section.empty()) return std::string(raw);
  // Leading part numbers "1.2." then the text part.
  std::size_t i = 0;
  std::string part;
  while (i < section.size() && section[i] >= '0' && section[i] <= '9') {
    std::size_t dot = section.find('.', i);
    std::string_view num = section.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
    bool digits = !num.empty() && num[0] != '0';
    for (char c : num) digits &= c >= '0' && c <= '9';
    if (!digits) break;
    if (!part.empty()) part += '.';
    part += num;
    i = dot == std::string_view::npos ? section.size() : dot + 1;
  }
  std::string rest = upper(std::string(section.substr(i)));
  if (!part.empty() && i == section.size() && section.back() == '.') {
    error = "bad section";
    return std::nullopt;
  }
  std::string header_spec;
  bool negate = false;
  if (rest.rfind("HEADER.FIELDS.NOT", 0) == 0) negate = true, header_spec = rest.substr(17);
  else if (rest.rfind("HEADER.FIELDS", 0) == 0) header_spec = rest.substr(13);
  else if (!rest.empty() && rest != "HEADER" && rest != "TEXT" && !(rest == "MIME" && !part.empty())) {
    error = "bad section " + std::string(section);
    return std::nullopt;
  }
  std::optional<std::vector<std::string>> names;
  if (rest.rfind("HEADER.FIELDS", 0) == 0 && !(names = header_list(header_spec))) {
    error = "bad header list";
    return std::nullopt;
  }
  MimePart root = message::parse_mime(raw);
  const MimePart* p = part.empty() ? &root : message::find_part(root, part);
  if (!p) return std::string();
  if (rest.empty()) return slice(raw, p->body_range);
  if (rest == "MIME") return slice(raw, p->header_range);
  // HEADER/TEXT of a part apply to its encapsulated message (message/rfc822 only).
  if (!part.empty()) {
    if (!p->is_message()) return std::string();
    p = &p->children[0];
  }
  if (rest == "HEADER") return slice(raw, p->header_range);
  if (rest == "TEXT") return slice(raw, p->body_range);
  return header_fields(raw, *p, *names, negate);
}

}  // namespace protocols::imap
