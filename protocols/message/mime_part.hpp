// MIME entity tree (RFC 2045 §3-§6, RFC 2046 §5.1 multipart, §5.2.1 message/rfc822) parsed
// from a raw message, with IMAP part numbers (RFC 3501 §6.4.5 section specification) so
// that FETCH BODY[1.2], BODYSTRUCTURE and a MIME tree view can be built on it.
// Best effort and total: never throws, never fails. Broken input is recorded as defects:
// a multipart with no boundary parameter or no delimiter line becomes text/plain (RFC 2045
// §5.2 fallback), an unterminated multipart ends at the end of its body, nesting deeper
// than kMaxMimeDepth is not descended into, an invalid Content-Type reads as text/plain.
// Leaves out: message/partial reassembly, message/external-body, and encodings other than
// 7bit, 8bit, binary, quoted-printable and base64 (others decode as identity).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/message/header.hpp"
#include "protocols/message/mime_params.hpp"

namespace protocols::message {

constexpr int kMaxMimeDepth = 50;
constexpr std::size_t kMaxMimeChildren = 10000;

struct MimePart {
  // IMAP section number: "" for the top-level message, "1", "1.2"... An encapsulated message
  // (the child of a message/rfc822 part) carries the number of that part.
  std::string part_number;
  HeaderBlock headers;     // field ranges are absolute offsets into the original message
  ByteRange range;         // the whole entity: headers, empty line, body
  ByteRange header_range;  // header fields plus the empty line (IMAP BODY[n.MIME]/[HEADER])
  ByteRange body_range;    // the body as transmitted (IMAP BODY[n] / [TEXT])

  std::string type = "text";  // lower-cased media type and subtype (RFC 2045 §5.1)
  std::string subtype = "plain";
  std::vector<MimeParameter> params;  // Content-Type parameters, RFC 2231-decoded
  std::string transfer_encoding = "7bit";  // lower-cased (RFC 2045 §6.1)
  std::string content_id;                  // as written, e.g. "<part1@x>"
  std::string description;                 // Content-Description, RFC 2047-decoded
  std::string disposition;                 // "inline" / "attachment" / "" (RFC 2183)
  std::vector<MimeParameter> disposition_params;
  std::string filename;  // disposition filename, else Content-Type name; UTF-8
  std::string md5, language, location;     // RFC 1864, RFC 3282, RFC 2557 (BODYSTRUCTURE)
  std::size_t line_count = 0;              // lines in the body as transmitted

  std::vector<MimePart> children;  // multipart: the body parts; message/rfc822: one message
  std::vector<std::string> defects;  // what was wrong and how it was read

  bool is_multipart() const { return type == "multipart" && !children.empty(); }
  // message/rfc822 (or RFC 6532 message/global) whose encapsulated message was parsed.
  bool is_message() const { return type == "message" && !children.empty(); }
  std::string media_type() const { return type + "/" + subtype; }
  std::string param(std::string_view name) const;  // Content-Type parameter or ""
  std::string charset() const;                     // lower-cased; "us-ascii" for text default
  std::size_t size() const { return body_range.size(); }
};

// Parses the whole buffer as one message. Offsets are relative to message.data().
MimePart parse_mime(std::string_view message);

// The body with its Content-Transfer-Encoding removed (base64, quoted-printable).
std::string decode_body(const MimePart& part, std::string_view message);
// decode_body converted from the part's charset to UTF-8 (for text/* parts).
std::string decode_text(const MimePart& part, std::string_view message);

// Looks a part up by IMAP section number ("1", "2.1.3"); nullptr when there is none.
// For a non-multipart message, "1" is the message itself (RFC 3501 §6.4.5).
const MimePart* find_part(const MimePart& root, std::string_view section);

struct NumberedPart {
  std::string number;
  const MimePart* part;
};
// Every addressable part in depth-first order with its section number, so that
// find_part(root, n.number) == n.part for each entry.
std::vector<NumberedPart> numbered_parts(const MimePart& root);

// Lines in a byte range: line breaks, plus one for a final unterminated line.
std::size_t count_lines(std::string_view text);

}  // namespace protocols::message
