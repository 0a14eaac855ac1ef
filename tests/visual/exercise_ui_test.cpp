// Ask before showing, in the window: at every question of every shipped exercise, held at
// its pause, no view has the record the question asks about: no transcript row, no pill on
// the canvas, no marker on the timeline; played to the end of the window's frames, the
// playback stays there until the question is answered.
#include <catch2/catch.hpp>

#include "headless_imgui.hpp"
#include "lessons/course.hpp"
#include "visual/exercise_session.hpp"
#include "visual/transcript.hpp"

using namespace visual;

TEST_CASE("no view shows the record a question asks about before it is answered", "[visual][exercise][ask]") {
  vtest::HeadlessImGui gui;
  lessons::Problems problems;
  int hidden = 0;
  for (const lessons::CourseItem& item : lessons::list_course(lessons::content_dir(), problems)) {
    if (!item.exercise) continue;
    INFO(item.file);
    App app(Model(sim::ScenarioSpec{}, sim::RunResult{}), ViewSettings{}, gui.fonts);
    std::string error;
    REQUIRE(app.open_course_file(item.file, &error));
    ExerciseSession& ex = *app.exercise();
    const sim::Trace& trace = app.model().trace();
    const std::vector<TranscriptRow> rows = transcript_rows(trace);
    TranscriptFilter every;
    every.segments = true;
    app.playback().speed = 1e6;
    while (!ex.done()) {
      const lessons::PlacedQuestion& q = ex.question();
      INFO("question " << q.question->id);
      app.playback().playing = true;
      for (int i = 0; i < 400 && app.playback().playing; ++i) gui.frame(app, 0.1);
      REQUIRE(app.playback().t == ex.limit());
      if (q.reveal) {
        ++hidden;
        CHECK(trace.entries()[*q.reveal].t > ex.limit());
        for (std::size_t r : filter_rows(rows, every, ex.limit())) CHECK(rows[r].entry < *q.reveal);
        for (std::size_t f : app.model().flights().visible_at(ex.limit()))
          CHECK(app.model().flights().flights()[f].sent < *q.reveal);
        for (const Marker& m : app.model().markers())
          if (m.t <= ex.limit()) CHECK(m.entry < *q.reveal);
      }
      ex.answer(q.expected);
      ex.continue_on();
    }
  }
  CHECK(hidden >= 20);
}
