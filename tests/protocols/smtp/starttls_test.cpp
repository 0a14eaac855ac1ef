// SMTP STARTTLS (RFC 3207) in the server and client engines: the offer, the 220 and the
// restart of the session (§4.2), the error replies, the injection rule (pipelined data
// behind STARTTLS or its 220 is discarded, the CVE-2011-0411 class), AUTH only inside TLS,
// and the client's policies — over real TLS stages between the engines.
#include "harness.hpp"
#include "../tls/tls_pair.hpp"

using namespace smtp_test;
namespace tls = protocols::tls;

namespace {

ServerConfig tls_relay() {
  ServerConfig c = relay_config();
  c.starttls = true;
  return c;
}

ServerConfig tls_submission(bool auth_requires_tls) {
  ServerConfig c = submission_config();
  c.starttls = true;
  c.auth_requires_tls = auth_requires_tls;
  return c;
}

ClientJob job(TlsPolicy policy) {
  ClientJob j;
  j.helo_name = "mail.a.example";
  j.mail_from = "alice@a.example";
  j.rcpts = {"bob@b.example"};
  j.data = "Subject: secret\r\n\r\nThe password is swordfish\r\n";
  j.tls = policy;
  return j;
}

bool offers(const std::string& ehlo_reply, std::string_view keyword) {
  return ehlo_reply.find("250-" + std::string(keyword) + "\r\n") != std::string::npos ||
         ehlo_reply.find("250 " + std::string(keyword) + "\r\n") != std::string::npos;
}

// The engines with TLS stages put under them when they agree, the way sim/engine_session.hpp
// does: a stage starts after the agreeing reply has been sent in clear.
struct TlsPairResult {
  std::vector<ClientEvent> client_events;
  std::vector<ServerEvent> server_events;
  std::string c2s_wire, s2c_wire;  // every byte on the wire each way
  std::vector<std::string> c2s_records, s2c_records;
  std::vector<tls::Event> client_tls, server_tls;
  template <typename T>
  std::vector<T> client() const { return events_of<T>(client_events); }
  template <typename T>
  std::vector<T> server() const { return events_of<T>(server_events); }
};

TlsPairResult run_tls_pair(Client& client, Server& server, std::string server_name = "mx.b.example") {
  using namespace tls_test;
  static auto creds = shared_authority().issue("mx.b.example");
  TlsPairResult r;
  std::unique_ptr<tls::Stage> cs, ss;
  bool c_pending = false, s_pending = false;
  Instant now = kEpoch;
  client.handle_connected(now);
  server.handle_connected(now);
  bool c_eof = false, s_eof = false;
  int steps = 0;
  for (; steps < 20000; ++steps) {
    now += 1ms;
    std::string c2s, s2c;
    // Each side: the engine's bytes (through the stage when there is one), then a pending upgrade.
    while (auto t = client.poll_transmit()) {
      if (cs) cs->send(t->bytes, now);
      else c2s += t->bytes;
    }
    if (c_pending) {
      c_pending = false;
      cs = std::make_unique<tls::Stage>(client_config(server_name), seeded(3));
      cs->start(now);
    }
    while (auto t = server.poll_transmit()) {
      if (ss) ss->send(t->bytes, now);
      else s2c += t->bytes;
    }
    if (s_pending) {
      s_pending = false;
      ss = std::make_unique<tls::Stage>(server_config(creds), seeded(4));
      ss->start(now);
    }
    for (auto* st : {cs.get(), ss.get()})
      if (st)
        while (auto t = st->poll_transmit()) {
          (st == cs.get() ? c2s : s2c) += t->bytes;
          (st == cs.get() ? r.c2s_records : r.s2c_records).push_back(t->label.text);
        }
    r.c2s_wire += c2s;
    r.s2c_wire += s2c;
    bool moved = !c2s.empty() || !s2c.empty();
    if (!c2s.empty()) {
      if (ss) ss->handle_bytes(c2s, now);
      else server.handle_bytes(c2s, now);
    }
    if (!s2c.empty()) {
      if (cs) cs->handle_bytes(s2c, now);
      else client.handle_bytes(s2c, now);
    }
    auto drain = [&](tls::Stage* st, auto& engine, std::vector<tls::Event>& log) {
      if (!st) return;
      while (auto p = st->poll_plaintext()) engine.handle_bytes(*p, now), moved = true;
      while (auto e = st->poll_event()) {
        if (std::holds_alternative<tls::HandshakeCompleted>(*e)) engine.handle_tls_established(now);
        else if constexpr (requires { engine.handle_tls_failed(now); })
          std::holds_alternative<tls::Failed>(*e) ? engine.handle_tls_failed(now) : engine.handle_eof(now);
        else engine.handle_eof(now);
        log.push_back(std::move(*e));
        moved = true;
      }
    };
    drain(ss.get(), server, r.server_tls);
    drain(cs.get(), client, r.client_tls);
    while (auto e = client.poll_event()) {
      c_pending |= std::holds_alternative<TlsUpgradeAgreed>(*e);
      r.client_events.push_back(std::move(*e));
    }
    while (auto e = server.poll_event()) {
      s_pending |= std::holds_alternative<TlsUpgradeAgreed>(*e);
      if (std::holds_alternative<MessageReceived>(*e)) server.accept_message("Q1", now);
      r.server_events.push_back(std::move(*e));
      moved = true;
    }
    moved |= c_pending || s_pending;
    if (client.wants_close() && !s_eof && !server.wants_close()) server.handle_eof(now), s_eof = moved = true;
    if (server.wants_close() && !c_eof && !client.wants_close()) {
      while (auto t = server.poll_transmit()) {
        if (ss) ss->send(t->bytes, now);
        else client.handle_bytes(t->bytes, now);
      }
      if (ss)
        while (auto t = ss->poll_transmit()) cs ? cs->handle_bytes(t->bytes, now) : client.handle_bytes(t->bytes, now);
      if (cs)
        while (auto p = cs->poll_plaintext()) client.handle_bytes(*p, now);
      client.handle_eof(now);
      c_eof = moved = true;
    }
    if (!moved) break;
  }
  REQUIRE(steps < 20000);
  while (auto e = client.poll_event()) r.client_events.push_back(std::move(*e));
  while (auto e = server.poll_event()) r.server_events.push_back(std::move(*e));
  return r;
}

std::vector<std::string> verbs(const std::vector<CommandReceived>& cmds) {
  std::vector<std::string> out;
  for (const auto& c : cmds) out.push_back(c.verb);
  return out;
}

}  // namespace

TEST_CASE("server offers STARTTLS in its EHLO reply only when configured to", "[smtp][server][starttls]") {
  ServerDriver on(tls_relay());
  CHECK(offers(on.ehlo(), "STARTTLS"));
  ServerDriver off(relay_config());
  CHECK_FALSE(offers(off.ehlo(), "STARTTLS"));
  // RFC 3207 §4: a server that does not offer it answers like any unimplemented command.
  CHECK(off.line("STARTTLS") == "502 5.5.1 Error: command not implemented\r\n");
}

TEST_CASE("server answers STARTTLS 220, agrees to TLS and restarts the session after the handshake", "[smtp][server][starttls]") {
  ServerDriver d(tls_relay());
  d.ehlo();
  CHECK(d.line("STARTTLS") == "220 2.0.0 Ready to start TLS\r\n");
  CHECK(d.server.state() == ServerState::Tls);
  CHECK(d.all<TlsUpgradeAgreed>().size() == 1);
  CHECK(d.send("EHLO in clear\r\n").empty());  // nothing is read in clear during the handshake
  d.server.handle_tls_established(d.now);
  d.pump();
  CHECK(d.server.tls_active());
  // RFC 3207 §4.2: the EHLO from before TLS is forgotten; the client must say it again.
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "503 5.5.1 Error: send HELO/EHLO first\r\n");
  const std::string again = d.ehlo();
  CHECK(again.rfind("250-mx.b.example Hello a.example\r\n", 0) == 0);
  CHECK_FALSE(offers(again, "STARTTLS"));  // §4.2: not offered after TLS
  CHECK(offers(again, "PIPELINING"));
  CHECK(d.line("STARTTLS") == "503 5.5.1 Error: TLS already active\r\n");
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "250 2.1.0 Ok\r\n");
  CHECK(d.server.envelope().tls);
}

TEST_CASE("server answers a misplaced or malformed STARTTLS with 501 or 503 and goes on", "[smtp][server][starttls]") {
  ServerDriver d(tls_relay());
  CHECK(d.line("STARTTLS") == "503 5.5.1 Error: send EHLO first\r\n");
  d.ehlo();
  CHECK(d.line("STARTTLS now") == "501 5.5.4 Syntax: STARTTLS\r\n");  // §4: no parameters
  d.line("MAIL FROM:<alice@a.example>");
  CHECK(d.line("STARTTLS") == "503 5.5.1 Error: MAIL transaction in progress\r\n");
  CHECK(d.server.state() == ServerState::Mail);
  CHECK(d.line("RSET") == "250 2.0.0 Ok\r\n");
  CHECK(d.line("STARTTLS") == "220 2.0.0 Ready to start TLS\r\n");
}

TEST_CASE("server discards commands pipelined behind STARTTLS instead of running them inside TLS", "[smtp][server][starttls][security]") {
  // RFC 3207 §4.2 and CVE-2011-0411: a man in the middle appends commands to the client's
  // STARTTLS; a vulnerable server would take them as sent over the protected channel.
  ServerDriver d(tls_relay());
  d.ehlo();
  const std::string out = d.send("STARTTLS\r\nMAIL FROM:<mallory@evil.example>\r\nRCPT TO:<bob@b.example>\r\n");
  CHECK(out == "220 2.0.0 Ready to start TLS\r\n");
  auto v = d.all<PeerViolation>();
  REQUIRE_FALSE(v.empty());
  CHECK(v.back().what.find("data after STARTTLS discarded") != std::string::npos);
  d.server.handle_tls_established(d.now);
  d.pump();
  d.ehlo();
  // Had the injected MAIL been kept, this would be a nested MAIL (503).
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "250 2.1.0 Ok\r\n");
  CHECK(d.server.envelope().mail_from == "alice@a.example");
  CHECK(verbs(d.all<CommandReceived>()) == std::vector<std::string>{"EHLO", "STARTTLS", "EHLO", "MAIL"});
}

TEST_CASE("a submission server that requires TLS for AUTH hides AUTH and answers 530 5.7.0 before STARTTLS", "[smtp][server][starttls][auth]") {
  ServerDriver d(tls_submission(true));
  const std::string before = d.ehlo();
  CHECK(offers(before, "STARTTLS"));
  CHECK(before.find("AUTH") == std::string::npos);
  CHECK(d.line("AUTH PLAIN AGJvYgBzZWNyZXQ=") == "530 5.7.0 Must issue a STARTTLS command first\r\n");
  d.line("STARTTLS");
  d.server.handle_tls_established(d.now);
  d.pump();
  const std::string after = d.ehlo();
  CHECK(offers(after, "AUTH PLAIN LOGIN"));
  CHECK(d.line("AUTH PLAIN AGJvYgBzZWNyZXQ=") == "235 2.7.0 Authentication successful\r\n");
  // Without the policy AUTH is offered in clear, as before.
  ServerDriver plain(tls_submission(false));
  CHECK(offers(plain.ehlo(), "AUTH PLAIN LOGIN"));
}

TEST_CASE("an opportunistic client upgrades with STARTTLS and delivers inside TLS", "[smtp][client][starttls][pair]") {
  Client client(job(TlsPolicy::Opportunistic));
  Server server(tls_relay());
  TlsPairResult r = run_tls_pair(client, server);
  REQUIRE(r.client<MessageResult>().size() == 1);
  CHECK(r.client<MessageResult>()[0].reply.code == 250);
  CHECK(r.client<SessionFailed>().empty());
  CHECK(client.tls_active());
  CHECK(server.tls_active());
  auto got = r.server<MessageReceived>();
  REQUIRE(got.size() == 1);
  CHECK(got[0].envelope.tls);
  CHECK(got[0].data.find("swordfish") != std::string::npos);
  // EHLO, STARTTLS in clear; then EHLO again (§4.2) and the transaction, all inside TLS.
  CHECK(verbs(r.server<CommandReceived>()) ==
        std::vector<std::string>{"EHLO", "STARTTLS", "EHLO", "MAIL", "RCPT", "DATA", ".", "QUIT"});
  CHECK(r.client<EhloCompleted>().size() == 2);
  // An eavesdropper sees the clear prologue and then only TLS records.
  CHECK(r.c2s_wire.find("STARTTLS\r\n") != std::string::npos);
  CHECK(r.c2s_wire.find("MAIL FROM") == std::string::npos);
  CHECK(r.c2s_wire.find("swordfish") == std::string::npos);
  CHECK(r.s2c_wire.find("queued as") == std::string::npos);
  REQUIRE_FALSE(r.c2s_records.empty());
  CHECK(r.c2s_records.front() == "ClientHello");
  CHECK(std::count(r.c2s_records.begin(), r.c2s_records.end(), "Application Data") >= 3);
}

TEST_CASE("an opportunistic client goes on in clear when STARTTLS is not offered", "[smtp][client][starttls][pair]") {
  Client client(job(TlsPolicy::Opportunistic));
  Server server(relay_config());
  TlsPairResult r = run_tls_pair(client, server);
  REQUIRE(r.client<MessageResult>().size() == 1);
  CHECK_FALSE(client.tls_active());
  CHECK(r.c2s_wire.find("swordfish") != std::string::npos);
  CHECK(r.c2s_wire.find("STARTTLS") == std::string::npos);
}

TEST_CASE("a client that requires TLS refuses to go on when STARTTLS is missing, refused or fails", "[smtp][client][starttls]") {
  SECTION("not offered: QUIT, no MAIL, reason tls") {
    Client client(job(TlsPolicy::Required));
    Server server(relay_config());
    TlsPairResult r = run_tls_pair(client, server);
    auto f = r.client<SessionFailed>();
    REQUIRE(f.size() == 1);
    CHECK(f[0].reason == "tls");
    CHECK(f[0].unresolved == std::vector<std::string>{"bob@b.example"});
    CHECK(verbs(r.server<CommandReceived>()) == std::vector<std::string>{"EHLO", "QUIT"});
    CHECK(r.c2s_wire.find("swordfish") == std::string::npos);
  }
  SECTION("refused with 454: QUIT, reason tls, the reply kept") {
    Client c(job(TlsPolicy::Required));
    c.handle_connected(kEpoch);
    c.handle_bytes("220 mx.b.example ESMTP\r\n", kEpoch);
    c.handle_bytes("250-mx.b.example\r\n250 STARTTLS\r\n", kEpoch);
    std::string sent;
    while (auto t = c.poll_transmit()) sent += t->bytes;
    CHECK(sent == "EHLO mail.a.example\r\nSTARTTLS\r\n");
    c.handle_bytes("454 4.7.0 TLS not available due to temporary reason\r\n", kEpoch);
    sent.clear();
    while (auto t = c.poll_transmit()) sent += t->bytes;
    CHECK(sent == "QUIT\r\n");
    std::vector<ClientEvent> ev;
    while (auto e = c.poll_event()) ev.push_back(std::move(*e));
    auto f = events_of<SessionFailed>(ev);
    REQUIRE(f.size() == 1);
    CHECK(f[0].reason == "tls");
    CHECK(f[0].reply->code == 454);
  }
  SECTION("the certificate does not name the server: the handshake fails, reason tls") {
    Client client(job(TlsPolicy::Required));
    Server server(tls_relay());
    TlsPairResult r = run_tls_pair(client, server, "mx.other.example");
    auto f = r.client<SessionFailed>();
    REQUIRE(f.size() == 1);
    CHECK(f[0].reason == "tls");
    CHECK(f[0].phase == ClientState::Tls);
    REQUIRE(r.client_tls.size() == 1);
    CHECK(std::get<tls::Failed>(r.client_tls[0]).reason == "certificate name mismatch");
    CHECK(r.server<MessageReceived>().empty());
  }
}

TEST_CASE("a client discards what the server sends behind its 220 to STARTTLS", "[smtp][client][starttls][security]") {
  Client c(job(TlsPolicy::Opportunistic));
  c.handle_connected(kEpoch);
  c.handle_bytes("220 mx.b.example ESMTP\r\n250-mx.b.example\r\n250 STARTTLS\r\n", kEpoch);
  while (c.poll_transmit()) {}
  // An injected reply behind the 220 must not be taken as the server's answer inside TLS.
  c.handle_bytes("220 2.0.0 Ready to start TLS\r\n250-mx.evil.example\r\n250 AUTH PLAIN\r\n", kEpoch);
  CHECK(c.state() == ClientState::Tls);
  std::vector<ClientEvent> ev;
  while (auto e = c.poll_event()) ev.push_back(std::move(*e));
  CHECK(events_of<TlsUpgradeAgreed>(ev).size() == 1);
  auto v = events_of<PeerViolation>(ev);
  REQUIRE(v.size() == 1);
  CHECK(v[0].what.find("data after 220 to STARTTLS discarded") != std::string::npos);
  c.handle_tls_established(kEpoch);
  auto t = c.poll_transmit();
  REQUIRE(t);
  CHECK(t->bytes == "EHLO mail.a.example\r\n");
  CHECK(c.extensions().empty());  // nothing learnt in clear is kept
}
