// MIME tree parsing: header interpretation per entity, multipart splitting at boundary
// delimiter lines (RFC 2046 §5.1.1), encapsulated messages (§5.2.1), IMAP part numbers.
#include "protocols/message/mime_part.hpp"

#include "protocols/codec/base64.hpp"
#include "protocols/message/ascii.hpp"
#include "protocols/message/charset.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/quoted_printable.hpp"

namespace protocols::message {

std::string MimePart::param(std::string_view name) const {
  for (const auto& p : params)
    if (iequals(p.name, name)) return p.value;
  return {};
}

std::string MimePart::charset() const {
  std::string cs = to_lower(param("charset"));
  if (cs.empty() && type == "text") return "us-ascii";  // RFC 2046 §4.1.2 default
  return cs;
}

std::size_t count_lines(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if (c == '\n') ++n;
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

namespace {

struct Delimiter {
  std::size_t line_begin;  // first '-' of the delimiter line
  std::size_t before;      // where the preceding line break starts (clamped)
  std::size_t after;       // first byte after the delimiter line's own line break
  bool close;              // "--boundary--"
};

// RFC 2046 §5.1.1: dash-boundary = "--" boundary, at the start of a line, followed by "--"
// for the close delimiter, then optional transport padding (LWSP) before the line break.
std::vector<Delimiter> find_delimiters(std::string_view msg, ByteRange body,
                                       std::string_view boundary) {
  std::vector<Delimiter> out;
  std::string dash = "--";
  dash += boundary;
  std::size_t pos = body.begin;
  while (pos < body.end) {
    std::size_t nl = msg.find('\n', pos);
    std::size_t line_end = (nl == std::string_view::npos || nl >= body.end) ? body.end : nl + 1;
    std::size_t content_end = line_end;
    if (content_end > pos && msg[content_end - 1] == '\n') --content_end;
    if (content_end > pos && msg[content_end - 1] == '\r') --content_end;
    std::string_view line = msg.substr(pos, content_end - pos);
    if (line.size() >= dash.size() && line.compare(0, dash.size(), dash) == 0) {
      std::string_view rest = line.substr(dash.size());
      bool close = rest.size() >= 2 && rest[0] == '-' && rest[1] == '-';
      if (close) rest.remove_prefix(2);
      if (trim(rest).empty()) {
        std::size_t before = pos;
        if (before > body.begin && msg[before - 1] == '\n') {
          --before;
          if (before > body.begin && msg[before - 1] == '\r') --before;
        }
        out.push_back({pos, before, line_end, close});
        if (close) break;
      }
    }
    pos = line_end;
  }
  return out;
}

void demote_to_text(MimePart& p, std::string why) {
  p.defects.push_back(std::move(why));
  p.type = "text";
  p.subtype = "plain";
  p.children.clear();
}

void read_content_headers(MimePart& p, bool digest_child) {
  const HeaderBlock& h = p.headers;
  if (const HeaderField* ct = h.find("Content-Type")) {
    ParameterizedValue v = parse_parameterized(ct->value);
    std::size_t slash = v.value.find('/');
    if (slash == std::string::npos || !is_mime_token(v.value.substr(0, slash)) ||
        !is_mime_token(v.value.substr(slash + 1))) {
      // RFC 2045 §5.2: an invalid Content-Type means text/plain; charset=us-ascii.
      p.defects.push_back("invalid Content-Type \"" + ct->value + "\": read as text/plain");
    } else {
      p.type = v.value.substr(0, slash);
      p.subtype = v.value.substr(slash + 1);
      p.params = std::move(v.params);
    }
  } else if (digest_child) {  // RFC 2046 §5.1.5: the default in a digest
    p.type = "message";
    p.subtype = "rfc822";
  }
  if (const HeaderField* cte = h.find("Content-Transfer-Encoding")) {
    std::string v = to_lower(trim(parse_parameterized(cte->value).value));
    if (!v.empty()) p.transfer_encoding = v;
  }
  p.content_id = h.get("Content-ID");
  p.description = decode_encoded_words(h.get("Content-Description"));
  p.md5 = h.get("Content-MD5");
  p.language = h.get("Content-Language");
  p.location = h.get("Content-Location");
  if (const HeaderField* cd = h.find("Content-Disposition")) {
    ParameterizedValue v = parse_parameterized(cd->value);
    p.disposition = v.value;
    p.disposition_params = std::move(v.params);
  }
  for (const auto& dp : p.disposition_params)
    if (dp.name == "filename") p.filename = dp.value;
  if (p.filename.empty()) p.filename = p.param("name");
}

void parse_entity(MimePart& p, std::string_view msg, ByteRange range, int depth,
                  bool digest_child);

void split_multipart(MimePart& p, std::string_view msg, int depth) {
  std::string boundary = p.param("boundary");
  if (boundary.empty()) return demote_to_text(p, "multipart without boundary parameter");
  auto delims = find_delimiters(msg, p.body_range, boundary);
  if (delims.empty()) return demote_to_text(p, "multipart with no boundary delimiter line");
  bool closed = delims.back().close;
  if (!closed) p.defects.push_back("multipart not terminated by a close delimiter");
  bool digest = p.subtype == "digest";
  for (std::size_t i = 0; i < delims.size() && !delims[i].close; ++i) {
    if (p.children.size() >= kMaxMimeChildren) {
      p.defects.push_back("too many body parts: the rest are not parsed");
      break;
    }
    std::size_t b = delims[i].after;
    std::size_t e = i + 1 < delims.size() ? delims[i + 1].before : p.body_range.end;
    if (e < b) e = b;
    MimePart child;
    child.part_number = (p.part_number.empty() ? "" : p.part_number + ".") +
                        std::to_string(p.children.size() + 1);
    parse_entity(child, msg, {b, e}, depth + 1, digest);
    p.children.push_back(std::move(child));
  }
  if (p.children.empty()) demote_to_text(p, "multipart with no body part");
}

void parse_entity(MimePart& p, std::string_view msg, ByteRange range, int depth,
                  bool digest_child) {
  p.range = range;
  p.headers = parse_headers(msg.substr(range.begin, range.size()));
  for (auto& f : p.headers.fields) {
    f.range.begin += range.begin;
    f.range.end += range.begin;
  }
  p.headers.range = {range.begin, range.begin + p.headers.range.end};
  p.headers.body_offset += range.begin;
  p.header_range = p.headers.range;
  p.body_range = {p.headers.body_offset, range.end};
  if (p.headers.overlong_line) p.defects.push_back("header line longer than 998 characters");
  read_content_headers(p, digest_child);
  p.line_count = count_lines(msg.substr(p.body_range.begin, p.body_range.size()));
  if (depth >= kMaxMimeDepth && (p.type == "multipart" || p.type == "message")) {
    if (p.type == "multipart") demote_to_text(p, "MIME nesting too deep");
    else p.defects.push_back("MIME nesting too deep: encapsulated message not parsed");
    return;
  }
  if (p.type == "multipart") return split_multipart(p, msg, depth);
  if (p.type == "message" && (p.subtype == "rfc822" || p.subtype == "global")) {
    // RFC 2046 §5.2.1: only 7bit, 8bit or binary; an encoded message is left as a leaf.
    const std::string& te = p.transfer_encoding;
    if (te != "7bit" && te != "8bit" && te != "binary") {
      p.defects.push_back("message/rfc822 with transfer encoding " + te + ": not descended");
      return;
    }
    MimePart inner;
    inner.part_number = p.part_number;
    parse_entity(inner, msg, p.body_range, depth + 1, false);
    p.children.push_back(std::move(inner));
  }
}

}  // namespace

MimePart parse_mime(std::string_view message) {
  MimePart root;
  parse_entity(root, message, {0, message.size()}, 0, false);
  return root;
}

std::string decode_body(const MimePart& part, std::string_view message) {
  if (part.body_range.end > message.size() || part.body_range.begin > part.body_range.end)
    return {};
  std::string_view raw = message.substr(part.body_range.begin, part.body_range.size());
  if (part.transfer_encoding == "base64") return codec::base64_decode_lenient(raw);
  if (part.transfer_encoding == "quoted-printable") return qp_decode(raw);
  return std::string(raw);
}

std::string decode_text(const MimePart& part, std::string_view message) {
  std::string bytes = decode_body(part, message);
  auto utf8 = to_utf8(bytes, part.charset());
  return utf8 ? *utf8 : sanitize_utf8(bytes);
}

const MimePart* find_part(const MimePart& root, std::string_view section) {
  // RFC 3501 §6.4.5: numbers index the parts of a multipart; a message/rfc822 part's
  // numbers continue into its encapsulated message; a non-multipart message has part 1.
  const MimePart* container = &root;
  bool container_is_message = true;
  const MimePart* cur = nullptr;
  while (!section.empty()) {
    std::size_t dot = section.find('.');
    std::string_view num = section.substr(0, dot);
    section = dot == std::string_view::npos ? std::string_view{} : section.substr(dot + 1);
    if (num.empty() || num.size() > 6 || (dot != std::string_view::npos && section.empty()))
      return nullptr;
    std::size_t n = 0;
    for (char c : num) {
      if (c < '0' || c > '9') return nullptr;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (!container) return nullptr;
    if (container->is_multipart()) {
      if (n < 1 || n > container->children.size()) return nullptr;
      cur = &container->children[n - 1];
    } else if (container_is_message && n == 1) {
      cur = container;
    } else {
      return nullptr;
    }
    if (cur->is_message()) {
      container = &cur->children.front();
      container_is_message = true;
    } else if (cur->is_multipart() && cur != container) {
      container = cur;
      container_is_message = false;
    } else {
      container = nullptr;
    }
  }
  return cur;
}

namespace {
void collect(const MimePart& container, bool is_message, const std::string& prefix,
             std::vector<NumberedPart>& out) {
  auto number = [&](std::size_t i) { return (prefix.empty() ? "" : prefix + ".") + std::to_string(i); };
  auto visit = [&](const MimePart& part, const std::string& n) {
    out.push_back({n, &part});
    if (part.is_message()) collect(part.children.front(), true, n, out);
    else if (part.is_multipart() && &part != &container) collect(part, false, n, out);
  };
  if (container.is_multipart()) {
    for (std::size_t i = 0; i < container.children.size(); ++i)
      visit(container.children[i], number(i + 1));
  } else if (is_message) {
    visit(container, number(1));
  }
}
}  // namespace

std::vector<NumberedPart> numbered_parts(const MimePart& root) {
  std::vector<NumberedPart> out;
  collect(root, true, "", out);
  return out;
}

}  // namespace protocols::message
