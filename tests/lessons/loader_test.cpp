// Lesson and exercise loaders: each kind of malformed file gives one problem at the right
// line, column and JSON path; good files load with every field in place.
#include <catch2/catch.hpp>

#include "lessons/exercise.hpp"
#include "lessons/lesson.hpp"

namespace {

std::string data(const std::string& name) { return std::string(MAILSIM_TEST_DATA) + "/lessons/" + name; }

struct Bad {
  const char* file;
  int line, col;
  const char* path;
  const char* message_start;
};

void check_one(const lessons::Problems& problems, const Bad& b) {
  INFO(b.file);
  for (const auto& p : problems) INFO(sim::format_problem(p));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pos.line == b.line);
  CHECK(problems[0].pos.col == b.col);
  CHECK(problems[0].pos.path == b.path);
  CHECK(problems[0].message.rfind(b.message_start, 0) == 0);
}

}  // namespace

TEST_CASE("each malformed lesson gives one problem at its line, column and path", "[lessons][loader]") {
  const Bad cases[] = {
      {"bad_fault.json", 7, 86, "/steps/0/actions/0/fault", "bad fault \"powr-off server\": unknown action 'powr-off' (did you mean 'power-off'?)"},
      {"bad_time.json", 7, 102, "/steps/0/until/trace/time", "malformed duration \"soon\""},
      {"bad_version.json", 2, 21, "/mailsim_lesson", "unsupported lesson format version 2"},
      {"duplicate_step.json", 8, 12, "/steps/1/id", "duplicate step id \"s1\""},
      {"inline_scenario.json", 9, 29, "/scenario/hosts/0/kind", "unknown host kind \"toaster\""},
      {"missing_scenario.json", 5, 15, "/scenario", "cannot use the scenario"},
      {"missing_zh.json", 7, 31, "/steps/0/narration", "missing required field \"zh\""},
      {"student_verb.json", 7, 135, "/steps/0/until/student/example", "the example line does not start with the verb \"RCPT\""},
      {"telnet_port.json", 7, 91, "/steps/0/actions/0/telnet/host", "expected host:port"},
      {"trailing_comma.json", 5, 1, "", "invalid JSON: syntax error"},
      {"unclosed_bold.json", 7, 38, "/steps/0/narration/zh", "unclosed ** (bold)"},
      {"unknown_field.json", 7, 97, "/steps/0/until/trace/verbb", "unknown key \"verbb\" (did you mean \"verb\"?)"},
      {"unknown_host.json", 7, 82, "/steps/0/highlight/hosts/0", "unknown host \"srever\" (did you mean \"server\"?)"},
      {"unknown_kind.json", 7, 86, "/steps/0/until/trace/kind", "unknown record kind \"replly\" (did you mean \"reply\"?)"},
      {"until_two.json", 7, 67, "/steps/0/until", "\"until\" takes exactly one of"},
      {"view_key.json", 7, 67, "/steps/0/view/lane", "unknown key \"lane\" (did you mean \"lanes\"?)"},
      {"view_select.json", 7, 95, "/steps/0/view/select/cod", "unknown key \"cod\" (did you mean \"code\"?)"},
      {"view_tcp.json", 7, 74, "/steps/0/view/tcp",
       "expected \"fold\" or \"unfold\", found \"unfodl\" (did you mean \"unfold\"?)"},
      {"view_zoom.json", 7, 75, "/steps/0/view/zoom", "no link \"client-nowhere\" in the scenario"},
  };
  for (const Bad& b : cases) {
    lessons::LessonLoad r = lessons::load_lesson(data("bad/") + b.file);
    CHECK(!r.lesson);
    check_one(r.problems, b);
  }
}

TEST_CASE("a step's view block is read whole", "[lessons][loader]") {
  const std::string text = R"({
  "mailsim_lesson": 1, "id": "v", "title": {"zh": "视图", "en": "View"},
  "scenario": ")" + std::string(MAILSIM_TEST_DATA) + R"(/../../assets/scenarios/echo.json",
  "steps": [{"id": "s1", "narration": {"zh": "中", "en": "En"}, "until": {"next": true},
             "view": {"tcp": "unfold", "lanes": ["client", "server"], "select": {"kind": "conn", "event": "refused"},
                      "panel": "hosts", "host": "server", "zoom": "client-router"}}]
})";
  lessons::LessonLoad r = lessons::load_lesson_text(text, "v.json");
  for (const auto& p : r.problems) INFO(sim::format_problem(p));
  REQUIRE(r.lesson);
  const lessons::View& v = r.lesson->steps[0].view;
  CHECK(v.tcp == lessons::TcpView::Unfold);
  CHECK(v.lanes == std::vector<std::string>{"client", "server"});
  REQUIRE(v.select);
  CHECK(v.select->kind == "conn");
  CHECK(v.panel == lessons::ViewPanel::Hosts);
  CHECK(v.host == "server");
  CHECK(v.zoom == "client-router");
  // No view block: the views follow the step's record (visual/direction.hpp).
  CHECK(lessons::load_lesson(data("../../../lessons/content/02_smtp_phases.json")).lesson->steps[0].view.tcp ==
        lessons::TcpView::Auto);
}

TEST_CASE("a lesson whose scenario is a device is refused at its field, not read forever", "[lessons][loader]") {
  const std::string text = R"({
  "mailsim_lesson": 1,
  "id": "dev",
  "title": {"zh": "设备", "en": "Device"},
  "scenario": "/dev/zero",
  "steps": [{"id": "s1", "narration": {"zh": "中", "en": "En"}, "until": {"next": true}}]
})";
  lessons::LessonLoad r = lessons::load_lesson_text(text, "dev.json");
  CHECK(!r.lesson);
  REQUIRE(r.problems.size() == 1);
  CHECK(sim::format_problem(r.problems[0]) ==
        "dev.json:5:15: /scenario: cannot use the scenario \"/dev/zero\": cannot read the file: not a regular file (a "
        "device, pipe or socket)");
  lessons::LessonLoad d = lessons::load_lesson("/dev/zero");
  REQUIRE(d.problems.size() == 1);
  CHECK(sim::format_problem(d.problems[0]) == "/dev/zero: cannot read the file: not a regular file (a device, pipe or socket)");
}

TEST_CASE("each malformed exercise gives one problem at its line, column and path", "[lessons][loader]") {
  const Bad cases[] = {
      {"ex_answer_letter.json", 7, 132, "/questions/0/answer", "the answer to a single-choice question is a letter A to C"},
      {"ex_computed_field.json", 7, 125, "/questions/0/answer/computed/field", "a reply record has no field \"verb\""},
      {"ex_match_computed.json", 7, 149, "/questions/0/answer", "a match question's answer cannot be computed"},
      {"ex_missing_en.json", 7, 68, "/questions/0/prompt", "missing required field \"en\""},
      {"ex_type.json", 7, 50, "/questions/0/type", "unknown question type \"essay\""},
  };
  for (const Bad& b : cases) {
    lessons::ExerciseLoad r = lessons::load_exercise(data("bad/") + b.file);
    CHECK(!r.exercise);
    check_one(r.problems, b);
  }
}

TEST_CASE("an exercise whose question never happens, or whose answer is no choice, fails when run", "[lessons][loader]") {
  const Bad cases[] = {
      {"ex_unmet_at.json", 7, 24, "/questions/0/at", "question \"q1\": the run has no record reply proto=SMTP"},
      {"ex_not_a_choice.json", 7, 126, "/questions/0/answer", "question \"q1\": cannot compute the answer: the computed answer \"7\" is none of the choices"},
  };
  for (const Bad& b : cases) {
    lessons::ExerciseLoad r = lessons::load_exercise(data("bad/") + b.file);
    REQUIRE(r.exercise);
    lessons::ExerciseRun run = lessons::run_exercise(*r.exercise);
    check_one(run.problems, b);
  }
}

TEST_CASE("a missing file is one problem without a place", "[lessons][loader]") {
  lessons::LessonLoad r = lessons::load_lesson(data("no_such_lesson.json"));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].pos.line == 0);
  CHECK(sim::format_problem(r.problems[0]).find("cannot read the file") != std::string::npos);
}

TEST_CASE("a good lesson loads with its scenario, steps, actions and conditions", "[lessons][loader]") {
  lessons::LessonLoad r = lessons::load_lesson(data("echo_lesson.json"));
  for (const auto& p : r.problems) INFO(sim::format_problem(p));
  REQUIRE(r.lesson);
  const lessons::Lesson& l = *r.lesson;
  CHECK(l.id == "echo-tcp");
  CHECK(l.title.zh == "回显服务上的 TCP");
  CHECK(l.scenario.hosts.size() == 3);
  REQUIRE(l.steps.size() == 5);
  CHECK(l.steps[0].until.type == lessons::Until::Type::Next);
  CHECK(l.steps[0].highlight.links == std::vector<std::string>{"client-router", "router-server"});
  CHECK(l.steps[1].until.type == lessons::Until::Type::Trace);
  CHECK(l.steps[1].until.trace.kind == "conn");
  REQUIRE(l.steps[1].check);
  CHECK(l.steps[1].check->answer == 1);
  CHECK(l.steps[3].until.type == lessons::Until::Type::Student);
  CHECK(l.steps[3].until.student.fault == "power-off server");
  CHECK(l.steps[4].until.type == lessons::Until::Type::Wait);
  REQUIRE(l.steps[4].actions.size() == 1);
  CHECK(l.steps[4].actions[0].fault == "power-on server");
}
