// mailsim lesson: plays a lesson headless. Each step prints its narration, applies its
// actions, runs the world until the step's condition is met (acting for the student where
// the step waits for one) and prints the trace records of the step. Exit 0 when every step
// ends, 1 when one never does, 2 on a malformed lesson file or command line.
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "app/cli.hpp"
#include "app/cmd_lessons.hpp"
#include "lessons/course.hpp"
#include "lessons/emphasis.hpp"
#include "lessons/lesson_player.hpp"
#include "sim/trace_format.hpp"

namespace app {

namespace {

const char* kLessonHelp =
    "usage: mailsim lesson FILE [options]\n"
    "       mailsim lesson --list [--lang zh|en]\n"
    "Plays a lesson (docs/lessons.md) headless: narration, actions and the trace of each step.\n"
    "Steps that wait for Next continue at once; steps that wait for the student are done by\n"
    "the player itself, which says so.\n"
    "\n"
    "  --lang zh|en   language of the narration (default en)\n"
    "  --tcp          also print TCP segments and UDP datagrams\n"
    "  --plain        no terminal colours, even on a terminal\n"
    "  --check        only check the file (exit 0 when valid, 2 with its problems)\n"
    "  --list         list the shipped lessons and exercises ($MAILSIM_LESSONS, else\n"
    "                 lessons/content in the source tree)\n";

struct Words {
  const char* step;
  const char* action;
  const char* student;
  const char* check;
  const char* answer;
  const char* done;
};
const Words kEn{"Step", "action", "headless: doing the student's part", "Check yourself", "answer", "Lesson complete"};
const Words kZh{"步骤", "动作", "无界面模式：代替学生操作", "自测", "答案", "课程完成"};

void print_records(const sim::World& w, std::size_t from, std::size_t to, bool tcp, sim::TextLang lang) {
  const sim::Trace& tr = w.trace();
  for (std::size_t i = from; i < to && i < tr.size(); ++i) {
    std::string line = sim::to_text(tr.entries()[i], tr, tcp, lang);
    if (!line.empty()) std::printf("    %s\n", line.c_str());
  }
}

std::string describe_action(const lessons::Action& a) {
  if (a.type == lessons::Action::Type::Fault) return "fault " + a.fault;
  std::string s = "telnet " + a.telnet_target + ":";
  for (const auto& l : a.lines) s += " \"" + l + "\"";
  return s;
}

}  // namespace

int cmd_lesson(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({"--lang"}, {"--tcp", "--plain", "--check", "--list", "--help", "-h"}, &error)) {
    std::fprintf(stderr, "mailsim lesson: %s\n%s", error.c_str(), kLessonHelp);
    return kExitBadInput;
  }
  if (args.has("--help") || args.has("-h")) {
    std::fputs(kLessonHelp, stdout);
    return kExitOk;
  }
  auto lang = lessons::parse_lang(args.value("--lang").value_or("en"));
  if (!lang) {
    std::fprintf(stderr, "mailsim lesson: --lang is zh or en\n");
    return kExitBadInput;
  }
  if (args.has("--list")) {
    lessons::Problems problems;
    for (const auto& item : lessons::list_course(lessons::content_dir(), problems))
      std::printf("%-9s %-22s %s\n    %s\n", item.exercise ? "exercise" : "lesson", item.id.c_str(),
                  lessons::text_in(item.title, *lang).c_str(), item.file.c_str());
    for (const auto& p : problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
    return problems.empty() ? kExitOk : kExitBadInput;
  }
  if (args.positional().size() != 1) {
    std::fprintf(stderr, "mailsim lesson: one lesson file, please\n%s", kLessonHelp);
    return kExitBadInput;
  }
  const std::string& path = args.positional()[0];
  lessons::LessonLoad load = lessons::load_lesson(path);
  for (const auto& p : load.problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
  if (!load.lesson) return kExitBadInput;
  if (args.has("--check")) {
    std::fprintf(stderr, "%s: ok\n", path.c_str());
    return kExitOk;
  }
  const Words& w = *lang == lessons::Lang::Zh ? kZh : kEn;
  bool ansi = !args.has("--plain") && isatty(STDOUT_FILENO);
  bool tcp = args.has("--tcp");

  lessons::LessonPlayer player(std::move(*load.lesson));
  std::size_t printed = 0;
  std::printf("%s\n", lessons::text_in(player.lesson().title, *lang).c_str());
  while (!player.finished()) {
    const lessons::Step& step = player.step();
    std::printf("\n== %s %zu/%zu: %s  (%s)\n", w.step, player.step_index() + 1, player.step_count(), step.id.c_str(),
                protocols::format_clock(player.world().now()).c_str());
    std::printf("%s\n", lessons::render_terminal(player.narration(*lang), ansi).c_str());
    for (const auto& a : step.actions) std::printf("  [%s] %s\n", w.action, describe_action(a).c_str());
    lessons::StepReport r = player.play_step();
    if (!r.acted_for_student.empty()) std::printf("  [%s] %s\n", w.student, r.acted_for_student.c_str());
    print_records(player.world(), std::max(printed, r.first_record), r.end_record, tcp || step.highlight.kind == "segment",
                  *lang == lessons::Lang::Zh ? sim::TextLang::Zh : sim::TextLang::En);
    printed = std::max(printed, r.end_record);
    if (r.outcome != lessons::StepOutcome::Met) {
      std::fflush(stdout);
      std::fprintf(stderr, "mailsim lesson: %s: step %zu (\"%s\") never ended: %s\n", path.c_str(),
                   player.step_index() + 1, step.id.c_str(), r.message.c_str());
      return kExitFailure;
    }
    if (step.check) {
      const auto& q = *step.check;
      std::printf("  %s: %s\n", w.check, lessons::render_terminal(lessons::text_in(q.question, *lang), ansi).c_str());
      for (std::size_t i = 0; i < q.choices.size(); ++i)
        std::printf("    %c. %s\n", static_cast<char>('A' + i), lessons::text_in(q.choices[i], *lang).c_str());
      std::printf("  %s: %c. %s\n", w.answer, static_cast<char>('A' + q.answer),
                  lessons::render_terminal(lessons::text_in(q.explanation, *lang), ansi).c_str());
    }
    player.advance();
  }
  std::printf("\n%s (%zu, %s)\n", w.done, player.step_count(), protocols::format_clock(player.world().now()).c_str());
  return kExitOk;
}

}  // namespace app
