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

TEST_CASE("run_window renders a hand-built SMTP trace with a drop and a retransmission", "[visual][screenshot]") {
  if (!std::getenv("DISPLAY")) {
    WARN("no DISPLAY: screenshot test skipped");
    return;
  }
  const char* out = std::getenv("MAILSIM_SHOT_SMTP");
  std::string path = out ? out : "/tmp/mailsim_visual_smtp.png";
  std::filesystem::remove(path);
  visual::GuiOptions o;
  o.screenshot_path = path;
  o.lang = std::getenv("MAILSIM_LANG") ? std::getenv("MAILSIM_LANG") : "zh";
  o.presenter = std::getenv("MAILSIM_PRESENTER") != nullptr;
  o.screenshot_at = std::chrono::milliseconds(std::getenv("MAILSIM_AT_MS") ? std::atoi(std::getenv("MAILSIM_AT_MS")) : 265);
  REQUIRE(visual::run_window(visual::Model(vtest::smtp_scenario(), vtest::smtp_run()), o) == visual::kGuiOk);
  CHECK(std::filesystem::file_size(path) > 10'000);
}
