// POP3 server engine: RFC 1939 example session, UPDATE-only deletion, RSET, [IN-USE],
// wrong-state and unknown commands, byte-stuffing, TOP, UIDL, line limits, autologout,
// random bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "pop3_pair_harness.hpp"
#include "protocols/pop3/pop3_server.hpp"

using namespace protocols;
using namespace protocols::pop3;

namespace {

std::string message_of_size(std::size_t n, std::string_view subject) {
  std::string m = "Subject: " + std::string(subject) + "\r\n\r\n";
  while (m.size() + 7 <= n) m += "hello\r\n";
  while (m.size() + 2 < n) m += "x";
  m += "\r\n";
  REQUIRE(m.size() == n);
  return m;
}

store::Store rfc_store() {
  store::Store s;
  s.add_user("mrose", "tanstaaf");
  s.append("mrose", "INBOX", message_of_size(120, "one"), {}, at_ns(0));
  s.append("mrose", "INBOX", message_of_size(200, "two"), {}, at_ns(0));
  return s;
}

ServerConfig rfc_config() {
  ServerConfig c;
  c.hostname = "dewey";
  c.apop_timestamp = "<1896.697170952@dbc.mtview.ca.us>";
  return c;
}

// Feeds one line and returns what the server sent back.
std::string say(Server& s, std::string_view line, Instant now = at_ns(0)) {
  s.handle_bytes(std::string(line) + "\r\n", now);
  std::string out;
  while (auto t = s.poll_transmit()) out += t->bytes;
  return out;
}

std::string greet(Server& s) {
  s.handle_connected(at_ns(0));
  std::string out;
  while (auto t = s.poll_transmit()) out += t->bytes;
  return out;
}

}  // namespace

TEST_CASE("server runs the RFC 1939 §10 example session", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  CHECK(greet(s) == "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n");
  CHECK(say(s, "APOP mrose c4c9334bac560ecc979e58001b3e22fb") ==
        "+OK mrose's maildrop has 2 messages (320 octets)\r\n");
  CHECK(s.state() == State::Transaction);
  CHECK(say(s, "STAT") == "+OK 2 320\r\n");
  CHECK(say(s, "LIST") == "+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n");
  std::string retr = say(s, "RETR 1");
  CHECK(retr.rfind("+OK 120 octets\r\nSubject: one\r\n", 0) == 0);
  CHECK(retr.substr(retr.size() - 5) == "\r\n.\r\n");
  CHECK(say(s, "DELE 1") == "+OK message 1 deleted\r\n");
  CHECK(say(s, "RETR 2").rfind("+OK 200 octets\r\n", 0) == 0);
  CHECK(say(s, "DELE 2") == "+OK message 2 deleted\r\n");
  CHECK(say(s, "QUIT") == "+OK dewey POP3 server signing off (maildrop empty)\r\n");
  CHECK(s.wants_close());
  CHECK(st.folder("mrose", "INBOX")->messages.empty());
  CHECK_FALSE(st.maildrop_locked("mrose"));
}

TEST_CASE("server labels replies with their first line", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  greet(s);
  say(s, "USER mrose");
  say(s, "PASS tanstaaf");
  s.handle_bytes("RETR 1\r\n", at_ns(0));
  auto t = s.poll_transmit();
  REQUIRE(t);
  CHECK(t->label == Label{Proto::POP3, LabelKind::Reply, "+OK 120 octets"});
}

TEST_CASE("DELE only marks: messages go only when QUIT enters UPDATE", "[protocols][pop3]") {
  store::Store st = rfc_store();
  {
    Server s(st, rfc_config());
    greet(s);
    say(s, "USER mrose");
    say(s, "PASS tanstaaf");
    CHECK(say(s, "DELE 1") == "+OK message 1 deleted\r\n");
    CHECK(say(s, "RETR 1") == "-ERR message 1 already deleted\r\n");
    CHECK(say(s, "STAT") == "+OK 1 200\r\n");
    CHECK(say(s, "LIST") == "+OK 1 messages (200 octets)\r\n2 200\r\n.\r\n");
    CHECK(st.folder("mrose", "INBOX")->messages.size() == 2);
    s.handle_eof(at_ns(1));  // RFC 1939 §6: no QUIT, no UPDATE: the session just ends
    CHECK(s.state() == State::Closed);
  }
  CHECK(st.folder("mrose", "INBOX")->messages.size() == 2);
  CHECK_FALSE(st.maildrop_locked("mrose"));
  Server s(st, rfc_config());
  greet(s);
  say(s, "USER mrose");
  say(s, "PASS tanstaaf");
  say(s, "DELE 2");
  CHECK(say(s, "QUIT") == "+OK dewey POP3 server signing off (1 messages left)\r\n");
  CHECK(s.state() == State::Update);
  REQUIRE(st.folder("mrose", "INBOX")->messages.size() == 1);
  CHECK(st.folder("mrose", "INBOX")->messages[0].uid == 1);
}

TEST_CASE("RSET unmarks every message marked as deleted", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  greet(s);
  say(s, "USER mrose");
  say(s, "PASS tanstaaf");
  say(s, "DELE 1");
  say(s, "DELE 2");
  CHECK(say(s, "STAT") == "+OK 0 0\r\n");
  CHECK(say(s, "RSET") == "+OK maildrop has 2 messages (320 octets)\r\n");
  CHECK(say(s, "STAT") == "+OK 2 320\r\n");
  say(s, "QUIT");
  CHECK(st.folder("mrose", "INBOX")->messages.size() == 2);
}

TEST_CASE("a second session on a locked maildrop gets -ERR [IN-USE]", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server a(st, rfc_config()), b(st, rfc_config());
  greet(a);
  greet(b);
  say(a, "USER mrose");
  CHECK(say(a, "PASS tanstaaf").rfind("+OK", 0) == 0);
  say(b, "USER mrose");
  CHECK(say(b, "PASS tanstaaf") == "-ERR [IN-USE] maildrop already locked by another session\r\n");
  CHECK(b.state() == State::Authorization);
  say(a, "QUIT");
  say(b, "USER mrose");
  CHECK(say(b, "PASS tanstaaf").rfind("+OK", 0) == 0);
}

TEST_CASE("bad passwords and digests get -ERR [AUTH]", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  greet(s);
  CHECK(say(s, "PASS tanstaaf") == "-ERR USER first\r\n");
  say(s, "USER mrose");
  CHECK(say(s, "PASS wrong") == "-ERR [AUTH] invalid user name or password\r\n");
  CHECK(say(s, "APOP mrose 00000000000000000000000000000000") == "-ERR [AUTH] permission denied\r\n");
  CHECK(say(s, "APOP mrose C4C9334BAC560ECC979E58001B3E22FB").rfind("+OK", 0) == 0);
}

TEST_CASE("commands in the wrong state and unknown commands get -ERR and the session goes on",
          "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  greet(s);
  CHECK(say(s, "STAT") == "-ERR STAT not valid in this state\r\n");
  CHECK(say(s, "RETR 1") == "-ERR RETR not valid in this state\r\n");
  CHECK(say(s, "HELO there") == "-ERR unknown command\r\n");
  CHECK(say(s, "") == "-ERR unknown command\r\n");
  say(s, "user mrose");  // keywords are case-insensitive (RFC 1939 §3)
  say(s, "pass tanstaaf");
  CHECK(say(s, "USER mrose") == "-ERR USER not valid in this state\r\n");
  CHECK(say(s, "RETR") == "-ERR wrong number of arguments for RETR\r\n");
  CHECK(say(s, "RETR 9") == "-ERR no such message\r\n");
  CHECK(say(s, "RETR x") == "-ERR no such message\r\n");
  CHECK(say(s, "NOOP") == "+OK\r\n");
  bool violation = false;
  while (auto e = s.poll_event()) violation |= std::holds_alternative<PeerViolation>(*e);
  CHECK(violation);
}

TEST_CASE("multi-line replies byte-stuff lines that begin with a dot", "[protocols][pop3]") {
  store::Store st;
  st.add_user("u", "p");
  st.append("u", "INBOX", "Subject: dots\r\n\r\n.hidden\r\n..two\r\nplain\r\n", {}, at_ns(0));
  Server s(st, {});
  greet(s);
  say(s, "USER u");
  say(s, "PASS p");
  CHECK(say(s, "RETR 1") == "+OK 40 octets\r\nSubject: dots\r\n\r\n..hidden\r\n...two\r\nplain\r\n.\r\n");
}

TEST_CASE("TOP sends the header, the blank line and n body lines", "[protocols][pop3]") {
  store::Store st;
  st.add_user("u", "p");
  st.append("u", "INBOX", "From: a@b\r\nSubject: t\r\n\r\nl1\r\nl2\r\nl3\r\n", {}, at_ns(0));
  Server s(st, {});
  greet(s);
  say(s, "USER u");
  say(s, "PASS p");
  // "+OK <n> octets" as RETR says it: the header and blank line are 25 octets.
  CHECK(say(s, "TOP 1 0") == "+OK 25 octets\r\nFrom: a@b\r\nSubject: t\r\n\r\n.\r\n");
  CHECK(say(s, "TOP 1 2") == "+OK 33 octets\r\nFrom: a@b\r\nSubject: t\r\n\r\nl1\r\nl2\r\n.\r\n");
  CHECK(say(s, "TOP 1 99").find("l3\r\n.\r\n") != std::string::npos);
  CHECK(say(s, "TOP 1 x") == "-ERR invalid line count\r\n");
}

TEST_CASE("UIDL gives ids that stay the same across sessions", "[protocols][pop3]") {
  store::Store st = rfc_store();
  std::string first, second;
  for (std::string* out : {&first, &second}) {
    Server s(st, rfc_config());
    greet(s);
    say(s, "USER mrose");
    say(s, "PASS tanstaaf");
    *out = say(s, "UIDL");
    CHECK(say(s, "UIDL 2") == "+OK 2 1.2\r\n");
    say(s, "QUIT");
  }
  CHECK(first == "+OK\r\n1 1.1\r\n2 1.2\r\n.\r\n");
  CHECK(first == second);
}

TEST_CASE("CAPA lists the RFC 2449 capabilities in both states", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  greet(s);
  std::string capa = say(s, "CAPA");
  CHECK(capa.rfind("+OK Capability list follows\r\n", 0) == 0);
  for (auto cap : {"TOP\r\n", "USER\r\n", "UIDL\r\n", "RESP-CODES\r\n", "PIPELINING\r\n"})
    CHECK(capa.find(cap) != std::string::npos);
  say(s, "USER mrose");
  say(s, "PASS tanstaaf");
  CHECK(say(s, "CAPA") == capa);
}

TEST_CASE("pipelined commands are answered in order", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  greet(s);
  CHECK(say(s, "USER mrose\r\nPASS tanstaaf\r\nSTAT\r\nNOOP") ==
        "+OK send PASS\r\n+OK mrose's maildrop has 2 messages (320 octets)\r\n+OK 2 320\r\n+OK\r\n");
}

TEST_CASE("an over-long command line gets -ERR and the session continues", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  greet(s);
  CHECK(say(s, "USER " + std::string(300, 'a')) == "-ERR line too long\r\n");
  s.handle_bytes(std::string(400, 'b'), at_ns(0));  // no line end yet
  std::string out;
  while (auto t = s.poll_transmit()) out += t->bytes;
  CHECK(out == "-ERR line too long\r\n");
  CHECK(say(s, "bbbb") == "");  // the rest of that line is dropped
  CHECK(say(s, "USER mrose") == "+OK send PASS\r\n");
}

TEST_CASE("the autologout timer closes an idle session without UPDATE", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  greet(s);
  say(s, "USER mrose", at_ns(1'000'000'000));
  say(s, "PASS tanstaaf", at_ns(2'000'000'000));
  say(s, "DELE 1", at_ns(3'000'000'000));
  REQUIRE(s.poll_timeout());
  CHECK(*s.poll_timeout() == at_ns(3'000'000'000) + std::chrono::minutes(10));
  s.handle_timeout(at_ns(3'000'000'000) + std::chrono::minutes(9));
  CHECK_FALSE(s.wants_close());
  s.handle_timeout(at_ns(3'000'000'000) + std::chrono::minutes(10));
  CHECK(s.wants_close());
  CHECK_FALSE(s.poll_transmit());  // RFC 1939 §3: no response
  CHECK(st.folder("mrose", "INBOX")->messages.size() == 2);
  CHECK_FALSE(st.maildrop_locked("mrose"));
}

TEST_CASE("the default APOP timestamp is derived from the connection time", "[protocols][pop3]") {
  store::Store st = rfc_store();
  ServerConfig c;
  c.hostname = "pop.b.example";
  Server s(st, c);
  s.handle_connected(at_ns(12'000'000'345));
  CHECK(s.timestamp() == "<12.345@pop.b.example>");
}

namespace {
// RFC 1939 §3 and RFC 2449 §4: one reply is a status line, "+OK" or "-ERR" and optional
// text, at most 512 octets with its CR LF, of printable US-ASCII; a multi-line reply goes on
// with CR LF lines, each that starts with "." byte-stuffed, and ends with ".\r\n".
std::string pop3_reply_problem(const std::string& r) {
  std::size_t crlf = r.find("\r\n");
  if (crlf == std::string::npos) return "no CR LF";
  std::string_view status(r.data(), crlf);
  if (crlf + 2 > 512) return "status line over 512 octets";
  if (!(status == "+OK" || status == "-ERR" || status.starts_with("+OK ") || status.starts_with("-ERR ")))
    return "status is not +OK or -ERR";
  for (char ch : status)
    if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) return "control or 8-bit octet in the status line";
  if (crlf + 2 == r.size()) return "";
  if (!r.ends_with("\r\n.\r\n") && r.size() - (crlf + 2) != 3) return "multi-line reply not ended by .CRLF";
  for (std::size_t i = crlf + 2; i < r.size();) {
    std::size_t e = r.find("\r\n", i);
    if (e == std::string::npos) return "multi-line body line without CR LF";
    std::string_view line(r.data() + i, e - i);
    if (line.find('\n') != std::string_view::npos) return "bare LF in a body line";
    bool last = e + 2 == r.size();
    if (line.starts_with(".") && !last && !line.starts_with("..")) return "a body line starting with '.' not byte-stuffed";
    if (last && line != ".") return "the last line is not the terminator";
    i = e + 2;
  }
  return "";
}
}  // namespace

// Random input: every reply is well formed, one reply per line the server took as a
// command (and none for the tail of a too-long line), the state is valid, and the session
// still answers CAPA afterwards.
TEST_CASE("random bytes get well-formed POP3 replies and the session goes on", "[protocols][pop3]") {
  std::mt19937 rng(1939);
  int capa_answered = 0;
  for (int round = 0; round < 200; ++round) {
    store::Store st = rfc_store();
    Server s(st, rfc_config());
    s.handle_connected(at_ns(0));
    std::vector<std::string> words = {"USER mrose\r\n", "PASS tanstaaf\r\n", "RETR 1\r\n", "DELE 2\r\n",
                                      "TOP 1 3\r\n", "LIST\r\n", "QUIT\r\n", "\r\n", "\n", "UIDL\r\n", "CAPA\r\n",
                                      "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n", "RSET\r\n", "STAT 1\r\n"};
    std::vector<std::string> replies;
    std::size_t lines = 0;  // line ends fed: at most one reply each
    auto pump = [&] {
      while (auto t = s.poll_transmit()) replies.push_back(t->bytes);
      while (s.poll_event()) {}
    };
    pump();
    for (int i = 0; i < 50 && !s.wants_close(); ++i) {
      std::string chunk;
      if (rng() % 2) chunk = words[rng() % words.size()];
      else
        for (unsigned n = rng() % 40; n > 0; --n) chunk += static_cast<char>(rng() % 256);
      lines += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
      s.handle_bytes(chunk, at_ns(i));
      pump();
    }
    State now = s.state();
    CHECK((now == State::Authorization || now == State::Transaction || (now == State::Update && s.wants_close())));
    if (!s.wants_close()) {
      s.handle_bytes("\r\nCAPA\r\n", at_ns(100));  // end a partial line, then a valid command
      lines += 2;
      pump();
      REQUIRE(!replies.empty());
      CHECK(replies.back().starts_with("+OK"));
      CHECK(replies.back().find("\r\nUIDL\r\n") != std::string::npos);
      ++capa_answered;
    }
    for (const std::string& r : replies) {
      INFO("round " << round << ": " << r.substr(0, 80));
      CHECK(pop3_reply_problem(r) == "");
    }
    CHECK(replies.size() <= 1 + lines);  // the greeting, then at most one reply per line
  }
  CHECK(capa_answered > 50);  // the rest were closed by a QUIT among the random lines
}

TEST_CASE("server replays the RFC 1939 §10 dialogue line for line", "[protocols][pop3]") {
  store::Store st = rfc_store();
  Server s(st, rfc_config());
  s.handle_connected(at_ns(0));
  // RFC 1939 §10, with the message bodies elided by TOP 0 and the replies' free text as ours.
  constexpr std::string_view kDialogue = R"(
    S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
    C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
    S: +OK mrose's maildrop has 2 messages (320 octets)
    C: STAT
    S: +OK 2 320
    C: LIST
    S: +OK 2 messages (320 octets)
    S: 1 120
    S: 2 200
    S: .
    C: TOP 1 0
    S: +OK 16 octets
    S: Subject: one
    S:
    S: .
    C: DELE 1
    S: +OK message 1 deleted
    C: DELE 2
    S: +OK message 2 deleted
    C: QUIT
    S: +OK dewey POP3 server signing off (maildrop empty)
  )";
  CHECK(test_pair::replay_dialogue(s, kDialogue) == "");
  CHECK(st.folder("mrose", "INBOX")->messages.empty());
}

TEST_CASE("the command table says which states each command is valid in", "[protocols][pop3]") {
  bool retr = false, quit = false;
  for (const auto& c : Server::command_specs()) {
    if (c.verb == "RETR") retr = c.states == std::vector<State>{State::Transaction};
    if (c.verb == "QUIT") quit = c.states == std::vector<State>{State::Authorization, State::Transaction};
  }
  CHECK(retr);
  CHECK(quit);
}
