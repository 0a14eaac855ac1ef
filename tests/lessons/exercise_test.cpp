// Exercises over a real run of the echo scenario: computed answers come from the trace,
// and right and wrong answers (from a file or typed at the console) grade as they should.
#include <catch2/catch.hpp>

#include "lessons/grader.hpp"

namespace {

std::string data(const std::string& name) { return std::string(MAILSIM_TEST_DATA) + "/lessons/" + name; }

struct Fixture {
  lessons::Exercise ex;
  lessons::ExerciseRun run;
  Fixture() {
    lessons::ExerciseLoad r = lessons::load_exercise(data("echo_exercise.json"));
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
};

}  // namespace

TEST_CASE("computed answers come from the run's trace", "[lessons][exercise]") {
  Fixture f;
  REQUIRE(f.run.questions.size() == 7);
  CHECK(f.q("connections").expected == 1);
  CHECK(f.q("connections").kind == lessons::AnswerKind::Number);
  CHECK(f.q("port").expected == "B");  // choices 25, 7, 110, 143: the client used port 7
  CHECK(f.q("when").expected == "1s 50ms 77us 440ns");
  CHECK(f.q("order").expected == lessons::json::array({"B", "C", "A"}));
  CHECK(f.q("protocols").expected == lessons::json::array({"B"}));
  CHECK(f.q("rtt").expected == "25ms 41us 360ns");  // 25 ms latency plus transmission
  CHECK(lessons::expected_text(f.q("rtt"), lessons::Lang::En) == "25ms");
  CHECK(f.q("match").expected == lessons::json({{"A", "2"}, {"B", "1"}}));
}

TEST_CASE("questions pause in run order at their records", "[lessons][exercise]") {
  Fixture f;
  const sim::Trace& t = f.run.run.trace;
  CHECK(f.run.questions.front().question->id == "port");
  for (std::size_t i = 1; i < f.run.questions.size(); ++i)
    CHECK(f.run.questions[i - 1].pause_at <= f.run.questions[i].pause_at);
  const auto& pq = f.q("protocols");
  auto* fault = std::get_if<sim::FaultRecord>(&t.entries().at(pq.record).record);
  REQUIRE(fault);
  CHECK(fault->action == "power-off");
  CHECK(pq.pause_at == pq.record + 1);
}

TEST_CASE("right answers grade right and wrong answers wrong", "[lessons][exercise]") {
  Fixture f;
  using lessons::json;
  CHECK(lessons::is_correct(f.q("connections"), json(1)));
  CHECK(lessons::is_correct(f.q("connections"), json("1")));
  CHECK(!lessons::is_correct(f.q("connections"), json(2)));
  CHECK(lessons::is_correct(f.q("port"), json("b")));
  CHECK(!lessons::is_correct(f.q("port"), json("A")));
  CHECK(lessons::is_correct(f.q("when"), json("1.05s")));
  CHECK(lessons::is_correct(f.q("when"), json("1s 50ms")));
  CHECK(!lessons::is_correct(f.q("when"), json("1s")));
  CHECK(!lessons::is_correct(f.q("when"), json("soon")));
  CHECK(lessons::is_correct(f.q("rtt"), json("25ms")));
  CHECK(!lessons::is_correct(f.q("rtt"), json("30ms")));
  CHECK(lessons::is_correct(f.q("order"), json::array({"B", "C", "A"})));
  CHECK(!lessons::is_correct(f.q("order"), json::array({"C", "B", "A"})));
  CHECK(lessons::is_correct(f.q("protocols"), json::array({"b"})));
  CHECK(!lessons::is_correct(f.q("protocols"), json::array({"A", "B"})));
  CHECK(lessons::is_correct(f.q("match"), json({{"A", 2}, {"B", 1}})));
  CHECK(!lessons::is_correct(f.q("match"), json({{"A", 1}, {"B", 2}})));
  CHECK(!lessons::is_correct(f.q("port"), json()));
}

TEST_CASE("answers typed at the console mean the same as answers in a file", "[lessons][exercise]") {
  Fixture f;
  using lessons::QuestionType;
  CHECK(lessons::is_correct(f.q("order"), lessons::answer_from_line(QuestionType::Order, "B C A")));
  CHECK(lessons::is_correct(f.q("order"), lessons::answer_from_line(QuestionType::Order, "bca")));
  CHECK(!lessons::is_correct(f.q("order"), lessons::answer_from_line(QuestionType::Order, "A B C")));
  CHECK(lessons::is_correct(f.q("match"), lessons::answer_from_line(QuestionType::Match, "A2 B1")));
  CHECK(lessons::is_correct(f.q("match"), lessons::answer_from_line(QuestionType::Match, "a-2, b-1")));
  CHECK(!lessons::is_correct(f.q("match"), lessons::answer_from_line(QuestionType::Match, "A1 B2")));
  CHECK(lessons::is_correct(f.q("protocols"), lessons::answer_from_line(QuestionType::Multiple, "B")));
  CHECK(lessons::is_correct(f.q("port"), lessons::answer_from_line(QuestionType::Single, " b ")));
}

TEST_CASE("an answers file grades into a result with a score", "[lessons][exercise]") {
  Fixture f;
  lessons::Problems problems;
  auto answers = lessons::load_answers(data("echo_answers.json"), problems);
  REQUIRE(answers);
  CHECK(answers->first == "Li Lei");
  lessons::ExerciseResult res;
  res.exercise = f.ex.id;
  res.student = answers->first;
  for (const auto& pq : f.run.questions) {
    lessons::QuestionResult qr;
    qr.id = pq.question->id;
    if (answers->second.contains(qr.id)) qr.given = answers->second[qr.id];
    qr.answered = !qr.given.is_null();
    qr.correct = lessons::is_correct(pq, qr.given);
    res.questions.push_back(qr);
  }
  CHECK(res.score() == 5);  // the file has two wrong answers: when and rtt
  lessons::json j = res.to_json(f.run);
  CHECK(j["score"] == 5);
  CHECK(j["total"] == 7);
  CHECK(j["student"] == "Li Lei");
  CHECK(j["questions"][0]["id"] == "port");
  CHECK(j["questions"][0]["correct"] == true);
}

TEST_CASE("a malformed answers file is reported where it stands", "[lessons][exercise]") {
  lessons::Problems problems;
  CHECK(!lessons::load_answers(data("bad/answers_not_object.json"), problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pos.path == "/answers");
  CHECK(problems[0].pos.line == 1);
  CHECK(problems[0].pos.col == 29);
}

// The blank line between a message's header and body is typed as an empty console line:
// the loader takes it (a missing "line" is still refused) and the server stores the body.
TEST_CASE("an exercise's console input may be an empty line", "[lessons][exercise][telnet]") {
  auto line = [](const char* at, const char* text) {
    return std::string(R"({"at": ")") + at + R"(", "telnet": {"host": "mail.b.example:25", "line": ")" + text + R"("}})";
  };
  std::string text = R"({"mailsim_exercise": 1, "id": "blank", "title": {"zh": "空行", "en": "Blank line"},
    "scenario": ")" + std::string(MAILSIM_SOURCE_DIR) + R"(/assets/scenarios/textbook.json", "until": "30s",
    "input": [)" + line("2s", "HELO x") + "," + line("3s", "MAIL FROM:<x@c.example>") + "," +
                     line("4s", "RCPT TO:<bob@b.example>") + "," + line("5s", "DATA") + "," + line("6s", "Subject: blank") +
                     "," + line("6s", "") + "," + line("6s", "the body") + "," + line("6s", ".") + R"(],
    "questions": [{"id": "q", "at": {"kind": "reply", "to": "real-client", "code": 354}, "type": "fill",
                   "prompt": {"zh": "问", "en": "Q"}, "answer": "354", "explanation": {"zh": "解", "en": "E"}}]})";
  lessons::ExerciseLoad r = lessons::load_exercise_text(text, "blank.json");
  for (const auto& p : r.problems) INFO(sim::format_problem(p));
  REQUIRE(r.exercise);
  lessons::ExerciseRun run = lessons::run_exercise(*r.exercise);
  REQUIRE(run.problems.empty());
  bool stored = false;
  for (const auto& e : run.run.trace.entries())
    if (auto* rep = std::get_if<sim::ReplyRecord>(&e.record); rep && rep->code == 250 && !rep->lines.empty())
      stored |= rep->lines[0].find("queued") != std::string::npos && run.run.trace.host_name(rep->to) == "real-client";
  CHECK(stored);
  std::string missing = text;
  missing.replace(missing.find(R"("line": "")"), 10, R"("lime": "")");
  CHECK_FALSE(lessons::load_exercise_text(missing, "blank.json").exercise);
}
