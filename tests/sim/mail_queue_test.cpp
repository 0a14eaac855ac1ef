// The queue file format: what is stored comes back exactly; damage is detected.
#include <catch2/catch.hpp>

#include "sim/mail_queue.hpp"

using namespace sim;
using namespace std::chrono_literals;

TEST_CASE("a queued message survives serialisation byte for byte", "[sim][queue]") {
  QueuedMessage m;
  m.id = "0000002A";
  m.mail_from = "alice@a.example";
  m.arrival = protocols::kEpoch + 1s;
  m.received_from = "alice-pc [192.0.2.10]";
  m.data = "Subject: hi\r\n\r\n.leading dot\r\n100% done | ok\r\n";
  QueueRecipient r;
  r.address = "bob@b.example";
  r.status = RcptStatus::Deferred;
  r.attempts = 3;
  r.next_attempt = protocols::kEpoch + 30min;
  r.first_failure = protocols::kEpoch + 2s;
  r.last_error = "451 4.7.1 Greylisted, try again later";
  r.remote_mta = "mail.b.example";
  r.enhanced = "4.7.1";
  m.rcpts.push_back(r);
  QueueRecipient empty;
  empty.address = "carol@b.example";
  m.rcpts.push_back(empty);
  auto back = deserialize(serialize(m));
  REQUIRE(back);
  CHECK(back->id == m.id);
  CHECK(back->mail_from == m.mail_from);
  CHECK(back->data == m.data);
  CHECK(back->received_from == m.received_from);
  REQUIRE(back->rcpts.size() == 2);
  CHECK(back->rcpts[0].last_error == r.last_error);
  CHECK(back->rcpts[0].next_attempt == r.next_attempt);
  CHECK(back->rcpts[0].status == RcptStatus::Deferred);
  CHECK(back->rcpts[1].last_error.empty());
  CHECK_FALSE(back->rcpts[1].next_attempt);
}

TEST_CASE("a truncated or damaged queue file reads as nothing, never a crash", "[sim][queue]") {
  QueuedMessage m;
  m.id = "1";
  m.rcpts.push_back(QueueRecipient{});
  m.data = "x";
  std::string s = serialize(m);
  for (std::size_t cut = 0; cut < s.size(); ++cut) CHECK_FALSE(deserialize(s.substr(0, cut)));
}

TEST_CASE("queue ids are unique per disk and files list in arrival order", "[sim][queue]") {
  std::map<std::string, std::string> disk;
  MailQueue q(disk);
  QueuedMessage a, b;
  a.id = q.next_id(protocols::kEpoch);
  b.id = q.next_id(protocols::kEpoch);
  CHECK(a.id != b.id);
  q.store(b);
  q.store(a);
  CHECK(q.ids() == std::vector<std::string>{a.id, b.id});
  q.remove(a.id);
  CHECK(q.ids() == std::vector<std::string>{b.id});
}
