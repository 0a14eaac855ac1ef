// 8-bit to 7-bit down-conversion over the parsed MIME tree: 7-bit entities and the bytes
// between body parts are copied from the input; only 8-bit leaves are rewritten.
#include "protocols/message/downgrade.hpp"

#include "protocols/codec/base64.hpp"
#include "protocols/message/ascii.hpp"
#include "protocols/message/charset.hpp"
#include "protocols/message/mime_part.hpp"
#include "protocols/message/quoted_printable.hpp"

namespace protocols::message {

bool prefers_base64(std::string_view body, bool is_text, bool binary) {
  if (!is_text || binary) return true;  // quoted-printable's line breaks are text line breaks
  std::size_t high = 0;
  for (char c : body) high += static_cast<unsigned char>(c) >= 0x80;
  return body.size() / 8 < high;  // sendmail/mime.c mime8to7: sectionsize / 8 < sectionhighbits
}

namespace {

class Converter {
 public:
  Converter(std::string_view msg, const DowngradeOptions& o, Downgrade& r) : msg_(msg), opt_(o), r_(r) {}

  bool emit(const MimePart& p, bool top) {
    std::string_view entity = msg_.substr(p.range.begin, p.range.size());
    if (is_seven_bit(entity)) {  // already 7-bit: left alone, byte for byte
      out_ += entity;
      return true;
    }
    if (!check_headers(p)) return false;
    if (p.is_multipart()) {
      write_headers(p, "7bit", top, false);
      std::size_t cursor = p.body_range.begin;
      for (const MimePart& c : p.children) {
        filler(cursor, c.range.begin);  // preamble and delimiter lines
        if (!emit(c, false)) return false;
        cursor = c.range.end;
      }
      filler(cursor, p.body_range.end);  // the close delimiter and the epilogue
      return true;
    }
    if (p.is_message()) {
      // RFC 2046 §5.2.1: message/rfc822 is never encoded; its content is converted instead.
      write_headers(p, "7bit", top, false);
      return emit(p.children.front(), false);
    }
    std::string_view body = msg_.substr(p.body_range.begin, p.body_range.size());
    if (is_seven_bit(body)) {  // only the (allowed) header fields are 8-bit
      out_ += entity;
      return true;
    }
    if (p.type == "multipart" || p.type == "message") {
      r_.problem = "8-bit " + p.media_type() + " part" + where(p) + " may not be encoded (RFC 2046 §5.2)";
      return false;
    }
    std::string data = decode_body(p, msg_);  // identity for 7bit/8bit/binary
    const bool b64 = prefers_base64(data, p.type == "text", p.transfer_encoding == "binary");
    write_headers(p, b64 ? "base64" : "quoted-printable", top, true);
    if (b64) {
      std::string enc = codec::base64_encode(data, 76);  // RFC 2045 §6.8
      // Inside a multipart the line break before the delimiter belongs to the delimiter.
      if (!top && enc.size() >= 2) enc.resize(enc.size() - 2);
      out_ += enc;
      ++r_.base64;
    } else {
      out_ += qp_encode(data, QpMode::Text);  // RFC 2045 §6.7, lines <= 76
      ++r_.quoted_printable;
    }
    return true;
  }

  std::string take() { return std::move(out_); }

 private:
  static std::string where(const MimePart& p) {
    return p.part_number.empty() ? "" : " (part " + p.part_number + ")";
  }

  bool check_headers(const MimePart& p) {
    std::string_view h = msg_.substr(p.header_range.begin, p.header_range.size());
    if (is_seven_bit(h)) return true;
    if (opt_.allow_8bit_headers) {
      r_.headers_8bit = true;
      return true;
    }
    std::string name = "(malformed line)";
    for (const auto& f : p.headers.fields)
      if (!is_seven_bit(msg_.substr(f.range.begin, f.range.size()))) {
        name = f.name;
        break;
      }
    r_.problem = "8-bit bytes in header field " + name + where(p);
    return false;
  }

  // Copies header fields, replacing Content-Transfer-Encoding by `cte` (RFC 2045 §6.1) and
  // adding what a converted top-level message without MIME fields needs.
  void write_headers(const MimePart& p, std::string_view cte, bool top, bool converted) {
    std::size_t cursor = p.header_range.begin;
    bool written = false;
    const std::string field = "Content-Transfer-Encoding: " + std::string(cte) + "\r\n" +
                              (converted && !opt_.converted_by.empty()
                                   ? "X-MIME-Autoconverted: from 8bit to " + std::string(cte) + " by " +
                                         opt_.converted_by + "\r\n"
                                   : "");
    for (const auto& f : p.headers.fields) {
      if (!iequals(f.name, "Content-Transfer-Encoding")) continue;
      out_ += msg_.substr(cursor, f.range.begin - cursor);
      if (!written) out_ += field;  // a second CTE field is dropped
      written = true;
      cursor = f.range.end;
    }
    // The empty line that ends the header section (absent when the input had none).
    std::size_t end = p.header_range.end;
    if (p.headers.has_empty_line) {
      --end;
      if (end > p.header_range.begin && msg_[end - 1] == '\r') --end;
    }
    if (cursor < end) out_ += msg_.substr(cursor, end - cursor);
    if (!written && (converted || p.headers.find("Content-Transfer-Encoding"))) out_ += field;
    if (converted && top && !p.headers.find("MIME-Version")) out_ += "MIME-Version: 1.0\r\n";
    if (converted && !p.headers.find("Content-Type")) {
      // RFC 2045 §5.2's default says us-ascii, which 8-bit text is not.
      std::string_view body = msg_.substr(p.body_range.begin, p.body_range.size());
      out_ += sanitize_utf8(body) == body ? "Content-Type: text/plain; charset=utf-8\r\n"
                                          : "Content-Type: text/plain; charset=unknown-8bit\r\n";  // RFC 1428
    }
    out_ += "\r\n";
  }

  // Bytes outside any body part (preamble, delimiters, epilogue): RFC 2046 §5.1.1 says
  // they carry no content, so an 8-bit byte there becomes '?'.
  void filler(std::size_t begin, std::size_t end) {
    if (end <= begin) return;
    for (char c : msg_.substr(begin, end - begin)) out_ += static_cast<unsigned char>(c) >= 0x80 ? '?' : c;
  }

  std::string_view msg_;
  const DowngradeOptions& opt_;
  Downgrade& r_;
  std::string out_;
};

}  // namespace

Downgrade downgrade_8bit(std::string_view message, const DowngradeOptions& options) {
  Downgrade r;
  if (is_seven_bit(message)) {
    r.message = std::string(message);
    return r;
  }
  MimePart root = parse_mime(message);
  Converter c(message, options, r);
  if (!c.emit(root, true)) {
    r.status = DowngradeStatus::NotPossible;
    r.quoted_printable = r.base64 = 0;
    return r;
  }
  r.message = c.take();
  r.status = r.message == message ? DowngradeStatus::Unchanged : DowngradeStatus::Converted;
  return r;
}

}  // namespace protocols::message
