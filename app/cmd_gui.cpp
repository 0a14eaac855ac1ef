// mailsim gui: the front end. Returns 3 when no window can be opened, so that the bare
// `mailsim` falls back to the terminal.
#include <cstdio>

#include "app/cli.hpp"

#if defined(MAILSIM_HAVE_GUI) && __has_include("visual/app_window.hpp")
#include "visual/app_window.hpp"
#define MAILSIM_GUI_READY 1
#endif

namespace app {

int cmd_gui(const std::vector<std::string>& argv) {
#ifdef MAILSIM_GUI_READY
  return run_gui_command(argv);
#else
  (void)argv;
  std::fprintf(stderr, "mailsim: this build has no front end (Dear ImGui, GLFW, SDL2 or OpenGL missing)\n");
  return 3;
#endif
}

}  // namespace app
