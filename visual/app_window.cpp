// run_gui: platform, ImGui context, fonts, the App, and the three ways of running it
// (interactive, one screenshot, a frame-time benchmark).
#include "visual/app_window.hpp"

#include <GL/gl.h>
#include <imgui.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "lessons/course.hpp"
#include "sim/input_log.hpp"
#include "sim/scenario_loader.hpp"
#include "visual/app.hpp"
#include "visual/course_file.hpp"
#include "visual/design_session.hpp"
#include "visual/platform.hpp"
#include "visual/view_settings_io.hpp"

namespace visual {

namespace {
// Scenario text that may hold characters the string table does not (titles in Chinese).
std::string scenario_text(const sim::ScenarioSpec& s) {
  return s.title.zh + s.title.en + s.description.zh + s.description.en;
}

bool write_png(Platform& p, const std::string& path) {
  int w = 0, h = 0;
  p.framebuffer_size(&w, &h);
  std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  // OpenGL's rows run bottom-up; PNG's top-down: write with a negative stride from the end.
  const int stride = w * 3;
  return stbi_write_png(path.c_str(), w, h, 3, px.data() + static_cast<std::size_t>(h - 1) * stride, -stride) != 0;
}

// What the inspector shows in a screenshot: a segment in flight that carries something,
// else the latest command or reply at that moment.
void select_for_screenshot(App& app) {
  const FlightIndex& idx = app.model().flights();
  const Instant t = app.playback().t;
  for (std::size_t i : idx.visible_at(t)) {
    const Flight& f = idx.flights()[i];
    if (f.has_payload_label && !f.dropped) {
      app.selection().select(f.sent);
      return;
    }
  }
  if (auto l = step_command(app.model().trace(), t + protocols::Duration{1}, -1)) app.selection().select(l->entry);
}

// Median and 95th percentile of frame times, and of the part spent building the UI (our
// code and ImGui's), the rest being OpenGL rendering and presenting.
void print_bench(std::vector<double> ms, std::vector<double> ui_ms, std::size_t vertices) {
  auto stats = [](std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    return std::pair{v[v.size() / 2], v[std::min(v.size() - 1, static_cast<std::size_t>(double(v.size()) * 0.95))]};
  };
  auto [median, p95] = stats(ms);
  auto [ui_median, ui_p95] = stats(ui_ms);
  std::printf("frames %zu  median %.2f ms  p95 %.2f ms  (building the UI: median %.2f ms, p95 %.2f ms; %zu vertices in the last frame)\n",
              ms.size(), median, p95, ui_median, ui_p95, vertices);
}

// The text of every lesson file beside `lesson_file` and in the shipped course (for glyphs).
std::string course_text(const std::string& lesson_file) {
  std::string out;
  auto add = [&](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  add(lesson_file);
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(lessons::content_dir(), ec))
    if (e.path().extension() == ".json") add(e.path());
  return out;
}
}  // namespace

int run_gui(const sim::ScenarioSpec& scenario, const GuiOptions& opts) {
  if (!make_platform(opts.backend)) {
    std::fprintf(stderr, "mailsim gui: unknown backend '%s' (use glfw or sdl2)\n", opts.backend.c_str());
    return kGuiFailed;
  }
  if (opts.replay_path.empty()) return run_window(Model(scenario), opts);
  // A recorded live session (real clients' bytes, window clicks) replayed exactly.
  sim::RunOptions ro;
  ro.seed = scenario.seed;
  std::string error;
  if (!sim::read_input_log(opts.replay_path, &ro.input, &error)) {
    std::fprintf(stderr, "mailsim gui: %s\n", error.c_str());
    return kGuiBadInput;
  }
  return run_window(Model(scenario, std::move(ro)), opts);
}

int run_live_gui(LiveFeed& feed, const GuiOptions& opts) {
  CourseItemOpen open;
  open.live = &feed;
  return run_window(Model(feed.scenario(), feed.snapshot()), opts, std::move(open));
}

int run_course_gui(const GuiOptions& opts) {
  std::string error;
  std::optional<CourseFile> f = load_course_file(opts.exercise_path.empty() ? opts.lesson_path : opts.exercise_path, &error);
  if (!f) {
    std::fputs(error.c_str(), stderr);
    return kGuiBadInput;
  }
  // The window's model is made once, when the App opens the lesson or exercise; until then
  // an empty run of the same scenario (for the saved view settings and the font's glyphs).
  const sim::ScenarioSpec& sc = f->lesson ? f->lesson->scenario() : f->exercise->exercise().scenario;
  Model placeholder(sc, sim::RunResult{});
  CourseItemOpen open;
  open.lesson = std::move(f->lesson);
  open.exercise = std::move(f->exercise);
  return run_window(std::move(placeholder), opts, std::move(open));
}

int run_design_gui(const GuiOptions& opts) {
  auto design = std::make_unique<DesignSession>();
  design->templates_dir = opts.templates_dir;
  design->path = "untitled.json";
  if (!opts.scenario_path.empty() && !design->open(opts.scenario_path)) {
    std::fprintf(stderr, "mailsim gui: %s\n", design->message.c_str());
    return kGuiBadInput;
  }
  design->message.clear();
  if (!opts.design_select.empty()) design->select_host(opts.design_select);
  CourseItemOpen open;
  open.design = std::move(design);
  return run_window(Model(sim::ScenarioSpec{}, sim::RunResult{}), opts, std::move(open));
}

int run_window(Model model, const GuiOptions& opts, CourseItemOpen course) {
  std::unique_ptr<LessonSession>& lesson = course.lesson;
  std::unique_ptr<ExerciseSession>& exercise = course.exercise;
  std::unique_ptr<Platform> platform = make_platform(opts.backend);
  if (!platform) {
    std::fprintf(stderr, "mailsim gui: unknown backend '%s' (use glfw or sdl2)\n", opts.backend.c_str());
    return kGuiFailed;
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is computed, not saved
  std::string error;
  const bool offscreen_ok = !opts.screenshot_path.empty() || opts.bench_frames > 0;
  if (!platform->open(opts.width, opts.height, "MailSim", offscreen_ok, &error)) {
    std::fprintf(stderr, "mailsim gui: %s; use the terminal interface instead\n", error.c_str());
    platform.reset();
    ImGui::DestroyContext();
    return kGuiNoDisplay;
  }
  ViewSettings settings;
  const bool interactive = opts.screenshot_path.empty() && opts.bench_frames <= 0;
  std::optional<std::string> saved = interactive ? settings_path(model.scenario().name) : std::nullopt;
  if (saved) load_settings(*saved, settings);
  settings.lang = lang_from_string(opts.lang);
  settings.presenter = opts.presenter;
  settings.show_events = opts.events;
  // A lesson can switch to any lesson of the course: take every glyph they use.
  const std::string course_file = lesson ? lesson->lesson().file : exercise ? exercise->exercise().file : "";
  std::string design_text;  // the world being designed and the templates it may switch to
  if (course.design) {
    design_text = course.design->editor.save_text();
    for (const DesignTemplate& t : design_templates()) {
      std::ifstream in(course.design->templates_dir + "/" + t.file, std::ios::binary);
      design_text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  Fonts fonts = load_fonts(scenario_text(model.scenario()) + (course_file.empty() ? "" : course_text(course_file)) + design_text);
  finish_fonts(fonts);
  int code = kGuiOk;
  {
    App app(std::move(model), settings, fonts);
    Playback& pb = app.playback();
    // A live world's screenshot is of its last frame, when the feed ends (serve --gui
    // stopped by a signal); any other is of the moment asked for, after four frames.
    const bool shot = !opts.screenshot_path.empty() && !course.live;
    if (lesson) {
      // Go to the step asked for as a student would: Next, doing the student's part.
      for (int i = 0; i < opts.lesson_step && !lesson->finished(); ++i) {
        lesson->act_for_student();
        if (!lesson->next()) break;
      }
      app.open_lesson(std::move(lesson));
    }
    if (exercise) {
      // Go to the question asked for, the ones before it answered as the key says.
      for (int i = 0; i < opts.lesson_step && !exercise->done(); ++i) {
        exercise->answer(exercise->question().expected);
        exercise->continue_on();
      }
      app.open_exercise(std::move(exercise));
    }
    if (course.live) app.follow(course.live);
    if (course.design) app.open_design(std::move(course.design));
    if (shot) {
      // A lesson is shown where its step pauses (the world's present); a run at a moment
      // with a command in flight.
      const Instant dflt = app.lesson()     ? app.model().end()
                           : app.exercise() ? app.exercise()->limit()
                                            : app.model().interesting_moment();
      pb.t = opts.screenshot_at ? protocols::kEpoch + *opts.screenshot_at : dflt;
      pb.playing = false;
      select_for_screenshot(app);
    }
    if (opts.bench_frames > 0) {  // play the whole run across the frames at 60 frames a second
      pb.playing = true;
      pb.speed = std::clamp(double(protocols::ns_of(app.model().end())) / 1e9 / (opts.bench_frames / 60.0),
                            kMinSpeed, kMaxSpeed);
    }
    std::vector<double> frame_ms, ui_ms;
    using clock = std::chrono::steady_clock;  // wall time of the UI itself, never the simulation's
    for (int n = 0; platform->poll(); ++n) {
      const bool last_live = course.live && course.live->ended();
      auto start = clock::now();
      platform->new_frame();
      ImGui::NewFrame();
      app.frame(shot ? 0.0 : ImGui::GetIO().DeltaTime);
      ImGui::Render();
      ui_ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - start).count());
      platform->render();
      if ((shot && n == 3) || last_live) {  // a few frames, so auto-sized items have settled
        if (!opts.screenshot_path.empty() && !write_png(*platform, opts.screenshot_path)) {
          std::fprintf(stderr, "mailsim gui: could not write %s\n", opts.screenshot_path.c_str());
          code = kGuiFailed;
        }
        break;
      }
      platform->present();
      frame_ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - start).count());
      if (opts.bench_frames > 0 && n + 1 >= opts.bench_frames) {
        print_bench(frame_ms, ui_ms, static_cast<std::size_t>(ImGui::GetDrawData()->TotalVtxCount));
        if (std::getenv("MAILSIM_BENCH_LISTS")) {  // which windows the vertices come from
          const ImDrawData* dd = ImGui::GetDrawData();
          for (int i = 0; i < dd->CmdListsCount; ++i)
            std::printf("  %6d vertices  %s\n", dd->CmdLists[i]->VtxBuffer.Size,
                        dd->CmdLists[i]->_OwnerName ? dd->CmdLists[i]->_OwnerName : "?");
        }
        break;
      }
    }
    if (saved && !save_settings(*saved, app.settings()))
      std::fprintf(stderr, "mailsim gui: could not save view settings to %s\n", saved->c_str());
  }
  platform.reset();
  ImGui::DestroyContext();
  return code;
}

}  // namespace visual
