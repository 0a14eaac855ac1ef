// Issue 14 §1: every step of every shipped lesson shows what it is about. For each step, in
// both languages and at 1600x900 and 1280x720, the window is drawn where the step pauses and
// the rows the panels report for that frame (FrameReport) must hold the step's record in
// view: the inspector shows it, its transcript line or ladder arrow is inside the visible
// rows, a step about TCP itself has TCP unfolded and the lanes of the hosts involved.
#include <catch2/catch.hpp>

#include <algorithm>

#include "headless_imgui.hpp"
#include "lessons/course.hpp"
#include "lessons/lesson.hpp"
#include "visual/direction.hpp"
#include "visual/exercise_session.hpp"
#include "visual/lesson_session.hpp"

using namespace visual;

namespace {

bool visible(const std::vector<RowRect>& rows, std::optional<std::size_t> entry) {
  if (!entry) return false;
  for (const RowRect& r : rows)
    if (r.entry == *entry && r.visible) return true;
  return false;
}

std::string name_of(Lang lang, ImVec2 size) {
  return std::string(lang == Lang::Zh ? "zh " : "en ") + std::to_string(int(size.x)) + "x" + std::to_string(int(size.y));
}

// Draws the step where it pauses and checks what is on screen; returns whether it had a record.
bool check_step(vtest::HeadlessImGui& gui, App& app, Lang lang, ImVec2 size) {
  ImGui::GetIO().DisplaySize = size;
  app.settings().lang = lang;
  app.playback().t = app.model().end();
  app.playback().playing = false;
  for (int i = 0; i < 4; ++i) gui.frame(app);
  REQUIRE(app.direction());
  const Direction& d = *app.direction();
  const FrameReport& rep = app.report();
  const LessonSession& s = *app.lesson();
  INFO(s.lesson().id << " step " << s.step_index() + 1 << " (" << s.player().step().id << ") " << name_of(lang, size));
  // A step that ends on a record is about it, unless its view names another.
  if (s.player().hit() && !s.player().step().view.select) CHECK(d.select == s.player().hit());
  if (!d.select) return false;
  const std::size_t e = *d.select;
  INFO("record #" << e << ": " << app.model().rows()[e].text);
  CHECK(rep.inspector == e);
  const bool in_ladder = visible(rep.ladder, d.row);
  const bool in_transcript = visible(rep.transcript, e);
  std::size_t first_seen = SIZE_MAX, last_seen = 0;
  for (const RowRect& r : rep.transcript)
    if (r.visible) first_seen = std::min(first_seen, r.entry), last_seen = std::max(last_seen, r.entry);
  INFO("transcript shows #" << first_seen << " .. #" << last_seen << " of " << rep.transcript.size() << " rows drawn");
  CHECK((in_ladder || in_transcript));
  if (is_about_tcp(app.model(), e)) {
    CHECK_FALSE(rep.fold_tcp);
    CHECK(in_ladder);
  }
  for (sim::HostId h : d.lanes) CHECK(std::find(rep.lanes.begin(), rep.lanes.end(), h) != rep.lanes.end());
  return true;
}

}  // namespace

TEST_CASE("every step of every shipped lesson has its record on screen", "[visual][lesson][views]") {
  lessons::Problems problems;
  std::vector<lessons::CourseItem> course = lessons::list_course(lessons::content_dir(), problems);
  REQUIRE(problems.empty());
  vtest::HeadlessImGui gui;
  std::size_t steps = 0, with_record = 0;
  for (const lessons::CourseItem& item : course) {
    if (item.exercise) continue;
    lessons::LessonLoad l = lessons::load_lesson(item.file);
    REQUIRE(l.lesson);
    auto session = std::make_unique<LessonSession>(std::move(*l.lesson));
    Model first(session->scenario(), session->snapshot());
    App app(std::move(first), ViewSettings{}, gui.fonts);
    app.open_lesson(std::move(session));
    while (true) {
      gui.frame(app);  // the model follows the lesson's world
      bool had = false;
      for (ImVec2 size : {ImVec2(1600, 900), ImVec2(1280, 720)})
        for (Lang lang : {Lang::Zh, Lang::En}) had = check_step(gui, app, lang, size);
      ++steps;
      with_record += had;
      LessonSession& s = *app.lesson();
      s.act_for_student();
      if (!s.next() || s.finished()) break;
    }
  }
  // Most steps end on a record or name one; the narration-only ones (introductions,
  // summaries) have nothing to point at.
  CHECK(steps > 90);
  CHECK(with_record * 10 > steps * 6);
}

TEST_CASE("every question of every shipped exercise has its record on screen", "[visual][exercise][views]") {
  lessons::Problems problems;
  std::vector<lessons::CourseItem> course = lessons::list_course(lessons::content_dir(), problems);
  REQUIRE(problems.empty());
  vtest::HeadlessImGui gui;
  std::size_t questions = 0, with_record = 0;
  for (const lessons::CourseItem& item : course) {
    if (!item.exercise) continue;
    lessons::ExerciseLoad l = lessons::load_exercise(item.file);
    REQUIRE(l.exercise);
    auto session = std::make_unique<ExerciseSession>(std::move(*l.exercise));
    Model first(session->exercise().scenario, session->run().run);
    App app(std::move(first), ViewSettings{}, gui.fonts);
    app.open_exercise(std::move(session));
    for (ExerciseSession* ex = app.exercise(); !ex->done(); ex->continue_on()) {
      for (Lang lang : {Lang::Zh, Lang::En}) {
        ImGui::GetIO().DisplaySize = lang == Lang::Zh ? ImVec2(1280, 720) : ImVec2(1600, 900);
        app.settings().lang = lang;
        app.playback().t = ex->limit();
        app.playback().playing = false;
        for (int i = 0; i < 4; ++i) gui.frame(app);
        INFO(ex->exercise().id << " question " << ex->current() + 1);
        REQUIRE(app.direction());
        const Direction& d = *app.direction();
        if (!d.select) continue;
        // Never a record the run has not reached at the pause.
        CHECK(*d.select < ex->question().pause_at);
        CHECK(app.report().inspector == d.select);
        CHECK((visible(app.report().ladder, d.row) || visible(app.report().transcript, d.select)));
        with_record += lang == Lang::En;
      }
      ++questions;
      ex->answer(ex->question().expected);
    }
  }
  CHECK(questions > 50);
  CHECK(with_record * 2 > questions);
}
