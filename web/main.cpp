// The web page's entry point (web/web.cmake builds it with em++): reads what the address
// asks for (visual/page_request.hpp), opens it as `mailsim gui` would, and hands one
// frame at a time to the browser's main loop (emscripten_set_main_loop: the page keeps no
// thread and never blocks). The course and scenarios sit in the page's file system under
// /mailsim (preloaded from mailsim.data); the CJK font subset at the path the native
// build reads Debian's font from, so visual/theme.cpp loads it unchanged.
#include <emscripten.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "lessons/course.hpp"
#include "sim/scenario_loader.hpp"
#include "visual/app.hpp"
#include "visual/course_file.hpp"
#include "visual/page_request.hpp"
#include "visual/platform.hpp"
#include "web/page_probe.hpp"

namespace {

constexpr const char* kRoot = "/mailsim";

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every character the atlas needs: the bundled course (any lesson can open any other), the
// scenarios, and the common characters the font subset holds, so typed Chinese shows too.
std::string glyph_text() {
  std::string out = read_all(std::string(kRoot) + "/web/common_chars.txt");
  std::error_code ec;
  for (const char* dir : {"/mailsim/lessons", "/mailsim/assets"})
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec))
      if (e.path().extension() == ".json") out += read_all(e.path());
  return out;
}

struct Page {
  std::unique_ptr<visual::Platform> platform;
  std::unique_ptr<visual::App> app;
};

// Builds the model and the App for the request, or reports why not (exit code as a CLI's).
std::unique_ptr<visual::App> open_request(const visual::PageRequest& req, visual::ViewSettings settings,
                                          visual::Fonts fonts, std::string* error) {
  const std::string path = visual::page_request_path(req, lessons::content_dir(), std::string(kRoot) + "/assets");
  if (req.item == visual::PageItem::Scenario) {
    sim::LoadResult r = sim::load_scenario(path);
    for (const auto& p : r.problems) *error += sim::format_problem(p) + "\n";
    if (!r.problems.empty() || !r.scenario) return nullptr;
    return std::make_unique<visual::App>(visual::Model(*r.scenario), settings, fonts);
  }
  std::optional<visual::CourseFile> f = visual::load_course_file(path, error);
  if (!f) return nullptr;
  const sim::ScenarioSpec& sc = f->lesson ? f->lesson->scenario() : f->exercise->exercise().scenario;
  auto app = std::make_unique<visual::App>(visual::Model(sc, sim::RunResult{}), settings, fonts);
  if (f->lesson) {
    // The step asked for, reached as a student would: Next, doing the student's part.
    for (int i = 0; i < req.step && !f->lesson->finished(); ++i) {
      f->lesson->act_for_student();
      if (!f->lesson->next()) break;
    }
    app->open_lesson(std::move(f->lesson));
  } else {
    // The question asked for, the ones before it answered as the key says.
    for (int i = 0; i < req.step && !f->exercise->done(); ++i) {
      f->exercise->answer(f->exercise->question().expected);
      f->exercise->continue_on();
    }
    app->open_exercise(std::move(f->exercise));
  }
  return app;
}

void frame(void* arg) {
  Page& page = *static_cast<Page*>(arg);
  const double start = emscripten_get_now();
  page.platform->poll();
  page.platform->new_frame();
  ImGui::NewFrame();
  page.app->frame(ImGui::GetIO().DeltaTime);
  ImGui::Render();
  page.platform->render();
  // The page's script keeps the frame times (the end-to-end test reads them).
  EM_ASM({ if (Module.mailsimFrame) Module.mailsimFrame($0); }, emscripten_get_now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  setenv("MAILSIM_LESSONS", "/mailsim/lessons/content", 0);
  visual::PageRequest req;
  std::string error;
  if (!visual::parse_page_request(argc > 1 ? argv[1] : "", &req, &error)) std::fprintf(stderr, "%s\n", error.c_str());

  auto* page = new Page;  // lives as long as the page: the main loop outlives main()
  page->platform = visual::make_platform("");
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  if (!page->platform->open(1280, 720, "MailSim", false, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  visual::ViewSettings settings;
  settings.lang = visual::lang_from_string(req.lang);
  settings.presenter = req.presenter;
  visual::Fonts fonts = visual::load_fonts(glyph_text());
  visual::finish_fonts(fonts);
  std::string open_error;
  page->app = open_request(req, settings, fonts, &open_error);
  if (!page->app) {  // a broken link still opens the course's first lesson, with the reason
    std::fprintf(stderr, "%s", open_error.c_str());
    page->app = open_request(visual::PageRequest{}, settings, fonts, &open_error);
    if (!page->app) return 2;
  }
  web::start_probe(page->app.get());
  emscripten_set_main_loop_arg(frame, page, 0, true);
  return 0;
}
