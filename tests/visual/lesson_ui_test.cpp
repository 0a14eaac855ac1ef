// Lessons in the front end: the session that moves the lesson's world a step at a time, and
// the window driven without a display with the lesson panel open.
#include <catch2/catch.hpp>

#include "headless_imgui.hpp"
#include "lessons/course.hpp"
#include "lessons/lesson.hpp"
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
  for (const auto& e : s.snapshot().trace.entries())
    if (auto* f = std::get_if<sim::FaultRecord>(&e.record)) applied |= "fault " + f->action + " " + f->target == want.describe();
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
