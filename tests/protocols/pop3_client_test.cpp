// POP3 client engine against the server engine over the pair harness: download-and-delete,
// download-and-keep with the host-owned seen-UID memory and keep-for-N-days, APOP, TOP
// listing, failed login, send_raw, and random replies.
#include <catch2/catch.hpp>

#include <random>

#include "pop3_pair_harness.hpp"
#include "protocols/pop3/md5.hpp"
#include "protocols/pop3/pop3_client.hpp"
#include "protocols/pop3/pop3_server.hpp"

using namespace protocols;
using namespace protocols::pop3;

namespace {

using Pop3Pair = test_pair::Pair<Client, Server, ClientEvent, ServerEvent>;

store::Store two_messages() {
  store::Store s;
  s.add_user("bob", "hunter2");
  s.append("bob", "INBOX", "Subject: first\r\n\r\nline one\r\n.dot line\r\n", {}, at_ns(0));
  s.append("bob", "INBOX", "Subject: second\r\n\r\nbody\r\n", {}, at_ns(0));
  return s;
}

ClientJob job_for(std::string user, std::string password) {
  ClientJob j;
  j.user = std::move(user);
  j.password = std::move(password);
  return j;
}

constexpr std::int64_t kDay = 86'400'000'000'000;

struct Run {
  std::vector<MessageDownloaded> downloaded;
  std::vector<MessageDeleted> deleted;
  std::vector<JobFinished> finished;
  SeenMemory memory;
  std::string to_server;
};

Run fetch(store::Store& st, ClientJob job, SeenMemory memory, Instant now) {
  Server server(st, {});
  Client client(std::move(job), std::move(memory));
  Pop3Pair pair(client, server, now);
  pair.connect();
  Run r;
  r.downloaded = pair.client_events_of<MessageDownloaded>();
  r.deleted = pair.client_events_of<MessageDeleted>();
  r.finished = pair.client_events_of<JobFinished>();
  r.memory = client.memory();
  r.to_server = pair.to_server;
  return r;
}

}  // namespace

TEST_CASE("download-and-delete fetches every message and empties the maildrop", "[protocols][pop3][client]") {
  store::Store st = two_messages();
  ClientJob job = job_for("bob", "hunter2");
  Run r = fetch(st, job, {}, at_ns(0));
  REQUIRE(r.finished.size() == 1);
  CHECK(r.finished[0].ok);
  REQUIRE(r.downloaded.size() == 2);
  CHECK(r.downloaded[0].bytes == "Subject: first\r\n\r\nline one\r\n.dot line\r\n");  // unstuffed
  CHECK(r.downloaded[0].uid == "1.1");
  CHECK(r.deleted.size() == 2);
  CHECK(st.folder("bob", "INBOX")->messages.empty());
  CHECK(r.to_server.find("USER bob\r\nPASS hunter2\r\nSTAT\r\nUIDL\r\nLIST\r\nRETR 1\r\nDELE 1\r\n") !=
        std::string::npos);
}

TEST_CASE("download-and-keep downloads only new messages and leaves them on the server",
          "[protocols][pop3][client]") {
  store::Store st = two_messages();
  ClientJob job = job_for("bob", "hunter2");
  job.mode = Mode::DownloadAndKeep;
  Run first = fetch(st, job, {}, at_ns(0));
  CHECK(first.downloaded.size() == 2);
  CHECK(first.memory.first_seen.size() == 2);
  CHECK(st.folder("bob", "INBOX")->messages.size() == 2);
  st.append("bob", "INBOX", "Subject: third\r\n\r\nnew\r\n", {}, at_ns(5));
  Run second = fetch(st, job, first.memory, at_ns(10));
  REQUIRE(second.downloaded.size() == 1);
  CHECK(second.downloaded[0].uid == "1.3");
  CHECK(second.memory.first_seen.at("1.1") == at_ns(0));
  CHECK(second.memory.first_seen.at("1.3") == at_ns(10));
  CHECK(st.folder("bob", "INBOX")->messages.size() == 3);
}

TEST_CASE("keep for N days deletes messages first seen at least N days ago", "[protocols][pop3][client]") {
  store::Store st = two_messages();
  ClientJob job = job_for("bob", "hunter2");
  job.mode = Mode::DownloadAndKeep;
  job.keep_for = std::chrono::hours(24 * 7);
  Run first = fetch(st, job, {}, at_ns(0));
  st.append("bob", "INBOX", "Subject: later\r\n\r\nx\r\n", {}, at_ns(3 * kDay));
  Run mid = fetch(st, job, first.memory, at_ns(3 * kDay));
  CHECK(mid.deleted.empty());
  CHECK(mid.downloaded.size() == 1);
  Run week = fetch(st, job, mid.memory, at_ns(7 * kDay));
  CHECK(week.downloaded.empty());
  REQUIRE(week.deleted.size() == 2);
  REQUIRE(st.folder("bob", "INBOX")->messages.size() == 1);
  CHECK(st.folder("bob", "INBOX")->messages[0].uid == 3);
  CHECK(week.memory.first_seen.size() == 1);  // deleted UIDs are forgotten
  CHECK(week.memory.first_seen.count("1.3") == 1);
}

TEST_CASE("the client logs in with APOP using the greeting's timestamp", "[protocols][pop3][client]") {
  store::Store st = two_messages();
  ServerConfig cfg;
  cfg.apop_timestamp = "<1.2@pop.example>";
  Server server(st, cfg);
  ClientJob job = job_for("bob", "hunter2");
  job.use_apop = true;
  job.retrieve = false;
  job.list_with_top = true;
  Client client(job);
  Pop3Pair pair(client, server);
  pair.connect();
  CHECK(pair.to_server.find("APOP bob " + md5_hex("<1.2@pop.example>hunter2") + "\r\n") != std::string::npos);
  CHECK(pair.to_server.find("PASS") == std::string::npos);
  auto headers = pair.client_events_of<HeadersFetched>();
  REQUIRE(headers.size() == 2);
  CHECK(headers[1].text == "Subject: second\r\n\r\n");
  CHECK(pair.client_events_of<MessageDownloaded>().empty());
  // retrieve = false in delete mode still deletes: that is what the job said.
  CHECK(pair.client_events_of<JobFinished>().at(0).ok);
}

TEST_CASE("a failed login ends the job with a reason after QUIT", "[protocols][pop3][client]") {
  store::Store st = two_messages();
  Server server(st, {});
  Client client(job_for("bob", "wrong"));
  Pop3Pair pair(client, server);
  pair.connect();
  auto fin = pair.client_events_of<JobFinished>();
  REQUIRE(fin.size() == 1);
  CHECK_FALSE(fin[0].ok);
  CHECK(fin[0].reason.find("[AUTH]") != std::string::npos);
  CHECK(pair.to_server.substr(pair.to_server.size() - 6) == "QUIT\r\n");
  CHECK(st.folder("bob", "INBOX")->messages.size() == 2);
}

TEST_CASE("client commands carry POP3 command labels", "[protocols][pop3][client]") {
  store::Store st = two_messages();
  Server server(st, {});
  Client client(job_for("bob", "hunter2"));
  Pop3Pair pair(client, server);
  pair.connect();
  bool retr = false, reply = false;
  for (const auto& l : pair.labels) {
    retr |= l == Label{Proto::POP3, LabelKind::Command, "RETR 1"};
    reply |= l.kind == LabelKind::Reply && l.text.rfind("+OK", 0) == 0 && l.text.find("octets") != std::string::npos;
  }
  CHECK(retr);
  CHECK(reply);
  auto states = pair.client_events_of<StateChanged>();
  REQUIRE(states.size() == 2);
  CHECK(states[1].to == "UPDATE");
}

TEST_CASE("send_raw sends a wrong command and reports the -ERR", "[protocols][pop3][client]") {
  store::Store st = two_messages();
  Server server(st, {});
  Client client(job_for("bob", "hunter2"));
  Pop3Pair pair(client, server);
  server.handle_connected(pair.now);
  client.handle_connected(pair.now);
  client.send_raw("STAT");
  REQUIRE(pair.run());
  auto replies = pair.client_events_of<ReplyReceived>();
  bool saw = false;
  for (const auto& r : replies) saw |= r.command == "STAT" && !r.ok;
  CHECK(saw);  // STAT before login: wrong state
  CHECK(pair.client_events_of<JobFinished>().at(0).ok);
}

// Random replies: every command the client sends is one line of printable US-ASCII within
// RFC 2449 §4's 255 octets, it speaks only after a status line has arrived for each
// command before (no pipelining was offered: RFC 1939 §3), nothing follows QUIT, and the
// job ends at most once.
TEST_CASE("random replies: the POP3 client sends well-formed commands one at a time", "[protocols][pop3][client]") {
  std::mt19937 rng(2449);
  int commands_seen = 0;
  for (int round = 0; round < 200; ++round) {
    Client c(job_for("u", "p"));
    c.handle_connected(at_ns(0));
    std::vector<std::string> words = {"+OK <a@b>\r\n", "+OK\r\n", "-ERR no\r\n", ".\r\n", "1 2\r\n", "\r\n",
                                      "+OK 2 320\r\n", "1 120\r\n", "-ERR [IN-USE] locked\r\n"};
    std::string in;
    std::vector<std::string> sent;
    int finished = 0;
    for (int i = 0; i < 40 && !c.wants_close(); ++i) {
      std::string chunk;
      if (rng() % 2) chunk = words[rng() % words.size()];
      else
        for (unsigned n = rng() % 30; n > 0; --n) chunk += static_cast<char>(rng() % 256);
      in += chunk;
      c.handle_bytes(chunk, at_ns(i));
      while (auto t = c.poll_transmit()) sent.push_back(t->bytes);
      while (auto e = c.poll_event()) finished += std::holds_alternative<JobFinished>(*e);
      // Status lines so far (an upper bound on the replies the client can have read).
      std::size_t status_lines = 0;
      for (std::size_t p = 0; p < in.size();) {
        status_lines += in.compare(p, 3, "+OK") == 0 || in.compare(p, 4, "-ERR") == 0;
        std::size_t nl = in.find('\n', p);
        if (nl == std::string::npos) break;
        p = nl + 1;
      }
      INFO("round " << round);
      CHECK(sent.size() <= status_lines);
    }
    CHECK(finished <= 1);
    for (std::size_t k = 0; k < sent.size(); ++k) {
      const std::string& cmd = sent[k];
      INFO("round " << round << ": " << cmd);
      REQUIRE(cmd.ends_with("\r\n"));
      CHECK(cmd.size() <= 255);
      CHECK(cmd.find("\r\n") == cmd.size() - 2);
      for (std::size_t b = 0; b + 2 < cmd.size(); ++b)
        CHECK((static_cast<unsigned char>(cmd[b]) >= 0x20 && static_cast<unsigned char>(cmd[b]) < 0x7f));
      if (cmd == "QUIT\r\n") CHECK(k + 1 == sent.size());
    }
    commands_seen += static_cast<int>(sent.size());
  }
  CHECK(commands_seen > 40);  // the property was exercised: the client did speak
}
