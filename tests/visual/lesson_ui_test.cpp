// Lessons and exercises in the front end: the sessions that move a lesson's world a step at a
// time and hold an exercise's run at each question, and the window driven without a display.
#include <catch2/catch.hpp>
#include <fstream>

#include "headless_imgui.hpp"
#include "lessons/course.hpp"
#include "lessons/lesson.hpp"
#include "visual/exercise_session.hpp"
#include "visual/lesson_session.hpp"

using namespace visual;

namespace {
lessons::Lesson load(const std::string& name) {
  lessons::LessonLoad l = lessons::load_lesson(lessons::content_dir() + "/" + name);
  REQUIRE(l.lesson);
  return std::move(*l.lesson);
}

bool has_reply(const sim::Trace& tr, std::size_t from, int code) {
  for (std::size_t i = from; i < tr.size(); ++i)
    if (auto* r = std::get_if<sim::ReplyRecord>(&tr.entries()[i].record); r && r->code == code) return true;
  return false;
}
}  // namespace

TEST_CASE("a lesson session plays each step to its condition and stops there", "[visual][lesson]") {
  LessonSession s(load("02_smtp_phases.json"));
  REQUIRE(s.step_count() == 9);
  CHECK(s.step_index() == 0);
  CHECK(s.can_next());                            // narration only: Next at once
  CHECK(s.snapshot().end == protocols::kEpoch);   // and the world has not moved
  std::vector<std::size_t> sizes;
  std::vector<protocols::Instant> ends;
  std::uint64_t version = s.version();
  while (!s.finished()) {
    INFO("step " << s.step_index() << ": " << s.stuck());
    REQUIRE(s.stuck().empty());
    REQUIRE(s.can_next());
    sim::RunResult r = s.snapshot();
    sizes.push_back(r.trace.size());
    ends.push_back(r.end);
    REQUIRE(s.next());
    CHECK(s.version() != version);
    version = s.version();
  }
  CHECK_FALSE(s.next());
  // The world only moves forward, and the SMTP conversation happened in it.
  for (std::size_t i = 1; i < ends.size(); ++i) CHECK(ends[i] >= ends[i - 1]);
  CHECK(ends.back() > ends.front());
  sim::RunResult whole = s.snapshot();
  CHECK(has_reply(whole.trace, 0, 354));
  CHECK(has_reply(whole.trace, 0, 221));

  // Back replays to the beginning of the step before, exactly as it was the first time.
  s.restart();
  CHECK(s.step_index() == 0);
  for (int i = 0; i < 5; ++i) REQUIRE(s.next());
  const std::size_t at5 = s.snapshot().trace.size();
  REQUIRE(s.back());
  CHECK(s.step_index() == 4);
  CHECK(s.snapshot().trace.size() == sizes[4]);
  CHECK(s.snapshot().end == ends[4]);
  REQUIRE(s.next());
  CHECK(s.snapshot().trace.size() == at5);
}

TEST_CASE("a student step waits for the student's own action", "[visual][lesson]") {
  LessonSession s(load("04_receiver_down.json"));
  while (!s.finished() && !s.waiting_for_student()) REQUIRE(s.next());
  REQUIRE(s.waiting_for_student());
  CHECK_FALSE(s.can_next());
  const lessons::StudentAction want = s.player().step().until.student;
  const std::size_t before = s.snapshot().trace.size();
  const protocols::Instant now = s.snapshot().end;
  // Something else does not end the step, but the world runs on so its effect shows.
  s.apply_input(sim::InputEvent{now, "fault", "", "loss router-server 10%"});
  CHECK(s.waiting_for_student());
  CHECK(s.snapshot().end == now + LessonSession::kSettle);
  // The action the step asks for does.
  s.apply_input(want.perform(protocols::kEpoch));
  CHECK_FALSE(s.waiting_for_student());
  CHECK(s.can_next());
  CHECK(s.snapshot().trace.size() > before);
  bool applied = false;
  const auto snap = s.snapshot();  // a copy: a range-for over a temporary's member would dangle
  for (const auto& e : snap.trace.entries())
    if (auto* f = std::get_if<sim::FaultRecord>(&e.record)) applied |= "fault " + std::string(to_string(f->action)) + " " + f->target == want.describe();
  CHECK(applied);
}

TEST_CASE("the window plays a lesson: the panel, Next, a fault click for a student step", "[visual][lesson][ui]") {
  vtest::HeadlessImGui gui;
  auto session = std::make_unique<LessonSession>(load("04_receiver_down.json"));
  Model first(session->scenario(), session->snapshot());
  App app(std::move(first), ViewSettings{}, gui.fonts);
  app.open_lesson(std::move(session));
  LessonSession& s = *app.lesson();
  for (Lang lang : {Lang::Zh, Lang::En}) {
    app.settings().lang = lang;
    gui.frame(app);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
  }
  // Next: the model becomes the world as the step left it, and the playback plays toward it.
  const protocols::Instant end0 = app.model().end();
  REQUIRE(s.next());
  gui.frame(app);
  CHECK(app.model().end() > end0);
  CHECK(app.model().trace().size() == s.snapshot().trace.size());
  CHECK(app.playback().playing);
  // The playback stops at the world's present: where the step waits.
  for (int i = 0; i < 2000 && app.playback().playing; ++i) gui.frame(app, 1.0);
  CHECK(app.playback().t == app.model().end());
  while (!s.waiting_for_student()) REQUIRE(s.next());
  gui.frame(app);
  // The fault menu's click goes to the lesson, not to a re-run of the scenario.
  app.click_fault(s.player().step().until.student.perform(app.playback().t));
  gui.frame(app);
  CHECK(s.can_next());
  CHECK_FALSE(app.model().rerunning());
  CHECK(app.model().trace().size() == s.snapshot().trace.size());
  // Back: the playback returns to where the step before began.
  REQUIRE(s.back());
  gui.frame(app);
  CHECK(app.playback().t <= app.model().end());
  CHECK(app.playback().t == s.step_began());
}

TEST_CASE("every shipped lesson plays in the window from the first step to the last", "[visual][lesson][ui]") {
  vtest::HeadlessImGui gui;
  lessons::Problems problems;
  std::vector<lessons::CourseItem> course = lessons::list_course(lessons::content_dir(), problems);
  CHECK(problems.empty());
  int played = 0;
  for (const lessons::CourseItem& item : course) {
    if (item.exercise) continue;
    INFO(item.file);
    auto session = std::make_unique<LessonSession>(load(item.file.substr(item.file.rfind('/') + 1)));
    Model m(session->scenario(), session->snapshot());
    App app(std::move(m), ViewSettings{}, gui.fonts);
    app.open_lesson(std::move(session));
    LessonSession& s = *app.lesson();
    while (!s.finished()) {
      gui.frame(app);
      INFO("step " << s.step_index() << ": " << s.stuck());
      REQUIRE(s.stuck().empty());
      if (s.waiting_for_student()) s.act_for_student();
      if (s.player().step().check) s.choose(s.step_index(), 0);  // the panel shows the verdict
      gui.frame(app);
      REQUIRE(s.next());
    }
    gui.frame(app);
    ++played;
  }
  CHECK(played >= 10);
}

namespace {
lessons::Exercise load_ex(const std::string& name) {
  lessons::ExerciseLoad l = lessons::load_exercise(lessons::content_dir() + "/exercises/" + name);
  REQUIRE(l.exercise);
  return std::move(*l.exercise);
}
}  // namespace

TEST_CASE("an exercise session holds the run at each question until it is answered", "[visual][exercise]") {
  ExerciseSession ex(load_ex("05_retry_quiz.json"));
  REQUIRE(ex.problems().empty());
  REQUIRE(ex.count() >= 3);
  CHECK(ex.limit() == ex.pause_time(0));
  CHECK(ex.limit() < ex.run().run.end);
  ex.continue_on();  // not answered yet: stays
  CHECK(ex.current() == 0);
  ex.answer(ex.question().expected);
  CHECK(ex.result_of(0).correct);
  ex.answer(lessons::json("nonsense"));  // graded once
  CHECK(ex.result_of(0).correct);
  ex.continue_on();
  REQUIRE(ex.current() == 1);
  CHECK(ex.limit() >= ex.pause_time(0));
  ex.answer(lessons::json("definitely not the answer"));
  CHECK_FALSE(ex.result_of(1).correct);
  while (!ex.done()) {
    if (!ex.answered()) ex.answer(ex.question().expected);
    ex.continue_on();
  }
  CHECK(ex.limit() == ex.run().run.end);
  CHECK(ex.score() == static_cast<int>(ex.count()) - 1);
  const std::string path = "/tmp/mailsim_visual_exercise_result.json";
  REQUIRE(ex.save(path, "Li Lei"));
  std::ifstream in(path);
  lessons::json j = lessons::json::parse(in);
  CHECK(j["student"] == "Li Lei");
  CHECK(j["score"] == ex.score());
  CHECK(j["questions"].size() == ex.count());
}

TEST_CASE("the window replays an exercise: it pauses at the question and plays on after it", "[visual][exercise][ui]") {
  vtest::HeadlessImGui gui;
  auto session = std::make_unique<ExerciseSession>(load_ex("05_retry_quiz.json"));
  Model m(session->exercise().scenario, session->run().run);
  App app(std::move(m), ViewSettings{}, gui.fonts);
  app.open_exercise(std::move(session));
  ExerciseSession& ex = *app.exercise();
  app.playback().speed = kMaxSpeed;
  for (int i = 0; i < 600 && app.playback().playing; ++i) gui.frame(app, 0.1);
  CHECK(app.playback().t == ex.limit());
  app.playback().t = app.model().end();  // scrubbing past the question does not reveal it
  gui.frame(app);
  gui.frame(app);
  CHECK(app.playback().t == ex.limit());
  const std::size_t before = app.model().trace().size();
  app.click_fault(sim::InputEvent{app.playback().t, "fault", "", "power-off mail.a.example"});
  gui.frame(app);
  CHECK(app.model().trace().size() == before);  // a recorded run is not changed
  CHECK(app.model().input().empty());
  ex.answer(ex.question().expected);
  ex.continue_on();
  app.playback().playing = true;
  for (int i = 0; i < 600 && app.playback().playing; ++i) gui.frame(app, 0.1);
  CHECK(app.playback().t == ex.limit());
  CHECK(ex.current() == 1);
}

TEST_CASE("every shipped exercise can be answered in the window to its score", "[visual][exercise][ui]") {
  vtest::HeadlessImGui gui;
  lessons::Problems problems;
  int opened = 0;
  for (const lessons::CourseItem& item : lessons::list_course(lessons::content_dir(), problems)) {
    if (!item.exercise) continue;
    INFO(item.file);
    App app(Model(sim::ScenarioSpec{}, sim::RunResult{}), ViewSettings{}, gui.fonts);
    std::string error;
    REQUIRE(app.open_course_file(item.file, &error));
    REQUIRE(app.exercise());
    ExerciseSession& ex = *app.exercise();
    CHECK(ex.problems().empty());
    for (Lang lang : {Lang::Zh, Lang::En}) {
      app.settings().lang = lang;
      while (!ex.done()) {
        app.playback().t = ex.limit();
        gui.frame(app);
        ex.answer(ex.question().expected);
        gui.frame(app);
        ex.continue_on();
      }
      gui.frame(app);
    }
    CHECK(ex.score() == static_cast<int>(ex.count()));
    ++opened;
  }
  CHECK(opened >= 10);
}
