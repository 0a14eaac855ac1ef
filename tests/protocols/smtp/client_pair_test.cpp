// SMTP client engine against the server engine (the pair harness) and against scripted
// replies: delivery, pipelining, dot-stuffing, HELO fallback, AUTH, per-recipient outcomes,
// failures, timeouts and send_raw.
#include "harness.hpp"
#include "protocols/message/mime_part.hpp"
#include "protocols/smtp/path.hpp"

using namespace smtp_test;

namespace {

ClientJob job_to(std::vector<std::string> rcpts, std::string data = "Subject: hi\r\n\r\nHello\r\n") {
  ClientJob j;
  j.helo_name = "mail.a.example";
  j.mail_from = "alice@a.example";
  j.rcpts = std::move(rcpts);
  j.data = std::move(data);
  return j;
}

// Feeds the client one scripted reply and returns the lines it sent in answer.
std::vector<std::string> reply(Client& c, std::string_view bytes, Instant now = kEpoch) {
  c.handle_bytes(bytes, now);
  std::vector<std::string> sent;
  while (auto t = c.poll_transmit()) sent.push_back(t->bytes);
  return sent;
}

}  // namespace

TEST_CASE("client delivers a message to the server and reports each recipient", "[smtp][client][pair]") {
  for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{1}}) {
    Client client(job_to({"bob@b.example", "carol@b.example"}));
    Server server(relay_config());
    PairResult r = run_pair(client, server, nullptr, chunk);
    REQUIRE(r.client<GreetingReceived>().size() == 1);
    REQUIRE(r.client<EhloCompleted>().size() == 1);
    CHECK(r.client<EhloCompleted>()[0].esmtp);
    CHECK(client.has_extension("PIPELINING"));
    auto rr = r.client<RecipientResult>();
    REQUIRE(rr.size() == 2);
    CHECK(rr[1].reply.code == 250);
    auto m = r.client<MessageResult>();
    REQUIRE(m.size() == 1);
    CHECK(m[0].reply == make_reply(250, "2.0.0", "Ok: queued as Q1"));
    CHECK(m[0].accepted == std::vector<std::string>{"bob@b.example", "carol@b.example"});
    CHECK(r.client<SessionFailed>().empty());
    auto got = r.server<MessageReceived>();
    REQUIRE(got.size() == 1);
    CHECK(got[0].data == "Subject: hi\r\n\r\nHello\r\n");
    CHECK(got[0].envelope.declared_size == std::size_t{22});
    CHECK(client.wants_close());
    CHECK(server.wants_close());
    CHECK(r.server_bytes.ends_with("221 2.0.0 mx.b.example closing connection\r\n"));
  }
}

TEST_CASE("client pipelines MAIL, every RCPT and DATA in one group when offered", "[smtp][client][pair]") {
  Client c(job_to({"bob@b.example", "carol@b.example"}));
  c.handle_connected(kEpoch);
  CHECK(reply(c, "220 mx ESMTP\r\n") == std::vector<std::string>{"EHLO mail.a.example\r\n"});
  auto group = reply(c, "250-mx\r\n250-PIPELINING\r\n250 SIZE 1000\r\n");
  CHECK(group == std::vector<std::string>{"MAIL FROM:<alice@a.example> SIZE=22\r\n", "RCPT TO:<bob@b.example>\r\n",
                                          "RCPT TO:<carol@b.example>\r\n", "DATA\r\n"});
  CHECK(c.state() == ClientState::Mail);
  CHECK(reply(c, "250 ok\r\n250 ok\r\n250 ok\r\n").empty());
  auto body = reply(c, "354 go\r\n");
  REQUIRE(body.size() == 1);
  CHECK(body[0] == "Subject: hi\r\n\r\nHello\r\n.\r\n");
  CHECK(reply(c, "250 queued\r\n") == std::vector<std::string>{"QUIT\r\n"});
}

TEST_CASE("client sends one command at a time without PIPELINING and falls back to HELO", "[smtp][client]") {
  Client c(job_to({"bob@b.example"}));
  c.handle_connected(kEpoch);
  reply(c, "220 old.example\r\n");
  CHECK(reply(c, "502 Command not implemented\r\n") == std::vector<std::string>{"HELO mail.a.example\r\n"});
  CHECK(reply(c, "250 old.example\r\n") == std::vector<std::string>{"MAIL FROM:<alice@a.example>\r\n"});
  CHECK(reply(c, "250 ok\r\n") == std::vector<std::string>{"RCPT TO:<bob@b.example>\r\n"});
  CHECK(reply(c, "250 ok\r\n") == std::vector<std::string>{"DATA\r\n"});
  CHECK(reply(c, "354 go\r\n").size() == 1);
  std::vector<ClientEvent> ev;
  while (auto e = c.poll_event()) ev.push_back(*e);
  auto hello = events_of<EhloCompleted>(ev);
  REQUIRE(hello.size() == 1);
  CHECK_FALSE(hello[0].esmtp);
}

TEST_CASE("client dot-stuffs lines that begin with a dot and the server restores them", "[smtp][client][pair]") {
  const std::string data = "Subject: dots\r\n\r\n.hidden\r\n.\r\n..two\r\nend";
  Client client(job_to({"bob@b.example"}, data));
  Server server(relay_config());
  PairResult r = run_pair(client, server);
  REQUIRE(r.server<MessageReceived>().size() == 1);
  CHECK(r.server<MessageReceived>()[0].data == "Subject: dots\r\n\r\n.hidden\r\n.\r\n..two\r\nend\r\n");
  bool saw = false;
  for (const auto& t : r.client_sent)
    if (t.label.kind == LabelKind::Data) {
      saw = true;
      CHECK(t.bytes == "Subject: dots\r\n\r\n..hidden\r\n..\r\n...two\r\nend\r\n.\r\n");
      CHECK(t.label == Label{Proto::SMTP, LabelKind::Data, "message (41 bytes)"});
    }
  CHECK(saw);
}

TEST_CASE("client labels every command it sends", "[smtp][client]") {
  ClientJob j = job_to({"bob@b.example"});
  j.prefer_ehlo = false;
  Client client(j);
  Server server(relay_config());
  PairResult r = run_pair(client, server);
  REQUIRE(r.client_sent.size() >= 5);
  CHECK(r.client_sent[0].label == Label{Proto::SMTP, LabelKind::Command, "HELO mail.a.example"});
  CHECK(r.client_sent[1].label == Label{Proto::SMTP, LabelKind::Command, "MAIL FROM:<alice@a.example>"});
  CHECK(r.client_sent[2].label == Label{Proto::SMTP, LabelKind::Command, "RCPT TO:<bob@b.example>"});
}

TEST_CASE("client authenticates with AUTH PLAIN on submission and may then relay", "[smtp][client][pair][auth]") {
  ClientJob j = job_to({"dave@d.example"});
  j.auth_user = "bob";
  j.auth_password = "secret";
  Client client(j);
  Server server(submission_config());
  PairResult r = run_pair(client, server);
  CHECK(r.client<AuthCompleted>().size() == 1);
  REQUIRE(r.client<MessageResult>().size() == 1);
  CHECK(r.client<MessageResult>()[0].reply.code == 250);
  CHECK(r.server<MessageReceived>().at(0).envelope.auth_user == "bob");

  j.auth_password = "wrong";
  Client bad(j);
  Server s2(submission_config());
  PairResult f = run_pair(bad, s2);
  auto failed = f.client<SessionFailed>();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].phase == ClientState::Auth);
  CHECK(failed[0].reply->code == 535);
  CHECK(failed[0].unresolved == std::vector<std::string>{"dave@d.example"});
}

TEST_CASE("client without credentials gets 530 at MAIL on submission", "[smtp][client][pair][auth]") {
  Client client(job_to({"bob@b.example"}));
  Server server(submission_config());
  PairResult r = run_pair(client, server);
  auto failed = r.client<SessionFailed>();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].phase == ClientState::Mail);
  CHECK(failed[0].reply->code == 530);
  CHECK(r.client<RecipientResult>().empty());  // pipelined 503s after a failed MAIL are not outcomes
  CHECK(client.wants_close());
}

TEST_CASE("client reports refused recipients and delivers to the rest", "[smtp][client][pair]") {
  Client client(job_to({"nobody@b.example", "bob@b.example", "x@elsewhere.example"}));
  Server server(relay_config());
  PairResult r = run_pair(client, server);
  auto rr = r.client<RecipientResult>();
  REQUIRE(rr.size() == 3);
  CHECK(rr[0].reply.code == 550);
  CHECK(rr[0].reply.enhanced == "5.1.1");
  CHECK(rr[2].reply.code == 554);
  CHECK(r.client<MessageResult>().at(0).accepted == std::vector<std::string>{"bob@b.example"});
  CHECK(r.server<MessageReceived>().at(0).envelope.rcpts == std::vector<std::string>{"bob@b.example"});
}

TEST_CASE("client is deferred by greylisting and delivers on the retry", "[smtp][client][pair][fault]") {
  Greylist memory;
  FaultConfig f;
  f.greylisting = true;
  Client first(job_to({"bob@b.example"}));
  Server s1(relay_config(), "198.51.100.7", &memory);
  s1.set_faults(f);
  PairResult a = run_pair(first, s1);
  CHECK(a.client<RecipientResult>().at(0).reply.code == 451);
  auto failed = a.client<SessionFailed>();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].reason == "no valid recipients");
  CHECK(a.server<MessageReceived>().empty());
  CHECK(first.wants_close());

  Client retry(job_to({"bob@b.example"}));
  Server s2(relay_config(), "198.51.100.7", &memory);
  s2.set_faults(f);
  PairResult b = run_pair(retry, s2);
  CHECK(b.client<MessageResult>().at(0).reply.code == 250);
}

TEST_CASE("client reports a refused or deferred message and a failed MAIL", "[smtp][client][pair][fault]") {
  Client c(job_to({"bob@b.example"}));
  Server s(relay_config());
  PairResult r = run_pair(c, s, [](const MessageReceived&) { return make_reply(451, "4.3.0", "try later"); });
  CHECK(r.client<MessageResult>().at(0).reply.code == 451);

  FaultConfig full;
  full.disk_full = true;
  Client c2(job_to({"bob@b.example"}));
  Server s2(relay_config());
  s2.set_faults(full);
  PairResult r2 = run_pair(c2, s2);
  auto failed = r2.client<SessionFailed>();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].phase == ClientState::Mail);
  CHECK(failed[0].reply->code == 452);
  CHECK(failed[0].unresolved == std::vector<std::string>{"bob@b.example"});

  Client c3(job_to({"bob@b.example"}, std::string(2000, 'x')));
  Server s3(relay_config());
  PairResult r3 = run_pair(c3, s3);
  CHECK(r3.client<SessionFailed>().at(0).reply->code == 552);  // SIZE= declared at MAIL
}

TEST_CASE("client gives up on a 421 greeting and on a 554 greeting after QUIT", "[smtp][client][pair][fault]") {
  FaultConfig f;
  f.forced = {{FaultPhase::Greeting, 421}};
  Client c(job_to({"bob@b.example"}));
  Server s(relay_config());
  s.set_faults(f);
  PairResult r = run_pair(c, s);
  auto failed = r.client<SessionFailed>();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].phase == ClientState::Greeting);
  CHECK(failed[0].reply->code == 421);
  CHECK(c.wants_close());

  f.forced = {{FaultPhase::Greeting, 554}};
  Client c2(job_to({"bob@b.example"}));
  Server s2(relay_config());
  s2.set_faults(f);
  PairResult r2 = run_pair(c2, s2);
  CHECK(r2.client<SessionFailed>().at(0).reply->code == 554);
  CHECK(r2.client_sent.back().bytes == "QUIT\r\n");
}

TEST_CASE("client times out by the RFC 5321 §4.5.3.2 timers", "[smtp][client][fault]") {
  Client c(job_to({"bob@b.example"}));
  c.handle_connected(kEpoch);
  CHECK(c.poll_timeout() == kEpoch + 5min);  // initial 220
  c.handle_timeout(kEpoch + 5min - 1ns);
  CHECK_FALSE(c.wants_close());
  c.handle_timeout(kEpoch + 5min);
  CHECK(c.wants_close());
  std::vector<ClientEvent> ev;
  while (auto e = c.poll_event()) ev.push_back(*e);
  auto failed = events_of<SessionFailed>(ev);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].reason == "timeout");
  CHECK_FALSE(failed[0].reply);

  Client d(job_to({"bob@b.example"}));
  d.handle_connected(kEpoch);
  reply(d, "220 mx\r\n");
  reply(d, "250-mx\r\n250 PIPELINING\r\n");
  const Instant t = kEpoch + 1s;
  reply(d, "250 ok\r\n250 ok\r\n", t);
  CHECK(d.poll_timeout() == t + 2min);   // DATA initiation
  reply(d, "354 go\r\n", t);
  CHECK(d.poll_timeout() == t + 10min);  // DATA termination
}

TEST_CASE("client reports EOF before the final reply as a deferral of every open recipient", "[smtp][client]") {
  // No PIPELINING: MAIL 250, RCPT bob 550 (failed for good), RCPT carol sent, then EOF.
  Client c(job_to({"bob@b.example", "carol@b.example"}));
  c.handle_connected(kEpoch);
  reply(c, "220 mx\r\n");
  reply(c, "250 mx\r\n");
  reply(c, "250 ok\r\n550 no\r\n");
  c.handle_eof(kEpoch);
  std::vector<ClientEvent> ev;
  while (auto e = c.poll_event()) ev.push_back(*e);
  auto failed = events_of<SessionFailed>(ev);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].reason == "eof");
  CHECK(failed[0].unresolved == std::vector<std::string>{"carol@b.example"});
  CHECK(failed[0].phase == ClientState::Rcpt);
}

TEST_CASE("client sends the null reverse-path for a bounce", "[smtp][client][pair]") {
  ClientJob j = job_to({"bob@b.example"});
  j.mail_from = "";
  Client c(j);
  Server s(relay_config());
  PairResult r = run_pair(c, s);
  CHECK(r.server<MessageReceived>().at(0).envelope.mail_from.empty());
  CHECK(r.client_sent.at(1).bytes.rfind("MAIL FROM:<> ", 0) == 0);
}

TEST_CASE("an interactive client sends raw lines and reports their replies", "[smtp][client]") {
  ClientJob j;
  j.interactive = true;
  Client c(j);
  ServerDriver d(relay_config());
  c.handle_connected(kEpoch);
  reply(c, d.transmits.at(0).bytes);
  auto say = [&](std::string_view line) {
    c.send_raw(line, kEpoch);
    std::string out;
    while (auto t = c.poll_transmit()) out += d.send(t->bytes);
    c.handle_bytes(out, kEpoch);
  };
  say("helo lab.example");
  say("MAIL FROM:<x@lab.example>");
  say("RCPT TO:<bob@b.example>");
  say("DATA");
  say(".leading dot");
  say(".");
  REQUIRE(d.server.state() == ServerState::DataDone);
  CHECK(d.all<MessageReceived>()[0].data == "leading dot\r\n");  // raw lines are not stuffed
  d.server.accept_message("R1", d.now);
  c.handle_bytes(d.pump(), kEpoch);
  say("QUIT");
  CHECK(c.wants_close());
  std::vector<ClientEvent> ev;
  while (auto e = c.poll_event()) ev.push_back(*e);
  auto replies = events_of<ReplyReceived>(ev);
  REQUIRE(replies.size() == 7);
  CHECK(replies[1].for_command == "raw");
  CHECK(replies[4].reply.code == 354);
  CHECK(first_line(replies[5].reply) == "250 Ok: queued as R1");
  CHECK(replies[6].reply.code == 221);
}

TEST_CASE("client treats a 421 at any point as the end of the session", "[smtp][client][fault]") {
  Client c(job_to({"bob@b.example"}));
  c.handle_connected(kEpoch);
  reply(c, "220 mx\r\n");
  reply(c, "250 mx\r\n");  // no PIPELINING: MAIL alone is pending
  CHECK(reply(c, "421 4.4.2 mx Error: timeout exceeded\r\n").empty());
  CHECK(c.wants_close());
  std::vector<ClientEvent> ev;
  while (auto e = c.poll_event()) ev.push_back(*e);
  auto failed = events_of<SessionFailed>(ev);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].phase == ClientState::Mail);
  CHECK(failed[0].reply->enhanced == "4.4.2");
  CHECK(failed[0].unresolved == std::vector<std::string>{"bob@b.example"});

  ClientJob j;
  j.interactive = true;
  Client idle(j);
  idle.handle_connected(kEpoch);
  reply(idle, "220 mx\r\n");
  reply(idle, "421 4.3.2 shutting down\r\n");  // unsolicited: nothing was pending
  CHECK(idle.wants_close());
}

TEST_CASE("client survives random replies", "[smtp][client]") {
  std::mt19937 rng(5321);
  for (int round = 0; round < 300; ++round) {
    Client c(job_to({"bob@b.example", "carol@b.example"}));
    c.handle_connected(kEpoch);
    for (int i = 0; i < 30 && !c.wants_close(); ++i) {
      std::string bytes;
      if (rng() % 2) {
        static const char* kReplies[] = {"220 x\r\n", "250 ok\r\n", "250-x\r\n250 PIPELINING\r\n", "354 go\r\n",
                                         "451 4.3.0 no\r\n", "550 5.1.1 no\r\n", "502 no\r\n", "221 bye\r\n"};
        bytes = kReplies[rng() % 8];
      } else {
        bytes.resize(rng() % 40);
        for (char& ch : bytes) ch = static_cast<char>(rng() % 3 ? "2345- \r\n"[rng() % 8] : rng() % 256);
      }
      c.handle_bytes(bytes, kEpoch);
      while (c.poll_transmit()) {
      }
    }
    int finals = 0;
    while (auto e = c.poll_event())
      finals += std::holds_alternative<MessageResult>(*e) || std::holds_alternative<SessionFailed>(*e);
    CHECK(finals <= 1);  // at most one final outcome per session
  }
}

namespace {
const std::string kEightBit = "From: alice@a.example\r\nSubject: menu\r\nMIME-Version: 1.0\r\n"
                              "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                              "Pour le dessert, une creme brulee et un café, s'il vous plait.\r\n.un point au debut\r\n";
std::string mail_line(const PairResult& r) {
  for (const auto& t : r.client_sent)
    if (t.bytes.starts_with("MAIL ")) return t.bytes;
  return {};
}
}  // namespace

TEST_CASE("client sends 8-bit mail with BODY=8BITMIME to a server that offers it, unchanged", "[smtp][client][pair][8bitmime]") {
  Client client(job_to({"bob@b.example"}, kEightBit));
  Server server(relay_config());
  PairResult r = run_pair(client, server);
  CHECK(mail_line(r) == "MAIL FROM:<alice@a.example> SIZE=" + std::to_string(kEightBit.size()) + " BODY=8BITMIME\r\n");
  CHECK(r.client<BodyConverted>().empty());
  auto got = r.server<MessageReceived>();
  REQUIRE(got.size() == 1);
  CHECK(got[0].envelope.body_8bitmime);
  CHECK(got[0].data == kEightBit);
}

TEST_CASE("client down-converts 8-bit mail for a server without 8BITMIME (RFC 6152 §3)", "[smtp][client][pair][8bitmime]") {
  ServerConfig cfg = relay_config();
  cfg.advertise_8bitmime = false;
  Client client(job_to({"bob@b.example"}, kEightBit));
  Server server(cfg);
  PairResult r = run_pair(client, server);
  CHECK_FALSE(client.has_extension("8BITMIME"));
  auto conv = r.client<BodyConverted>();
  REQUIRE(conv.size() == 1);
  CHECK(conv[0].quoted_printable == 1);
  CHECK(conv[0].base64 == 0);
  CHECK(conv[0].bytes_before == kEightBit.size());
  auto got = r.server<MessageReceived>();
  REQUIRE(got.size() == 1);
  CHECK_FALSE(got[0].envelope.body_8bitmime);
  CHECK(mail_line(r) == "MAIL FROM:<alice@a.example> SIZE=" + std::to_string(conv[0].bytes_after) + "\r\n");
  const std::string& data = got[0].data;
  CHECK(data.size() == conv[0].bytes_after);
  CHECK(!has_non_ascii(data));
  auto part = protocols::message::parse_mime(data);
  CHECK(part.transfer_encoding == "quoted-printable");
  CHECK(part.headers.get("X-MIME-Autoconverted") == "from 8bit to quoted-printable by mail.a.example");
  CHECK(protocols::message::decode_body(part, data) == kEightBit.substr(kEightBit.find("\r\n\r\n") + 4));
  REQUIRE(r.client<MessageResult>().size() == 1);
  CHECK(r.client<MessageResult>()[0].reply.code == 250);
}

TEST_CASE("a server without 8BITMIME refuses BODY=8BITMIME with 555", "[smtp][server][8bitmime]") {
  ServerConfig cfg = relay_config();
  cfg.advertise_8bitmime = false;
  cfg.advertise_smtputf8 = false;
  ServerDriver d(cfg);
  std::string ehlo = d.ehlo();
  CHECK(ehlo.find("8BITMIME") == std::string::npos);
  CHECK(ehlo.find("SMTPUTF8") == std::string::npos);
  CHECK(d.line("MAIL FROM:<a@a.example> BODY=8BITMIME") == "555 5.5.4 Unsupported option: BODY\r\n");
  CHECK(d.line("MAIL FROM:<a@a.example> SMTPUTF8") == "555 5.5.4 Unsupported option: SMTPUTF8\r\n");
}

TEST_CASE("8-bit header fields without 8BITMIME nor SMTPUTF8: 554 5.6.3 and QUIT, no MAIL", "[smtp][client][pair][8bitmime]") {
  ServerConfig cfg = relay_config();
  cfg.advertise_8bitmime = false;
  cfg.advertise_smtputf8 = false;
  std::string data = kEightBit;
  data.replace(data.find("Subject: menu"), 13, "Subject: crème");
  Client client(job_to({"bob@b.example", "carol@b.example"}, data));
  Server server(cfg);
  PairResult r = run_pair(client, server);
  CHECK(mail_line(r).empty());
  CHECK(r.client_sent.back().bytes == "QUIT\r\n");
  auto f = r.client<SessionFailed>();
  REQUIRE(f.size() == 1);
  CHECK(f[0].reason == "conversion");
  REQUIRE(f[0].reply);
  CHECK(f[0].reply->code == 554);
  CHECK(f[0].reply->enhanced == "5.6.3");
  CHECK(f[0].reply->lines.front().find("header field Subject") != std::string::npos);
  CHECK(f[0].unresolved == std::vector<std::string>{"bob@b.example", "carol@b.example"});
  CHECK(r.server<MessageReceived>().empty());

  // With SMTPUTF8 the header fields may stay 8-bit; the body is still converted.
  cfg.advertise_smtputf8 = true;
  Client c2(job_to({"bob@b.example"}, data));
  Server s2(cfg);
  PairResult r2 = run_pair(c2, s2);
  CHECK(mail_line(r2).ends_with(" SMTPUTF8\r\n"));
  REQUIRE(r2.server<MessageReceived>().size() == 1);
  const std::string got = r2.server<MessageReceived>()[0].data;  // server<>() returns a new vector
  CHECK(got.find("Subject: crème\r\n") != std::string::npos);
  CHECK(got.find("Content-Transfer-Encoding: quoted-printable") != std::string::npos);
}
