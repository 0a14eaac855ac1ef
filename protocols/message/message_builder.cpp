// Message and MIME entity writer: RFC 5322 §3.6 fields, RFC 2045 §6 encodings,
// RFC 2046 §5.1.1 multipart bodies, RFC 2047 subjects, RFC 2231 file names.
#include "protocols/message/message_builder.hpp"

#include <cstdio>

#include "protocols/codec/base64.hpp"
#include "protocols/message/ascii.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/header.hpp"
#include "protocols/message/mime_params.hpp"
#include "protocols/message/quoted_printable.hpp"
#include "protocols/message/trace_fields.hpp"

namespace protocols::message {

std::string to_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string unstructured_field(std::string_view name, std::string_view value) {
  if (!needs_encoding(value)) return fold_header(name, value);
  // RFC 2047 §2: with "Name: " on the first line, keep that line within 76 characters.
  std::size_t first = name.size() + 2 < 60 ? 76 - (name.size() + 2) : 16;
  return fold_header(name, encode_header_text(value, first > 75 ? 75 : first));
}

std::string address_field(std::string_view name, const std::vector<Mailbox>& list) {
  std::string v;
  for (const auto& m : list) {
    if (!v.empty()) v += ", ";
    v += format_mailbox(m);
  }
  return fold_header(name, v);
}

namespace {
bool lines_within(std::string_view crlf_text, std::size_t limit) {
  std::size_t col = 0;
  for (char c : crlf_text) {
    if (c == '\n') col = 0;
    else if (c != '\r' && ++col > limit) return false;
  }
  return true;
}
}  // namespace

Entity text_entity(std::string_view utf8_text, std::string_view subtype) {
  std::string crlf = to_crlf(utf8_text);
  Entity e;
  bool ascii = is_seven_bit(crlf);
  bool plain = ascii && lines_within(crlf, kRecommendedLineLength) &&
               crlf.find('\0') == std::string::npos;
  e.headers = "Content-Type: text/" + std::string(subtype) + "; charset=" +
              (ascii ? "us-ascii" : "UTF-8") + "\r\n";
  if (plain) {  // RFC 2045 §2.7: 7bit data, short lines, no NUL
    e.headers += "Content-Transfer-Encoding: 7bit\r\n";
    e.body = std::move(crlf);
  } else {  // RFC 2045 §6.7: quoted-printable keeps lines within 76 characters
    e.headers += "Content-Transfer-Encoding: quoted-printable\r\n";
    e.body = qp_encode(crlf, QpMode::Text);
  }
  return e;
}

Entity attachment_entity(const Attachment& a) {
  Entity e;
  std::string ct = a.media_type.empty() ? "application/octet-stream" : a.media_type;
  if (!a.filename.empty()) ct += encode_parameter("name", a.filename);
  e.headers = "Content-Type: " + ct + "\r\n";
  // RFC 2183 §2: disposition type, then the file name parameter (RFC 2231 when needed).
  e.headers += "Content-Disposition: ";
  e.headers += a.inline_disposition ? "inline" : "attachment";
  if (!a.filename.empty()) e.headers += encode_parameter("filename", a.filename);
  e.headers += "\r\n";
  if (!a.content_id.empty()) e.headers += "Content-ID: <" + a.content_id + ">\r\n";
  e.headers += "Content-Transfer-Encoding: base64\r\n";
  e.body = codec::base64_encode(a.data, 76);  // RFC 2045 §6.8: at most 76 per line
  return e;
}

std::string make_boundary(std::string_view seed, int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "=_mailsim_%016llx_%d",
                static_cast<unsigned long long>(fnv1a64(seed)), n);
  return buf;
}

Entity multipart_entity(std::string_view subtype, std::string_view extra_params,
                        const std::vector<Entity>& parts, std::string_view seed) {
  std::vector<std::string> rendered;
  for (const auto& p : parts) rendered.push_back(p.render());
  // RFC 2046 §5.1.1: the boundary must not occur in any encapsulated part.
  std::string boundary;
  for (int n = 0;; ++n) {
    boundary = make_boundary(seed, n);
    bool clash = false;
    for (const auto& r : rendered)
      if (r.find(boundary) != std::string::npos) clash = true;
    if (!clash) break;
  }
  Entity e;
  e.headers = fold_header("Content-Type", "multipart/" + std::string(subtype) +
                                              std::string(extra_params) + "; boundary=\"" +
                                              boundary + "\"");
  e.body = "This is a multi-part message in MIME format.\r\n";
  for (const auto& r : rendered) e.body += "\r\n--" + boundary + "\r\n" + r;
  e.body += "\r\n--" + boundary + "--\r\n";
  return e;
}

std::string build_message(const MessageSpec& s) {
  std::string out;
  out += "Date: " + format_date(s.date) + "\r\n";
  out += address_field("From", {s.from});
  if (!s.to.empty()) out += address_field("To", s.to);
  if (!s.cc.empty()) out += address_field("Cc", s.cc);
  out += unstructured_field("Subject", s.subject);
  std::string mid = s.message_id;
  if (mid.empty())
    mid = format_message_id(message_id_left_from_seed(s.seed, s.date.unix_seconds),
                            s.from.domain.empty() ? "localhost" : s.from.domain);
  out += fold_header("Message-ID", mid);
  // Extra fields may be structured (In-Reply-To, References): ASCII values go as written.
  for (const auto& [name, value] : s.extra_headers)
    out += is_seven_bit(value) ? fold_header(name, value) : unstructured_field(name, value);
  out += "MIME-Version: 1.0\r\n";  // RFC 2045 §4
  Entity text = text_entity(s.text);
  if (s.attachments.empty()) return out + text.render();
  std::vector<Entity> parts{text};
  for (const auto& a : s.attachments) parts.push_back(attachment_entity(a));
  return out + multipart_entity("mixed", "", parts, s.seed).render();
}

}  // namespace protocols::message
