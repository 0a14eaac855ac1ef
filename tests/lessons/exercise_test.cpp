// Exercises over a real run of the echo scenario: computed answers come from the trace,
// and right and wrong answers (from a file or typed at the console) grade as they should.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "lessons/exercise_digest.hpp"
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

namespace {

const std::string kExercises = std::string(MAILSIM_SOURCE_DIR) + "/lessons/content/exercises/";

lessons::Exercise load(const std::string& path) {
  lessons::ExerciseLoad r = lessons::load_exercise(path);
  for (const auto& p : r.problems) INFO(sim::format_problem(p));
  REQUIRE(r.exercise);
  return *r.exercise;
}

const lessons::PlacedQuestion& question(const lessons::ExerciseRun& run, const std::string& id) {
  for (const auto& pq : run.questions)
    if (pq.question->id == id) return pq;
  FAIL("no question " << id);
  throw;
}

// Whether any record shown at question `id`'s pause matches `c`.
bool shown(const lessons::ExerciseRun& run, const std::string& id, const std::string& cond) {
  lessons::Problems problems;
  lessons::JsonDoc doc = *lessons::parse_json_text(cond, "cond", problems);
  lessons::Checker checker(doc, problems);
  std::optional<lessons::Condition> c = lessons::read_condition(checker, doc.root, "");
  REQUIRE(c);
  const sim::Trace& t = run.run.trace;
  const lessons::PlacedQuestion& pq = question(run, id);
  for (std::size_t i = 0; i < pq.pause_at; ++i)
    if (c->matches(t.entries()[i], t)) return true;
  return false;
}

}  // namespace

TEST_CASE("every shipped question is asked before the record its answer is read from", "[lessons][exercise][ask]") {
  std::size_t hidden = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExercises)) {
    INFO(entry.path().string());
    lessons::Exercise ex = load(entry.path().string());
    lessons::ExerciseRun run = lessons::run_exercise(ex);
    REQUIRE(run.problems.empty());
    const auto& entries = run.run.trace.entries();
    for (std::size_t k = 0; k < run.questions.size(); ++k) {
      const lessons::PlacedQuestion& pq = run.questions[k];
      INFO("question " << pq.question->id);
      // What is shown is exactly the records at or before the pause, which is in the run.
      CHECK(pq.pause_time >= protocols::kEpoch);
      CHECK(pq.pause_at <= entries.size());
      if (pq.pause_at > 0) CHECK(entries[pq.pause_at - 1].t <= pq.pause_time);
      if (pq.pause_at < entries.size()) CHECK(entries[pq.pause_at].t > pq.pause_time);
      // Neither this question's answer record nor a later question's is shown yet.
      for (std::size_t m = k; m < run.questions.size(); ++m)
        if (run.questions[m].reveal) CHECK(*run.questions[m].reveal >= pq.pause_at);
      if (pq.reveal) ++hidden;
      if (k > 0) CHECK(run.questions[k - 1].pause_time <= pq.pause_time);
    }
  }
  CHECK(hidden >= 20);
}

TEST_CASE("the questions the issue saw answered on screen are asked first", "[lessons][exercise][ask]") {
  const lessons::Exercise down_ex = load(kExercises + "04_receiver_down_quiz.json");
  lessons::ExerciseRun down = lessons::run_exercise(down_ex);
  CHECK(!shown(down, "middle-end", R"({"kind": "conn", "event": "refused"})"));
  CHECK(!shown(down, "rst-from", R"({"kind": "segment", "event": "sent", "flags": {"contains": "RST"}})"));
  CHECK(shown(down, "refused-after", R"({"kind": "conn", "event": "refused"})"));  // timed, so shown
  const lessons::Exercise smtp_ex = load(kExercises + "02_smtp_quiz.json");
  lessons::ExerciseRun smtp = lessons::run_exercise(smtp_ex);
  CHECK(!shown(smtp, "after-quit", R"({"kind": "reply", "from": "mail.b.example", "code": 221})"));
  CHECK(shown(smtp, "after-quit", R"({"kind": "reply", "from": "mail.b.example", "code": 354})"));
  CHECK(!shown(smtp, "submit-port", R"({"kind": "conn", "port": 587})"));
  CHECK(!shown(smtp, "after-data", R"({"kind": "reply", "from": "mail.b.example", "code": 354})"));
  // A command is given away by the pill of the segment that carries it, before it is parsed.
  const lessons::Exercise pop3_ex = load(kExercises + "08_pop3_quiz.json");
  lessons::ExerciseRun pop3 = lessons::run_exercise(pop3_ex);
  CHECK(!shown(pop3, "password-command", R"({"kind": "segment", "label": {"contains": "bob-secret"}})"));
  CHECK(shown(pop3, "password-command", R"({"kind": "command", "verb": "USER"})"));
}

TEST_CASE("answers are shown to people as choices, orders and pairs, not JSON", "[lessons][exercise]") {
  const lessons::Exercise ex = load(kExercises + "04_receiver_down_quiz.json");
  lessons::ExerciseRun run = lessons::run_exercise(ex);
  using lessons::json;
  const auto& match = question(run, "match");
  CHECK(lessons::expected_text(match, lessons::Lang::En) ==
        "A. Service stopped (host up) → 2. Connection refused (RST); B. Host powered off → 1. Connection timed out (no answer at all)");
  CHECK(lessons::answer_text(match, json("A1 B2"), lessons::Lang::Zh) ==
        "A. 服务停止（主机在线） → 1. 连接超时（没有任何回答）; B. 主机断电 → 2. 连接被拒绝（RST）");
  const auto& order = question(run, "fault-order");
  CHECK(lessons::answer_text(order, json::array({"B", "A"}), lessons::Lang::En) == "B. stop-service → A. power-off");
  CHECK(lessons::expected_text(question(run, "mail-server"), lessons::Lang::En) == "B. Kept in the queue and tried again later");
  CHECK(lessons::expected_text(question(run, "timeout-after"), lessons::Lang::En) == "1m 3s");
  CHECK(lessons::question_title(*match.question, lessons::Lang::En) == "Match each fault with what the sender saw.");
  for (const auto& pq : run.questions) {
    std::string s = lessons::expected_text(pq, lessons::Lang::Zh);
    CHECK(!s.empty());
    CHECK(s.find('[') == std::string::npos);
    CHECK(s.find('{') == std::string::npos);
  }
}

TEST_CASE("a students' copy grades like the original and does not hold the literal answers", "[lessons][exercise][digest]") {
  const std::string path = kExercises + "04_receiver_down_quiz.json";
  lessons::Exercise ex = load(path);
  lessons::Problems problems;
  std::optional<lessons::json> copy = lessons::student_copy(path, ex, problems);
  for (const auto& p : problems) INFO(sim::format_problem(p));
  REQUIRE(copy);
  CHECK((*copy)["scenario"].is_object());
  const lessons::json& lit = (*copy)["questions"][6]["answer"];  // "match": {"A": 2, "B": 1}
  REQUIRE(lit.contains("digest"));
  CHECK(lit.dump().find("\"A\"") == std::string::npos);
  lessons::ExerciseLoad back = lessons::load_exercise_text(copy->dump(2), "copy.json");
  for (const auto& p : back.problems) INFO(sim::format_problem(p));
  REQUIRE(back.exercise);
  lessons::ExerciseRun teacher = lessons::run_exercise(ex), student = lessons::run_exercise(*back.exercise);
  REQUIRE(student.problems.empty());
  using lessons::json;
  const auto& m = question(student, "match");
  CHECK(m.expected.is_null());
  CHECK(lessons::is_correct(m, json({{"A", 2}, {"B", 1}})));
  CHECK(lessons::is_correct(m, lessons::answer_from_line(lessons::QuestionType::Match, "b1 a2")));
  CHECK(!lessons::is_correct(m, json({{"A", 1}, {"B", 2}})));
  CHECK(lessons::is_correct(question(student, "mail-server"), json("b")));
  CHECK(!lessons::is_correct(question(student, "mail-server"), json("A")));
  CHECK(lessons::is_correct(question(student, "syns"), json("6")));  // computed: still from the run
  CHECK(lessons::expected_text(m, lessons::Lang::En).find("not in this copy") != std::string::npos);
  // Same exercise, same run: the digests agree between the teacher's file and the copy.
  CHECK(lessons::trace_digest(teacher.run.trace) == lessons::trace_digest(student.run.trace));
  CHECK(lessons::exercise_digest(path, ex).size() == 64);
  const std::string written = std::filesystem::temp_directory_path().string() + "/mailsim_exercise_copy.json";
  std::ofstream(written) << copy->dump(2);
  CHECK(lessons::exercise_digest(written, *back.exercise) == lessons::exercise_digest(path, ex));
  std::filesystem::remove(written);
}

TEST_CASE("a fill-in text answer and its accepted texts are kept as digests", "[lessons][exercise][digest]") {
  const std::string path = kExercises + "06_smtp_weaknesses_quiz.json";
  lessons::Exercise ex = load(path);
  lessons::Problems problems;
  std::optional<lessons::json> copy = lessons::student_copy(path, ex, problems);
  REQUIRE(copy);
  REQUIRE((*copy)["questions"][0]["id"] == "password");
  CHECK((*copy)["questions"][0]["answer"].dump().find("alice-secret") == std::string::npos);
  CHECK(!(*copy)["questions"][0].contains("accept"));
  lessons::ExerciseLoad back = lessons::load_exercise_text(copy->dump(), "copy.json");
  REQUIRE(back.exercise);
  lessons::ExerciseRun run = lessons::run_exercise(*back.exercise);
  CHECK(lessons::is_correct(question(run, "password"), lessons::json(" Alice-Secret ")));
  CHECK(!lessons::is_correct(question(run, "password"), lessons::json("alice")));
}

TEST_CASE("a misspelled key gets a did-you-mean, a swap of two letters too", "[lessons][exercise]") {
  CHECK(lessons::suggest_key("form", {"from", "to"}) == "from");
  CHECK(lessons::suggest_key("anwser", {"id", "answer", "accept"}) == "answer");
  CHECK(lessons::suggest_key("promt", {"prompt", "pause"}) == "prompt");
  CHECK(!lessons::suggest_key("xyz", {"from", "to"}));
  lessons::ExerciseLoad r = lessons::load_exercise_text(R"({"mailsim_exercise": 1, "id": "x",
    "title": {"zh": "x", "en": "x"}, "scenario": "../../../assets/scenarios/echo.json",
    "questions": [{"id": "q", "at": {"kind": "conn", "form": "client"}, "type": "fill",
      "prompt": {"zh": "x", "en": "x"}, "anwser": "1", "explanation": {"zh": "x", "en": "x"}}]})",
                                                        data("inline.json"));
  std::vector<std::string> messages;
  for (const auto& p : r.problems) messages.push_back(p.message);
  CHECK(std::find(messages.begin(), messages.end(), "unknown key \"form\" (did you mean \"from\"?)") != messages.end());
  CHECK(std::find(messages.begin(), messages.end(), "unknown key \"anwser\" (did you mean \"answer\"?)") != messages.end());
}
