// SMTP server engine: AUTH on the submission port (RFC 4954, RFC 4616, RFC 6409) and the
// faults a student can switch on (hang, forced replies, greylisting, disk full).
#include "harness.hpp"

#include "protocols/codec/base64.hpp"

using namespace smtp_test;
using protocols::codec::base64_encode;

namespace {
std::string plain(const std::string& user, const std::string& pass) {
  return base64_encode(std::string(1, '\0') + user + std::string(1, '\0') + pass);
}
}  // namespace

TEST_CASE("submission server requires AUTH before MAIL with 530 5.7.0", "[smtp][server][auth]") {
  ServerDriver d(submission_config());
  d.ehlo();
  CHECK(d.line("MAIL FROM:<bob@b.example>") == "530 5.7.0 Authentication required\r\n");
}

TEST_CASE("submission server accepts AUTH PLAIN and then relays for the user", "[smtp][server][auth]") {
  ServerDriver d(submission_config());
  d.ehlo();
  CHECK(d.line("AUTH PLAIN " + plain("bob", "secret")) == "235 2.7.0 Authentication successful\r\n");
  REQUIRE(d.all<AuthSucceeded>().size() == 1);
  CHECK(d.all<AuthSucceeded>()[0].user == "bob");
  CHECK(d.line("AUTH PLAIN " + plain("bob", "secret")) == "503 5.5.1 Error: already authenticated\r\n");
  CHECK(d.line("MAIL FROM:<bob@b.example>") == "250 2.1.0 Ok\r\n");
  CHECK(d.line("RCPT TO:<alice@a.example>") == "250 2.1.5 Ok\r\n");
  d.line("DATA");
  d.send("hi\r\n.\r\n");
  REQUIRE(d.all<MessageReceived>().size() == 1);
  CHECK(d.all<MessageReceived>()[0].envelope.auth_user == "bob");
}

TEST_CASE("submission server refuses wrong credentials with 535 5.7.8", "[smtp][server][auth]") {
  ServerDriver d(submission_config());
  d.ehlo();
  CHECK(d.line("AUTH PLAIN " + plain("bob", "guess")) == "535 5.7.8 Error: authentication failed\r\n");
  CHECK(d.line("MAIL FROM:<bob@b.example>").rfind("530 ", 0) == 0);
}

TEST_CASE("submission server runs PLAIN without initial response and LOGIN as challenges", "[smtp][server][auth]") {
  ServerDriver d(submission_config());
  d.ehlo();
  CHECK(d.line("AUTH PLAIN") == "334 \r\n");
  CHECK(d.line(plain("bob", "secret")) == "235 2.7.0 Authentication successful\r\n");
  CHECK(d.all<CommandReceived>().back().verb.empty());  // a response, not a command

  ServerDriver l(submission_config());
  l.ehlo();
  CHECK(l.line("AUTH LOGIN") == "334 VXNlcm5hbWU6\r\n");
  CHECK(l.line(base64_encode("bob")) == "334 UGFzc3dvcmQ6\r\n");
  CHECK(l.line(base64_encode("secret")) == "235 2.7.0 Authentication successful\r\n");
}

TEST_CASE("submission server handles cancelled, undecodable and unknown AUTH", "[smtp][server][auth]") {
  ServerDriver d(submission_config());
  CHECK(d.line("AUTH PLAIN") == "503 5.5.1 Error: send HELO/EHLO first\r\n");
  d.ehlo();
  CHECK(d.line("AUTH CRAM-MD5") == "504 5.5.4 Error: unsupported authentication mechanism\r\n");
  d.line("AUTH LOGIN");
  CHECK(d.line("*") == "501 5.0.0 Authentication aborted\r\n");
  d.line("AUTH PLAIN");
  CHECK(d.line("not base64!") == "501 5.5.2 Error: cannot decode response\r\n");
  CHECK(d.line("NOOP") == "250 2.0.0 Ok\r\n");
  d.line("AUTH PLAIN " + plain("bob", "secret"));
  d.line("MAIL FROM:<bob@b.example>");
  CHECK(d.line("AUTH PLAIN x") == "503 5.5.1 Error: MAIL transaction in progress\r\n");
}

TEST_CASE("a hung server never greets, never answers and arms no timer", "[smtp][server][fault]") {
  FaultConfig f;
  f.hang = true;
  ServerDriver d(relay_config(), f);
  CHECK(d.transmits.empty());
  CHECK(d.line("EHLO a.example").empty());
  CHECK(d.server.poll_timeout() == std::nullopt);
  CHECK(d.server.state() == ServerState::Connected);
}

TEST_CASE("forced greeting 421 closes, forced 554 leaves only QUIT", "[smtp][server][fault]") {
  FaultConfig f;
  f.forced = {{FaultPhase::Greeting, 421}};
  ServerDriver d(relay_config(), f);
  CHECK(d.transmits.at(0).bytes == "421 4.3.2 mx.b.example Service not available, closing transmission channel\r\n");
  CHECK(d.server.wants_close());

  f.forced = {{FaultPhase::Greeting, 554}};
  ServerDriver n(relay_config(), f);
  CHECK(n.transmits.at(0).bytes.rfind("554 5.0.0 Transaction failed", 0) == 0);
  CHECK(n.ehlo() == "503 5.5.1 Error: no SMTP service here\r\n");
  CHECK(n.line("QUIT").rfind("221 ", 0) == 0);
}

TEST_CASE("forced replies replace the answer of each phase", "[smtp][server][fault]") {
  FaultConfig f;
  f.forced = {{FaultPhase::Ehlo, 451}};
  ServerDriver e(relay_config(), f);
  CHECK(e.ehlo() == "451 4.3.0 Requested action aborted: local error in processing\r\n");

  f.forced = {{FaultPhase::Mail, 452}};
  ServerDriver m(relay_config(), f);
  m.ehlo();
  CHECK(m.line("MAIL FROM:<alice@a.example>") == "452 4.3.1 Requested action not taken: insufficient system storage\r\n");

  f.forced = {{FaultPhase::Rcpt, 550}};
  ServerDriver r(relay_config(), f);
  r.ehlo();
  r.line("MAIL FROM:<alice@a.example>");
  CHECK(r.line("RCPT TO:<bob@b.example>").rfind("550 5.1.1 Requested action not taken", 0) == 0);

  ServerDriver dt = [] {
    FaultConfig g;
    g.forced = {{FaultPhase::Data, 554}};
    ServerDriver x(relay_config(), g);
    x.ehlo();
    x.line("MAIL FROM:<alice@a.example>");
    x.line("RCPT TO:<bob@b.example>");
    return x;
  }();
  CHECK(dt.line("DATA").rfind("554 5.0.0 ", 0) == 0);

  ServerDriver dot(relay_config());
  dot.ehlo();
  dot.line("MAIL FROM:<alice@a.example>");
  dot.line("RCPT TO:<bob@b.example>");
  dot.line("DATA");
  dot.server.set_faults(FaultConfig{false, {{FaultPhase::Dot, 552}}, false, false});  // set mid-session
  CHECK(dot.send("x\r\n.\r\n") == "552 5.3.4 Requested mail action aborted: exceeded storage allocation\r\n");
  CHECK(dot.all<MessageReceived>().empty());

  f.forced = {{FaultPhase::Mail, 421}};
  ServerDriver c(relay_config(), f);
  c.ehlo();
  CHECK(c.line("MAIL FROM:<alice@a.example>").rfind("421 4.3.2 mx.b.example Service not available", 0) == 0);
  CHECK(c.server.wants_close());
}

TEST_CASE("a full disk answers 452 4.3.1 at MAIL, RCPT and the end of data", "[smtp][server][fault]") {
  FaultConfig full;
  full.disk_full = true;
  ServerDriver d(relay_config(), full);
  d.ehlo();
  CHECK(d.line("MAIL FROM:<alice@a.example>") == "452 4.3.1 Insufficient system storage\r\n");
  d.server.set_faults({});
  d.line("MAIL FROM:<alice@a.example>");
  d.server.set_faults(full);
  CHECK(d.line("RCPT TO:<bob@b.example>") == "452 4.3.1 Insufficient system storage\r\n");
  d.server.set_faults({});
  d.line("RCPT TO:<bob@b.example>");
  d.line("DATA");
  d.server.set_faults(full);
  CHECK(d.send("x\r\n.\r\n") == "452 4.3.1 Insufficient system storage\r\n");
}

TEST_CASE("greylisting defers the first attempt with 451 4.7.1 and accepts the retry", "[smtp][server][fault]") {
  FaultConfig f;
  f.greylisting = true;
  Greylist memory;
  {
    ServerDriver first(relay_config(), f, &memory);
    first.ehlo();
    first.line("MAIL FROM:<alice@a.example>");
    CHECK(first.line("RCPT TO:<bob@b.example>") ==
          "451 4.7.1 <bob@b.example>: Recipient address rejected: Greylisted, try again later\r\n");
    CHECK(first.line("RCPT TO:<bob@b.example>") == "250 2.1.5 Ok\r\n");  // same session, same pair
  }
  ServerDriver retry(relay_config(), f, &memory);
  retry.ehlo();
  retry.line("MAIL FROM:<alice@a.example>");
  CHECK(retry.line("RCPT TO:<bob@b.example>") == "250 2.1.5 Ok\r\n");
  CHECK(retry.line("RCPT TO:<carol@b.example>").rfind("451 4.7.1 ", 0) == 0);  // a new pair
  CHECK(memory.size() == 2);
}

TEST_CASE("a refused EHLO leaves the session unopened", "[smtp][server][fault]") {
  FaultConfig f;
  f.forced = {{FaultPhase::Ehlo, 550}};
  ServerDriver d(relay_config(), f);
  CHECK(d.ehlo().rfind("550 ", 0) == 0);
  CHECK(d.server.state() == ServerState::Greeted);
  CHECK(d.line("MAIL FROM:<alice@a.example>").rfind("503 5.5.1 ", 0) == 0);
}

TEST_CASE("a decision after the client left sends nothing", "[smtp][server]") {
  ServerDriver d(relay_config());
  d.send("EHLO a\r\nMAIL FROM:<a@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\r\nx\r\n.\r\n");
  REQUIRE(d.server.state() == ServerState::DataDone);
  d.server.handle_eof(d.now);
  d.server.accept_message("Q9", d.now);
  CHECK(d.pump().empty());
  CHECK(d.server.wants_close());
}
