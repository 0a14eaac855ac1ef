// The record splitter and namer (protocols/tls/records.hpp): whole buffers, one byte at a
// time, trailing bytes, and headers no TLS stack writes.
#include <catch2/catch.hpp>

#include "protocols/tls/records.hpp"

using namespace protocols::tls;

namespace {
std::string record(unsigned char type, std::string body) {
  std::string r{static_cast<char>(type), 3, 3, static_cast<char>(body.size() >> 8), static_cast<char>(body.size() & 0xff)};
  return r + body;
}
}  // namespace

TEST_CASE("records are cut and named from their clear headers, whole or one byte at a time", "[tls][records]") {
  const std::string stream = record(22, std::string("\x01\x00\x00\x02xx", 6)) + record(21, std::string("\x02\x2a", 2)) +
                             record(20, "\x01") + record(22, "ciphertext") + record(23, "more ciphertext") + record(21, "zz");
  const std::vector<std::string> want{"ClientHello", "Alert (bad_certificate)", "ChangeCipherSpec", "Finished",
                                      "Application Data", "Alert"};
  for (std::size_t chunk : {stream.size(), std::size_t{1}}) {
    RecordSplitter s;
    std::vector<std::string> names;
    std::string joined;
    for (std::size_t i = 0; i < stream.size(); i += chunk) {
      s.append(std::string_view(stream).substr(i, chunk));
      while (auto r = s.next()) {
        names.push_back(r->name);
        joined += r->bytes;
      }
    }
    CHECK(names == want);
    CHECK(joined == stream);
    CHECK_FALSE(s.broken());
  }
}

TEST_CASE("a partial record waits and an impossible header marks the stream broken", "[tls][records]") {
  RecordSplitter s;
  s.append(record(23, "abcdef").substr(0, 8));
  CHECK_FALSE(s.next());
  CHECK_FALSE(s.broken());
  RecordSplitter bad;
  bad.append("EHLO a.example\r\n");
  CHECK_FALSE(bad.next());
  CHECK(bad.broken());
  RecordSplitter big;
  big.append(std::string("\x17\x03\x03\xff\xff", 5));  // 65535 > 2^14 + 2048
  CHECK_FALSE(big.next());
  CHECK(big.broken());
}

TEST_CASE("handshake and alert names follow RFC 5246", "[tls][records]") {
  CHECK(handshake_name(11) == "Certificate");
  CHECK(handshake_name(99) == "Handshake");
  CHECK(alert_name(0) == "close_notify");
  CHECK(alert_name(48) == "unknown_ca");
}
