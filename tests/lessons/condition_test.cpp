// Trace conditions on traces built by hand: kinds, fields, alternatives, contains, host,
// nth, time windows, and reading conditions from JSON with their problems.
#include <catch2/catch.hpp>

#include "lessons/condition.hpp"

using namespace std::chrono_literals;
using protocols::kEpoch;

namespace {

// mail.a (0) talks SMTP to mail.b (1); a fault hits mail.b; the queue defers twice.
sim::Trace smtp_trace() {
  sim::Trace t;
  sim::HostId a = t.add_host("mail.a.example"), b = t.add_host("mail.b.example");
  t.append(kEpoch + 1s, sim::ConnRecord{sim::ConnEvent::Connect, a, b, 1, 25, sim::ConnDetail::None, 0});
  t.append(kEpoch + 1s, sim::ReplyRecord{protocols::Proto::SMTP, b, a, 1, 220, "", "", "", {"220 mail.b.example ESMTP"}});
  t.append(kEpoch + 2s, sim::CommandRecord{protocols::Proto::SMTP, a, b, 1, "RCPT", "RCPT TO:<bob@b.example>", ""});
  t.append(kEpoch + 2s, sim::ReplyRecord{protocols::Proto::SMTP, b, a, 1, 250, "2.1.5", "", "", {"250 2.1.5 Ok"}});
  t.append(kEpoch + 3s, sim::CommandRecord{protocols::Proto::SMTP, a, b, 1, "DATA", "DATA", ""});
  t.append(kEpoch + 3s, sim::ReplyRecord{protocols::Proto::SMTP, b, a, 1, 354, "", "", "", {"354 End data with <CR><LF>.<CR><LF>"}});
  sim::FaultRecord off;
  off.action = sim::FaultAction::PowerOff;
  off.target = "mail.b.example";
  off.source = sim::FaultSource::Input;
  t.append(kEpoch + 10min, off);
  sim::QueueRecord deferred;
  deferred.host = a;
  deferred.action = sim::QueueAction::Deferred;
  deferred.why = sim::QueueReason::Diagnostic;
  deferred.msg = "Q1";
  deferred.rcpt = "bob@b.example";
  deferred.text = "connection refused";
  t.append(kEpoch + 10min, deferred);
  deferred.text = "connection timed out";
  t.append(kEpoch + 40min, deferred);
  sim::MailboxRecord append;
  append.host = b;
  append.user = "bob";
  append.folder = "INBOX";
  append.uids = {1};
  t.append(kEpoch + 50min, append);
  return t;
}

std::optional<lessons::Condition> parse(const std::string& text, lessons::Problems* problems = nullptr) {
  lessons::Problems local;
  lessons::Problems& out = problems ? *problems : local;
  auto doc = lessons::parse_json_text(text, "cond.json", out);
  REQUIRE(doc);
  lessons::Checker c(*doc, out);
  return lessons::read_condition(c, doc->root, "");
}

std::optional<std::size_t> find(const std::string& text, const sim::Trace& t) {
  auto c = parse(text);
  REQUIRE(c);
  return lessons::find_record(*c, t);
}

}  // namespace

TEST_CASE("a reply condition finds the reply with that code", "[lessons][condition]") {
  sim::Trace t = smtp_trace();
  CHECK(find(R"({"kind":"reply","proto":"SMTP","code":354})", t) == 5u);
  CHECK(find(R"({"kind":"reply","code":421})", t) == std::nullopt);
  CHECK(find(R"({"kind":"reply","class":"2xx","nth":2})", t) == 3u);
}

TEST_CASE("field values compare without regard to case, and arrays mean any of", "[lessons][condition]") {
  sim::Trace t = smtp_trace();
  CHECK(find(R"({"kind":"command","verb":"rcpt"})", t) == 2u);
  CHECK(find(R"({"kind":"command","verb":["DATA","QUIT"]})", t) == 4u);
  CHECK(find(R"({"kind":"command","line":{"contains":"bob@b"}})", t) == 2u);
  CHECK(find(R"({"kind":"command","line":"bob@b"})", t) == std::nullopt);
}

TEST_CASE("nth picks the nth matching record, and time limits the window", "[lessons][condition]") {
  sim::Trace t = smtp_trace();
  CHECK(find(R"({"kind":"queue","action":"deferred"})", t) == 7u);
  CHECK(find(R"({"kind":"queue","action":"deferred","nth":2})", t) == 8u);
  CHECK(find(R"({"kind":"queue","action":"deferred","nth":3})", t) == std::nullopt);
  CHECK(find(R"({"kind":"queue","action":"deferred","time":"after 30m"})", t) == 8u);
  CHECK(find(R"({"kind":"queue","action":"deferred","time":"before 30m"})", t) == 7u);
  CHECK(find(R"({"kind":"queue","time":"after 11m before 39m"})", t) == std::nullopt);
}

TEST_CASE("host matches a record's host, either end, or a fault's target", "[lessons][condition]") {
  sim::Trace t = smtp_trace();
  CHECK(find(R"({"kind":"mailbox","user":"alice","action":"append"})", t) == std::nullopt);
  CHECK(find(R"({"kind":"mailbox","user":"bob","action":"append","host":"mail.b.example"})", t) == 9u);
  CHECK(find(R"({"kind":"conn","event":"connect","host":"mail.b.example"})", t) == 0u);
  CHECK(find(R"({"kind":"fault","action":"power-off","host":"mail.b.example"})", t) == 6u);
  CHECK(find(R"({"kind":"fault","host":"mail.a.example"})", t) == std::nullopt);
  CHECK(find(R"({"kind":"command","from":"mail.b.example"})", t) == std::nullopt);
}

TEST_CASE("a watch reports the hit once and only looks at new records", "[lessons][condition]") {
  sim::Trace t;
  sim::HostId h = t.add_host("x");
  auto c = parse(R"({"kind":"note","text":{"contains":"go"},"nth":2})");
  REQUIRE(c);
  lessons::ConditionWatch w(*c, 0);
  auto note = [&](std::string text) { return sim::make_note(h, sim::NoteCode::Echoed, {}, std::move(text)); };
  t.append(kEpoch, note("go 1"));
  CHECK(!w.check(t));
  t.append(kEpoch, note("stop"));
  t.append(kEpoch, note("go 2"));
  CHECK(w.check(t) == 2u);
  t.append(kEpoch, note("go 3"));
  CHECK(w.check(t) == 2u);
  CHECK(lessons::count_records(*c, t) == 3u);
}

TEST_CASE("conditions with unknown kinds, fields or malformed values are reported where they stand", "[lessons][condition]") {
  lessons::Problems p;
  CHECK(!parse(R"({"kind":"replay","code":250})", &p));
  REQUIRE(p.size() == 1);
  CHECK(p[0].pos.path == "/kind");
  CHECK(p[0].message == "unknown record kind \"replay\" (did you mean \"reply\"?)");
  p.clear();
  CHECK(!parse("{\"kind\":\"queue\",\n \"verb\":\"RCPT\"}", &p));
  REQUIRE(p.size() == 1);
  CHECK(p[0].pos.line == 2);
  CHECK(p[0].pos.col == 2);
  CHECK(p[0].message.rfind("unknown key \"verb\"", 0) == 0);
  p.clear();
  CHECK(!parse(R"({"kind":"reply","code":2.5})", &p));
  CHECK(p.size() == 1);
  p.clear();
  CHECK(!parse(R"({"kind":"reply","time":"later"})", &p));
  CHECK(p.size() == 1);
  p.clear();
  CHECK(!parse(R"({"kind":"reply","nth":0})", &p));
  CHECK(p.size() == 1);
}

TEST_CASE("a mailbox condition tests a message's flags and where a move came from", "[lessons][condition]") {
  sim::Trace t = smtp_trace();
  sim::MailboxRecord flags = sim::device_mailbox(1, sim::MailboxAction::Flags, "bob", "INBOX");
  flags.uids = {1, 2};
  flags.detail = std::make_shared<const sim::MailboxDetail>(
      sim::MailboxDetail{{{1, "\\Seen"}, {2, "\\Seen \\Flagged"}}, "", {}});
  t.append(kEpoch + 51min, flags);
  sim::MailboxRecord move = sim::device_mailbox(1, sim::MailboxAction::Move, "bob", "Archive");
  move.uids = {1};
  move.detail = std::make_shared<const sim::MailboxDetail>(sim::MailboxDetail{{{1, "\\Seen"}}, "INBOX", {2}});
  t.append(kEpoch + 52min, move);
  CHECK(find(R"({"kind":"mailbox","flags":"\\Seen"})", t) == 10u);  // any one message's flags
  CHECK(find(R"({"kind":"mailbox","flags":{"contains":"\\flagged"}})", t) == 10u);
  CHECK(find(R"({"kind":"mailbox","flags":"\\Flagged"})", t) == std::nullopt);  // equal means all of one message's
  CHECK(find(R"({"kind":"mailbox","action":"move","source_folder":"INBOX","source_msg":"uid 2"})", t) == 11u);
  CHECK(find(R"({"kind":"mailbox","flags":"","action":"append"})", t) == std::nullopt);  // no flags recorded
}
