// mailsim: the executable. Subcommands: run, check, gui; no subcommand opens the front end
// on the default lesson, or plays the default scenario in the terminal without a display.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/cmd_chaos.hpp"
#include "app/cmd_lessons.hpp"

namespace {

const char* kHelp =
    "MailSim " MAILSIM_VERSION " - an educational network simulator for e-mail\n"
    "\n"
    "usage: mailsim [COMMAND] [ARGS]\n"
    "\n"
    "commands:\n"
    "  (none)      open the front end on the default lesson; without a display, play the\n"
    "              default scenario in the terminal\n"
    "  gui         the front end (mailsim gui --help)\n"
    "  run         simulate a scenario headless and print its trace (mailsim run --help)\n"
    "  check       validate scenario files (mailsim check --help)\n"
    "  serve       put a simulated mail server on real ports for real clients (mailsim serve --help)\n"
    "  lesson      play a lesson in the terminal (mailsim lesson --list; mailsim lesson --help)\n"
    "  exercise    an exam-style exercise: questions on a recorded run, graded (mailsim exercise --help)\n"
    "  grade       a gradebook from exercise results (mailsim grade --help)\n"
    "  chaos       many servers under a seeded fault storm; accounts for every message (mailsim chaos --help)\n"
    "  scenario    scenario files: format prints the canonical form (mailsim scenario --help)\n"
    "\n"
    "Language: gui, serve, lesson, exercise and grade take --lang zh|en; without it, the locale\n"
    "decides for all of them: Chinese when LC_ALL, LC_MESSAGES or LANG (the first one set)\n"
    "starts with zh, else English.\n"
    "\n"
    "  --help      this text\n"
    "  --version   the version\n"
    "\n"
    "Docs: docs/scenario.md, docs/faults.md, docs/trace.md\n";

bool have_display() {
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w);
}

int play_in_terminal() {
  std::fprintf(stderr,
               "mailsim: no display (DISPLAY and WAYLAND_DISPLAY are unset): playing the default "
               "scenario in the terminal.\n");
  return app::cmd_run({});
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    if (!have_display()) return play_in_terminal();
    std::string lesson = app::default_lesson_path();
    int rc = app::cmd_gui(lesson.empty() ? std::vector<std::string>{} : std::vector<std::string>{"--lesson", lesson});
    if (rc == 3) return play_in_terminal();  // the window could not be opened after all
    return rc;
  }
  const std::string& cmd = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kHelp, stdout);
    return app::kExitOk;
  }
  if (cmd == "--version") {
    std::puts("mailsim " MAILSIM_VERSION);
    return app::kExitOk;
  }
  if (cmd == "run") return app::cmd_run(rest);
  if (cmd == "check") return app::cmd_check(rest);
  if (cmd == "gui") return app::cmd_gui(rest);
  if (cmd == "serve") return app::cmd_serve(rest);
  if (cmd == "lesson") return app::cmd_lesson(rest);
  if (cmd == "exercise") return app::cmd_exercise(rest);
  if (cmd == "grade") return app::cmd_grade(rest);
  if (cmd == "chaos") return app::cmd_chaos(rest);
  if (cmd == "scenario") return app::cmd_scenario(rest);
  std::fprintf(stderr, "mailsim: unknown command '%s'\n\n%s", cmd.c_str(), kHelp);
  return app::kExitBadInput;
}
