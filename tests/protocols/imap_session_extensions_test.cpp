// IMAP server and client: AUTHENTICATE PLAIN (RFC 3501 §6.2.2, RFC 4616, SASL-IR RFC 4959),
// ID (RFC 2971) and ENABLE (RFC 5161), each success and each error path.
// "AG1yYwBzZWNyZXQ=" is base64 of NUL "mrc" NUL "secret".
#include <catch2/catch.hpp>

#include "imap_session_helper.hpp"
#include "pop3_pair_harness.hpp"
#include "protocols/imap/imap_client.hpp"

using namespace protocols;
using namespace protocols::imap;
using imap_test::Session;

namespace {
const std::string kAuthOk =
    "OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE UIDPLUS MOVE NAMESPACE ID ENABLE SASL-IR AUTH=PLAIN] AUTHENTICATE completed\r\n";
}  // namespace

TEST_CASE("server announces AUTH=PLAIN, SASL-IR, ID and ENABLE", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.greeting.find(" ID ENABLE SASL-IR AUTH=PLAIN] ") != std::string::npos);
  CHECK(s.say("a1 CAPABILITY") ==
        "* CAPABILITY IMAP4rev1 LITERAL+ IDLE UIDPLUS MOVE NAMESPACE ID ENABLE SASL-IR AUTH=PLAIN\r\na1 OK CAPABILITY completed\r\n");
}

TEST_CASE("AUTHENTICATE PLAIN with an initial response logs in (SASL-IR)", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 AUTHENTICATE PLAIN AG1yYwBzZWNyZXQ=") == "a1 " + kAuthOk);
  CHECK(s.server.state() == State::Authenticated);
  CHECK(s.say("a2 SELECT INBOX").find("a2 OK [READ-WRITE]") != std::string::npos);
  bool authenticated = false;
  while (auto e = s.server.poll_event())
    if (auto a = std::get_if<Authenticated>(&*e)) authenticated = a->user == "mrc";
  CHECK(authenticated);
}

TEST_CASE("AUTHENTICATE PLAIN without an initial response waits for the client's line", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 authenticate plain") == "+ \r\n");
  CHECK(s.server.state() == State::NotAuthenticated);
  CHECK(s.say("AG1yYwBzZWNyZXQ=") == "a1 " + kAuthOk);
  CHECK(s.server.state() == State::Authenticated);
  std::vector<std::string> commands;
  while (auto e = s.server.poll_event())
    if (auto c = std::get_if<CommandReceived>(&*e)) commands.push_back(c->tag + "|" + c->verb + "|" + c->line);
  CHECK(commands == std::vector<std::string>{"a1|AUTHENTICATE|a1 authenticate plain", "a1||AG1yYwBzZWNyZXQ="});
}

TEST_CASE("the continuation form works fed one byte at a time", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  std::string out;
  for (char c : std::string("a1 AUTHENTICATE PLAIN\r\nAG1yYwBzZWNyZXQ=\r\na2 NOOP\r\n")) out += s.feed(std::string(1, c));
  CHECK(out == "+ \r\na1 " + kAuthOk + "a2 OK NOOP completed\r\n");
}

TEST_CASE("a '*' line cancels AUTHENTICATE with BAD and the session goes on", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 AUTHENTICATE PLAIN") == "+ \r\n");
  CHECK(s.say("*") == "a1 BAD AUTHENTICATE cancelled\r\n");
  CHECK(s.server.state() == State::NotAuthenticated);
  CHECK(s.say("a2 NOOP") == "a2 OK NOOP completed\r\n");
  CHECK(s.say("a3 LOGIN mrc secret").rfind("a3 OK", 0) == 0);
}

TEST_CASE("invalid base64 gets BAD, in the initial response and on the next line", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 AUTHENTICATE PLAIN AG1yYw!!") == "a1 BAD invalid base64 in the initial response\r\n");
  CHECK(s.say("a2 AUTHENTICATE PLAIN") == "+ \r\n");
  CHECK(s.say("AG1yYwBzZWNyZXQ") == "a2 BAD invalid base64 in the SASL response\r\n");  // not a multiple of 4
  CHECK(s.say("a3 AUTHENTICATE PLAIN") == "+ \r\n");
  CHECK(s.say("a4 NOOP") == "a3 BAD invalid base64 in the SASL response\r\n");  // a command is no response
  CHECK(s.server.state() == State::NotAuthenticated);
  CHECK(s.say("a5 NOOP") == "a5 OK NOOP completed\r\n");
}

TEST_CASE("wrong credentials get NO [AUTHENTICATIONFAILED] in both forms", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 AUTHENTICATE PLAIN AG1yYwB3cm9uZw==") == "a1 NO [AUTHENTICATIONFAILED] invalid user name or password\r\n");
  CHECK(s.say("a2 AUTHENTICATE PLAIN") == "+ \r\n");
  CHECK(s.say("AG1yYwB3cm9uZw==") == "a2 NO [AUTHENTICATIONFAILED] invalid user name or password\r\n");
  CHECK(s.server.state() == State::NotAuthenticated);
  int failures = 0;
  while (auto e = s.server.poll_event()) failures += std::holds_alternative<AuthenticationFailed>(*e);
  CHECK(failures == 2);
}

TEST_CASE("malformed PLAIN messages, other mechanisms and the wrong state", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  const std::string malformed = " BAD malformed PLAIN message (expected authzid NUL user NUL password)\r\n";
  CHECK(s.say("a1 AUTHENTICATE PLAIN bXJjc2VjcmV0") == "a1" + malformed);      // no NUL at all
  CHECK(s.say("a2 AUTHENTICATE PLAIN AG1yYwBzZWMAcmV0") == "a2" + malformed);  // three NULs
  CHECK(s.say("a3 AUTHENTICATE PLAIN =") == "a3" + malformed);                  // empty (RFC 4959 "=")
  CHECK(s.say("a4 AUTHENTICATE PLAIN ZnJlZABtcmMAc2VjcmV0") == "a4 NO [AUTHORIZATIONFAILED] mrc may not act as fred\r\n");
  CHECK(s.say("a5 AUTHENTICATE CRAM-MD5") == "a5 NO unsupported authentication mechanism CRAM-MD5\r\n");
  CHECK(s.say("a6 AUTHENTICATE").rfind("a6 BAD AUTHENTICATE needs a mechanism", 0) == 0);
  CHECK(s.say("a7 AUTHENTICATE PLAIN a b").rfind("a7 BAD", 0) == 0);
  CHECK(s.say("a8 AUTHENTICATE PLAIN \"AG1yYwBzZWNyZXQ=\"").rfind("a8 BAD", 0) == 0);
  CHECK(s.server.state() == State::NotAuthenticated);
  CHECK(s.say("a9 AUTHENTICATE PLAIN bXJjAG1yYwBzZWNyZXQ=") == "a9 " + kAuthOk);  // authzid = user is fine
  CHECK(s.say("b1 AUTHENTICATE PLAIN AG1yYwBzZWNyZXQ=") ==
        "b1 BAD AUTHENTICATE not allowed in the Authenticated state\r\n");
}

TEST_CASE("a refused line while AUTHENTICATE waits ends the exchange with BAD", "[protocols][imap][auth]") {
  store::Store st = imap_test::sample_store();
  ServerConfig cfg;
  cfg.limits.max_line = 40;
  Session s(st, cfg);
  CHECK(s.say("a1 AUTHENTICATE PLAIN") == "+ \r\n");
  CHECK(s.say(std::string(60, 'A')) == "a1 BAD authentication exchange failed: command line too long\r\n");
  CHECK(s.say("a2 NOOP") == "a2 OK NOOP completed\r\n");
}

TEST_CASE("ID answers with the server's name to NIL or a list of pairs in any state", "[protocols][imap][id]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  const std::string id = "* ID (\"name\" \"MailSim\" \"version\" \"" MAILSIM_VERSION "\" \"vendor\" \"MailSim\")\r\n";
  CHECK(s.say("a1 ID NIL") == id + "a1 OK ID completed\r\n");
  CHECK(s.say("a2 ID (\"name\" \"Thunderbird\" \"version\" \"115.0\" \"os\" NIL)") == id + "a2 OK ID completed\r\n");
  CHECK(s.say("a3 ID ()") == id + "a3 OK ID completed\r\n");
  s.say("a4 LOGIN mrc secret");
  s.say("a5 SELECT INBOX");
  CHECK(s.say("a6 id nil") == id + "a6 OK ID completed\r\n");
}

TEST_CASE("a malformed ID gets BAD", "[protocols][imap][id]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 ID") == "a1 BAD ID needs one parenthesised list or NIL\r\n");
  CHECK(s.say("a2 ID \"name\"") == "a2 BAD ID needs one parenthesised list or NIL\r\n");
  CHECK(s.say("a3 ID NIL NIL") == "a3 BAD ID needs one parenthesised list or NIL\r\n");
  CHECK(s.say("a4 ID (\"name\")") == "a4 BAD ID list needs field and value pairs\r\n");
  CHECK(s.say("a5 ID (name \"x\")") == "a5 BAD ID field names are strings of at most 30 octets\r\n");
  CHECK(s.say("a6 ID (\"" + std::string(31, 'n') + "\" \"x\")") ==
        "a6 BAD ID field names are strings of at most 30 octets\r\n");
  CHECK(s.say("a7 ID (\"name\" (\"x\"))") == "a7 BAD ID values are strings of at most 1024 octets or NIL\r\n");
  CHECK(s.say("a8 ID (\"name\" \"" + std::string(1025, 'v') + "\")") ==
        "a8 BAD ID values are strings of at most 1024 octets or NIL\r\n");
  std::string many = "a9 ID (";
  for (int i = 0; i < 31; ++i) many += (i ? " \"f" : "\"f") + std::to_string(i) + "\" NIL";
  CHECK(s.say(many + ")") == "a9 BAD ID list has more than 30 fields\r\n");
  CHECK(s.say("b1 ID (\"name\" \"x\"") .rfind("b1 BAD", 0) == 0);  // unterminated list
  CHECK(s.say("b2 NOOP") == "b2 OK NOOP completed\r\n");
}

TEST_CASE("ENABLE is valid only when authenticated and enables nothing MailSim lacks", "[protocols][imap][enable]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 ENABLE CONDSTORE") == "a1 BAD ENABLE not allowed in the Not Authenticated state\r\n");
  s.say("a2 LOGIN mrc secret");
  CHECK(s.say("a3 ENABLE CONDSTORE UTF8=ACCEPT X-UNKNOWN") == "* ENABLED\r\na3 OK ENABLE completed\r\n");
  CHECK(s.say("a4 ENABLE") == "a4 BAD ENABLE needs at least one capability\r\n");
  CHECK(s.say("a5 ENABLE \"CONDSTORE\"") == "a5 BAD ENABLE takes capability names\r\n");
  s.say("a6 SELECT INBOX");
  CHECK(s.say("a7 ENABLE CONDSTORE") == "a7 BAD ENABLE not allowed in the Selected state\r\n");
}

namespace {
using ImapPair = test_pair::Pair<Client, Server, ClientEvent, ServerEvent>;
}  // namespace

TEST_CASE("client authenticates with PLAIN in one line when the server has SASL-IR", "[protocols][imap][client][auth]") {
  store::Store st = imap_test::sample_store();
  Server server(st, {});
  Client client;
  ImapPair pair(client, server);
  client.authenticate_plain("mrc", "secret");
  client.id({{"name", "MailSim phone"}});
  client.enable("CONDSTORE");
  client.select("INBOX");
  pair.connect();
  auto done = pair.client_events_of<CommandCompleted>();
  REQUIRE(done.size() == 4);
  CHECK(done[0].command == "a1 AUTHENTICATE PLAIN AG1yYwBzZWNyZXQ=");
  CHECK(done[0].status == "OK");
  CHECK(done[1].command == "a2 ID (\"name\" \"MailSim phone\")");
  CHECK(done[2].command == "a3 ENABLE CONDSTORE");
  CHECK(done[3].status == "OK");
  CHECK(client.state() == State::Selected);
  CHECK(client.server_id().at("name") == "MailSim");
  CHECK(client.enabled().empty());
}

TEST_CASE("client sends the PLAIN response after '+' when asked to", "[protocols][imap][client][auth]") {
  store::Store st = imap_test::sample_store();
  Server server(st, {});
  Client client;
  ImapPair pair(client, server);
  client.authenticate_plain("mrc", "wrong", false);
  client.authenticate_plain("mrc", "secret", false);
  pair.connect();
  auto done = pair.client_events_of<CommandCompleted>();
  REQUIRE(done.size() == 2);
  CHECK(done[0].command == "a1 AUTHENTICATE PLAIN");
  CHECK(done[0].status == "NO");
  CHECK(done[0].code == "AUTHENTICATIONFAILED");
  CHECK(done[1].status == "OK");
  CHECK(client.state() == State::Authenticated);
  bool sasl_label = false;
  for (const auto& l : pair.labels) sasl_label |= l == Label{Proto::IMAP, LabelKind::Command, "AG1yYwBzZWNyZXQ="};
  CHECK(sasl_label);
}

TEST_CASE("client waits for '+' when the server lacks SASL-IR", "[protocols][imap][client][auth]") {
  Client client;
  client.handle_bytes("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n", Instant{});
  client.authenticate_plain("mrc", "secret");
  std::string out;
  while (auto t = client.poll_transmit()) out += t->bytes;
  CHECK(out == "a1 AUTHENTICATE PLAIN\r\n");
  client.handle_bytes("+ \r\n", Instant{});
  out.clear();
  while (auto t = client.poll_transmit()) out += t->bytes;
  CHECK(out == "AG1yYwBzZWNyZXQ=\r\n");
  client.handle_bytes("a1 OK done\r\n* ENABLED CONDSTORE\r\n", Instant{});
  CHECK(client.state() == State::Authenticated);
  CHECK(client.enabled() == std::vector<std::string>{"CONDSTORE"});
}
