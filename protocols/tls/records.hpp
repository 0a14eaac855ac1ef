// TLS records as an eavesdropper sees them (RFC 5246 §6.2): the 5-byte header (content
// type, version, length) is always in clear; a handshake record's first byte names its
// message (§7.4) until the sender's ChangeCipherSpec, after which everything it sends is
// ciphertext (its next handshake record is Finished, §7.4.9). RecordSplitter cuts one
// direction's bytes into records and names each, for the labels the segments carry.
// Leaves out: SSLv2-style hellos, renegotiation (disabled on both sides).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace protocols::tls {

enum class ContentType : unsigned char { ChangeCipherSpec = 20, Alert = 21, Handshake = 22, ApplicationData = 23 };

// "ClientHello", "ServerHello", "Certificate", "ServerKeyExchange", "ServerHelloDone",
// "ClientKeyExchange", "ChangeCipherSpec", "Finished", "Application Data", "Alert", ...
std::string_view handshake_name(unsigned char msg_type);
// RFC 5246 §7.2 alert descriptions: "close_notify", "bad_certificate", ...
std::string_view alert_name(unsigned char description);

struct NamedRecord {
  std::string bytes;  // the whole record, header included
  std::string name;
  bool encrypted = false;
};

class RecordSplitter {
 public:
  // Adds bytes written in this direction; complete records are then taken with next().
  void append(std::string_view bytes) { buf_.append(bytes); }
  std::optional<NamedRecord> next();
  // A header that no TLS stack writes (unknown type, length past 2^14 + 2048).
  bool broken() const { return broken_; }

 private:
  std::string buf_;
  bool ccs_seen_ = false;
  bool broken_ = false;
};

}  // namespace protocols::tls
