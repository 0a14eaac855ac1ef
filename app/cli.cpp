// Argument scanning and asset lookup for the mailsim command line.
#include "app/cli.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include <fstream>

#include "lessons/course.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/trace_format.hpp"
#include "sim/trace_text.hpp"

namespace app {

bool Args::parse(const std::vector<std::string>& with_value, const std::vector<std::string>& switches,
                 std::string* error) {
  auto is = [](const std::vector<std::string>& v, const std::string& s) {
    for (const auto& x : v) if (x == s) return true;
    return false;
  };
  for (std::size_t i = 0; i < argv_.size(); ++i) {
    const std::string& a = argv_[i] == "-h" ? std::string("--help") : argv_[i];  // -h is --help everywhere
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string name = a, val;
      bool inline_value = false;
      if (auto eq = a.find('='); eq != std::string::npos) {
        name = a.substr(0, eq);
        val = a.substr(eq + 1);
        inline_value = true;
      }
      if (is(with_value, name)) {
        if (!inline_value) {
          if (i + 1 >= argv_.size()) {
            *error = name + " needs a value";
            return false;
          }
          val = argv_[++i];
        }
        flags_.emplace_back(name, val);
      } else if (is(switches, name) && !inline_value) {
        flags_.emplace_back(name, "");
      } else {
        *error = "unknown option " + name;
        return false;
      }
    } else {
      positional_.push_back(a);
    }
  }
  return true;
}

bool Args::has(const std::string& flag) const {
  for (const auto& [k, v] : flags_) if (k == flag) return true;
  return false;
}

std::optional<std::string> Args::value(const std::string& flag) const {
  std::optional<std::string> out;
  for (const auto& [k, v] : flags_) if (k == flag) out = v;
  return out;
}

std::vector<std::string> Args::values(const std::string& flag) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : flags_) if (k == flag) out.push_back(v);
  return out;
}

std::string default_lang() { return sim::text_lang_from_locale() == sim::TextLang::Zh ? "zh" : "en"; }

std::string assets_dir() {
  if (const char* env = std::getenv("MAILSIM_ASSETS"); env && *env) return env;
  return std::string(MAILSIM_SOURCE_DIR) + "/assets";
}

std::string default_scenario_path() { return assets_dir() + "/scenarios/default.json"; }

std::string default_lesson_path() {
  std::string p = lessons::content_dir() + "/01_email_parts.json";
  return std::filesystem::exists(p) ? p : "";
}

std::optional<sim::ScenarioSpec> load_or_report(const std::string& path) {
  sim::LoadResult r = sim::load_scenario(path);
  for (const auto& p : r.problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
  if (!r.problems.empty() || !r.scenario) return std::nullopt;
  return r.scenario;
}

bool write_trace_file(const std::string& path, const sim::Trace& trace, std::string* error) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  for (const sim::TraceEntry& e : trace.entries()) f << sim::to_jsonl(e, trace) << '\n';
  f.flush();
  if (!f) *error = "cannot write " + path;
  return static_cast<bool>(f);
}

}  // namespace app
