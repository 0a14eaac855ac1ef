// Labels travel with the bytes (DESIGN.md): every write to a socket says which protocol
// unit the bytes belong to, so views can show "MAIL FROM" riding on the segment carrying it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace protocols {

enum class Proto : std::uint8_t { TCP, UDP, DNS, SMTP, POP3, IMAP, HTTP, ECHO, RAW, TLS };
std::string_view to_string(Proto p);

enum class LabelKind : std::uint8_t {
  Command,  // a client command line (SMTP "MAIL FROM:<...>", POP3 "RETR 1", IMAP "a1 LOGIN")
  Reply,    // a server reply (SMTP "250 2.1.0 Ok", "+OK", "a1 OK")
  Data,     // message content or other payload (SMTP DATA body, a FETCH literal, HTTP body)
  Query,    // a DNS query or answer
};
std::string_view to_string(LabelKind k);

struct Label {
  Proto proto = Proto::RAW;
  LabelKind kind = LabelKind::Data;
  std::string text;  // short, one line, what a pill on the canvas shows
  bool operator==(const Label&) const = default;
};

}  // namespace protocols
