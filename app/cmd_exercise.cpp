// mailsim exercise: replays an exercise's recorded run, pausing at each question. With
// --answers it grades an answers file; on a terminal with no answers it asks each question;
// otherwise it prints each question with its answer and explanation (an answer key).
// Exit 0 after grading or printing, 2 on a malformed exercise, answers file or command line.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/cli.hpp"
#include "app/cmd_lessons.hpp"
#include "lessons/emphasis.hpp"
#include "lessons/grader.hpp"
#include "sim/trace_format.hpp"

namespace app {

namespace {

const char* kExerciseHelp =
    "usage: mailsim exercise FILE [options]\n"
    "Replays an exercise (docs/lessons.md) and asks its questions at their moments in the run.\n"
    "\n"
    "  --answers FILE   grade the answers in FILE: {\"answers\": {\"q1\": \"B\", ...}}\n"
    "                   (without it, asks on a terminal, else prints the answer key)\n"
    "  --result FILE    write the graded result as JSON for the teacher\n"
    "  --lang zh|en     language of questions and explanations (default from the locale:\n"
    "                   zh when LC_ALL, LC_MESSAGES or LANG starts with zh, else en)\n"
    "  --quiet          do not print the trace between questions\n"
    "  --tcp            print TCP segments too (on by itself when a question is about them)\n"
    "  --check          only check the file and its computed answers (exit 0 or 2)\n";

struct Words {
  const char* question, *answer, *yours, *right, *wrong, *none, *score, *how;
};
const Words kEn{"Question", "Answer", "Your answer", "right", "wrong", "(no answer)", "Score", "answer"};
const Words kZh{"题目", "答案", "你的答案", "正确", "错误", "（未作答）", "得分", "作答"};

std::string hint(lessons::QuestionType t, lessons::Lang lang) {
  bool zh = lang == lessons::Lang::Zh;
  switch (t) {
    case lessons::QuestionType::Single: return zh ? "一个字母，如 B" : "one letter, e.g. B";
    case lessons::QuestionType::Multiple: return zh ? "所有正确的字母，如 A,C" : "every right letter, e.g. A,C";
    case lessons::QuestionType::Fill: return zh ? "填写答案" : "type the answer";
    case lessons::QuestionType::Order: return zh ? "按顺序写出字母，如 C A B" : "the letters in order, e.g. C A B";
    case lessons::QuestionType::Match: return zh ? "字母配数字，如 A2 B1" : "letter with number, e.g. A2 B1";
  }
  return "";
}

void print_question(const lessons::PlacedQuestion& pq, std::size_t i, std::size_t n, lessons::Lang lang, bool ansi,
                    const Words& w) {
  const lessons::Question& q = *pq.question;
  std::printf("\n%s %zu/%zu (%s): %s\n", w.question, i + 1, n, q.id.c_str(),
              lessons::render_terminal(lessons::text_in(q.prompt, lang), ansi).c_str());
  for (std::size_t c = 0; c < q.choices.size(); ++c)
    std::printf("   %s. %s\n", lessons::choice_label(c).c_str(), lessons::text_in(q.choices[c], lang).c_str());
  for (std::size_t t = 0; t < q.targets.size(); ++t)
    std::printf("   %zu. %s\n", t + 1, lessons::text_in(q.targets[t], lang).c_str());
}

std::string shown(const lessons::json& given, const Words& w) {
  if (given.is_null()) return w.none;
  return given.is_string() ? given.get<std::string>() : given.dump();
}

struct Replay {
  lessons::Lang lang;
  bool ansi, tcp, quiet, ask;
  const lessons::json* answers;  // by question id; null when none were given
};

// Segments are printed when asked for, or when a question is about them.
bool tcp_of(const lessons::Exercise& ex, bool asked) {
  return asked || std::any_of(ex.questions.begin(), ex.questions.end(), [](const lessons::Question& q) {
           return q.at.kind == "segment" || (q.computed && q.computed->of.kind == "segment");
         });
}

// Prints the run up to each question, the question, the student's answer (from the file or
// typed) and the expected answer with its explanation.
lessons::ExerciseResult replay(const lessons::Exercise& ex, const lessons::ExerciseRun& run, const Replay& r) {
  const Words& w = r.lang == lessons::Lang::Zh ? kZh : kEn;
  bool grading = r.answers || r.ask;
  lessons::ExerciseResult result;
  result.exercise = ex.id;
  std::printf("%s\n", lessons::text_in(ex.title, r.lang).c_str());
  const sim::Trace& tr = run.run.trace;
  std::size_t shown_to = 0;
  for (std::size_t i = 0; i < run.questions.size(); ++i) {
    const lessons::PlacedQuestion& pq = run.questions[i];
    if (!r.quiet)
      for (; shown_to < pq.pause_at; ++shown_to)
        if (std::string l = sim::to_text(tr.entries()[shown_to], tr, r.tcp); !l.empty()) std::printf("    %s\n", l.c_str());
    print_question(pq, i, run.questions.size(), r.lang, r.ansi, w);
    lessons::QuestionResult qr;
    qr.id = pq.question->id;
    if (r.answers && r.answers->contains(qr.id)) qr.given = (*r.answers)[qr.id];
    if (r.ask) {
      std::printf("%s (%s): ", w.how, hint(pq.question->type, r.lang).c_str());
      std::fflush(stdout);
      std::string line;
      if (std::getline(std::cin, line) && !line.empty()) qr.given = lessons::answer_from_line(pq.question->type, line);
    }
    qr.answered = !qr.given.is_null();
    qr.correct = lessons::is_correct(pq, qr.given);
    if (grading) std::printf("%s: %s  [%s]\n", w.yours, shown(qr.given, w).c_str(), qr.correct ? w.right : w.wrong);
    std::printf("%s: %s\n", w.answer, lessons::expected_text(pq, r.lang).c_str());
    std::printf("%s\n", lessons::render_terminal(lessons::text_in(pq.question->explanation, r.lang), r.ansi).c_str());
    result.questions.push_back(std::move(qr));
  }
  return result;
}

}  // namespace

int cmd_exercise(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({"--answers", "--result", "--lang"}, {"--quiet", "--tcp", "--check", "--help", "-h"}, &error)) {
    std::fprintf(stderr, "mailsim exercise: %s\n%s", error.c_str(), kExerciseHelp);
    return kExitBadInput;
  }
  if (args.has("--help") || args.has("-h")) {
    std::fputs(kExerciseHelp, stdout);
    return kExitOk;
  }
  if (args.positional().size() != 1) {
    std::fprintf(stderr, "mailsim exercise: one exercise file, please\n%s", kExerciseHelp);
    return kExitBadInput;
  }
  auto lang = lessons::parse_lang(args.value("--lang").value_or(default_lang()));
  if (!lang) {
    std::fprintf(stderr, "mailsim exercise: --lang is zh or en\n");
    return kExitBadInput;
  }
  const std::string& path = args.positional()[0];
  lessons::ExerciseLoad load = lessons::load_exercise(path);
  for (const auto& p : load.problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
  if (!load.exercise) return kExitBadInput;
  const lessons::Exercise& ex = *load.exercise;
  lessons::ExerciseRun run = lessons::run_exercise(ex);
  for (const auto& p : run.problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
  if (!run.problems.empty()) return kExitBadInput;
  if (args.has("--check")) {
    std::fprintf(stderr, "%s: ok (%zu questions)\n", path.c_str(), run.questions.size());
    return kExitOk;
  }

  std::optional<std::pair<std::string, lessons::json>> answers;
  if (auto file = args.value("--answers")) {
    lessons::Problems problems;
    answers = lessons::load_answers(*file, problems);
    for (const auto& p : problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
    if (!answers) return kExitBadInput;
  }
  bool ask = !answers && isatty(STDIN_FILENO);
  bool grading = answers || ask;
  const Words& w = *lang == lessons::Lang::Zh ? kZh : kEn;

  Replay r{*lang, isatty(STDOUT_FILENO) != 0, tcp_of(ex, args.has("--tcp")), args.has("--quiet"), ask,
           answers ? &answers->second : nullptr};
  lessons::ExerciseResult result = replay(ex, run, r);
  result.file = path;
  if (answers) result.student = answers->first;
  if (grading) std::printf("\n%s: %d/%zu\n", w.score, result.score(), result.questions.size());
  if (auto out = args.value("--result")) {
    std::ofstream f(*out, std::ios::binary);
    f << result.to_json(run).dump(2) << "\n";
    if (!f) {
      std::fprintf(stderr, "mailsim exercise: cannot write %s\n", out->c_str());
      return kExitFailure;
    }
  }
  return kExitOk;
}

}  // namespace app
