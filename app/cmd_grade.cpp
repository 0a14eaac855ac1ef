// mailsim grade: a gradebook from exercise result files (`mailsim exercise --result`, or Save
// result in the window): one row per student, one column per question, the totals, and each
// question's success rate with the most missed first; a readable table on stdout and, with
// --csv, the same rows as CSV. A file that cannot be read, is not a result, or (with
// --exercise) was not made from that exercise or its run is reported with its name and
// skipped; the rest are graded.
// Exit 0 when every file was graded, 1 when some were skipped, 2 on a bad command line or
// when none could be graded.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include "app/cli.hpp"
#include "app/cmd_lessons.hpp"
#include "lessons/exercise_digest.hpp"
#include "lessons/grader.hpp"

namespace app {

namespace {

const char* kGradeHelp =
    "usage: mailsim grade RESULT.json... [options]\n"
    "Writes a gradebook from exercise results (mailsim exercise --result, or Save result).\n"
    "\n"
    "  --csv FILE       also write the gradebook as CSV: a row per student, a column per question\n"
    "  --exercise FILE  accept only results made from this exercise and its run (by digest)\n"
    "  --lang zh|en     language of the table and the question titles (default en)\n"
    "Exit 0 when every file was graded, 1 when some were skipped (each named on stderr),\n"
    "2 on a bad command line or when no file could be graded.\n";

struct Row {
  std::string student, file;
  std::map<std::string, bool> correct;  // by question id
  int score = 0, total = 0;
};

struct Column {
  std::string id;
  sim::Localized title;
  int right = 0, seen = 0;
};

struct Book {
  std::string exercise, digest;
  std::vector<Column> columns;
  std::vector<Row> rows;
};

struct Check {  // --exercise: what a result must say it came from
  std::string id, exercise_digest, trace_digest;
};

// Reads one result into the book; an error message (without the file name) when it cannot.
std::string add_result(const std::string& path, Book& book, const Check* check) {
  lessons::Problems problems;
  std::optional<lessons::JsonDoc> doc = lessons::read_json_file(path, problems);
  if (!doc) return problems.empty() ? "cannot read" : sim::format_problem(problems[0]);
  const lessons::json& j = doc->root;
  auto str = [&](const char* k) { return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : ""; };
  const bool version_1 = j.is_object() && j.contains("mailsim_exercise_result") && j["mailsim_exercise_result"] == 1;
  if (!version_1 || !j.contains("questions") || !j["questions"].is_array())
    return "not an exercise result (\"mailsim_exercise_result\": 1 with \"questions\")";
  if (check && str("exercise_digest") != check->exercise_digest)
    return "made from another exercise, or another version of it (exercise_digest differs)";
  if (check && str("trace_digest") != check->trace_digest) return "its run differs from this exercise's (trace_digest differs)";
  if (book.rows.empty() && book.exercise.empty()) book.exercise = str("exercise"), book.digest = str("exercise_digest");
  if (str("exercise") != book.exercise) return "a result of " + lessons::quote(str("exercise")) + ", not " + lessons::quote(book.exercise);
  if (!book.digest.empty() && !str("exercise_digest").empty() && str("exercise_digest") != book.digest)
    return "made from another version of " + lessons::quote(book.exercise) + " than the first file (exercise_digest differs)";
  Row row{str("student"), path, {}, 0, 0};
  for (const lessons::json& q : j["questions"]) {
    if (!q.is_object() || !q.contains("id") || !q["id"].is_string() || !q.contains("correct") || !q["correct"].is_boolean())
      return "a question without \"id\" and \"correct\"";
    const std::string id = q["id"].get<std::string>();
    auto col = std::find_if(book.columns.begin(), book.columns.end(), [&](const Column& c) { return c.id == id; });
    if (col == book.columns.end()) {
      auto title_in = [&](const char* lang) {  // the id when the result has no title in that language
        const lessons::json* t = q.contains("title") && q["title"].is_object() && q["title"].contains(lang) ? &q["title"][lang] : nullptr;
        return t && t->is_string() ? t->get<std::string>() : id;
      };
      const sim::Localized title{title_in("en"), title_in("zh")};
      book.columns.push_back({id, title, 0, 0});
    }
    row.correct[id] = q["correct"].get<bool>();
    row.score += row.correct[id] ? 1 : 0;
    ++row.total;
  }
  for (Column& c : book.columns)
    if (auto it = row.correct.find(c.id); it != row.correct.end()) ++c.seen, c.right += it->second ? 1 : 0;
  book.rows.push_back(std::move(row));
  return "";
}

// Columns on a terminal: a Chinese character takes two.
std::size_t width_of(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    w += c >= 0xE0 ? 2 : 1;
  }
  return w;
}
std::string pad(const std::string& s, std::size_t w) { return s + std::string(w > width_of(s) ? w - width_of(s) : 0, ' '); }

std::string name_of(const Row& r) { return r.student.empty() ? r.file : r.student; }

int percent(const Column& c) { return c.seen ? (200 * c.right + c.seen) / (2 * c.seen) : 0; }

void print_table(const Book& b, lessons::Lang lang) {
  const bool zh = lang == lessons::Lang::Zh;
  std::size_t name_w = width_of(zh ? "学生" : "student");
  for (const Row& r : b.rows) name_w = std::max(name_w, width_of(name_of(r)));
  std::printf(zh ? "成绩册：%s（%zu 份结果）\n" : "Gradebook: %s (%zu results)\n", b.exercise.c_str(), b.rows.size());
  std::printf("%s", pad(zh ? "学生" : "student", name_w + 2).c_str());
  for (std::size_t i = 0; i < b.columns.size(); ++i) std::printf("Q%-3zu", i + 1);
  std::printf("%s\n", zh ? "总分" : "total");
  for (const Row& r : b.rows) {
    std::printf("%s", pad(name_of(r), name_w + 2).c_str());
    for (const Column& c : b.columns) {
      auto it = r.correct.find(c.id);
      std::printf("%-4s", it == r.correct.end() ? "." : it->second ? "+" : "-");
    }
    std::printf("%d/%d\n", r.score, r.total);
  }
  std::vector<std::size_t> order(b.columns.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return percent(b.columns[x]) < percent(b.columns[y]); });
  std::printf("\n%s\n", zh ? "各题正确率（错得最多的在前）：" : "Success rate by question, most missed first:");
  for (std::size_t i : order) {
    const Column& c = b.columns[i];
    std::printf("  Q%-3zu %3d%%  %d/%d  %s\n", i + 1, percent(c), c.right, c.seen,
                lessons::text_in(c.title, lang).c_str());
  }
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// A row per student (1 right, 0 wrong, empty when the result lacks the question), then a
// row of success rates in percent.
bool write_csv(const std::string& path, const Book& b) {
  std::ofstream f(path, std::ios::binary);
  f << "student,file";
  for (const Column& c : b.columns) f << "," << csv_field(c.id);
  f << ",score,total\r\n";
  for (const Row& r : b.rows) {
    f << csv_field(r.student) << "," << csv_field(r.file);
    for (const Column& c : b.columns) {
      auto it = r.correct.find(c.id);
      f << "," << (it == r.correct.end() ? "" : it->second ? "1" : "0");
    }
    f << "," << r.score << "," << r.total << "\r\n";
  }
  f << "success rate %,";
  for (const Column& c : b.columns) f << "," << percent(c);
  f << ",,\r\n";
  return static_cast<bool>(f.flush());
}

}  // namespace

int cmd_grade(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({"--csv", "--exercise", "--lang"}, {"--help", "-h"}, &error)) {
    std::fprintf(stderr, "mailsim grade: %s\n%s", error.c_str(), kGradeHelp);
    return kExitBadInput;
  }
  if (args.has("--help") || args.has("-h")) {
    std::fputs(kGradeHelp, stdout);
    return kExitOk;
  }
  auto lang = lessons::parse_lang(args.value("--lang").value_or("en"));
  if (!lang || args.positional().empty()) {
    std::fprintf(stderr, "mailsim grade: %s\n%s", lang ? "one or more result files, please" : "--lang is zh or en", kGradeHelp);
    return kExitBadInput;
  }
  std::optional<Check> check;
  if (auto file = args.value("--exercise")) {
    lessons::ExerciseLoad load = lessons::load_exercise(*file);
    for (const auto& p : load.problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
    if (!load.exercise) return kExitBadInput;
    lessons::ExerciseRun run = lessons::run_exercise(*load.exercise);
    check = Check{load.exercise->id, lessons::exercise_digest(*file, *load.exercise), lessons::trace_digest(run.run.trace)};
  }
  Book book;
  if (check) book.exercise = check->id, book.digest = check->exercise_digest;
  std::size_t skipped = 0;
  for (const std::string& path : args.positional())
    if (std::string why = add_result(path, book, check ? &*check : nullptr); !why.empty()) {
      std::fprintf(stderr, "mailsim grade: %s: skipped: %s\n", path.c_str(), why.c_str());
      ++skipped;
    }
  if (book.rows.empty()) {
    std::fprintf(stderr, "mailsim grade: no result could be graded\n");
    return kExitBadInput;
  }
  print_table(book, *lang);
  if (auto csv = args.value("--csv"); csv && !write_csv(*csv, book)) {
    std::fprintf(stderr, "mailsim grade: cannot write %s\n", csv->c_str());
    return kExitFailure;
  }
  return skipped ? kExitFailure : kExitOk;
}

}  // namespace app
