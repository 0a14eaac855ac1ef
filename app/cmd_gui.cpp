// mailsim gui: the front end. Returns 3 when no window can be opened, so that the bare
// `mailsim` falls back to the terminal.
#include <cstdio>
#include <cstdlib>

#include "app/cli.hpp"

#if defined(MAILSIM_HAVE_GUI) && __has_include("visual/app_window.hpp")
#include "visual/app_window.hpp"
#define MAILSIM_GUI_READY 1
#endif

namespace app {

namespace {
const char* kGuiHelp =
    "usage: mailsim gui [--scenario FILE | --lesson FILE | --exercise FILE] [options]\n"
    "Opens the front end on a scenario (default: the default scenario), on a lesson played\n"
    "step by step with its narration, or on an exercise: its recorded run, paused at each\n"
    "question until it is answered (mailsim lesson --list shows the course).\n"
    "\n"
    "  --backend glfw|sdl2     window system (default glfw)\n"
    "  --lang zh|en            language (default from the locale: zh when LC_ALL, LC_MESSAGES\n"
    "                          or LANG starts with zh, else en; switchable in the window)\n"
    "  --presenter             large type, high contrast, keyboard control\n"
    "  --events                the event list (every event with its devices, type and\n"
    "                          information; a check box per type) in the transcript's place\n"
    "  --screenshot FILE.png   render one moment to a PNG and exit\n"
    "  --at DURATION           the moment to render, e.g. 1.2s (default: a command in flight)\n"
    "  --size WxH              window or screenshot size (default 1600x900)\n"
    "  --bench-frames N        render N frames, print frame-time statistics, exit\n"
    "  --replay LOG            show the scenario's run with this input log (mailsim serve\n"
    "                          --record: a live session with real clients, replayed exactly)\n"
    "  --step N                with --lesson: start at step N (1 = the first), doing the\n"
    "                          student's part of the steps before it; with --exercise: at\n"
    "                          question N, the ones before it answered from the key\n"
    "  --design [SCENARIO]     design mode: build a world by clicking (a palette of devices,\n"
    "                          links drawn between hosts, a property panel, undo/redo, save),\n"
    "                          then switch to Simulate to run it from time 0; SCENARIO (or\n"
    "                          --scenario) opens a file, none starts an empty world\n"
    "  --select HOST           with --design: the host selected at the start\n";
}  // namespace

int cmd_gui(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({"--scenario", "--lesson", "--backend", "--lang", "--screenshot", "--at", "--size", "--bench-frames", "--step", "--exercise", "--replay", "--select"},
                  {"--presenter", "--events", "--design", "--help", "-h"}, &error)) {
    std::fprintf(stderr, "mailsim gui: %s\n%s", error.c_str(), kGuiHelp);
    return kExitBadInput;
  }
  if (args.has("--help")) {
    std::fputs(kGuiHelp, stdout);
    return kExitOk;
  }
#ifdef MAILSIM_GUI_READY
  visual::GuiOptions o;
  o.scenario_path = args.value("--scenario").value_or(args.positional().empty() ? "" : args.positional()[0]);
  o.lesson_path = args.value("--lesson").value_or("");
  o.exercise_path = args.value("--exercise").value_or("");
  o.replay_path = args.value("--replay").value_or("");
  o.backend = args.value("--backend").value_or("glfw");
  o.lang = args.value("--lang").value_or(default_lang());
  o.presenter = args.has("--presenter");
  o.events = args.has("--events");
  o.screenshot_path = args.value("--screenshot").value_or("");
  if (o.backend != "glfw" && o.backend != "sdl2") {
    std::fprintf(stderr, "mailsim gui: --backend is glfw or sdl2, not '%s'\n", o.backend.c_str());
    return kExitBadInput;
  }
  if (o.lang != "zh" && o.lang != "en") {
    std::fprintf(stderr, "mailsim gui: --lang is zh or en, not '%s'\n", o.lang.c_str());
    return kExitBadInput;
  }
  if (auto at = args.value("--at")) {
    o.screenshot_at = protocols::parse_duration(*at);
    if (!o.screenshot_at) {
      std::fprintf(stderr, "mailsim gui: --at needs a duration such as 1.5s, not '%s'\n", at->c_str());
      return kExitBadInput;
    }
  }
  if (auto size = args.value("--size")) {
    int w = 0, h = 0;
    char x = 0;
    if (std::sscanf(size->c_str(), "%d%c%d", &w, &x, &h) != 3 || x != 'x' || w < 320 || h < 240 || w > 8192 || h > 8192) {
      std::fprintf(stderr, "mailsim gui: --size is WIDTHxHEIGHT, e.g. 1600x900, not '%s'\n", size->c_str());
      return kExitBadInput;
    }
    o.width = w;
    o.height = h;
  }
  if (auto n = args.value("--bench-frames")) {
    o.bench_frames = std::atoi(n->c_str());
    if (o.bench_frames <= 0) {
      std::fprintf(stderr, "mailsim gui: --bench-frames needs a positive number\n");
      return kExitBadInput;
    }
  }
  if (auto n = args.value("--step")) {
    o.lesson_step = std::atoi(n->c_str()) - 1;
    if (o.lesson_step < 0 || (o.lesson_path.empty() && o.exercise_path.empty())) {
      std::fprintf(stderr, "mailsim gui: --step needs --lesson or --exercise and a number from 1\n");
      return kExitBadInput;
    }
  }
  if (args.has("--design")) {
    if (!o.lesson_path.empty() || !o.exercise_path.empty() || !o.replay_path.empty()) {
      std::fprintf(stderr, "mailsim gui: --design opens a scenario (or none), not a lesson, exercise or replay\n");
      return kExitBadInput;
    }
    o.design = true;
    o.templates_dir = assets_dir() + "/templates";
    o.design_select = args.value("--select").value_or("");
    return visual::run_design_gui(o);
  }
  if (!o.lesson_path.empty() || !o.exercise_path.empty()) {
    if (int(!o.scenario_path.empty()) + int(!o.lesson_path.empty()) + int(!o.exercise_path.empty()) > 1) {
      std::fprintf(stderr, "mailsim gui: give one of --scenario, --lesson, --exercise (lessons and exercises name their scenario)\n");
      return kExitBadInput;
    }
    return visual::run_course_gui(o);
  }
  std::string path = o.scenario_path.empty() ? default_scenario_path() : o.scenario_path;
  std::optional<sim::ScenarioSpec> spec = load_or_report(path);
  if (!spec) return kExitBadInput;
  return visual::run_gui(*spec, o);
#else
  std::fprintf(stderr, "mailsim: this build has no front end (Dear ImGui, GLFW, SDL2 or OpenGL missing)\n");
  return 3;
#endif
}

}  // namespace app
