// Two IMAP sessions on one mailbox of the shared store: each sees the other's flag changes,
// new messages and expunges as untagged responses (RFC 3501 §7.3.1, §7.4.1, §7.4.2), with
// EXPUNGE held back during FETCH/STORE/SEARCH; MOVE with COPYUID (RFC 6851); IDLE (RFC 2177).
#include <catch2/catch.hpp>

#include "imap_session_helper.hpp"
#include "protocols/pop3/pop3_server.hpp"

using namespace protocols;
using namespace protocols::imap;
using imap_test::Session;

namespace {
void login_select(Session& s, std::string_view box = "INBOX") {
  s.say("l1 LOGIN mrc secret");
  s.say("l2 SELECT " + std::string(box));
}
}  // namespace

TEST_CASE("two sessions on one mailbox see each other's flag changes", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session a(st), b(st);
  login_select(a);
  login_select(b);
  CHECK(a.say("a1 STORE 2 +FLAGS (\\Flagged)") == "* 2 FETCH (FLAGS (\\Flagged \\Recent))\r\na1 OK STORE completed\r\n");
  CHECK(b.say("b1 NOOP") == "* 2 FETCH (FLAGS (\\Flagged))\r\nb1 OK NOOP completed\r\n");
  CHECK(b.say("b2 NOOP") == "b2 OK NOOP completed\r\n");  // reported once
  CHECK(a.say("a2 NOOP") == "a2 OK NOOP completed\r\n");  // its own change was already reported
}

TEST_CASE("EXPUNGE from one session reaches the other, but not during FETCH", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session a(st), b(st);
  login_select(a);
  login_select(b);
  a.say("a1 STORE 1 +FLAGS.SILENT (\\Deleted)");
  CHECK(a.say("a2 EXPUNGE") == "* 1 EXPUNGE\r\na2 OK EXPUNGE completed\r\n");
  // RFC 3501 §7.4.1: no EXPUNGE while answering FETCH; numbers stay as b knows them.
  std::string f = b.say("b1 FETCH 2 UID");
  CHECK(f.find("EXPUNGE") == std::string::npos);
  CHECK(f.find("* 2 FETCH (UID 2)\r\n") != std::string::npos);
  CHECK(b.say("b2 NOOP") == "* 1 EXPUNGE\r\nb2 OK NOOP completed\r\n");
  CHECK(b.say("b3 FETCH 1 UID") == "* 1 FETCH (UID 2)\r\nb3 OK FETCH completed\r\n");
}

TEST_CASE("a message appended by one session shows up as EXISTS in the other", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session a(st), b(st);
  login_select(a);
  login_select(b);  // a claimed \Recent for 1-3 first (RFC 3501 §2.3.2: one session only)
  st.append("mrc", "INBOX", "Subject: new\r\n\r\nx\r\n", {}, Instant{});
  CHECK(b.say("b1 NOOP") == "* 4 EXISTS\r\n* 1 RECENT\r\nb1 OK NOOP completed\r\n");
  CHECK(a.say("a1 NOOP") == "* 4 EXISTS\r\n* 3 RECENT\r\na1 OK NOOP completed\r\n");
}

TEST_CASE("MOVE answers with COPYUID and the source session sees EXPUNGE", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  st.create("mrc", "Archive");
  Session a(st), b(st);
  login_select(a);
  login_select(b);
  CHECK(a.say("a1 MOVE 2:3 Archive") ==
        "* OK [COPYUID 2 2:3 1:2] moved\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\na1 OK MOVE completed\r\n");
  CHECK(a.say("a2 UID MOVE 1 Archive") == "* OK [COPYUID 2 1 3] moved\r\n* 1 EXPUNGE\r\na2 OK MOVE completed\r\n");
  CHECK(b.say("b1 NOOP") == "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\nb1 OK NOOP completed\r\n");
  CHECK(st.folder("mrc", "Archive")->messages.size() == 3);
  CHECK(st.folder("mrc", "INBOX")->messages.empty());
  CHECK(a.say("a3 MOVE 1 Archive") == "a3 BAD message sequence number out of range\r\n");
}

TEST_CASE("an IDLE session hears about changes as they happen and ends on DONE", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session a(st), b(st);
  login_select(a);
  login_select(b);
  CHECK(b.say("b1 IDLE") == "+ idling\r\n");
  a.say("a1 STORE 1 +FLAGS (\\Seen)");
  st.append("mrc", "INBOX", "Subject: idle\r\n\r\nx\r\n", {}, Instant{});
  b.server.handle_store_changed(Instant{});
  CHECK(b.drain() == "* 1 FETCH (FLAGS (\\Seen))\r\n* 4 EXISTS\r\n* 1 RECENT\r\n");
  a.server.handle_store_changed(Instant{});
  CHECK(a.drain().empty());  // not idling: a hears at its next command
  CHECK(b.say("DONE") == "b1 OK IDLE terminated\r\n");
  CHECK(b.say("b2 IDLE") == "+ idling\r\n");
  CHECK(b.say("NOT-DONE") == "b2 BAD expected DONE\r\n");
  CHECK(b.say("b3 NOOP") == "b3 OK NOOP completed\r\n");
}

TEST_CASE("EXAMINE is read-only and claims no Recent flag", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session a(st), b(st);
  a.say("a0 LOGIN mrc secret");
  std::string ex = a.say("a1 EXAMINE INBOX");
  CHECK(ex.find("* OK [PERMANENTFLAGS ()]") != std::string::npos);
  CHECK(ex.find("a1 OK [READ-ONLY] EXAMINE completed") != std::string::npos);
  CHECK(a.say("a2 FETCH 1 BODY[TEXT]") == "* 1 FETCH (BODY[TEXT] {4}\r\nhi\r\n)\r\na2 OK FETCH completed\r\n");
  CHECK(st.folder("mrc", "INBOX")->find(1)->flags.system == 0);  // no \Seen in a read-only mailbox
  b.say("b0 LOGIN mrc secret");
  CHECK(b.say("b1 SELECT INBOX").find("* 3 RECENT") != std::string::npos);
}

TEST_CASE("a POP3 session's deletions reach a selected IMAP session as EXPUNGE", "[protocols][imap][pop3]") {
  store::Store st = imap_test::sample_store();
  Session imap(st);
  login_select(imap);
  pop3::Server pop(st, {});
  pop.handle_connected(Instant{});
  pop.handle_bytes("USER mrc\r\nPASS secret\r\nDELE 2\r\nQUIT\r\n", Instant{});
  std::string pop_out;
  while (auto t = pop.poll_transmit()) pop_out += t->bytes;
  CHECK(pop_out.find("+OK message 2 deleted") != std::string::npos);
  CHECK(imap.say("i1 NOOP") == "* 2 EXPUNGE\r\ni1 OK NOOP completed\r\n");
  CHECK(imap.say("i2 FETCH 2 UID") == "* 2 FETCH (UID 3)\r\ni2 OK FETCH completed\r\n");
}

TEST_CASE("renaming the selected mailbox keeps it selected under the new name", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  st.create("mrc", "Work");
  st.append("mrc", "Work", "Subject: w\r\n\r\nw\r\n", {}, Instant{});
  Session s(st);
  login_select(s, "Work");
  CHECK(s.say("r1 RENAME Work Jobs") == "r1 OK RENAME completed\r\n");
  CHECK(s.say("r2 FETCH 1 UID") == "* 1 FETCH (UID 1)\r\nr2 OK FETCH completed\r\n");
  CHECK(s.server.state() == State::Selected);
}
