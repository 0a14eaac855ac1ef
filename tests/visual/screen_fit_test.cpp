// The window at the projector sizes (1280x720, 1366x768, 1600x900, 1920x1080), in Chinese and
// English, with presenter mode off and on: no text is drawn over other text, and none is cut
// off by the edge of its panel (text_overlap.hpp reads the glyph quads of the frame). Three
// screens: the default scenario with a command in flight, a lesson step with its self-check,
// and an exercise question with its choices.
#include <catch2/catch.hpp>

#include <memory>
#include <sstream>

#include "lessons/course.hpp"
#include "sim/scenario_loader.hpp"
#include "text_overlap.hpp"
#include "visual/app.hpp"

using namespace visual;

namespace {

struct Size {
  int w, h;
};
constexpr Size kSizes[] = {{1280, 720}, {1366, 768}, {1600, 900}, {1920, 1080}};

// One ImGui context with the window's own fonts (17 px, as app_window loads them).
struct Screen {
  Fonts fonts;
  Screen() {
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::GetIO().DeltaTime = 1.f / 60;
    std::string course;
    fonts = load_fonts("");
    finish_fonts(fonts);
  }
  ~Screen() { ImGui::DestroyContext(); }
  Screen(const Screen&) = delete;
  Screen& operator=(const Screen&) = delete;

  // Draws four frames (auto-sized items settle) and returns what is wrong with the last.
  std::vector<vtest::TextProblem> look(App& app, Size s, Lang lang, bool presenter) {
    ImGui::GetIO().DisplaySize = ImVec2(float(s.w), float(s.h));
    app.settings().lang = lang;
    app.settings().presenter = presenter;
    for (int i = 0; i < 4; ++i) {
      ImGui::NewFrame();
      app.frame(0);
      ImGui::Render();
    }
    return vtest::text_problems();
  }
};

void check_all_sizes(Screen& screen, App& app, const std::string& what) {
  for (Size s : kSizes)
    for (Lang lang : {Lang::Zh, Lang::En})
      for (bool presenter : {false, true}) {
        const protocols::Instant t = app.playback().t;
        std::vector<vtest::TextProblem> problems = screen.look(app, s, lang, presenter);
        app.playback().t = t;
        std::ostringstream msg;
        msg << what << " at " << s.w << "x" << s.h << (lang == Lang::Zh ? " zh" : " en")
            << (presenter ? " presenter" : "") << ":";
        for (const auto& p : problems) msg << "\n  " << p.what;
        INFO(msg.str());
        CHECK(problems.empty());
      }
}

}  // namespace

TEST_CASE("no text overlaps or is cut off: the default scenario", "[visual][fit]") {
  Screen screen;
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(l.ok());
  App app(Model(*l.scenario), ViewSettings{}, screen.fonts);
  app.playback().t = app.model().interesting_moment();
  app.playback().playing = false;
  check_all_sizes(screen, app, "default scenario");
}

TEST_CASE("no text overlaps or is cut off: a lesson step with its self-check", "[visual][fit]") {
  Screen screen;
  lessons::LessonLoad l = lessons::load_lesson(lessons::content_dir() + "/04_receiver_down.json");
  REQUIRE(l.lesson);
  auto session = std::make_unique<LessonSession>(std::move(*l.lesson));
  for (int i = 0; i < 3; ++i) {  // to step 3, the server's RST and its question
    session->act_for_student();
    REQUIRE(session->next());
  }
  Model m(session->scenario(), session->snapshot());
  App app(std::move(m), ViewSettings{}, screen.fonts);
  app.open_lesson(std::move(session));
  app.playback().t = app.model().end();
  app.playback().playing = false;
  check_all_sizes(screen, app, "lesson 04 step 3");
}

TEST_CASE("no text overlaps or is cut off: an exercise question with its choices", "[visual][fit]") {
  Screen screen;
  lessons::ExerciseLoad l = lessons::load_exercise(lessons::content_dir() + "/exercises/04_receiver_down_quiz.json");
  REQUIRE(l.exercise);
  auto session = std::make_unique<ExerciseSession>(std::move(*l.exercise));
  Model m(session->exercise().scenario, session->run().run);
  App app(std::move(m), ViewSettings{}, screen.fonts);
  app.open_exercise(std::move(session));
  app.playback().t = app.exercise()->limit();
  app.playback().playing = false;
  check_all_sizes(screen, app, "exercise 04 question 1");
}
