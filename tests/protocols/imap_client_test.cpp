// IMAP client engine against the server engine (pair harness) and against hand-fed
// responses: scripted commands, state changes, literals both ways, IDLE, raw lines, labels.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "imap_session_helper.hpp"
#include "pop3_pair_harness.hpp"
#include "protocols/imap/imap_client.hpp"

using namespace protocols;
using namespace protocols::imap;

namespace {

using ImapPair = test_pair::Pair<Client, Server, ClientEvent, ServerEvent>;

std::string drain(Client& c) {
  std::string out;
  while (auto t = c.poll_transmit()) out += t->bytes;
  return out;
}

}  // namespace

TEST_CASE("client runs a scripted session against the server", "[protocols][imap][client]") {
  store::Store st = imap_test::sample_store();
  Server server(st, {});
  Client client;
  ImapPair pair(client, server);
  client.login("mrc", "secret");
  client.select("INBOX");
  std::string fetch_tag = client.fetch("3", "(BODY[1])");
  client.store("1", "+FLAGS", "\\Flagged");
  client.search("FLAGGED");
  client.list("", "*");
  client.logout();
  pair.connect();
  CHECK(fetch_tag == "a3");
  auto done = pair.client_events_of<CommandCompleted>();
  REQUIRE(done.size() == 7);
  for (const auto& d : done) CHECK(d.status == "OK");
  CHECK(done[0].code.rfind("CAPABILITY IMAP4rev1", 0) == 0);
  auto fetched = pair.client_events_of<MessageFetched>();
  bool body = false;
  for (const auto& f : fetched)
    if (f.seq == 3 && f.items.count("BODY[1]")) body = f.items.at("BODY[1]").text == "plain part\r\nok";
  CHECK(body);
  auto search = pair.client_events_of<SearchResult>();
  REQUIRE(search.size() == 1);
  CHECK(search[0].numbers == std::vector<std::uint32_t>{1});
  auto listed = pair.client_events_of<MailboxListed>();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].name == "INBOX");
  CHECK(listed[0].delimiter == "/");
  auto states = pair.client_events_of<StateChanged>();
  REQUIRE(states.size() == 3);
  CHECK(states[0].to == "Authenticated");
  CHECK(states[1].to == "Selected");
  CHECK(states[2].to == "Logout");
  CHECK(client.wants_close());
  bool cmd_label = false, reply_label = false;
  for (const auto& l : pair.labels) {
    cmd_label |= l == Label{Proto::IMAP, LabelKind::Command, "a3 FETCH 3 (BODY[1])"};
    reply_label |= l == Label{Proto::IMAP, LabelKind::Reply, "a3 OK FETCH completed"};
  }
  CHECK(cmd_label);
  CHECK(reply_label);
  CHECK(st.folder("mrc", "INBOX")->find(1)->flags.to_string() == "\\Flagged");
}

TEST_CASE("client appends with LITERAL+ when the server announces it", "[protocols][imap][client]") {
  store::Store st = imap_test::sample_store();
  Server server(st, {});
  Client client;
  ImapPair pair(client, server);
  client.login("mrc", "secret");
  const std::string msg = "Subject: {5}\r\n\r\nbody {3}\r\nxyz\r\n";  // literal-like text inside
  client.append("INBOX", msg, "\\Seen");
  pair.connect();
  CHECK(pair.to_server.find("a2 APPEND INBOX (\\Seen) {" + std::to_string(msg.size()) + "+}\r\n" + msg + "\r\n") !=
        std::string::npos);
  auto done = pair.client_events_of<CommandCompleted>();
  REQUIRE(done.size() == 2);
  CHECK(done[1].code == "APPENDUID 1 4");
  CHECK(st.folder("mrc", "INBOX")->find(4)->bytes() == "Subject: {5}\r\n\r\nbody {3}\r\nxyz\r\n");
}

TEST_CASE("client waits for + before a synchronizing literal", "[protocols][imap][client]") {
  Client client;
  client.handle_connected(Instant{});
  client.handle_bytes("* OK ready\r\n", Instant{});  // no LITERAL+ announced
  client.append("INBOX", "hello");
  CHECK(drain(client) == "a1 APPEND INBOX {5}\r\n");
  client.handle_bytes("+ go ahead\r\n", Instant{});
  CHECK(drain(client) == "hello\r\n");
  client.handle_bytes("a1 OK [APPENDUID 9 1] done\r\n", Instant{});
  std::vector<CommandCompleted> done;
  while (auto e = client.poll_event())
    if (auto d = std::get_if<CommandCompleted>(&*e)) done.push_back(*d);
  REQUIRE(done.size() == 1);
  CHECK(done[0].code == "APPENDUID 9 1");
  CHECK(client.drained());
}

TEST_CASE("client reads a FETCH literal fed one byte at a time", "[protocols][imap][client]") {
  Client client;
  client.handle_connected(Instant{});
  client.handle_bytes("* PREAUTH hi\r\n", Instant{});
  CHECK(client.state() == State::Authenticated);
  client.select("INBOX");
  drain(client);
  std::string resp = "* 1 FETCH (UID 7 BODY[] {7}\r\nab\r\ncd) FLAGS (\\Seen))\r\na1 OK done\r\nTRAILING";
  for (char c : resp) client.handle_bytes(std::string(1, c), Instant{});
  std::vector<MessageFetched> fetched;
  bool completed = false;
  while (auto e = client.poll_event()) {
    if (auto f = std::get_if<MessageFetched>(&*e)) fetched.push_back(*f);
    completed |= std::holds_alternative<CommandCompleted>(*e);
  }
  REQUIRE(fetched.size() == 1);
  CHECK(fetched[0].items.at("UID").text == "7");
  CHECK(fetched[0].items.at("BODY[]").text == "ab\r\ncd)");
  CHECK(fetched[0].items.at("FLAGS").items.at(0).text == "\\Seen");
  CHECK(completed);
  CHECK(client.state() == State::Selected);
}

TEST_CASE("client idles, hears another session's append, and ends with DONE", "[protocols][imap][client]") {
  store::Store st = imap_test::sample_store();
  Server server(st, {});
  Client client;
  ImapPair pair(client, server);
  client.login("mrc", "secret");
  client.select("INBOX");
  std::string idle_tag = client.idle();
  pair.connect();
  CHECK(pair.client_events_of<ClientIdling>().size() == 1);
  st.append("mrc", "INBOX", "Subject: new\r\n\r\nx\r\n", {}, Instant{});
  server.handle_store_changed(Instant{});
  REQUIRE(pair.run());
  bool exists = false;
  for (const auto& e : pair.client_events_of<ResponseReceived>())
    exists |= e.response.keyword == "EXISTS" && e.response.number == 4u;
  CHECK(exists);
  client.done();
  REQUIRE(pair.run());
  auto done = pair.client_events_of<CommandCompleted>();
  REQUIRE(done.size() == 3);
  CHECK(done[2].tag == idle_tag);
  CHECK(done[2].text == "IDLE terminated");
}

TEST_CASE("send_raw delivers a wrong command and the client reports the BAD", "[protocols][imap][client]") {
  store::Store st = imap_test::sample_store();
  Server server(st, {});
  Client client;
  ImapPair pair(client, server);
  client.send_raw("x1 FETCH 1 FLAGS");
  client.send_raw("(no tag at all");
  client.noop();
  pair.connect();
  auto done = pair.client_events_of<CommandCompleted>();
  REQUIRE(done.size() == 3);
  CHECK(done[0].tag == "x1");
  CHECK(done[0].status == "BAD");
  CHECK(done[1].status == "BAD");
  CHECK(done[1].command == "(no tag at all");
  CHECK(done[2].status == "OK");
}

// Random responses: every command the client sends is a CR LF line starting with one of
// its own tags (RFC 3501 §2.2.1) or, for APPEND, the literal's bytes; those bytes never leave
// before a "+" continuation line has arrived (§4.3: a synchronizing literal waits); each of
// its tags completes at most once; and the state it reports is one of §3's.
TEST_CASE("random responses: the IMAP client keeps to its tags and waits for the continuation", "[protocols][imap][client]") {
  std::mt19937 rng(7888);
  std::vector<std::string> words = {"* OK hi\r\n", "+ go\r\n", "a1 OK done\r\n", "* 1 FETCH (BODY[] {3}\r\n",
                                    "* SEARCH 1 2\r\n", "* LIST () \"/\" x\r\n", "* BYE\r\n", ")\r\n", "a2 OK done\r\n",
                                    "a1 NO no\r\n", "a3 BAD x\r\n"};
  int literals_sent = 0;
  for (int round = 0; round < 200; ++round) {
    Client c;
    c.handle_connected(Instant{});
    std::string t1 = c.login("u", "p");
    std::string t2 = c.append("INBOX", "xyz");
    std::string in, out;
    auto pump = [&](std::map<std::string, int>& completions) {
      while (auto t = c.poll_transmit()) out += t->bytes;
      while (auto e = c.poll_event()) {
        if (auto* d = std::get_if<CommandCompleted>(&*e)) {
          CHECK((d->tag == t1 || d->tag == t2));
          CHECK(++completions[d->tag] == 1);
        } else if (auto* sc = std::get_if<StateChanged>(&*e)) {
          bool known = false;
          for (State st : {State::NotAuthenticated, State::Authenticated, State::Selected, State::Logout})
            known |= sc->to == to_string(st);
          CHECK(known);
        }
      }
    };
    std::map<std::string, int> completions;
    pump(completions);
    bool continued = false;  // a line starting with "+" has arrived
    for (int i = 0; i < 30 && !c.wants_close(); ++i) {
      std::string chunk;
      if (rng() % 2) chunk = words[rng() % words.size()];
      else
        for (unsigned n = rng() % 30; n > 0; --n) chunk += static_cast<char>(rng() % 256);
      in += chunk;
      c.handle_bytes(chunk, Instant{});
      continued |= in.starts_with("+") || in.find("\n+") != std::string::npos;
      std::size_t before = out.size();
      pump(completions);
      if (out.find("xyz", before) != std::string::npos) {
        CHECK(continued);
        ++literals_sent;
      }
    }
    for (std::size_t i = 0; i < out.size();) {
      std::size_t e = out.find("\r\n", i);
      REQUIRE(e != std::string::npos);
      std::string_view line(out.data() + i, e - i);
      INFO("round " << round << ": " << line);
      CHECK((line.starts_with(t1 + " ") || line.starts_with(t2 + " ") || line == "xyz"));
      i = e + 2;
    }
  }
  CHECK(literals_sent > 10);
}
