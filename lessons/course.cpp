// Listing the shipped course (see course.hpp).
#include "lessons/course.hpp"

#include "sim/scenario_loader.hpp"

#include <fstream>
#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace lessons {

namespace fs = std::filesystem;

std::string content_dir() {
  if (const char* env = std::getenv("MAILSIM_LESSONS"); env && *env) return env;
  return std::string(MAILSIM_SOURCE_DIR) + "/lessons/content";
}

FileKind file_kind(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.find("\"mailsim_lesson\"") != std::string::npos) return FileKind::Lesson;
  if (head.find("\"mailsim_exercise\"") != std::string::npos) return FileKind::Exercise;
  return FileKind::Scenario;
}

std::string problems_text(const Problems& problems) {
  std::string out;
  for (const sim::Problem& p : problems) out += sim::format_problem(p) + "\n";
  return out;
}

namespace {

std::vector<std::string> json_files(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".json") out.push_back(it->path().string());
  std::sort(out.begin(), out.end());
  return out;
}

void add(const std::string& file, bool exercise, std::vector<CourseItem>& out, Problems& problems) {
  std::optional<JsonDoc> doc = read_json_file(file, problems);
  if (!doc) return;
  Checker c(*doc, problems);
  std::size_t before = c.count();
  Obj top(c, doc->root, "");
  CourseItem item;
  item.file = file;
  item.exercise = exercise;
  item.id = top.str("id", true).value_or("");
  item.title = top.text("title").value_or(sim::Localized{});
  if (c.count() == before) out.push_back(std::move(item));
}

}  // namespace

std::vector<CourseItem> list_course(const std::string& dir, Problems& problems) {
  std::vector<CourseItem> out;
  for (const std::string& f : json_files(dir)) add(f, false, out, problems);
  for (const std::string& f : json_files(fs::path(dir) / "exercises")) add(f, true, out, problems);
  return out;
}

}  // namespace lessons
