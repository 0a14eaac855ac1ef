// The TLS stage (protocols/tls/stage.hpp) against itself: the RFC 5246 full handshake
// record by record, data both ways, determinism, the simulated clock, certificate
// verification failures, close_notify, and hostile bytes.
#include "tls_pair.hpp"

#include "protocols/tls/sim_clock.hpp"

using namespace tls_test;

TEST_CASE("a TLS 1.2 handshake between two stages sends the RFC 5246 flights in order", "[tls][stage]") {
  for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{1}}) {
    auto p = started_pair("mx.b.example");
    p->run(chunk);
    REQUIRE(p->c.all<HandshakeCompleted>().size() == 1);
    REQUIRE(p->s.all<HandshakeCompleted>().size() == 1);
    CHECK(p->client.established());
    CHECK(p->server.established());
    // RFC 5246 §7.3, figure 1 (an ECDHE key exchange: §7.4.3 ServerKeyExchange).
    CHECK(p->c.names() == std::vector<std::string>{"ClientHello", "ClientKeyExchange", "ChangeCipherSpec", "Finished"});
    CHECK(p->s.names() == std::vector<std::string>{"ServerHello", "Certificate", "ServerKeyExchange", "ServerHelloDone",
                                                   "ChangeCipherSpec", "Finished"});
    for (const auto& t : p->c.sent) CHECK(t.label.proto == Proto::TLS);
    const auto hc = p->c.all<HandshakeCompleted>()[0];
    CHECK(hc.version == "TLSv1.2");
    CHECK(hc.cipher.find("ECDHE-ECDSA") != std::string::npos);
    // Both ends derive the same master secret for the same client random.
    CHECK(hc.keylog == p->s.all<HandshakeCompleted>()[0].keylog);
    CHECK(hc.keylog.size() == std::string("CLIENT_RANDOM ").size() + 64 + 1 + 96);
    CHECK(hc.keylog.rfind("CLIENT_RANDOM ", 0) == 0);
  }
}

TEST_CASE("TLS stages carry plaintext both ways as Application Data the wire does not show", "[tls][stage]") {
  auto p = started_pair("mx.b.example");
  // Sent before the handshake ends: held back, then sent encrypted.
  p->client.send("EHLO mail.a.example\r\n", p->now);
  p->run();
  p->server.send("250-mx.b.example\r\n250 AUTH PLAIN\r\n", p->now);
  std::string big(40000, 'x');  // more than one record (2^14 bytes each, RFC 5246 §6.2.1)
  p->client.send(big, p->now);
  p->run(1);
  CHECK(p->s.received == "EHLO mail.a.example\r\n" + big);
  CHECK(p->c.received == "250-mx.b.example\r\n250 AUTH PLAIN\r\n");
  CHECK(p->c.wire.find("EHLO") == std::string::npos);
  CHECK(p->s.wire.find("AUTH PLAIN") == std::string::npos);
  CHECK(p->c.wire.find("xxxxxxxx") == std::string::npos);
  std::size_t app = 0;
  for (const auto& t : p->c.sent) app += t.label.text == "Application Data";
  CHECK(app >= 4);  // the EHLO, then 40000 bytes in three or more records
}

TEST_CASE("two TLS sessions with the same seeds write the same bytes, other seeds other bytes", "[tls][stage][determinism]") {
  auto a = started_pair("mx.b.example", 11);
  auto b = started_pair("mx.b.example", 11);
  auto c = started_pair("mx.b.example", 12);
  for (auto* p : {a.get(), b.get(), c.get()}) {
    p->client.send("MAIL FROM:<alice@a.example>\r\n", p->now);
    p->run();
  }
  CHECK(a->c.wire == b->c.wire);
  CHECK(a->s.wire == b->s.wire);
  CHECK(a->c.wire != c->c.wire);
}

TEST_CASE("the hello randoms and certificate checks read the simulated clock, not the wall clock", "[tls][stage][clock]") {
  auto p = started_pair("mx.b.example");
  p->run();
  // RFC 5246 §7.4.1.2: a hello random starts with gmt_unix_time. The ClientHello record is
  // 5 bytes of header, 4 of handshake header and 2 of version before the random.
  const std::string& hello = p->c.sent.at(0).bytes;
  std::uint32_t t = 0;
  for (int i = 0; i < 4; ++i) t = t << 8 | static_cast<unsigned char>(hello[11 + i]);
  CHECK(t == static_cast<std::uint32_t>(kStart));  // simulated time 0 stands for kStart
  CHECK(tls_clock_now() == 0);  // outside a call into mbedTLS nothing is set
  {
    ClockScope outer(5);
    {
      ClockScope inner(9);
      CHECK(tls_clock_now() == 9);
    }
    CHECK(tls_clock_now() == 5);
  }
}

TEST_CASE("a client refuses an expired, a not yet valid, a misnamed or an untrusted certificate", "[tls][stage][verify]") {
  struct Case {
    const char* what;
    std::string name;
    Instant at;
    bool other_ca;
  };
  const Case cases[] = {
      {"certificate expired", "mx.b.example", kEpoch + std::chrono::hours(24 * 900), false},
      {"certificate not yet valid", "mx.b.example", kEpoch - std::chrono::hours(48), false},
      {"certificate name mismatch", "mx.evil.example", kEpoch, false},
      {"certificate not trusted", "mx.b.example", kEpoch, true},
  };
  static Authority other(43, kStart - 86400, kStart + 825 * 86400);
  static auto creds = shared_authority().issue("mx.b.example");
  for (const Case& k : cases) {
    INFO(k.what);
    Pair p(client_config(k.name, k.other_ca ? other : shared_authority()), server_config(creds), 7, k.at);
    p.server.start(p.now);
    p.client.start(p.now);
    p.client.send("secret\r\n", p.now);
    p.run();
    auto f = p.c.all<Failed>();
    REQUIRE(f.size() == 1);
    CHECK(f[0].reason == k.what);
    CHECK(p.c.all<HandshakeCompleted>().empty());
    CHECK_FALSE(p.client.established());
    CHECK(p.client.failed());
    // The client told the server why (RFC 5246 §7.2.2) and the server gave up too.
    CHECK(p.c.names().back().rfind("Alert (", 0) == 0);
    CHECK(p.s.all<HandshakeCompleted>().empty());
    CHECK(p.s.all<Failed>().size() == 1);
    CHECK(p.s.received.empty());
  }
}

TEST_CASE("close_notify ends a TLS session and the peer reports it", "[tls][stage]") {
  auto p = started_pair("mx.b.example");
  p->run();
  p->client.close(p->now);
  p->run();
  CHECK(p->c.names().back() == "Alert");  // encrypted: an eavesdropper sees only "Alert"
  CHECK(p->s.all<PeerClosed>().size() == 1);
  p->client.send("after close\r\n", p->now);
  p->run();
  CHECK(p->s.received.empty());
}

TEST_CASE("a TLS server fed garbage fails with an alert and never delivers plaintext", "[tls][stage][hostile]") {
  static auto creds = shared_authority().issue("mx.b.example");
  for (std::string junk : {std::string("EHLO a.example\r\nMAIL FROM:<x@y>\r\n"), std::string("\x16\x03\x03\x00\x05hello", 10),
                           std::string("\x17\x03\x03\x00\x20", 5) + std::string(32, 'A')}) {
    Stage server(server_config(creds), seeded(1));
    server.start(kEpoch);
    server.handle_bytes(junk, kEpoch + 1ms);
    server.handle_bytes(junk, kEpoch + 2ms);
    CHECK(server.failed());
    CHECK_FALSE(server.established());
    CHECK_FALSE(server.poll_plaintext());
    bool failed_event = false;
    while (auto e = server.poll_event()) failed_event |= std::holds_alternative<Failed>(*e);
    CHECK(failed_event);
  }
}

TEST_CASE("a scenario authority is made from its seed alone", "[tls][authority][determinism]") {
  Authority a(5, kStart, kStart + 86400), b(5, kStart, kStart + 86400), c(6, kStart, kStart + 86400);
  CHECK(a.ca_pem() == b.ca_pem());
  CHECK(a.ca_pem() != c.ca_pem());
  CHECK(a.ca_pem().rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  auto ha = a.issue("mail.b.example");
  auto hb = b.issue("mail.b.example");
  CHECK(certificate_pem(*ha) == certificate_pem(*hb));
  CHECK(certificate_pem(*ha) != a.ca_pem());
  CHECK(certificate_pem(*a.trust()) == a.ca_pem());
  CHECK(x509_time(kStart) == "20260105010000");
}
