// The lesson player over the echo scenario: headless from start to end, failing steps, and
// the front end's way of driving it (run the world, update, Next, student input).
#include <catch2/catch.hpp>

#include "lessons/lesson_player.hpp"

using namespace std::chrono_literals;

namespace {

std::string data(const std::string& name) { return std::string(MAILSIM_TEST_DATA) + "/lessons/" + name; }

lessons::Lesson load(const std::string& name) {
  lessons::LessonLoad r = lessons::load_lesson(data(name));
  for (const auto& p : r.problems) INFO(sim::format_problem(p));
  REQUIRE(r.lesson);
  return *r.lesson;
}

const sim::TraceEntry& entry(const lessons::LessonPlayer& p, std::size_t i) { return p.world().trace().entries().at(i); }

}  // namespace

TEST_CASE("the echo lesson plays headless from its first step to its last", "[lessons][player]") {
  lessons::LessonPlayer p(load("echo_lesson.json"));
  std::vector<lessons::StepReport> reports;
  while (!p.finished()) {
    reports.push_back(p.play_step());
    INFO(reports.back().message);
    REQUIRE(reports.back().outcome == lessons::StepOutcome::Met);
    REQUIRE(p.advance());
  }
  REQUIRE(reports.size() == 5);
  // Step 2 ends on the handshake's "established" record, at one round trip after 1 s.
  REQUIRE(reports[1].hit);
  auto* conn = std::get_if<sim::ConnRecord>(&entry(p, *reports[1].hit).record);
  REQUIRE(conn);
  CHECK(to_string(conn->event) == "established");
  CHECK(entry(p, *reports[1].hit).t == protocols::kEpoch + 1050ms + std::chrono::nanoseconds(77440));
  // Step 3 ends on the last echo.
  auto* note = std::get_if<sim::NoteRecord>(&entry(p, *reports[2].hit).record);
  REQUIRE(note);
  CHECK(note_text_code(*note) == "echoed: goodbye");
  // Step 4 waited for the student: headless, the player powered the server off itself.
  CHECK(reports[3].acted_for_student == "fault power-off server");
  REQUIRE(reports[3].end_record > reports[3].first_record);
  auto* fault = std::get_if<sim::FaultRecord>(&entry(p, reports[3].end_record - 1).record);
  REQUIRE(fault);
  CHECK((to_string(fault->action) == "power-off" && fault->target == "server" && to_string(fault->source) == "input"));
  // Step 5 powered it on and waited a second.
  CHECK(p.world().now() == entry(p, reports[3].end_record - 1).t + 1s);
  REQUIRE(p.input_log().size() == 2);
  CHECK(p.input_log()[0].text == "power-off server");
  CHECK(p.input_log()[1].text == "power-on server");
  CHECK(!p.advance());
}

TEST_CASE("a step whose record never comes fails once the world has nothing left to do", "[lessons][player]") {
  lessons::LessonPlayer p(load("never_ends.json"));
  lessons::StepReport r = p.play_step();
  CHECK(r.outcome == lessons::StepOutcome::WentIdle);
  CHECK(r.message.find("reply") != std::string::npos);
  CHECK(!p.condition_met());
  CHECK(!p.advance());
}

TEST_CASE("a step that outlasts the step limit times out at the limit", "[lessons][player]") {
  lessons::Lesson l = load("echo_lesson.json");
  l.step_limit = 500ms;
  l.steps.erase(l.steps.begin());  // start with the handshake step, which needs 1.05 s
  lessons::LessonPlayer p(std::move(l));
  lessons::StepReport r = p.play_step();
  CHECK(r.outcome == lessons::StepOutcome::TimedOut);
  CHECK(p.world().now() == protocols::kEpoch + 500ms);
}

TEST_CASE("driven like the front end, Next waits for the condition and a student's input ends a student step", "[lessons][player]") {
  lessons::LessonPlayer p(load("echo_lesson.json"));
  CHECK(p.narration(lessons::Lang::Zh) == "客户端将在 **1 秒**时连接服务器的端口 `7`。");
  CHECK(p.highlight().hosts == std::vector<std::string>{"client", "server"});
  CHECK(p.condition_met());
  REQUIRE(p.advance());
  CHECK(p.step().id == "handshake");
  p.world().run_until(protocols::kEpoch + 1s);
  p.update();
  CHECK(!p.condition_met());
  CHECK(!p.advance());
  // The timeline runs on past both the handshake and the echoes.
  p.world().run_until(protocols::kEpoch + 3s);
  p.update();
  REQUIRE(p.condition_met());
  REQUIRE(p.advance());
  p.update();
  CHECK(p.step().id == "echoes");
  CHECK(p.condition_met());  // its record came while the timeline ran on: not lost
  REQUIRE(p.advance());
  CHECK(p.step().id == "break");
  CHECK(!p.condition_met());
  p.apply_input(sim::InputEvent{p.world().now(), "fault", "", "power-off client"});
  CHECK(!p.condition_met());
  p.apply_input(sim::InputEvent{p.world().now(), "fault", "", "power-off server"});
  CHECK(p.condition_met());
  REQUIRE(p.advance());
  CHECK(p.step().id == "after");
  CHECK(p.input_log().size() == 3);  // two student faults and this step's power-on
}

TEST_CASE("going back to a step replays the world to exactly where that step began", "[lessons][player]") {
  auto jsonl = [](const sim::World& w) {
    std::string out;
    for (const auto& e : w.trace().entries()) out += std::to_string(e.n) + " " + std::to_string(protocols::ns_of(e.t)) + " " + std::string(sim::kind_of(e.record)) + "\n";
    return out;
  };
  lessons::LessonPlayer straight(load("echo_lesson.json"));
  while (!straight.finished()) {
    REQUIRE(straight.play_step().outcome == lessons::StepOutcome::Met);
    straight.advance();
  }
  lessons::LessonPlayer p(load("echo_lesson.json"));
  std::vector<std::size_t> sizes;
  while (!p.finished()) {
    sizes.push_back(p.world().trace().size());
    REQUIRE(p.play_step().outcome == lessons::StepOutcome::Met);
    p.advance();
  }
  CHECK(!p.go_to_step(7));
  // Back to the student step: the trace is cut back to where it began and the log with it.
  REQUIRE(p.go_to_step(3));
  CHECK(p.step().id == "break");
  CHECK(p.world().trace().size() == sizes[3]);
  CHECK(p.input_log().empty());
  CHECK(!p.condition_met());
  while (!p.finished()) {
    REQUIRE(p.play_step().outcome == lessons::StepOutcome::Met);
    p.advance();
  }
  CHECK(jsonl(p.world()) == jsonl(straight.world()));
  CHECK(p.world().now() == straight.world().now());
  // And back to the last step, whose power-on action is applied again.
  REQUIRE(p.go_to_step(4));
  CHECK(p.input_log().size() == 2);
}
