// The shipped course: every lesson in lessons/content/ plays headless to its end, and every
// exercise in lessons/content/exercises/ runs, places all its questions, and its answers
// (computed from the run) agree with a hand-written key in tests/data/lessons/keys/.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "lessons/course.hpp"
#include "lessons/grader.hpp"
#include "lessons/lesson_player.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> json_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

const fs::path kContent = fs::path(MAILSIM_SOURCE_DIR) / "lessons" / "content";

}  // namespace

TEST_CASE("every shipped lesson loads and plays headless to its last step", "[lessons][content]") {
  std::vector<std::string> files = json_files(kContent);
  REQUIRE(files.size() >= 6);
  for (const std::string& f : files) {
    INFO(f);
    lessons::LessonLoad load = lessons::load_lesson(f);
    for (const auto& p : load.problems) INFO(sim::format_problem(p));
    REQUIRE(load.lesson);
    REQUIRE(!load.lesson->steps.empty());
    lessons::LessonPlayer player(*load.lesson);
    while (!player.finished()) {
      INFO("step " << player.step().id);
      CHECK(!player.narration(lessons::Lang::Zh).empty());
      CHECK(!player.narration(lessons::Lang::En).empty());
      lessons::StepReport r = player.play_step();
      INFO(r.message);
      REQUIRE(r.outcome == lessons::StepOutcome::Met);
      REQUIRE(player.advance());
    }
  }
}

TEST_CASE("every shipped exercise places its questions and its answers match the key", "[lessons][content]") {
  std::vector<std::string> files = json_files(kContent / "exercises");
  REQUIRE(files.size() >= 5);
  std::size_t questions = 0;
  for (const std::string& f : files) {
    INFO(f);
    lessons::ExerciseLoad load = lessons::load_exercise(f);
    for (const auto& p : load.problems) INFO(sim::format_problem(p));
    REQUIRE(load.exercise);
    lessons::ExerciseRun run = lessons::run_exercise(*load.exercise);
    for (const auto& p : run.problems) INFO(sim::format_problem(p));
    REQUIRE(run.problems.empty());
    REQUIRE(run.questions.size() == load.exercise->questions.size());
    lessons::Problems problems;
    std::string key = std::string(MAILSIM_TEST_DATA) + "/lessons/keys/" + load.exercise->id + ".json";
    auto answers = lessons::load_answers(key, problems);
    for (const auto& p : problems) INFO(sim::format_problem(p));
    REQUIRE(answers);
    for (const auto& pq : run.questions) {
      INFO("question " << pq.question->id << ", expected " << pq.expected.dump());
      REQUIRE(answers->second.contains(pq.question->id));
      CHECK(lessons::is_correct(pq, answers->second[pq.question->id]));
    }
    questions += run.questions.size();
  }
  CHECK(questions >= 30);
}

TEST_CASE("the course lists every lesson, then every exercise, in syllabus order", "[lessons][content]") {
  lessons::Problems problems;
  std::vector<lessons::CourseItem> items = lessons::list_course(kContent.string(), problems);
  CHECK(problems.empty());
  REQUIRE(items.size() == json_files(kContent).size() + json_files(kContent / "exercises").size());
  CHECK(items.front().id == "tcp-reliable");
  CHECK(items.front().title.zh == "邮件为什么跑在 TCP 上：可靠传输");
  CHECK(!items.front().exercise);
  CHECK(items.back().exercise);
  for (std::size_t i = 1; i < items.size(); ++i)
    if (items[i].exercise == items[i - 1].exercise) CHECK(items[i - 1].file < items[i].file);
}
