// The limits a server on a real port has (mailsim serve): a cap on commands per session and
// a refusal when the host's cap on simultaneous sessions is reached, in SMTP, POP3 and IMAP.
// Each is answered with the protocol's error, and the engine then wants the connection closed.
#include <catch2/catch.hpp>

#include "imap_session_helper.hpp"
#include "protocols/pop3/pop3_server.hpp"
#include "smtp/harness.hpp"

using namespace protocols;

namespace {

std::string drain_pop3(pop3::Server& s) {
  std::string out;
  while (auto t = s.poll_transmit()) out += t->bytes;
  return out;
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("SMTP server past max_commands answers 421 4.7.0 and closes", "[smtp][server][limits]") {
  smtp::ServerConfig c = smtp_test::relay_config();
  c.max_commands = 3;
  smtp_test::ServerDriver d(c);
  std::string out = d.send("NOOP\r\nFOO\r\nNOOP\r\nNOOP\r\nNOOP\r\n");  // an unknown command counts too
  CHECK(out == "250 2.0.0 Ok\r\n500 5.5.2 Error: command not recognized\r\n250 2.0.0 Ok\r\n"
               "421 4.7.0 mx.b.example Error: too many commands\r\n");
  CHECK(d.server.wants_close());
  CHECK(d.send("NOOP\r\n").empty());
}

TEST_CASE("SMTP server counts commands, not message lines", "[smtp][server][limits]") {
  smtp::ServerConfig c = smtp_test::relay_config();
  c.max_commands = 5;
  smtp_test::ServerDriver d(c);
  std::string out = d.send("EHLO a.example\r\nMAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\r\n"
                           "a\r\nb\r\nc\r\nd\r\ne\r\nf\r\n.\r\n");
  CHECK(out.find("354 ") != std::string::npos);
  CHECK(d.all<smtp::MessageReceived>().size() == 1);
  CHECK(!d.server.wants_close());
}

TEST_CASE("SMTP server over the connection cap greets with 421 4.7.0 and closes", "[smtp][server][limits]") {
  smtp::ServerConfig c = smtp_test::relay_config();
  c.over_connection_limit = true;
  smtp_test::ServerDriver d(c);
  REQUIRE(d.transmits.size() == 1);
  CHECK(d.transmits[0].bytes == "421 4.7.0 mx.b.example Error: too many connections\r\n");
  CHECK(d.server.wants_close());
}

TEST_CASE("POP3 server past max_commands answers -ERR [SYS/TEMP] and closes without UPDATE",
          "[pop3][server][limits]") {
  store::Store st;
  st.add_user("bob", "pw");
  st.append("bob", "INBOX", "Subject: x\r\n\r\nx\r\n", {}, at_ns(0));
  pop3::ServerConfig c;
  c.max_commands = 4;
  pop3::Server s(st, c);
  s.handle_connected(at_ns(0));
  drain_pop3(s);
  s.handle_bytes("USER bob\r\nPASS pw\r\nDELE 1\r\nNOOP\r\nQUIT\r\n", at_ns(1));
  std::string out = drain_pop3(s);
  CHECK(count(out, "+OK") == 4);
  CHECK(out.substr(out.rfind("-ERR")) == "-ERR [SYS/TEMP] too many commands\r\n");
  CHECK(s.wants_close());
  CHECK(st.folder("bob", "INBOX")->messages.size() == 1);  // the DELE was never applied
}

TEST_CASE("POP3 server over the connection cap greets with -ERR [SYS/TEMP]", "[pop3][server][limits]") {
  store::Store st;
  pop3::ServerConfig c;
  c.over_connection_limit = true;
  pop3::Server s(st, c);
  s.handle_connected(at_ns(0));
  CHECK(drain_pop3(s) == "-ERR [SYS/TEMP] too many connections, try again later\r\n");
  CHECK(s.wants_close());
}

TEST_CASE("IMAP server past max_commands says BYE and closes", "[imap][server][limits]") {
  store::Store st = imap_test::sample_store();
  imap::ServerConfig c;
  c.max_commands = 2;
  imap_test::Session s(st, c);
  std::string out = s.feed("a NOOP\r\nb ??\r\nc NOOP\r\n");  // a command that does not parse counts too
  CHECK(out.find("a OK") != std::string::npos);
  CHECK(out.find("b BAD") != std::string::npos);
  CHECK(out.find("c ") == std::string::npos);
  CHECK(out.substr(out.rfind("* ")) == "* BYE too many commands\r\n");
  CHECK(s.server.wants_close());
}

TEST_CASE("IMAP server over the connection cap greets with BYE", "[imap][server][limits]") {
  store::Store st = imap_test::sample_store();
  imap::ServerConfig c;
  c.over_connection_limit = true;
  imap_test::Session s(st, c);
  CHECK(s.greeting == "* BYE too many connections, try again later\r\n");
  CHECK(s.server.wants_close());
}
