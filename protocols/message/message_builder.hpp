// Builds 7-bit-clean RFC 5322 / MIME messages: header fields (From, To, Cc, Subject with
// RFC 2047 words when not ASCII, Date, Message-ID, MIME-Version), a text/plain UTF-8 body
// (7bit when it is ASCII with short lines, else quoted-printable so no line exceeds 76),
// and attachments in base64 (76-character lines) inside multipart/mixed with RFC 2231 file
// names. Deterministic: boundaries and the default Message-ID are derived from a seed
// string; nothing reads a clock or a random generator.
// Leaves out: HTML alternatives, 8BITMIME/BINARYMIME bodies, signing and encryption.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocols/message/address.hpp"
#include "protocols/message/date.hpp"

namespace protocols::message {

// One MIME entity as written: folded header lines (each ending CR LF) and the body.
struct Entity {
  std::string headers;
  std::string body;
  std::string render() const { return headers + "\r\n" + body; }
};

struct Attachment {
  std::string filename;  // UTF-8
  std::string media_type = "application/octet-stream";
  std::string data;      // any bytes
  std::string content_id;  // "" to omit; written as "<...>"
  bool inline_disposition = false;
};

struct MessageSpec {
  Mailbox from;
  std::vector<Mailbox> to;
  std::vector<Mailbox> cc;
  std::string subject;  // UTF-8
  DateTime date;
  std::string message_id;  // "<...>"; "" derives one from `seed` and the From domain
  std::string text;        // UTF-8 body text; LF or CR LF line breaks
  std::vector<Attachment> attachments;
  std::string seed;  // makes boundaries and the Message-ID reproducible
  // Written folded; ASCII values as given (In-Reply-To, References), others as RFC 2047 text.
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

// The complete message, CR LF line ends, every line at most 998 characters, 7-bit clean.
std::string build_message(const MessageSpec& spec);

// --- building blocks, also used by the DSN builder ---

// "Name: value" folded; the value becomes RFC 2047 words when it is not plain ASCII.
std::string unstructured_field(std::string_view name, std::string_view utf8_value);
// "Name: a, b" for a list of mailboxes, folded.
std::string address_field(std::string_view name, const std::vector<Mailbox>& list);
// text/<subtype>; charset=UTF-8 (or us-ascii when ASCII), 7bit or quoted-printable.
Entity text_entity(std::string_view utf8_text, std::string_view subtype = "plain");
Entity attachment_entity(const Attachment& a);
// multipart/<subtype> with a boundary derived from seed that occurs in no part;
// extra_params like "; report-type=delivery-status" are written before the boundary.
Entity multipart_entity(std::string_view subtype, std::string_view extra_params,
                        const std::vector<Entity>& parts, std::string_view seed);
// The seed's n-th candidate boundary: "=_mailsim_<16 hex>_<n>". "=_" never occurs in
// base64 or quoted-printable text, so collisions need a literal copy in a 7bit part.
std::string make_boundary(std::string_view seed, int n);
// Line breaks normalised to CR LF (bare LF and bare CR become CR LF).
std::string to_crlf(std::string_view text);

}  // namespace protocols::message
