// The front end's public entry point: open a window (GLFW or SDL2 with OpenGL 3), simulate
// the scenario, and show the run; or render one moment to a PNG (--screenshot), or time N
// frames (--bench-frames). The app/ layer parses the command line into GuiOptions.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "protocols/time.hpp"
#include "sim/scenario.hpp"
#include "visual/design_session.hpp"
#include "visual/exercise_session.hpp"
#include "visual/lesson_session.hpp"
#include "visual/live_feed.hpp"
#include "visual/model.hpp"

namespace visual {

struct GuiOptions {
  std::string scenario_path;
  std::string lesson_path;
  std::string exercise_path;
  std::string replay_path;       // an input log to replay (serve --record): the run shown has it
  std::string backend = "glfw";  // "glfw" or "sdl2"
  std::string lang = "zh";       // "zh" or "en"
  bool presenter = false;
  bool events = false;           // the event list in the transcript's place
  std::string screenshot_path;   // non-empty: render one moment to this PNG and exit
  std::optional<protocols::Duration> screenshot_at;  // default: a moment with a command in flight
  int width = 1600, height = 900;
  int bench_frames = 0;          // > 0: render this many frames, print median and p95, exit
  int lesson_step = 0;           // a lesson's step (an exercise's question) to start at, 0-based
  bool design = false;           // design mode (scenario_path: the file to open; empty: a new world)
  std::string templates_dir;     // design mode's templates (assets/templates)
  std::string design_select;     // design mode: the host selected at the start (screenshots)
};

// Exit codes of run_gui.
constexpr int kGuiOk = 0;
constexpr int kGuiFailed = 1;     // a file could not be written, an unknown backend
constexpr int kGuiBadInput = 2;   // the lesson file is malformed (its problems are printed)
constexpr int kGuiNoDisplay = 3;  // no display could be opened; the caller may fall back to the terminal

// Simulates `scenario` (simulate(), empty input log) and shows the run.
int run_gui(const sim::ScenarioSpec& scenario, const GuiOptions& opts);
// Opens opts.lesson_path in lesson mode (the lesson panel, the lesson's world step by step),
// or opts.exercise_path in exercise mode (the recorded run, held at each question).
int run_course_gui(const GuiOptions& opts);

// What run_window opens besides the model: a lesson, an exercise or a live world, or none.
struct CourseItemOpen {
  std::unique_ptr<LessonSession> lesson;
  std::unique_ptr<ExerciseSession> exercise;
  LiveFeed* live = nullptr;
  std::unique_ptr<DesignSession> design;  // design mode (design_session.hpp)
};

// Opens design mode (mailsim gui --design [SCENARIO]): opts.scenario_path, or a new world.
int run_design_gui(const GuiOptions& opts);
// Shows a live world (mailsim serve --gui) until the window closes or the feed ends.
int run_live_gui(LiveFeed& feed, const GuiOptions& opts);
// Shows a model already made (run_gui's second half; tests render hand-built traces), or,
// given a lesson or an exercise, that.
int run_window(Model model, const GuiOptions& opts, CourseItemOpen course = {});

}  // namespace visual
