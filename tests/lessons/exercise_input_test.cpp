// Exercise input triggered by a trace record ("cut the link when the first DELE arrives"):
// the entry is applied when its record is recorded (plus its delay), deterministically.
#include <catch2/catch.hpp>

#include "lessons/exercise.hpp"
#include "lessons/exercise_digest.hpp"

namespace {

std::string pop3_exercise(const std::string& input) {
  return R"({"mailsim_exercise": 1, "id": "cut", "title": {"zh": "断开", "en": "Cut"},
  "scenario": ")" + std::string(MAILSIM_SOURCE_DIR) + R"(/lessons/content/scenarios/pop3.json", "until": "50s",
  "input": [)" + input + R"(],
  "questions": [{"id": "q", "at": {"kind": "command", "verb": "DELE"}, "type": "fill",
    "prompt": {"zh": "问", "en": "Q"}, "answer": {"computed": {"count": {"kind": "command", "proto": "POP3", "verb": "QUIT"}}},
    "explanation": {"zh": "解", "en": "E"}}]})";
}

}  // namespace

TEST_CASE("an input entry fires when its record is recorded, with its delay", "[lessons][exercise][input]") {
  lessons::ExerciseLoad r = lessons::load_exercise_text(
      pop3_exercise(R"({"when": {"kind": "command", "proto": "POP3", "verb": "DELE"}, "fault": "link-down mail.b.example-bob-laptop"},
                       {"when": {"kind": "command", "proto": "POP3", "verb": "DELE"}, "delay": "5s", "fault": "link-up mail.b.example-bob-laptop"})"),
      "cut.json");
  for (const auto& p : r.problems) INFO(sim::format_problem(p));
  REQUIRE(r.exercise);
  REQUIRE(r.exercise->triggered.size() == 2);
  lessons::ExerciseRun run = lessons::run_exercise(*r.exercise);
  REQUIRE(run.problems.empty());
  const sim::Trace& t = run.run.trace;
  std::optional<protocols::Instant> dele, down, up, quit;
  int lost = 0;
  for (const auto& e : t.entries()) {
    if (auto* c = std::get_if<sim::CommandRecord>(&e.record); c && c->proto == sim::Proto::POP3) {
      if (c->verb == "DELE" && !dele) dele = e.t;
      if (c->verb == "QUIT") quit = e.t;
    }
    if (auto* f = std::get_if<sim::FaultRecord>(&e.record)) {
      CHECK(f->source == sim::FaultSource::Input);
      CHECK(f->applied);
      (f->action == sim::FaultAction::LinkDown ? down : up) = e.t;
    }
    if (auto* s = std::get_if<sim::SegmentRecord>(&e.record); s && s->event == sim::SegmentEvent::Dropped &&
                                                              s->reason == "link down" && t.host_name(s->from) == "mail.b.example")
      ++lost;
  }
  REQUIRE(dele);
  REQUIRE(down);
  REQUIRE(up);
  CHECK(*down == *dele);
  CHECK(*up == *dele + std::chrono::seconds(5));
  // The +OK to DELE was on the link when it went down: lost (and its retransmissions while
  // the link is down), so the laptop's QUIT comes only after the link is back.
  CHECK(lost >= 1);
  REQUIRE(quit);
  CHECK(*quit > *up);
  CHECK(run.questions.at(0).expected == 1);
  REQUIRE(run.input.size() == 2);
  CHECK(run.input[0].at == *down);
  CHECK(run.input[1].text == "link-up mail.b.example-bob-laptop");
  // The same exercise runs the same way again.
  CHECK(lessons::trace_digest(lessons::run_exercise(*r.exercise).run.trace) == lessons::trace_digest(t));
}

TEST_CASE("an input entry has a time or a record, not both, and a delay only with a record", "[lessons][exercise][input]") {
  auto first = [](const std::string& input) {
    lessons::ExerciseLoad r = lessons::load_exercise_text(pop3_exercise(input), "cut.json");
    return r.problems.empty() ? std::string() : sim::format_problem(r.problems[0]);
  };
  CHECK(first(R"({"at": "1s", "when": {"kind": "conn"}, "fault": "link-down bob-laptop"})") ==
        "cut.json:3:13: /input/0: an input entry has either \"at\" (a time) or \"when\" (a trace record)");
  CHECK(first(R"({"at": "1s", "delay": "1s", "fault": "link-down bob-laptop"})") ==
        "cut.json:3:35: /input/0/delay: \"delay\" goes with \"when\" (the time after the record)");
  CHECK(first(R"({"when": {"kind": "comand"}, "fault": "link-down bob-laptop"})") ==
        "cut.json:3:31: /input/0/when/kind: unknown record kind \"comand\" (did you mean \"command\"?)");
  CHECK(first(R"({"when": {"kind": "conn"}, "fault": "drop-after mail.b.example:110"})").find("/input/0/fault") != std::string::npos);
}
