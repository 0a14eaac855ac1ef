// Reading lesson and exercise files: parse JSON, then check each object with typed reads
// that report every problem as "file:line:col: /json/path: message". Positions come from
// the scenario loader's scanner (sim/json_positions.hpp); problems use sim::Problem so that
// sim::format_problem prints them the same way as scenario problems.
// Leaves out: the shapes of lessons and exercises themselves (lesson_loader.cpp,
// exercise_loader.cpp) and of trace conditions (condition.cpp).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/json_positions.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_loader.hpp"

namespace lessons {

using json = nlohmann::json;
using Problems = std::vector<sim::Problem>;

enum class Lang { En, Zh };
std::optional<Lang> parse_lang(std::string_view s);  // "en", "zh" (also "zh-CN")
const std::string& text_in(const sim::Localized& t, Lang lang);

// A parsed file with the positions of its values.
struct JsonDoc {
  std::string file;
  std::string text;
  json root;
  sim::JsonPositions positions;
};

// Reads and parses a file; on failure appends a problem and returns nullopt. Duplicate keys
// are reported as problems but the document is still returned.
std::optional<JsonDoc> read_json_file(const std::string& path, Problems& problems);
std::optional<JsonDoc> parse_json_text(std::string text, std::string file, Problems& problems);

// Collects problems against one document.
class Checker {
 public:
  Checker(const JsonDoc& doc, Problems& out) : doc_(doc), out_(out) {}
  void error(const std::string& pointer, std::string message, bool at_key = false);
  // A problem from another document (an inline scenario) placed under `prefix` in this one.
  void error_from(const sim::Problem& p, const std::string& prefix);
  // A problem as it is (one placed in another file, such as a scenario's).
  void add(const sim::Problem& p) { out_.push_back(p); }
  const JsonDoc& doc() const { return doc_; }
  std::size_t count() const { return out_.size(); }

 private:
  const JsonDoc& doc_;
  Problems& out_;
};

// Orders problems by place: this file's first by line and column, then other files'.
void sort_problems(Problems& problems, const std::string& file);

std::string type_word(const json& j);
// The allowed key a misspelled one most likely meant ("form" -> "from", "anwser" -> "answer"):
// edit distance with a swap of two neighbours counted once; nullopt when none is close.
std::optional<std::string> suggest_key(std::string_view key, const std::vector<std::string_view>& allowed);
std::string quote(std::string_view s);

// One JSON object: checked keys and typed reads, each reporting its own problems.
class Obj {
 public:
  Obj(Checker& c, const json& j, std::string pointer);
  bool ok() const { return j_.is_object(); }
  const std::string& ptr() const { return ptr_; }
  std::string ptr(std::string_view key) const { return sim::json_pointer_append(ptr_, key); }
  const json& value() const { return j_; }
  Checker& checker() { return c_; }

  // Reports every key outside `allowed` (with a did-you-mean when one is close).
  void keys(const std::vector<std::string_view>& allowed);
  bool has(std::string_view key) const { return ok() && j_.contains(std::string(key)); }
  const json* find(std::string_view key, bool required);
  std::optional<std::string> str(std::string_view key, bool required = false);
  std::optional<long long> integer(std::string_view key, long long lo, long long hi, bool required = false);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  // {"zh": "...", "en": "..."}: both required and non-empty.
  std::optional<sim::Localized> text(std::string_view key, bool required = true);
  std::optional<protocols::Duration> duration(std::string_view key, bool required = false);
  // An array; each element is handed to fn with its pointer.
  template <typename Fn>
  bool each(std::string_view key, bool required, Fn fn) {
    const json* v = find(key, required);
    if (!v) return false;
    if (!v->is_array()) {
      c_.error(ptr(key), "expected an array, found " + type_word(*v));
      return false;
    }
    for (std::size_t i = 0; i < v->size(); ++i) fn((*v)[i], sim::json_pointer_append(ptr(key), std::to_string(i)));
    return true;
  }

 private:
  Checker& c_;
  const json& j_;
  std::string ptr_;
};

// A localized text value on its own (choices, inline texts).
std::optional<sim::Localized> read_text(Checker& c, const json& j, const std::string& pointer);

}  // namespace lessons
