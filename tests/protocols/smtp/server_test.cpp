// SMTP server engine: the session through the public API, every error reply of RFC 5321
// §4.2.3 it uses, with enhanced codes (RFC 3463), the transaction rules and the events.
#include "harness.hpp"

using namespace smtp_test;

namespace {

// A session with MAIL accepted and bob as recipient, ready for DATA.
ServerDriver in_transaction(ServerConfig c = relay_config(), FaultConfig f = {}) {
  ServerDriver d(std::move(c), std::move(f));
  d.ehlo();
  REQUIRE(d.line("MAIL FROM:<alice@a.example>") == "250 2.1.0 Ok\r\n");
  REQUIRE(d.line("RCPT TO:<bob@b.example>") == "250 2.1.5 Ok\r\n");
  return d;
}

}  // namespace

TEST_CASE("server greets with 220 and advertises its ESMTP extensions", "[smtp][server]") {
  ServerDriver d(relay_config());
  CHECK(d.transmits.at(0).bytes == "220 mx.b.example ESMTP MailSim\r\n");
  CHECK(d.transmits.at(0).label == Label{Proto::SMTP, LabelKind::Reply, "220 mx.b.example ESMTP MailSim"});
  CHECK(d.ehlo() ==
        "250-mx.b.example Hello a.example\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-8BITMIME\r\n"
        "250-ENHANCEDSTATUSCODES\r\n250 SMTPUTF8\r\n");
  ServerDriver s(submission_config());
  CHECK(s.ehlo().find("250 AUTH PLAIN LOGIN\r\n") != std::string::npos);
}

TEST_CASE("server answers MAIL before EHLO with 503 5.5.1", "[smtp][server]") {
  ServerDriver d(relay_config());
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "503 5.5.1 Error: send HELO/EHLO first\r\n");
  CHECK(d.all<PeerViolation>().size() == 1);
  CHECK(d.ehlo().rfind("250-", 0) == 0);  // the session goes on
}

TEST_CASE("server enforces the order of the mail transaction with 503 and 554", "[smtp][server]") {
  ServerDriver d(relay_config());
  d.ehlo();
  CHECK(d.line("RCPT TO:<bob@b.example>") == "503 5.5.1 Error: need MAIL command\r\n");
  CHECK(d.line("DATA") == "503 5.5.1 Error: need MAIL command\r\n");
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "250 2.1.0 Ok\r\n");
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "503 5.5.1 Error: nested MAIL command\r\n");
  CHECK(d.line("DATA") == "503 5.5.1 Error: need RCPT command\r\n");
  CHECK(d.line("RCPT TO:<nobody@b.example>").rfind("550 5.1.1 ", 0) == 0);
  // RFC 5321 §3.3: recipients were given but all refused -> 554 no valid recipients.
  CHECK(d.line("DATA") == "554 5.5.1 Error: no valid recipients\r\n");
}

TEST_CASE("server answers 500 to unknown commands and over-long lines and goes on", "[smtp][server]") {
  ServerDriver d(relay_config());
  d.ehlo();
  CHECK(d.line("FROB") == "500 5.5.2 Error: command not recognized\r\n");
  CHECK(d.line("") == "500 5.5.2 Error: command not recognized\r\n");
  // RFC 5321 §4.5.3.1.4: 512 octets with CR LF is the limit.
  std::string ok = "NOOP " + std::string(505, 'x');
  REQUIRE(ok.size() + 2 == 512);
  CHECK(d.line(ok) == "250 2.0.0 Ok\r\n");
  CHECK(d.line(ok + "x") == "500 5.5.2 Error: line too long\r\n");
  // An over-long line that arrives in pieces is answered once and skipped to its end.
  CHECK(d.send(std::string(600, 'y')) == "500 5.5.2 Error: line too long\r\n");
  CHECK(d.send(std::string(100, 'y') + "\r\nNOOP\r\n") == "250 2.0.0 Ok\r\n");
}

TEST_CASE("server answers 501 to bad arguments", "[smtp][server]") {
  ServerDriver d(relay_config());
  CHECK(d.line("HELO") == "501 5.5.4 Syntax: HELO hostname\r\n");
  d.ehlo();
  CHECK(d.line("MAIL FROM:alice@a.example").rfind("501 5.1.7 Bad sender address syntax", 0) == 0);
  CHECK(d.line("MAIL TO:<alice@a.example>").rfind("501 5.1.7 ", 0) == 0);
  CHECK(d.line("MAIL FROM:<alice@a.example> SIZE=abc") == "501 5.5.4 Bad SIZE parameter\r\n");
  CHECK(d.line("MAIL FROM:<alice@a.example> BODY=9BIT") == "501 5.5.4 Bad BODY parameter\r\n");
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "250 2.1.0 Ok\r\n");
  CHECK(d.line("RCPT TO:<bob@@b.example>").rfind("501 5.1.3 Bad recipient address syntax", 0) == 0);
  CHECK(d.line("RCPT TO:<>").rfind("501 5.1.3 ", 0) == 0);
  CHECK(d.line("RCPT TO:<bob@b.example>") == "250 2.1.5 Ok\r\n");
  CHECK(d.line("DATA now") == "501 5.5.4 Syntax: DATA\r\n");
  CHECK(d.line("VRFY") == "501 5.5.4 Syntax: VRFY address\r\n");
}

TEST_CASE("server answers 502 to RFC 821 commands it does not implement", "[smtp][server]") {
  ServerDriver d(relay_config());
  d.ehlo();
  for (const char* verb : {"SEND FROM:<a@a.example>", "SOML FROM:<a@a.example>", "SAML FROM:<a@a.example>", "TURN", "EXPN staff", "STARTTLS"})
    CHECK(d.line(verb) == "502 5.5.1 Error: command not implemented\r\n");
  CHECK(d.line("AUTH PLAIN AGJvYgBzZWNyZXQ=") == "502 5.5.1 Error: authentication not enabled\r\n");
}

TEST_CASE("server answers VRFY with 252, HELP with 214, NOOP and RSET with 250", "[smtp][server]") {
  ServerDriver d(relay_config());
  d.ehlo();
  CHECK(d.line("VRFY bob").rfind("252 2.0.0 Cannot VRFY user", 0) == 0);
  CHECK(d.line("HELP").rfind("214-2.0.0 Commands: HELO EHLO", 0) == 0);
  CHECK(d.line("noop") == "250 2.0.0 Ok\r\n");
  d.line("MAIL FROM:<alice@a.example>");
  CHECK(d.server.state() == ServerState::Mail);
  CHECK(d.line("RSET") == "250 2.0.0 Ok\r\n");
  CHECK(d.server.state() == ServerState::Ready);
  CHECK(d.line("RCPT TO:<bob@b.example>").rfind("503 ", 0) == 0);
}

TEST_CASE("server records commands upper-cased and every reply it sends", "[smtp][server]") {
  ServerDriver d = in_transaction();
  d.line("DATA");
  d.send("mail from:<x@y.example>\r\n.\r\n");  // body text, not a command
  auto cmds = d.all<CommandReceived>();
  REQUIRE(cmds.size() == 5);  // EHLO MAIL RCPT DATA and the end-of-data "."
  CHECK(cmds[1].verb == "MAIL");
  CHECK(cmds[1].line == "MAIL FROM:<alice@a.example>");
  CHECK(cmds[3].verb == "DATA");
  CHECK(cmds[4].verb == ".");
  CHECK(d.all<ReplySent>().size() == 5);  // 220, EHLO, MAIL, RCPT, 354
  CHECK(d.all<ReplySent>()[1].lines.at(1) == "250-PIPELINING");
  CHECK(d.all<MessageReceived>().size() == 1);
  auto states = d.all<StateChanged>();
  std::vector<std::string> to;
  for (auto& s : states) to.push_back(s.to);
  CHECK(to == std::vector<std::string>{"GREETED", "READY", "MAIL", "RCPT", "DATA", "DATA-DONE"});
}

TEST_CASE("server waits for the host before answering the final dot", "[smtp][server]") {
  ServerDriver d = in_transaction();
  CHECK(d.line("DATA") == "354 End data with <CR><LF>.<CR><LF>\r\n");
  // Pipelined behind the dot: NOOP must wait for the decision (replies stay in order).
  CHECK(d.send("Subject: hi\r\n\r\nHello\r\n.\r\nNOOP\r\n").empty());
  auto m = d.all<MessageReceived>();
  REQUIRE(m.size() == 1);
  CHECK(m[0].data == "Subject: hi\r\n\r\nHello\r\n");
  CHECK(m[0].envelope.mail_from == "alice@a.example");
  CHECK(m[0].envelope.rcpts == std::vector<std::string>{"bob@b.example"});
  CHECK(m[0].envelope.helo == "a.example");
  CHECK(m[0].envelope.client_ip == "192.0.2.1");
  CHECK(d.server.poll_timeout() == std::nullopt);
  d.server.accept_message("4F2A1C", d.now);
  CHECK(d.pump() == "250 2.0.0 Ok: queued as 4F2A1C\r\n250 2.0.0 Ok\r\n");

  ServerDriver r = in_transaction();
  r.line("DATA");
  r.send("x\r\n.\r\n");
  r.server.reject_message(make_reply(451, "4.3.0", "Error: queue file write error"), r.now);
  CHECK(r.pump() == "451 4.3.0 Error: queue file write error\r\n");
  CHECK(r.server.state() == ServerState::Ready);
}

TEST_CASE("server removes dot-stuffing from lines that begin with a dot", "[smtp][server]") {
  ServerDriver d = in_transaction();
  d.line("DATA");
  d.send("..hidden\r\n...\r\n. \r\n.\r\n");
  REQUIRE(d.all<MessageReceived>().size() == 1);
  CHECK(d.all<MessageReceived>()[0].data == ".hidden\r\n..\r\n \r\n");
}

TEST_CASE("server takes a message of exactly the size limit and refuses one byte more with 552", "[smtp][server]") {
  // 1000 bytes of data: 9 lines of 100 + CR LF (918 bytes) and one of 80 + CR LF.
  std::string exact;
  for (int i = 0; i < 9; ++i) exact += std::string(100, 'a') + "\r\n";
  exact += std::string(80, 'b') + "\r\n";
  REQUIRE(exact.size() == 1000);
  ServerDriver d = in_transaction();
  d.line("DATA");
  d.send(exact + ".\r\n");
  REQUIRE(d.all<MessageReceived>().size() == 1);
  CHECK(d.all<MessageReceived>()[0].data == exact);

  ServerDriver over = in_transaction();
  over.line("DATA");
  CHECK(over.send("c" + exact + ".\r\n") == "552 5.3.4 Error: message file too big\r\n");
  CHECK(over.all<MessageReceived>().empty());
  CHECK(over.server.state() == ServerState::Ready);

  ServerDriver declared(relay_config());
  declared.ehlo();
  CHECK(declared.line("MAIL FROM:<alice@a.example> SIZE=1000") == "250 2.1.0 Ok\r\n");
  declared.line("RSET");
  CHECK(declared.line("MAIL FROM:<alice@a.example> SIZE=1001") == "552 5.3.4 Message size exceeds fixed limit\r\n");
}

TEST_CASE("server refuses UTF-8 addresses without SMTPUTF8 with 553 5.6.7", "[smtp][server]") {
  ServerConfig c = relay_config();
  c.local_users.push_back("张三@b.example");
  ServerDriver d(c);
  d.ehlo();
  CHECK(d.line("MAIL FROM:<李四@a.example>") == "553 5.6.7 Non-ASCII address requires SMTPUTF8\r\n");
  CHECK(d.line("MAIL FROM:<李四@a.example> SMTPUTF8 BODY=8BITMIME") == "250 2.1.0 Ok\r\n");
  CHECK(d.line("RCPT TO:<张三@b.example>") == "250 2.1.5 Ok\r\n");
}

TEST_CASE("server answers 555 to unknown MAIL and RCPT parameters and to parameters after HELO", "[smtp][server]") {
  ServerDriver d(relay_config());
  d.ehlo();
  CHECK(d.line("MAIL FROM:<alice@a.example> RET=HDRS") == "555 5.5.4 Unsupported option: RET\r\n");
  d.line("MAIL FROM:<alice@a.example>");
  CHECK(d.line("RCPT TO:<bob@b.example> NOTIFY=NEVER") == "555 5.5.4 Unsupported option: NOTIFY\r\n");
  ServerDriver h(relay_config());
  h.line("HELO a.example");
  CHECK(h.line("MAIL FROM:<alice@a.example> SIZE=10") == "555 Unsupported option: SIZE\r\n");
}

TEST_CASE("server never relays for an unauthenticated client on port 25", "[smtp][server]") {
  ServerDriver d(relay_config());
  d.ehlo();
  d.line("MAIL FROM:<alice@a.example>");
  CHECK(d.line("RCPT TO:<carol@c.example>") == "554 5.7.1 <carol@c.example>: Relay access denied\r\n");
  CHECK(d.line("RCPT TO:<Bob@B.Example>") == "250 2.1.5 Ok\r\n");  // domains are case-insensitive
  CHECK(d.line("RCPT TO:<Postmaster>") == "250 2.1.5 Ok\r\n");      // RFC 5321 §4.5.1
  CHECK(d.line("RCPT TO:<postmaster@b.example>") == "250 2.1.5 Ok\r\n");
}

TEST_CASE("server accepts the null reverse-path for bounces", "[smtp][server]") {
  ServerDriver d = in_transaction();
  d.line("RSET");
  CHECK(d.line("MAIL FROM:<>") == "250 2.1.0 Ok\r\n");
  d.line("RCPT TO:<bob@b.example>");
  d.line("DATA");
  d.send("bounce\r\n.\r\n");
  REQUIRE(d.all<MessageReceived>().size() == 1);
  CHECK(d.all<MessageReceived>()[0].envelope.mail_from.empty());
}

TEST_CASE("server limits the recipients per message with 452 4.5.3", "[smtp][server]") {
  ServerConfig c = relay_config();
  c.max_recipients = 2;
  ServerDriver d(c);
  d.ehlo();
  d.line("MAIL FROM:<alice@a.example>");
  d.line("RCPT TO:<bob@b.example>");
  d.line("RCPT TO:<carol@b.example>");
  CHECK(d.line("RCPT TO:<postmaster@b.example>") == "452 4.5.3 Error: too many recipients\r\n");
}

TEST_CASE("server closes with 421 on shutdown and after the 5-minute server timeout", "[smtp][server]") {
  ServerDriver d(relay_config());
  d.ehlo();
  d.server.shutdown(d.now);
  CHECK(d.pump() == "421 4.3.2 mx.b.example Service shutting down, closing transmission channel\r\n");
  CHECK(d.server.wants_close());
  CHECK(d.line("NOOP").empty());

  ServerDriver t(relay_config());
  t.ehlo();
  const Instant last = t.now;
  REQUIRE(t.server.poll_timeout() == last + 5min);  // RFC 5321 §4.5.3.2.7
  t.server.handle_timeout(last + 5min - 1ns);
  CHECK(t.pump().empty());
  t.server.handle_timeout(last + 5min);
  CHECK(t.pump() == "421 4.4.2 mx.b.example Error: timeout exceeded\r\n");
  CHECK(t.server.wants_close());
}

TEST_CASE("server says 221 to QUIT and then wants to close", "[smtp][server]") {
  ServerDriver d(relay_config());
  CHECK(d.line("QUIT") == "221 2.0.0 mx.b.example closing connection\r\n");
  CHECK(d.server.wants_close());
  CHECK(d.server.poll_timeout() == std::nullopt);
}

TEST_CASE("server answers a whole pipelined transaction in order", "[smtp][server]") {
  ServerDriver d(relay_config());
  std::string out = d.send(
      "EHLO a.example\r\nMAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\n"
      "RCPT TO:<nobody@b.example>\r\nDATA\r\nhello\r\n.\r\nQUIT\r\n");
  CHECK(out.find("250 SMTPUTF8\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 ") != std::string::npos);
  CHECK(out.ends_with("\r\n354 End data with <CR><LF>.<CR><LF>\r\n"));
  d.server.accept_message("Q1", d.now);
  CHECK(d.pump() == "250 2.0.0 Ok: queued as Q1\r\n221 2.0.0 mx.b.example closing connection\r\n");
}

TEST_CASE("server tolerates a bare LF but reports it, strict mode refuses it", "[smtp][server]") {
  ServerDriver d(relay_config());
  CHECK(d.send("EHLO a.example\n").rfind("250-", 0) == 0);
  REQUIRE(d.all<PeerViolation>().size() == 1);
  CHECK(d.all<PeerViolation>()[0].what.find("bare LF") != std::string::npos);
  ServerConfig c = relay_config();
  c.tolerate_bare_lf = false;
  ServerDriver s(c);
  CHECK(s.send("NOOP\n") == "500 5.5.2 Error: bare LF\r\n");
}

TEST_CASE("server refuses a message with a text line over 1000 octets", "[smtp][server]") {
  ServerDriver d = in_transaction();
  d.line("DATA");
  CHECK(d.send(std::string(1100, 'z') + "\r\nok\r\n.\r\n") == "500 5.5.2 Error: line too long in message data\r\n");
  CHECK(d.all<MessageReceived>().empty());
}

TEST_CASE("the text line limit is 998 octets by default and a server setting above it", "[smtp][server]") {
  ServerConfig big = relay_config();
  big.max_message_size = 1 << 20;  // relay_config's SIZE is 1000: the limit here is the line
  ServerDriver d = in_transaction(big);
  d.line("DATA");
  CHECK(d.send(std::string(998, 'z') + "\r\n.\r\n").empty());  // taken: the host decides
  REQUIRE(d.all<MessageReceived>().size() == 1);
  d.server.accept_message("Q1", d.now);
  CHECK(d.pump().rfind("250 ", 0) == 0);
  ServerConfig c = big;
  c.max_line_length = 2000;
  ServerDriver w = in_transaction(c);
  w.line("DATA");
  CHECK(w.send(std::string(1999, 'z') + "\r\n.\r\n").empty());
  REQUIRE(w.all<MessageReceived>().size() == 1);
  w.server.accept_message("Q2", w.now);
  CHECK(w.pump().rfind("250 ", 0) == 0);
  REQUIRE(w.line("MAIL FROM:<alice@a.example>") == "250 2.1.0 Ok\r\n");
  REQUIRE(w.line("RCPT TO:<bob@b.example>") == "250 2.1.5 Ok\r\n");
  w.line("DATA");
  CHECK(w.send(std::string(2001, 'z') + "\r\n.\r\n") == "500 5.5.2 Error: line too long in message data\r\n");
}

TEST_CASE("a control character in the HELO or EHLO argument gets 501 5.5.4, never echoed", "[smtp][server]") {
  ServerDriver d(relay_config());
  CHECK(d.line(std::string("EHLO a\0b", 8)) == "501 5.5.4 Syntax: EHLO hostname\r\n");
  CHECK(d.line("HELO a\x1b[31mb") == "501 5.5.4 Syntax: HELO hostname\r\n");
  CHECK(d.line("EHLO a\tb") == "501 5.5.4 Syntax: EHLO hostname\r\n");
  CHECK(d.all<PeerViolation>().size() == 3);
  CHECK(d.server.state() == ServerState::Greeted);  // refused: the session is not opened
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "503 5.5.1 Error: send HELO/EHLO first\r\n");
  CHECK(d.ehlo().rfind("250-", 0) == 0);  // and it goes on
}

TEST_CASE("server survives random bytes and every reply it sends is well formed", "[smtp][server]") {
  std::mt19937 rng(20261123);
  for (int round = 0; round < 200; ++round) {
    ServerDriver d(round % 2 ? relay_config() : submission_config());
    std::string out;
    for (int i = 0; i < 20 && !d.server.wants_close(); ++i) {
      std::string junk(rng() % 300, '\0');
      for (char& c : junk) c = static_cast<char>(rng() % 4 == 0 ? "\r\n.: <>@"[rng() % 8] : rng() % 256);
      if (rng() % 3 == 0) junk = std::vector<std::string>{"EHLO x\r\n", "MAIL FROM:<a@b.c>\r\n", "RCPT TO:<bob@b.example>\r\n", "DATA\r\n", "AUTH LOGIN\r\n", ".\r\n"}[rng() % 6];
      out += d.send(junk);
      if (d.server.state() == ServerState::DataDone) {
        d.server.accept_message("Q", d.now);
        out += d.pump();
      }
    }
    while (!out.empty()) {
      ReplyParse p = parse_reply(out);
      REQUIRE(p.status == ReplyParse::Status::Complete);
      out.erase(0, p.consumed);
    }
  }
}

TEST_CASE("the command table is published for the state diagram", "[smtp][server]") {
  auto rules = server_command_rules();
  auto find = [&](std::string_view v) {
    for (const auto& r : rules)
      if (r.verb == v) return r.allowed;
    return std::vector<ServerState>{};
  };
  CHECK(find("MAIL") == std::vector<ServerState>{ServerState::Ready});
  CHECK(find("RCPT") == std::vector<ServerState>{ServerState::Mail, ServerState::Rcpt});
  CHECK(find("QUIT").size() == 4);
  CHECK(rules.size() == 18);
}
