// With a display (e.g. under xvfb-run), run_gui renders a moment of a real run to a PNG.
// Skipped without DISPLAY.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "fixtures.hpp"
#include "visual/app_window.hpp"

TEST_CASE("run_gui writes a screenshot of a moment of the run", "[visual][screenshot]") {
  if (!std::getenv("DISPLAY")) {
    WARN("no DISPLAY: screenshot test skipped");
    return;
  }
  const char* out = std::getenv("MAILSIM_SHOT");
  std::string path = out ? out : "/tmp/mailsim_visual_test.png";
  std::filesystem::remove(path);
  visual::GuiOptions o;
  o.screenshot_path = path;
  o.lang = std::getenv("MAILSIM_LANG") ? std::getenv("MAILSIM_LANG") : "zh";
  o.presenter = std::getenv("MAILSIM_PRESENTER") != nullptr;
  if (const char* at = std::getenv("MAILSIM_AT")) o.screenshot_at = protocols::parse_duration(at);
  REQUIRE(visual::run_gui(vtest::echo_scenario(), o) == visual::kGuiOk);
  CHECK(std::filesystem::file_size(path) > 10'000);
}
