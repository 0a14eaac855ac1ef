// mailsim lesson: plays a lesson headless. Each step prints its narration, applies its
// actions, runs the world until the step's condition is met (acting for the student where
// the step waits for one) and prints the trace records of the step. Exit 0 when every step
// ends, 1 when one never does, 2 on a malformed lesson file or command line.
#include <unistd.h>

#include <algorithm>
#include <cctype>
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
    "the player itself, which says so. On a terminal each self-check question is asked and its\n"
    "answer shown after yours; in a pipe or a file it is printed as a worked example, the\n"
    "answer set apart below the question, and **bold** and `code` marks are dropped.\n"
    "\n"
    "  --lang zh|en   language of the narration (default from the locale: zh when LC_ALL,\n"
    "                 LC_MESSAGES or LANG starts with zh, else en)\n"
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
  const char* prompt;  // on a terminal, before reading the student's letter
  const char* right;
  const char* wrong;
  const char* worked;  // not on a terminal: the answer, set apart as a worked example
};
const Words kEn{"Step", "action", "headless: doing the student's part", "Check yourself", "Answer", "Lesson complete",
                "Your answer (a letter, Enter to see the answer)", "Right.", "Not quite.", "Worked answer"};
const Words kZh{"步骤", "动作", "无界面模式：代替学生操作", "自测", "答案", "课程完成",
                "你的答案（输入字母；直接回车则查看答案）", "答对了。", "不对。", "参考解答"};

void print_records(const sim::World& w, std::size_t from, std::size_t to, bool tcp, sim::TextLang lang) {
  const sim::Trace& tr = w.trace();
  for (std::size_t i = from; i < to && i < tr.size(); ++i) {
    std::string line = sim::to_text(tr.entries()[i], tr, tcp, lang);
    if (!line.empty()) std::printf("    %s\n", line.c_str());
  }
}

// The letter a student typed ("b", " B. ...") as a choice index, or -1.
int chosen(const char* line, std::size_t count) {
  while (*line == ' ' || *line == '\t') ++line;
  char ch = static_cast<char>(std::toupper(static_cast<unsigned char>(*line)));
  return ch >= 'A' && ch < 'A' + static_cast<int>(count) ? ch - 'A' : -1;
}

// A self-check question. On a terminal (input and output both) it is asked: the answer
// appears only after the student's letter. Otherwise (a pipe, a file, a script) there is
// nobody to ask, and a teacher reading the output wants a worked example: the question and
// its choices, then the answer and its explanation set apart below them.
void self_check(const lessons::CheckQuestion& q, lessons::Lang lang, const Words& w, bool ansi, bool ask) {
  std::printf("  %s: %s\n", w.check, lessons::render_terminal(lessons::text_in(q.question, lang), ansi).c_str());
  for (std::size_t i = 0; i < q.choices.size(); ++i)
    std::printf("    %c. %s\n", static_cast<char>('A' + i),
                lessons::render_terminal(lessons::text_in(q.choices[i], lang), ansi).c_str());
  std::string explained = lessons::render_terminal(lessons::text_in(q.explanation, lang), ansi);
  if (ask) {
    std::printf("  %s: ", w.prompt);
    std::fflush(stdout);
    char line[256];
    int pick = std::fgets(line, sizeof line, stdin) ? chosen(line, q.choices.size()) : -1;
    if (pick >= 0) std::printf("  %s ", pick == q.answer ? w.right : w.wrong);
    else std::printf("  ");
    std::printf("%s: %c. %s\n", w.answer, static_cast<char>('A' + q.answer), explained.c_str());
    return;
  }
  std::printf("  - - - %s - - -\n  %s: %c. %s\n", w.worked, w.answer, static_cast<char>('A' + q.answer),
              explained.c_str());
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
  auto lang = lessons::parse_lang(args.value("--lang").value_or(default_lang()));
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
  bool ask = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
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
    if (step.check) self_check(*step.check, *lang, w, ansi, ask);
    player.advance();
  }
  std::printf("\n%s (%zu, %s)\n", w.done, player.step_count(), protocols::format_clock(player.world().now()).c_str());
  return kExitOk;
}

}  // namespace app
