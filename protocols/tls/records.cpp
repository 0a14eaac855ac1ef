// See records.hpp.
#include "protocols/tls/records.hpp"

namespace protocols::tls {

std::string_view handshake_name(unsigned char t) {
  switch (t) {  // RFC 5246 §7.4 HandshakeType
    case 0: return "HelloRequest";
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 4: return "NewSessionTicket";  // RFC 5077 §3.3
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
  }
  return "Handshake";
}

std::string_view alert_name(unsigned char d) {
  switch (d) {  // RFC 5246 §7.2
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 40: return "handshake_failure";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 70: return "protocol_version";
    case 80: return "internal_error";
    case 112: return "unrecognized_name";  // RFC 6066 §3
  }
  return "alert";
}

std::optional<NamedRecord> RecordSplitter::next() {
  if (broken_ || buf_.size() < 5) return std::nullopt;
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(buf_[i]); };
  const unsigned char type = at(0);
  const std::size_t len = static_cast<std::size_t>(at(3)) << 8 | at(4);
  // RFC 5246 §6.2.3: TLSCiphertext.length is at most 2^14 + 2048.
  if (type < 20 || type > 23 || len > 16384 + 2048) {
    broken_ = true;
    return std::nullopt;
  }
  if (buf_.size() < 5 + len) return std::nullopt;
  NamedRecord r;
  r.bytes = buf_.substr(0, 5 + len);
  buf_.erase(0, 5 + len);
  r.encrypted = ccs_seen_;
  switch (static_cast<ContentType>(type)) {
    case ContentType::ChangeCipherSpec:
      r.name = "ChangeCipherSpec";
      ccs_seen_ = true;
      break;
    case ContentType::Alert:
      r.name = ccs_seen_ || len < 2 ? "Alert" : "Alert (" + std::string(alert_name(static_cast<unsigned char>(r.bytes[6]))) + ")";
      break;
    case ContentType::Handshake:
      // §7.4.9: the first handshake message under the new keys is Finished.
      r.name = ccs_seen_ ? "Finished" : len == 0 ? "Handshake" : std::string(handshake_name(static_cast<unsigned char>(r.bytes[5])));
      break;
    case ContentType::ApplicationData: r.name = "Application Data"; break;
  }
  return r;
}

}  // namespace protocols::tls
