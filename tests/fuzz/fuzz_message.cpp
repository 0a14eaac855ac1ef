// Fuzz targets for the message format: RFC 5322 / MIME parsing (RFC 2045-2047, 2231),
// body decoding, delivery status notifications (RFC 3464) and DNS messages (RFC 1035).
// Invariants: no crash or sanitizer report; every part's byte ranges lie inside the
// message and nest inside their parent; DNS encode(decode(x)) decodes to the same message.
#include <functional>

#include "protocols/dns/dns_message.hpp"
#include "protocols/message/dsn.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/mime_params.hpp"
#include "protocols/message/mime_part.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace msg = protocols::message;

int fuzz_mime(const std::uint8_t* data, std::size_t size) {
  std::string_view m = fuzz::whole(data, size);
  msg::MimePart root = msg::parse_mime(m);
  std::size_t parts = 0;
  std::function<void(const msg::MimePart&, msg::ByteRange)> walk = [&](const msg::MimePart& p, msg::ByteRange outer) {
    ++parts;
    FUZZ_CHECK(p.range.begin <= p.range.end && p.range.end <= m.size());
    FUZZ_CHECK(p.range.begin >= outer.begin && p.range.end <= outer.end);
    FUZZ_CHECK(p.body_range.begin <= p.body_range.end && p.body_range.end <= m.size());
    FUZZ_CHECK(p.header_range.begin <= p.header_range.end && p.header_range.end <= m.size());
    std::string body = msg::decode_body(p, m);
    // No "bomb": base64 only shrinks; quoted-printable grows only where a bare LF line
    // break becomes CR LF (RFC 2045 §6.7 rule 4), so at most twice the encoded size.
    if (p.transfer_encoding == "base64") FUZZ_CHECK(body.size() <= p.size());
    FUZZ_CHECK(body.size() <= 2 * p.size() + 2);
    msg::decode_text(p, m);
    for (const auto& c : p.children) walk(c, p.range);
  };
  walk(root, msg::ByteRange{0, m.size()});
  FUZZ_CHECK(parts <= m.size() + 1);  // every part costs at least a byte of input
  msg::numbered_parts(root);
  msg::decode_encoded_words(m);
  msg::ParameterizedValue v = msg::parse_parameterized(m);
  for (const auto& p : v.params) msg::encode_parameter(p.name, p.value);
  return 0;
}

int fuzz_dsn(const std::uint8_t* data, std::size_t size) {
  std::string_view m = fuzz::whole(data, size);
  if (auto d = msg::parse_dsn(m)) {
    // What we read back, written as a delivery-status body, reads back the same again.
    std::string body = msg::delivery_status_body(d->report);
    if (auto again = msg::parse_delivery_status(body)) {
      FUZZ_CHECK(msg::delivery_status_body(*again) == body);
    }
  }
  msg::parse_delivery_status(m);
  return 0;
}

int fuzz_dns_decode(const std::uint8_t* data, std::size_t size) {
  auto m = protocols::dns::decode(fuzz::whole(data, size));
  if (!m) return 0;
  std::string wire = protocols::dns::encode(*m);
  auto again = protocols::dns::decode(wire);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(protocols::dns::encode(*again) == wire);
  return 0;
}
