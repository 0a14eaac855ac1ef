// Typed, position-aware reads over lesson and exercise JSON (see json_reader.hpp).
#include "lessons/json_reader.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "sim/fault_spec.hpp"
#include "sim/read_file.hpp"
#include "sim/scenario_fields.hpp"

namespace lessons {

std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "en") return Lang::En;
  if (s == "zh" || s == "zh-CN" || s == "zh_CN") return Lang::Zh;
  return std::nullopt;
}

const std::string& text_in(const sim::Localized& t, Lang lang) {
  const std::string& want = lang == Lang::Zh ? t.zh : t.en;
  return want.empty() ? (lang == Lang::Zh ? t.en : t.zh) : want;
}

std::string type_word(const json& j) { return sim::scenario_detail::type_word(j); }

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

namespace {
// nlohmann's what() carries its own byte-based position; keep only the description.
std::string parse_error_text(const std::string& what) {
  std::size_t col = what.find(", column ");
  std::size_t colon = col == std::string::npos ? std::string::npos : what.find(": ", col);
  std::string text = colon != std::string::npos ? what.substr(colon + 2) : what;
  if (std::size_t last = text.find("; last read: "); last != std::string::npos) text.erase(last);
  return text;
}
}  // namespace

std::optional<JsonDoc> parse_json_text(std::string text, std::string file, Problems& problems) {
  JsonDoc doc;
  doc.file = std::move(file);
  doc.text = std::move(text);
  try {
    doc.root = json::parse(doc.text.begin(), doc.text.end());
  } catch (const json::parse_error& e) {
    sim::TextPos t = sim::position_of_offset(doc.text, e.byte > 0 ? e.byte - 1 : 0);
    problems.push_back({sim::SourcePos{doc.file, t.line, t.col, ""}, "invalid JSON: " + parse_error_text(e.what())});
    return std::nullopt;
  } catch (const std::exception& e) {
    problems.push_back({sim::SourcePos{doc.file, 1, 1, ""}, std::string("invalid JSON: ") + e.what()});
    return std::nullopt;
  }
  doc.positions = sim::scan_json_positions(doc.text);
  Checker c(doc, problems);
  for (const std::string& dup : doc.positions.duplicate_keys)
    c.error(dup, "duplicate key " + quote(dup.substr(dup.rfind('/') + 1)), true);
  return doc;
}

std::optional<JsonDoc> read_json_file(const std::string& path, Problems& problems) {
  sim::FileProblem problem;
  std::optional<std::string> text = sim::read_whole_file(path, &problem);
  if (!text) {
    problems.push_back({sim::SourcePos{path, 0, 0, ""}, "cannot read the file: " + sim::describe(problem)});
    return std::nullopt;
  }
  return parse_json_text(std::move(*text), path, problems);
}

void sort_problems(Problems& problems, const std::string& file) {
  std::stable_sort(problems.begin(), problems.end(), [&](const sim::Problem& a, const sim::Problem& b) {
    return std::tuple(a.pos.file != file, a.pos.line, a.pos.col) < std::tuple(b.pos.file != file, b.pos.line, b.pos.col);
  });
}

void Checker::error(const std::string& pointer, std::string message, bool at_key) {
  sim::TextPos t = at_key ? doc_.positions.key_at(pointer) : doc_.positions.value_at(pointer);
  out_.push_back({sim::SourcePos{doc_.file, t.line, t.col, pointer}, std::move(message)});
}

void Checker::error_from(const sim::Problem& p, const std::string& prefix) {
  error(prefix + p.pos.path, p.message);
}

Obj::Obj(Checker& c, const json& j, std::string pointer) : c_(c), j_(j), ptr_(std::move(pointer)) {
  if (!j_.is_object()) c_.error(ptr_, "expected an object, found " + type_word(j_));
}

namespace {
// Optimal string alignment distance (Levenshtein plus swapping two neighbours, ASCII case
// ignored): "form" is one step from "from", where plain Levenshtein counts two.
std::size_t typo_distance(std::string_view a, std::string_view b) {
  auto low = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = low(a[i - 1]) == low(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) && low(a[i - 2]) == low(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}
}  // namespace

std::optional<std::string> suggest_key(std::string_view key, const std::vector<std::string_view>& allowed) {
  if (key.size() > 64) return std::nullopt;
  // One typo in a short key, up to three in a long one.
  const std::size_t limit = std::clamp<std::size_t>(key.size() / 3, 1, 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (std::string_view a : allowed) {
    std::size_t d = typo_distance(key, a);
    if (d < best_distance) {
      best = std::string(a);
      best_distance = d;
    }
  }
  return best;
}

void Obj::keys(const std::vector<std::string_view>& allowed) {
  if (!ok()) return;
  for (const auto& item : j_.items()) {
    const std::string& key = item.key();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown key " + quote(key);
    if (auto near = suggest_key(key, allowed)) {
      message += " (did you mean " + quote(*near) + "?)";
    } else {
      message += " (expected one of:";
      for (std::string_view a : allowed) {
        message += ' ';
        message += a;
      }
      message += ")";
    }
    c_.error(ptr(key), message, true);
  }
}

const json* Obj::find(std::string_view key, bool required) {
  if (!ok()) return nullptr;
  auto it = j_.find(std::string(key));
  if (it != j_.end()) return &*it;
  if (required) c_.error(ptr_, "missing required field " + quote(key));
  return nullptr;
}

std::optional<std::string> Obj::str(std::string_view key, bool required) {
  const json* v = find(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    c_.error(ptr(key), "expected a string, found " + type_word(*v));
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (required && s.empty()) {
    c_.error(ptr(key), quote(key) + " must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<long long> Obj::integer(std::string_view key, long long lo, long long hi, bool required) {
  const json* v = find(key, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    c_.error(ptr(key), "expected a whole number, found " + type_word(*v));
    return std::nullopt;
  }
  bool too_big = v->is_number_unsigned() && v->get<unsigned long long>() > static_cast<unsigned long long>(hi);
  long long n = too_big ? hi : v->get<long long>();
  if (too_big || n < lo || n > hi) {
    c_.error(ptr(key), std::string(key) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Obj::boolean(std::string_view key, bool required) {
  const json* v = find(key, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    c_.error(ptr(key), "expected true or false, found " + type_word(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<sim::Localized> read_text(Checker& c, const json& j, const std::string& pointer) {
  Obj o(c, j, pointer);
  if (!o.ok()) return std::nullopt;
  o.keys({"zh", "en"});
  std::optional<std::string> zh = o.str("zh", true), en = o.str("en", true);
  if (!zh || !en) return std::nullopt;
  return sim::Localized{*en, *zh};
}

std::optional<sim::Localized> Obj::text(std::string_view key, bool required) {
  const json* v = find(key, required);
  if (!v) return std::nullopt;
  return read_text(c_, *v, ptr(key));
}

std::optional<protocols::Duration> Obj::duration(std::string_view key, bool required) {
  std::optional<std::string> s = str(key, required);
  if (!s) return std::nullopt;
  auto d = protocols::parse_duration(*s);
  if (!d) c_.error(ptr(key), "malformed duration " + quote(*s) + " (use e.g. \"300ms\", \"1.5s\", \"10m\", \"2h\", \"1d\")");
  return d;
}

}  // namespace lessons
