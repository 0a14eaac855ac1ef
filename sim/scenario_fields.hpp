// The scenario loader's field checking, shared by its files: a Checker that collects
// problems and places them in the text, and Fields, one JSON object read with typed
// accessors that report their own problems. Internal to sim/scenario_*.cpp.
#pragma once
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/fault_spec.hpp"
#include "sim/json_positions.hpp"
#include "sim/scenario_loader.hpp"

namespace sim::scenario_detail {

using json = nlohmann::json;
using Keys = std::vector<std::string_view>;

inline std::string q(std::string_view s) { return "\"" + std::string(s) + "\""; }

inline std::string join(const Keys& words) {
  std::string out;
  for (std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

inline const char* type_word(const json& j) {
  if (j.is_object()) return "an object";
  if (j.is_array()) return "an array";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "true or false";
  if (j.is_null()) return "null";
  return "a number";
}

// A value for a message: strings quoted, numbers as written, else their type (never a
// recursive dump: a value may be nested a hundred thousand levels deep).
inline std::string describe(const json& j) {
  if (j.is_string()) return q(j.get<std::string>());
  if (j.is_number()) return j.dump();
  return type_word(j);
}

// Collects problems and places them in the text.
class Checker {
 public:
  Checker(std::string file, const JsonPositions& positions) : file_(std::move(file)), positions_(positions) {}
  std::vector<Problem> problems;

  SourcePos pos(const std::string& pointer, bool at_key = false) const {
    TextPos t = at_key ? positions_.key_at(pointer) : positions_.value_at(pointer);
    return SourcePos{file_, t.line, t.col, pointer};
  }
  const std::string& file() const { return file_; }
  void error(const std::string& pointer, std::string message, bool at_key = false) {
    problems.push_back(Problem{pos(pointer, at_key), std::move(message)});
  }

 private:
  std::string file_;
  const JsonPositions& positions_;
};

// One JSON object: type and key checks, then typed reads that report their own problems.
class Fields {
 public:
  Fields(Checker& c, const json& j, std::string pointer) : c_(c), j_(j), ptr_(std::move(pointer)) {
    if (!j_.is_object()) c_.error(ptr_, std::string("expected an object, found ") + type_word(j_));
  }
  bool ok() const { return j_.is_object(); }
  std::string ptr(std::string_view key) const { return json_pointer_append(ptr_, key); }
  const std::string& ptr() const { return ptr_; }

  // Reports keys outside allowed; other_owner(key) may name where a misplaced key belongs.
  template <typename Owner>
  void keys(const Keys& allowed, Owner other_owner) {
    if (!ok()) return;
    for (const auto& item : j_.items()) {
      const std::string& key = item.key();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string message = other_owner(key);
      if (message.empty()) {
        message = "unknown key " + q(key);
        if (auto near = closest_match(key, allowed)) message += " (did you mean " + q(*near) + "?)";
        else message += " (expected one of: " + join(allowed) + ")";
      }
      c_.error(ptr(key), message, true);
    }
  }
  void keys(const Keys& allowed) { keys(allowed, [](const std::string&) { return std::string(); }); }

  const json* find(std::string_view key, bool required) {
    if (!ok()) return nullptr;
    auto it = j_.find(std::string(key));
    if (it != j_.end()) return &*it;
    if (required) c_.error(ptr_, "missing required field " + q(key));
    return nullptr;
  }
  const json* typed(std::string_view key, bool required, bool (json::*is)() const noexcept,
                    const char* expected) {
    const json* v = find(key, required);
    if (v && !((*v).*is)()) {
      c_.error(ptr(key), std::string("expected ") + expected + ", found " + type_word(*v));
      return nullptr;
    }
    return v;
  }
  bool str(std::string_view key, std::string& out, bool required = false) {
    const json* v = typed(key, required, &json::is_string, "a string");
    if (v) out = v->get<std::string>();
    return v != nullptr;
  }
  bool boolean(std::string_view key, bool& out, bool required = false) {
    const json* v = typed(key, required, &json::is_boolean, "true or false");
    if (v) out = v->get<bool>();
    return v != nullptr;
  }
  bool uint(std::string_view key, std::uint64_t& out, std::uint64_t lo, std::uint64_t hi,
            bool required = false) {
    const json* v = find(key, required);
    if (!v) return false;
    if (!v->is_number_integer()) {
      c_.error(ptr(key), std::string("expected a whole number, found ") + type_word(*v));
      return false;
    }
    std::uint64_t n = v->is_number_unsigned() ? v->get<std::uint64_t>() : 0;
    if (!v->is_number_unsigned() || n < lo || n > hi) {
      c_.error(ptr(key), std::string(key) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
      return false;
    }
    out = n;
    return true;
  }
  bool duration(std::string_view key, Duration& out, bool required = false) {
    std::string text;
    if (!str(key, text, required)) return false;
    auto d = protocols::parse_duration(text);
    if (!d) c_.error(ptr(key), "malformed duration " + q(text) + " (use e.g. \"300ms\", \"1.5s\", \"10m\", \"2h\", \"1d\")");
    else out = *d;
    return d.has_value();
  }
  void opt_duration(std::string_view key, std::optional<Duration>& out) {
    Duration d{};
    if (duration(key, d)) out = d;
  }
  // Each element of an array field, with its pointer.
  template <typename Fn>
  void each(std::string_view key, bool required, Fn fn) {
    const json* v = typed(key, required, &json::is_array, "an array");
    if (!v) return;
    for (std::size_t i = 0; i < v->size(); ++i) fn((*v)[i], json_pointer_append(ptr(key), std::to_string(i)));
  }
  void strings(std::string_view key, std::vector<std::string>& out, bool required = false) {
    each(key, required, [&](const json& e, const std::string& p) {
      if (e.is_string()) out.push_back(e.get<std::string>());
      else c_.error(p, std::string("expected a string, found ") + type_word(e));
    });
  }
  Checker& checker() { return c_; }

 private:
  Checker& c_;
  const json& j_;
  std::string ptr_;
};

// A host object of the scenario: common fields and its kind's own (scenario_hosts.cpp).
HostSpec read_host(Checker& c, const json& e, const std::string& p);
bool known_kind(const std::string& kind);
std::string a_kind(std::string_view kind);  // "a mail-server", "an echo-server"

}  // namespace sim::scenario_detail
