// Mail store: folders, messages, flags, copy/move, change log, maildrop lock, serialisation.
#include <catch2/catch.hpp>

#include "protocols/store/store.hpp"

using namespace protocols;
using namespace protocols::store;

namespace {
Store make_store() {
  Store s;
  REQUIRE(s.add_user("alice", "secret"));
  REQUIRE(s.append("alice", "INBOX", "Subject: one\r\n\r\nbody one\r\n", {}, at_ns(1000)));
  Flags seen;
  seen.add("\\Seen");
  REQUIRE(s.append("alice", "inbox", "Subject: two\r\n\r\nbody two\r\n", seen, at_ns(2000)));
  return s;
}
std::vector<std::uint32_t> uids_of(const Folder& f) {
  std::vector<std::uint32_t> out;
  for (const auto& m : f.messages) out.push_back(m.uid);
  return out;
}
}  // namespace

TEST_CASE("a new user has an INBOX whose name is case-insensitive", "[protocols][store]") {
  Store s;
  REQUIRE(s.add_user("bob", "pw"));
  CHECK_FALSE(s.add_user("bob", "again"));
  REQUIRE(s.folder("bob", "iNbOx") != nullptr);
  CHECK(s.folder("bob", "INBOX")->uidnext == 1);
  CHECK(s.check_password("bob", "pw"));
  CHECK_FALSE(s.check_password("bob", "PW"));
}

TEST_CASE("append assigns ascending UIDs and returns a traceable change", "[protocols][store]") {
  Store s;
  s.add_user("alice", "x");
  Outcome a = s.append("alice", "INBOX", "hello", {}, at_ns(5));
  Outcome b = s.append("alice", "INBOX", "world!", {}, at_ns(6));
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a.change->uids == std::vector<std::uint32_t>{1});
  CHECK(b.change->uids == std::vector<std::uint32_t>{2});
  CHECK(b.change->seq > a.change->seq);
  CHECK(a.change->describe() == "append alice/INBOX uid 1 (5 bytes)");
  CHECK(s.folder("alice", "INBOX")->uidnext == 3);
  CHECK_FALSE(s.append("alice", "Nope", "x", {}, at_ns(0)));
}

TEST_CASE("create makes missing parents and delete refuses INBOX and parents", "[protocols][store]") {
  Store s = make_store();
  Outcome c = s.create("alice", "Work/2024/Q1");
  REQUIRE(c);
  CHECK(to_string(c.change->kind) == "create");
  CHECK(s.folder_names("alice") == std::vector<std::string>{"INBOX", "Work", "Work/2024", "Work/2024/Q1"});
  CHECK_FALSE(s.create("alice", "Work"));
  CHECK_FALSE(s.create("alice", "bad//name"));
  CHECK(s.remove_folder("alice", "INBOX").error == "cannot delete INBOX");
  CHECK_FALSE(s.remove_folder("alice", "Work"));
  CHECK(s.remove_folder("alice", "Work/2024/Q1"));
  CHECK(s.folder("alice", "Work/2024/Q1") == nullptr);
}

TEST_CASE("rename moves inferiors and renaming INBOX empties it", "[protocols][store]") {
  Store s = make_store();
  s.create("alice", "A/B");
  REQUIRE(s.rename("alice", "A", "Z"));
  CHECK(s.folder_names("alice") == std::vector<std::string>{"INBOX", "Z", "Z/B"});
  REQUIRE(s.rename("alice", "INBOX", "Old"));
  CHECK(s.folder("alice", "INBOX")->messages.empty());
  CHECK(s.folder("alice", "Old")->messages.size() == 2);
  CHECK_FALSE(s.rename("alice", "Z", "Old"));
}

TEST_CASE("flag changes report only the messages whose flags moved", "[protocols][store]") {
  Store s = make_store();
  Flags seen;
  seen.add("\\seen");
  Outcome o = s.set_flags("alice", "INBOX", {1, 2}, FlagOp::Add, seen);
  REQUIRE(o);
  CHECK(o.change->uids == std::vector<std::uint32_t>{1});
  Flags kw;
  REQUIRE(kw.add("$Important"));
  CHECK_FALSE(kw.add("\\Recent"));
  s.set_flags("alice", "INBOX", {2}, FlagOp::Replace, kw);
  CHECK(s.folder("alice", "INBOX")->find(2)->flags.to_string() == "$Important");
  s.set_flags("alice", "INBOX", {1}, FlagOp::Remove, seen);
  CHECK(s.folder("alice", "INBOX")->find(1)->flags.system == 0);
}

TEST_CASE("expunge removes only deleted messages, optionally limited to UIDs", "[protocols][store]") {
  Store s = make_store();
  s.append("alice", "INBOX", "three", {}, at_ns(3));
  Flags del;
  del.add("\\Deleted");
  s.set_flags("alice", "INBOX", {1, 2, 3}, FlagOp::Add, del);
  Outcome some = s.expunge("alice", "INBOX", std::vector<std::uint32_t>{2});
  CHECK(some.change->uids == std::vector<std::uint32_t>{2});
  CHECK(uids_of(*s.folder("alice", "INBOX")) == std::vector<std::uint32_t>{1, 3});
  Outcome rest = s.expunge("alice", "INBOX");
  CHECK(rest.change->uids == std::vector<std::uint32_t>{1, 3});
  CHECK(s.folder("alice", "INBOX")->messages.empty());
}

TEST_CASE("copy shares bytes and move is one change with both UID sets", "[protocols][store]") {
  Store s = make_store();
  s.create("alice", "Archive");
  Outcome c = s.copy("alice", "INBOX", {2}, "Archive");
  REQUIRE(c);
  CHECK(c.change->source_uids == std::vector<std::uint32_t>{2});
  CHECK(c.change->uids == std::vector<std::uint32_t>{1});
  CHECK(s.folder("alice", "Archive")->messages[0].raw == s.folder("alice", "INBOX")->find(2)->raw);
  std::uint64_t before = s.change_seq();
  Outcome m = s.move("alice", "INBOX", {1, 2}, "Archive");
  REQUIRE(m);
  CHECK(to_string(m.change->kind) == "move");
  CHECK(m.change->uids == std::vector<std::uint32_t>{2, 3});
  CHECK(s.change_seq() == before + 1);
  CHECK(s.folder("alice", "INBOX")->messages.empty());
  CHECK(s.copy("alice", "Archive", {1}, "Missing").error.find("TRYCREATE") != std::string::npos);
  auto log = s.changes_since(before);
  REQUIRE(log.size() == 1);
  CHECK(log[0].kind == ChangeKind::Move);
}

TEST_CASE("a change that sets or carries flags lists each message's flags after it", "[protocols][store]") {
  Store s = make_store();  // uid 1 unread, uid 2 \Seen
  auto names = [](const Change& c) {
    std::vector<std::string> out;
    for (const Flags& f : c.flags) out.push_back(f.to_string());
    return out;
  };
  Flags flagged;
  flagged.add("\\Flagged");
  Outcome add = s.set_flags("alice", "INBOX", {1, 2}, FlagOp::Add, flagged);
  REQUIRE(add);
  CHECK(names(*add.change) == std::vector<std::string>{"\\Flagged", "\\Seen \\Flagged"});
  Outcome same = s.set_flags("alice", "INBOX", {1}, FlagOp::Add, flagged);  // nothing moved
  CHECK(same.change->flags.empty());
  s.create("alice", "Archive");
  Outcome moved = s.move("alice", "INBOX", {2}, "Archive");
  CHECK(names(*moved.change) == std::vector<std::string>{"\\Seen \\Flagged"});
  CHECK(s.changes_since(moved.change->seq - 1)[0].flags == moved.change->flags);  // the log keeps them
  Outcome appended = s.append("alice", "INBOX", "three", flagged, at_ns(3));
  CHECK(names(*appended.change) == std::vector<std::string>{"\\Flagged"});
  Outcome renamed = s.rename("alice", "INBOX", "Old");  // INBOX's messages move, renumbered
  CHECK(renamed.change->uids == std::vector<std::uint32_t>{1, 2});
  CHECK(names(*renamed.change) == std::vector<std::string>{"\\Flagged", "\\Flagged"});
  Flags del;
  del.add("\\Deleted");
  s.set_flags("alice", "Old", {1}, FlagOp::Add, del);
  CHECK(s.expunge("alice", "Old").change->flags.empty());
  CHECK(s.create("alice", "Work").change->flags.empty());
}

TEST_CASE("the maildrop lock is exclusive until released by its owner", "[protocols][store]") {
  Store s = make_store();
  auto t = s.lock_maildrop("alice");
  REQUIRE(t);
  CHECK_FALSE(s.lock_maildrop("alice"));
  s.unlock_maildrop("alice", *t + 1);
  CHECK(s.maildrop_locked("alice"));
  s.unlock_maildrop("alice", *t);
  CHECK(s.lock_maildrop("alice"));
  CHECK_FALSE(s.lock_maildrop("nobody"));
}

TEST_CASE("the store survives a round trip through bytes, deterministically", "[protocols][store]") {
  Store s = make_store();
  s.create("alice", "Work/Old");
  s.add_user("bob", "pw2");
  Flags f;
  f.add("\\Flagged");
  f.add("kw1");
  s.set_flags("alice", "INBOX", {1}, FlagOp::Add, f);
  std::string bytes = s.serialize();
  std::string error;
  auto back = Store::deserialize(bytes, &error);
  REQUIRE(back);
  CHECK(*back == s);
  CHECK(back->serialize() == bytes);
  CHECK(back->folder("alice", "INBOX")->find(1)->flags.to_string() == "\\Flagged kw1");
  CHECK(back->folder("alice", "INBOX")->find(2)->bytes() == "Subject: two\r\n\r\nbody two\r\n");
  // A new append after the power cycle continues the UID sequence.
  CHECK(back->append("alice", "INBOX", "x", {}, at_ns(9)).change->uids == std::vector<std::uint32_t>{3});
}

TEST_CASE("a damaged store image is refused with a reason", "[protocols][store]") {
  Store s = make_store();
  std::string bytes = s.serialize();
  std::string error;
  CHECK_FALSE(Store::deserialize(bytes.substr(0, bytes.size() - 3), &error));
  CHECK(error.find("truncated") != std::string::npos);
  CHECK_FALSE(Store::deserialize("GARBAGE", &error));
  CHECK_FALSE(Store::deserialize(bytes + "x", &error));
  std::string v2 = bytes;
  v2[13] = 2;
  CHECK_FALSE(Store::deserialize(v2, &error));
  CHECK(error.find("version") != std::string::npos);
  // Every prefix fails cleanly.
  for (std::size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(Store::deserialize(bytes.substr(0, n)));
}

TEST_CASE("random damage to a store image never crashes deserialisation", "[protocols][store]") {
  Store s = make_store();
  s.create("alice", "A/B");
  std::string bytes = s.serialize();
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  for (int round = 0; round < 2000; ++round) {
    std::string damaged = bytes;
    for (int k = 0; k < 1 + round % 4; ++k) damaged[next() % damaged.size()] = static_cast<char>(next() >> 16);
    std::string error;
    auto back = Store::deserialize(damaged, &error);
    if (!back) CHECK_FALSE(error.empty());
  }
}
