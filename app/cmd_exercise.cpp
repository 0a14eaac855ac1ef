// mailsim exercise: replays an exercise's recorded run, pausing at each question before the
// record it asks about is printed (lessons::PlacedQuestion). With --answers it grades an
// answers file; on a terminal with no answers it asks each question; otherwise it prints the
// questions alone, and the answer key only with --key (for the teacher). --export-student
// writes the students' copy, whose literal answers are salted digests
// (lessons/exercise_digest.hpp). Exit 0 after grading or printing, 1 when a file cannot be
// written, 2 on a malformed exercise, answers file or command line.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/cli.hpp"
#include "app/cmd_lessons.hpp"
#include "lessons/emphasis.hpp"
#include "lessons/exercise_digest.hpp"
#include "lessons/grader.hpp"
#include "sim/trace_format.hpp"

namespace app {

namespace {

const char* kExerciseHelp =
    "usage: mailsim exercise FILE [options]\n"
    "Replays an exercise (docs/lessons.md) and asks its questions at their moments in the run,\n"
    "each before the record it asks about is shown.\n"
    "\n"
    "  --answers FILE   grade the answers in FILE: {\"answers\": {\"q1\": \"B\", ...}}\n"
    "                   (without it, asks on a terminal, else prints the questions alone)\n"
    "  --key            print the answer key with the explanations (for the teacher)\n"
    "  --result FILE    write the graded result as JSON for the teacher (mailsim grade)\n"
    "  --export-student FILE\n"
    "                   write a copy for students: the scenario inline, literal answers as\n"
    "                   salted digests (it grades, it does not show the key)\n"
    "  --lang zh|en     language of questions and explanations (default en)\n"
    "  --quiet          do not print the trace between questions\n"
    "  --tcp            print TCP segments too (on by itself when a question is about them)\n"
    "  --check          only check the file and its computed answers (exit 0 or 2)\n";

struct Words {
  const char *question, *answer, *yours, *right, *wrong, *none, *score;
};
const Words kEn{"Question", "Answer", "Your answer", "right", "wrong", "(no answer)", "Score"};
const Words kZh{"题目", "答案", "你的答案", "正确", "错误", "（未作答）", "得分"};

void print_question(const lessons::PlacedQuestion& pq, std::size_t i, std::size_t n, lessons::Lang lang, bool ansi,
                    const Words& w) {
  const lessons::Question& q = *pq.question;
  std::printf("\n%s %zu/%zu: %s\n", w.question, i + 1, n, lessons::render_terminal(lessons::text_in(q.prompt, lang), ansi).c_str());
  for (std::size_t c = 0; c < q.choices.size(); ++c)
    std::printf("   %s. %s\n", lessons::choice_label(c).c_str(), lessons::text_in(q.choices[c], lang).c_str());
  for (std::size_t t = 0; t < q.targets.size(); ++t)
    std::printf("   %zu. %s\n", t + 1, lessons::text_in(q.targets[t], lang).c_str());
}

enum class Mode { Questions, Key, Grade, Ask };

struct Replay {
  lessons::Lang lang;
  bool ansi, tcp, quiet;
  Mode mode;
  const lessons::json* answers;  // by question id; null when none were given
};

// Segments are printed when asked for, or when a question is about them.
bool tcp_of(const lessons::Exercise& ex, bool asked) {
  return asked || std::any_of(ex.questions.begin(), ex.questions.end(), [](const lessons::Question& q) {
           return q.at.kind == "segment" || (q.computed && q.computed->of.kind == "segment");
         });
}

// The student's answer: from the answers file, or typed at the terminal.
lessons::json answer_of(const lessons::PlacedQuestion& pq, const Replay& r, const Words& w) {
  const std::string& id = pq.question->id;
  if (r.mode == Mode::Grade) return r.answers->contains(id) ? (*r.answers)[id] : lessons::json();
  std::printf("%s (%s): ", w.yours, lessons::answer_hint(pq, r.lang).c_str());
  std::fflush(stdout);
  std::string line;
  if (std::getline(std::cin, line) && line.find_first_not_of(" \t\r") != std::string::npos)
    return lessons::answer_from_line(pq.question->type, line);
  return nullptr;
}

// Prints the run up to each question (records at or before its pause, never the one it
// asks about), the question, and by mode: nothing more; the key; or the student's answer,
// right or wrong, with the expected answer and the explanation.
lessons::ExerciseResult replay(const lessons::Exercise& ex, const lessons::ExerciseRun& run, const Replay& r) {
  const Words& w = r.lang == lessons::Lang::Zh ? kZh : kEn;
  lessons::ExerciseResult result;
  result.exercise = ex.id;
  std::printf("%s\n", lessons::text_in(ex.title, r.lang).c_str());
  const sim::Trace& tr = run.run.trace;
  std::size_t shown_to = 0;
  for (std::size_t i = 0; i < run.questions.size(); ++i) {
    const lessons::PlacedQuestion& pq = run.questions[i];
    for (; shown_to < pq.pause_at; ++shown_to)
      if (std::string l = sim::to_text(tr.entries()[shown_to], tr, r.tcp); !r.quiet && !l.empty()) std::printf("    %s\n", l.c_str());
    print_question(pq, i, run.questions.size(), r.lang, r.ansi, w);
    lessons::QuestionResult qr;
    qr.id = pq.question->id;
    if (r.mode == Mode::Grade || r.mode == Mode::Ask) {
      qr.given = answer_of(pq, r, w);
      qr.answered = !qr.given.is_null();
      qr.correct = lessons::is_correct(pq, qr.given);
      std::string given = qr.answered ? lessons::answer_text(pq, qr.given, r.lang) : w.none;
      std::printf("%s: %s  [%s]\n", w.yours, given.c_str(), qr.correct ? w.right : w.wrong);
    }
    if (r.mode != Mode::Questions) {
      std::printf("%s: %s\n", w.answer, lessons::expected_text(pq, r.lang).c_str());
      std::printf("%s\n", lessons::render_terminal(lessons::text_in(pq.question->explanation, r.lang), r.ansi).c_str());
    }
    result.questions.push_back(std::move(qr));
  }
  return result;
}

// The score, then each question by its title, right or wrong.
void print_score(const lessons::ExerciseRun& run, const lessons::ExerciseResult& result, lessons::Lang lang, const Words& w) {
  std::printf("\n%s: %d/%zu\n", w.score, result.score(), result.questions.size());
  for (std::size_t i = 0; i < result.questions.size() && i < run.questions.size(); ++i)
    std::printf("  [%s] %zu. %s\n", result.questions[i].correct ? "+" : "-", i + 1,
                lessons::question_title(*run.questions[i].question, lang).c_str());
}

bool write_json(const std::string& path, const lessons::json& j) {
  std::ofstream f(path, std::ios::binary);
  f << j.dump(2) << "\n";
  if (f.flush()) return true;
  std::fprintf(stderr, "mailsim exercise: cannot write %s\n", path.c_str());
  return false;
}

}  // namespace

int cmd_exercise(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({"--answers", "--result", "--lang", "--export-student"}, {"--key", "--quiet", "--tcp", "--check", "--help", "-h"},
                  &error)) {
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
  auto lang = lessons::parse_lang(args.value("--lang").value_or("en"));
  if (!lang) {
    std::fprintf(stderr, "mailsim exercise: --lang is zh or en\n");
    return kExitBadInput;
  }
  const std::string& path = args.positional()[0];
  lessons::ExerciseLoad load = lessons::load_exercise(path);
  for (const auto& p : load.problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
  if (!load.exercise) return kExitBadInput;
  const lessons::Exercise& ex = *load.exercise;
  if (auto out = args.value("--export-student")) {
    lessons::Problems problems;
    std::optional<lessons::json> copy = lessons::student_copy(path, ex, problems);
    for (const auto& p : problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
    if (!copy) return kExitBadInput;
    return write_json(*out, *copy) ? kExitOk : kExitFailure;
  }
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
  Mode mode = answers ? Mode::Grade : args.has("--key") ? Mode::Key : isatty(STDIN_FILENO) ? Mode::Ask : Mode::Questions;
  Replay r{*lang, isatty(STDOUT_FILENO) != 0, tcp_of(ex, args.has("--tcp")), args.has("--quiet"), mode,
           answers ? &answers->second : nullptr};
  lessons::ExerciseResult result = replay(ex, run, r);
  result.file = path;
  result.exercise_digest = lessons::exercise_digest(path, ex);
  result.trace_digest = lessons::trace_digest(run.run.trace);
  if (answers) result.student = answers->first;
  if (mode == Mode::Grade || mode == Mode::Ask) print_score(run, result, *lang, *lang == lessons::Lang::Zh ? kZh : kEn);
  if (auto out = args.value("--result"); out && !write_json(*out, result.to_json(run))) return kExitFailure;
  return kExitOk;
}

}  // namespace app
