// Computed answers that reach into the run (lessons/expression.hpp): regex captures, the MIME
// tree of a carried message, messages in a folder at a moment, arithmetic, the reply to a
// command, the last match. Each value is checked against what the run holds, worked out here
// another way; each malformed expression is reported at its file:line:col.
#include <catch2/catch.hpp>

#include <cstdio>

#include "lessons/exercise.hpp"
#include "lessons/grader.hpp"

namespace {

using lessons::json;

const std::string kContent = std::string(MAILSIM_SOURCE_DIR) + "/lessons/content/";

struct Shipped {
  lessons::ExerciseRun run;
  Shipped() {
    lessons::ExerciseLoad r = lessons::load_exercise(kContent + "exercises/07_mime_sizes_quiz.json");
    for (const auto& p : r.problems) INFO(sim::format_problem(p));
    REQUIRE(r.exercise);
    ex = *r.exercise;
    run = lessons::run_exercise(ex);
    for (const auto& p : run.problems) INFO(sim::format_problem(p));
    REQUIRE(run.problems.empty());
  }
  const lessons::PlacedQuestion& q(const std::string& id) const {
    for (const auto& pq : run.questions)
      if (pq.question->id == id) return pq;
    FAIL("no question " << id);
    throw;
  }
  lessons::Exercise ex;
};

// An exercise of one fill-in question on the echo scenario with this computed answer.
std::string one_question(const std::string& computed, const std::string& at = R"({"kind": "conn"})") {
  return R"({"mailsim_exercise": 1, "id": "x", "title": {"zh": "x", "en": "x"},
  "scenario": ")" + std::string(MAILSIM_SOURCE_DIR) + R"(/assets/scenarios/echo.json",
  "questions": [{"id": "q", "at": )" + at + R"(, "type": "fill", "prompt": {"zh": "x", "en": "x"},
    "answer": {"computed": )" + computed + R"(}, "explanation": {"zh": "x", "en": "x"}}]})";
}

std::vector<std::string> problems_of(const std::string& text) {
  lessons::ExerciseLoad r = lessons::load_exercise_text(text, "inline.json");
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(sim::format_problem(p));
  return out;
}

sim::Trace conversation(const std::vector<std::pair<bool, std::string>>& lines, sim::Proto proto) {
  sim::Trace t;
  t.add_host("client");
  t.add_host("server");
  protocols::Instant now = protocols::kEpoch;
  for (const auto& [command, text] : lines) {
    now += std::chrono::milliseconds(1);
    std::string first = text.substr(0, text.find(' '));
    if (command) {
      bool tagged = proto == sim::Proto::IMAP;
      std::string rest = tagged ? text.substr(text.find(' ') + 1) : text;
      t.append(now, sim::CommandRecord{proto, 0, 1, 7, rest.substr(0, rest.find(' ')), text, tagged ? first : ""});
    } else {
      sim::ReplyRecord r{proto, 1, 0, 7, 0, "", "", "", {text}};
      if (proto == sim::Proto::IMAP) r.tag = first;
      else r.code = std::atoi(first.c_str());
      t.append(now, r);
    }
  }
  return t;
}

}  // namespace

TEST_CASE("the shipped MIME quiz computes sizes, headers and conversions the run holds", "[lessons][expression]") {
  Shipped s;
  // base64 (RFC 2045 §6.8): 3000 bytes are 4000 characters in lines of at most 76, each
  // ended by CR LF: 52 full lines and one of 48, so 4000 + 53 * 2 bytes.
  CHECK(s.q("encoded-size").expected == 4106);
  CHECK(s.q("encoded-size").kind == lessons::AnswerKind::Number);
  CHECK(lessons::is_correct(s.q("encoded-size"), json("4,106")));
  CHECK(!lessons::is_correct(s.q("encoded-size"), json("4000")));
  CHECK(s.q("encoding-header").expected == "B");  // Content-Transfer-Encoding
  CHECK(s.q("growth").expected.get<double>() == Approx(1.37));  // 4106 / 3000, rounded to 2 decimals
  CHECK(lessons::is_correct(s.q("growth"), json("1.37")));
  CHECK(!lessons::is_correct(s.q("growth"), json("1.33")));
  CHECK(s.q("auth-reply").expected == "B");  // 235
  CHECK(s.q("converted-to").expected == "A");  // base64: the text is nearly all 8-bit

  // The note says "... (1 part(s) to quoted-printable, BEFORE -> AFTER bytes)".
  const sim::Trace& t = s.run.run.trace;
  long before = 0, after = 0;
  int mailbox_appends = 0;
  for (const auto& e : t.entries()) {
    if (auto* n = std::get_if<sim::NoteRecord>(&e.record); n && n->code == sim::NoteCode::Converted8Bit)
      before = n->n[2], after = n->n[3];
    if (auto* m = std::get_if<sim::MailboxRecord>(&e.record);
        m && m->action == sim::MailboxAction::Append && m->user == "bob" && e.t <= protocols::kEpoch + std::chrono::minutes(1))
      ++mailbox_appends;
  }
  REQUIRE(after > before);
  CHECK(s.q("conversion-growth").expected == after - before);
  CHECK(s.q("inbox-count").expected == mailbox_appends);
  CHECK(mailbox_appends == 2);
}

TEST_CASE("a MIME or header answer is hidden until asked: the record it reads is not shown", "[lessons][expression][ask]") {
  Shipped s;
  const auto& pq = s.q("encoded-size");
  REQUIRE(pq.reveal);
  CHECK(pq.pause_at <= *pq.reveal);
  const auto& conv = s.q("converted-to");
  auto* note = std::get_if<sim::NoteRecord>(&s.run.run.trace.entries().at(conv.record).record);
  REQUIRE(note);
  CHECK(conv.pause_at <= conv.record);  // asked before the note that says it
}

TEST_CASE("the reply to a command is found on its connection, pipelined or tagged", "[lessons][expression]") {
  // SMTP with PIPELINING (RFC 2920): the greeting and the reply after the final "." answer
  // no command; the others answer the commands in order.
  sim::Trace smtp = conversation({{false, "220 ready"},
                                  {true, "EHLO a"},
                                  {false, "250 hi"},
                                  {true, "MAIL FROM:<a@a>"},
                                  {true, "RCPT TO:<b@b>"},
                                  {true, "DATA"},
                                  {false, "250 ok"},
                                  {false, "550 no such user"},
                                  {false, "554 no valid recipients"},
                                  {false, "250 queued"},
                                  {true, "QUIT"},
                                  {false, "221 bye"}},
                                 sim::Proto::SMTP);
  auto code = [&](std::size_t cmd) {
    std::optional<std::size_t> r = lessons::reply_to(cmd, smtp);
    return r ? std::get<sim::ReplyRecord>(smtp.entries()[*r].record).code : -1;
  };
  CHECK(code(1) == 250);
  CHECK(code(4) == 550);  // RCPT, the second of three pipelined
  CHECK(code(5) == 554);
  CHECK(code(10) == 221);
  CHECK(!lessons::reply_to(0, smtp));  // a reply is no command

  // IMAP (RFC 3501 §2.2.2): untagged data first, then the tagged completion; a later command
  // may complete first.
  sim::Trace imap = conversation({{true, "a1 FETCH 1 BODY[]"},
                                  {true, "a2 NOOP"},
                                  {false, "* 1 FETCH (BODY[] {3}"},
                                  {false, "a2 OK NOOP done"},
                                  {false, "a1 OK FETCH done"}},
                                 sim::Proto::IMAP);
  REQUIRE(lessons::reply_to(0, imap));
  CHECK(*lessons::reply_to(0, imap) == 4);
  CHECK(*lessons::reply_to(1, imap) == 3);
}

TEST_CASE("nth -1 is the last match, in an exercise and not in a lesson", "[lessons][expression]") {
  sim::Trace t = conversation({{false, "220 a"}, {false, "250 b"}, {false, "250 c"}}, sim::Proto::SMTP);
  lessons::JsonDoc doc{"x.json", "", json::parse(R"({"kind": "reply", "code": 250, "nth": -1})"), {}};
  lessons::Problems problems;
  lessons::Checker c(doc, problems);
  std::optional<lessons::Condition> last = lessons::read_condition(c, doc.root, "", true);
  REQUIRE(last);
  CHECK(lessons::find_record(*last, t) == 2u);
  CHECK(last->describe() == "reply code=250 (the last)");
  last->nth = -2;
  CHECK(lessons::find_record(*last, t) == 1u);
  last->nth = -3;
  CHECK(!lessons::find_record(*last, t));
  CHECK(problems.empty());
  CHECK(!lessons::read_condition(c, doc.root, "", false));  // a lesson is still playing its run
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.find("cannot count from the end") != std::string::npos);
}

TEST_CASE("arithmetic on record times gives a duration, counts a number", "[lessons][expression]") {
  lessons::ExerciseLoad r = lessons::load_exercise_text(
      one_question(R"({"difference": [{"time": {"kind": "conn", "event": "established", "nth": -1}}, {"time": {"kind": "conn", "event": "connect"}}]})"),
      "inline.json");
  for (const auto& p : r.problems) INFO(sim::format_problem(p));
  REQUIRE(r.exercise);
  lessons::ExerciseRun run = lessons::run_exercise(*r.exercise);
  REQUIRE(run.problems.empty());
  const sim::Trace& t = run.run.trace;
  protocols::Instant first_connect{}, last_closed{};
  bool seen = false;
  for (const auto& e : t.entries())
    if (auto* c = std::get_if<sim::ConnRecord>(&e.record)) {
      if (c->event == sim::ConnEvent::Connect && !seen) first_connect = e.t, seen = true;
      if (c->event == sim::ConnEvent::Established) last_closed = e.t;
    }
  REQUIRE(run.questions.size() == 1);
  CHECK(run.questions[0].kind == lessons::AnswerKind::Duration);
  CHECK(run.questions[0].expected == protocols::format_duration(last_closed - first_connect));

  lessons::ExerciseLoad sum = lessons::load_exercise_text(
      one_question(R"({"sum": [{"count": {"kind": "conn", "event": "connect"}}, {"count": {"kind": "conn", "event": "established"}}, 1]})"),
      "inline.json");
  REQUIRE(sum.exercise);
  lessons::ExerciseRun srun = lessons::run_exercise(*sum.exercise);
  REQUIRE(srun.problems.empty());
  std::size_t connects = 0, closes = 0;
  for (const auto& e : srun.run.trace.entries())
    if (auto* c = std::get_if<sim::ConnRecord>(&e.record)) {
      connects += c->event == sim::ConnEvent::Connect;
      closes += c->event == sim::ConnEvent::Established;
    }
  CHECK(srun.questions[0].expected == connects + closes + 1);
}

TEST_CASE("each malformed expression is reported at its file, line and column", "[lessons][expression][loader]") {
  struct Case {
    std::string computed, message;
  };
  const Case cases[] = {
      {R"j({"capture": "(unclosed", "in": "detail", "of": {"kind": "conn"}})j", "/questions/0/answer/computed/capture: malformed regular expression"},
      {R"j({"capture": "no group", "in": "detail", "of": {"kind": "conn"}})j", "the pattern needs exactly one group (...) to capture; it has 0"},
      {R"j({"capture": "(a)", "in": "lnie", "of": {"kind": "command"}})j", "a command record has no field \"lnie\" to capture from (did you mean \"line\"?)"},
      {R"j({"mime": "encoded_szie", "of": {"kind": "command"}})j", "unknown MIME property \"encoded_szie\" (did you mean \"encoded_size\"?)"},
      {R"j({"mime": "type", "part": "0.1", "of": {"kind": "command"}})j", "a part is an IMAP part number"},
      {R"j({"mime": "type", "of": {"kind": "queue"}})j", "a queue record is on no connection"},
      {R"j({"ratio": [1, 2, 3]})j", "\"ratio\" takes two operands, [A, B], and gives A / B"},
      {R"j({"field": "code", "of": {"reply_to": {"kind": "reply"}}})j", "\"reply_to\" takes a condition on a command"},
      {R"j({"field": "verb", "of": {"reply_to": {"kind": "command"}}})j", "a reply record has no field \"verb\""},
      {R"j({"messages": {"host": "server", "user": "bob"}})j", "\"server\" is no mail server of the scenario"},
      {R"j({"count": {"kind": "conn", "nth": 0}})j", "\"nth\" counts from 1"},
      {R"j({"mime": "type", "capture": "(x)", "of": {"kind": "command"}})j", "a computed answer takes exactly one of"},
  };
  for (const Case& c : cases) {
    INFO(c.computed);
    std::vector<std::string> p = problems_of(one_question(c.computed));
    REQUIRE(p.size() >= 1);
    CHECK(p[0].rfind("inline.json:4:", 0) == 0);  // the answer's line
    CHECK(p[0].find(c.message) != std::string::npos);
  }
}

TEST_CASE("an expression with nothing to read fails when the exercise runs, at its answer", "[lessons][expression]") {
  lessons::ExerciseLoad r = lessons::load_exercise_text(
      one_question(R"j({"capture": "port (\\d+)", "in": "detail", "of": {"kind": "conn"}})j"), "inline.json");
  REQUIRE(r.exercise);
  lessons::ExerciseRun run = lessons::run_exercise(*r.exercise);
  REQUIRE(run.problems.size() == 1);
  CHECK(sim::format_problem(run.problems[0]).rfind("inline.json:4:", 0) == 0);
  CHECK(run.problems[0].message.find("matches nothing in detail") != std::string::npos);
}
