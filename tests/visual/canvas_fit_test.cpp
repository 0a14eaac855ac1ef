// The topology canvas's fit (canvas_fit.hpp) over every shipped scenario, at the canvas sizes
// the window gives it at 1280x720 and 1600x900, presenter mode off and on, for a scenario
// and for a lesson (whose panel takes more of the right): every host's icon, its name and
// the highlight frame round both lie inside the canvas, clear of the count above and the
// legend below, and no icon or name lies on another host's. A pill keeps off the icons.
#include <catch2/catch.hpp>

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <filesystem>
#include <memory>

#include "lessons/lesson.hpp"
#include "sim/scenario_loader.hpp"
#include "fixtures.hpp"
#include "visual/design_session.hpp"  // topology_of: the topology simulate() builds
#include "visual/app.hpp"
#include "visual/canvas_draw.hpp"
#include "visual/canvas_fit.hpp"
#include "visual/lesson_session.hpp"

using namespace visual;

namespace {

struct Config {
  int w, h;
  bool presenter, lesson;
};

// The topology panel's content size in the window at this size and mode.
ImVec2 canvas_size(const Fonts& fonts, const Config& c) {
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(l.ok());
  ImGui::GetIO().DisplaySize = ImVec2(float(c.w), float(c.h));
  std::unique_ptr<App> app;
  if (c.lesson) {
    lessons::LessonLoad ll = lessons::load_lesson(lessons::content_dir() + "/01_email_parts.json");
    REQUIRE(ll.lesson);
    auto session = std::make_unique<LessonSession>(std::move(*ll.lesson));
    Model first(session->scenario(), session->snapshot());
    app = std::make_unique<App>(std::move(first), ViewSettings{}, fonts);
    app->open_lesson(std::move(session));
  } else {
    app = std::make_unique<App>(Model(*l.scenario), ViewSettings{}, fonts);
  }
  app->settings().presenter = c.presenter;
  for (int i = 0; i < 3; ++i) {
    ImGui::NewFrame();
    app->frame(0);
    ImGui::Render();
  }
  ImGuiWindow* w = ImGui::FindWindowByName("###topology");
  REQUIRE(w);
  return w->ContentRegionRect.GetSize();
}

std::string where(const std::string& file, const Config& c, const sim::Topology& t, std::size_t a, std::size_t b) {
  return file.substr(file.rfind('/') + 1) + " at " + std::to_string(c.w) + "x" + std::to_string(c.h) +
         (c.presenter ? " presenter" : "") + (c.lesson ? " lesson" : "") + ": " + t.hosts[a].name +
         (b != a ? " / " + t.hosts[b].name : "");
}

}  // namespace

TEST_CASE("every host's icon, name and highlight frame fit the canvas at projector sizes", "[visual][fit][canvas]") {
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().DeltaTime = 1.f / 60;
  Fonts fonts = load_fonts("");
  finish_fonts(fonts);
  std::size_t checked = 0;
  for (const Config c : {Config{1280, 720, false, false}, Config{1280, 720, true, false}, Config{1600, 900, false, false},
                         Config{1600, 900, true, false}, Config{1280, 720, true, true}, Config{1600, 900, true, true},
                         Config{1280, 720, false, true}, Config{1600, 900, false, true}}) {
    const ImVec2 size = canvas_size(fonts, c);
    // The panel's type: presenter type where the canvas has the height for it.
    ImFont* font = c.presenter && size.y >= 450 ? fonts.large : fonts.normal;
    for (const std::string& file : vtest::shipped_scenarios(MAILSIM_SOURCE_DIR)) {
      sim::LoadResult l = sim::load_scenario(file);
      REQUIRE(l.ok());
      const sim::Topology topo = topology_of(*l.scenario);
      const bool crowded = topo.hosts.size() > 60;
      if (crowded) continue;  // names only on hover there
      const float s = icon_scale(size.x, size.y, c.presenter, crowded);
      CanvasFitInput in{size.x, size.y, font->FontSize, kIconHalfW * s, kIconHalfH * s, 4 * s,
                        layout_hosts(*l.scenario, topo), {}, true};
      for (const auto& h : topo.hosts) in.name_w.push_back(font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, h.name.c_str()).x);
      const CanvasFit fit = fit_canvas(in);
      REQUIRE(fit.frame.size() == topo.hosts.size());
      CHECK(fit.shrink >= 0.6f);
      CHECK(fit.room.inside(Box{0, 0, size.x, size.y}));
      for (std::size_t a = 0; a < topo.hosts.size(); ++a) {
        INFO(where(file, c, topo, a, a));
        // (a hundredth of a pixel for the float arithmetic)
        CHECK(fit.frame[a].inside({fit.room.x0 - 0.01f, fit.room.y0 - 0.01f, fit.room.x1 + 0.01f, fit.room.y1 + 0.01f}));
        for (std::size_t b = 0; b < topo.hosts.size(); ++b) {
          if (a == b) continue;
          INFO(where(file, c, topo, a, b));
          CHECK_FALSE(fit.icon[a].overlaps(fit.icon[b]));
          CHECK_FALSE(fit.name[a].overlaps(fit.name[b]));
          CHECK_FALSE(fit.name[a].overlaps(fit.icon[b]));
        }
      }
      ++checked;
    }
  }
  CHECK(checked >= 40);
  ImGui::DestroyContext();
}

TEST_CASE("a pill takes the first spot clear of text and icons, else the one over the least", "[visual][canvas]") {
  const std::vector<Box> icons{{0, 0, 60, 48}};
  const std::vector<Box> taken{{100, 0, 140, 20}};
  // Where it is lies on the icon, the next on the text: the third is clear.
  CHECK(pick_spot({{10, 10, 50, 30}, {90, 0, 130, 20}, {200, 0, 240, 20}}, taken, icons) == 2);
  // Nothing is clear: a little over the text beats a little over the icon.
  CHECK(pick_spot({{50, 10, 90, 30}, {95, 0, 135, 20}}, taken, icons) == 1);
  CHECK(pick_spot({{0, 0, 10, 10}}, {}, {}) == 0);
}
