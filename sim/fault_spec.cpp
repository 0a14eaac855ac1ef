// Parser and formatter of the fault vocabulary "TIME ACTION TARGET [VALUE]" (fault_spec.hpp).
// One table says, per action, what target and value it takes; every message comes from it.
// Leaves out: checking that targets exist (the world and the loader do that).
#include "sim/fault_spec.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace sim {
namespace {

enum class TargetKind { kHost, kHostPort, kHostOrPort, kLink };
enum class ValueKind { kNone, kOptionalOff, kLoss, kDuration, kReply, kOnOff, kCount, kVerb };

struct ActionRule {
  std::string_view name;
  TargetKind target;
  ValueKind value;
};

// The vocabulary. Order is the documentation's order (docs/faults.md).
constexpr std::array<ActionRule, 16> kActions{{
    {"power-off", TargetKind::kHost, ValueKind::kNone},
    {"power-on", TargetKind::kHost, ValueKind::kNone},
    {"stop-service", TargetKind::kHostPort, ValueKind::kNone},
    {"start-service", TargetKind::kHostPort, ValueKind::kNone},
    {"link-down", TargetKind::kLink, ValueKind::kNone},
    {"link-up", TargetKind::kLink, ValueKind::kNone},
    {"loss", TargetKind::kLink, ValueKind::kLoss},
    {"latency", TargetKind::kLink, ValueKind::kDuration},
    {"hang", TargetKind::kHostOrPort, ValueKind::kOptionalOff},  // "off" ends the hang
    {"reply", TargetKind::kHostOrPort, ValueKind::kReply},
    {"greylist", TargetKind::kHost, ValueKind::kOnOff},
    {"disk-full", TargetKind::kHost, ValueKind::kNone},
    {"disk-ok", TargetKind::kHost, ValueKind::kNone},
    {"max-sessions", TargetKind::kHost, ValueKind::kCount},  // "off" lifts the cap
    {"max-commands", TargetKind::kHost, ValueKind::kCount},
    {"drop-after", TargetKind::kHostOrPort, ValueKind::kVerb},  // POP3/IMAP: close after VERB's reply
}};
constexpr std::size_t kActionCount = kActions.size();

constexpr std::array<std::string_view, 7> kPhases{"GREETING", "EHLO", "HELO", "MAIL",
                                                  "RCPT",     "DATA", "DOT"};

const ActionRule* find_action(std::string_view name) {
  for (std::size_t i = 0; i < kActionCount; ++i)
    if (kActions[i].name == name) return &kActions[i];
  return nullptr;
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

bool is_host_word(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
}

bool is_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  if (!std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  int port = std::atoi(std::string(s).c_str());
  return port >= 1 && port <= 65535;
}

std::string quoted(std::string_view s) {
  std::string out(1, '\'');
  out.append(s);
  out += '\'';
  return out;
}

// Checks the target word against what the action takes; returns an error or "".
std::string check_target(const ActionRule& rule, std::string_view target) {
  std::string name(rule.name);
  std::size_t colon = target.find(':');
  std::string_view host = target.substr(0, colon);
  if (!is_host_word(host)) return "malformed target " + quoted(target) + " for " + name;
  switch (rule.target) {
    case TargetKind::kHost:
    case TargetKind::kLink:
      if (colon != std::string_view::npos)
        return name + " takes a " + (rule.target == TargetKind::kHost ? "host" : "host or link") +
               ", not host:port (got " + quoted(target) + ")";
      return "";
    case TargetKind::kHostPort:
      if (colon == std::string_view::npos)
        return name + " needs a target host:port such as mail.b.example:25 (got " + quoted(target) +
               ")";
      [[fallthrough]];
    case TargetKind::kHostOrPort:
      if (colon != std::string_view::npos && !is_port(target.substr(colon + 1)))
        return "bad port " + quoted(target.substr(colon + 1)) + " in " + quoted(target) +
               " (use 1..65535)";
      return "";
  }
  return "";
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string value_example(ValueKind kind) {
  switch (kind) {
    case ValueKind::kLoss: return "a value such as 20%";
    case ValueKind::kDuration: return "a value such as 300ms";
    case ValueKind::kReply: return "a value such as 'RCPT 451' or 'off'";
    case ValueKind::kOnOff: return "a value: on or off";
    case ValueKind::kCount: return "a number such as 32, or off";
    case ValueKind::kVerb: return "a command such as DELE or FETCH, or off";
    case ValueKind::kNone:
    case ValueKind::kOptionalOff: break;
  }
  return "no value";
}

// Checks and canonicalises the value words; returns an error or "" and sets *value.
std::string check_value(const ActionRule& rule, const std::vector<std::string_view>& words,
                        std::string* value) {
  std::string name(rule.name);
  if (rule.value == ValueKind::kNone) {
    if (!words.empty()) return name + " takes no value (got " + quoted(words.front()) + ")";
    return "";
  }
  if (rule.value == ValueKind::kOptionalOff) {
    if (words.empty()) return "";
    if (words.size() > 1 || lower(words[0]) != "off")
      return name + " takes no value or off (got " + quoted(words.front()) + ")";
    *value = "off";
    return "";
  }
  if (words.empty()) return name + " needs " + value_example(rule.value);
  std::size_t max_words = rule.value == ValueKind::kReply ? 2 : 1;
  if (words.size() > max_words)
    return "too many words after " + name + " (unexpected " + quoted(words[max_words]) + ")";
  std::string_view w = words.front();
  switch (rule.value) {
    case ValueKind::kLoss:
      if (!parse_loss(w))
        return "loss value " + quoted(w) + " is not a percentage 0%..100% or a fraction 0..1";
      *value = std::string(w);
      return "";
    case ValueKind::kDuration:
      if (!protocols::parse_duration(w))
        return "latency value " + quoted(w) + " is not a duration such as 300ms";
      *value = std::string(w);
      return "";
    case ValueKind::kOnOff:
      if (lower(w) != "on" && lower(w) != "off")
        return name + " value " + quoted(w) + " must be on or off";
      *value = lower(w);
      return "";
    case ValueKind::kCount:
      if (lower(w) == "off") { *value = "off"; return ""; }
      if (w.size() > 9 || !std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
          std::atoi(std::string(w).c_str()) == 0)
        return name + " value " + quoted(w) + " must be a number 1..999999999 or off";
      *value = std::to_string(std::atoi(std::string(w).c_str()));
      return "";
    case ValueKind::kVerb:
      if (lower(w) == "off") { *value = "off"; return ""; }
      if (w.size() > 16 || !std::all_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
        return name + " value " + quoted(w) + " must be a command verb such as DELE or FETCH, or off";
      *value = upper(w);
      return "";
    case ValueKind::kReply: {
      std::string joined(w);
      if (words.size() == 2) joined += " " + std::string(words[1]);
      if (lower(joined) == "off") { *value = "off"; return ""; }
      if (words.size() != 2) return "reply needs " + value_example(ValueKind::kReply);
      if (std::find(kPhases.begin(), kPhases.end(), upper(words[0])) == kPhases.end())
        return "reply phase " + quoted(words[0]) +
               " is not one of GREETING EHLO HELO MAIL RCPT DATA DOT";
      if (!parse_reply_value(joined))
        return "reply code " + quoted(words[1]) + " must be a 4xx or 5xx code such as 451";
      *value = upper(words[0]) + " " + std::string(words[1]);
      return "";
    }
    case ValueKind::kNone:
    case ValueKind::kOptionalOff: break;
  }
  return "";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      std::size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                 std::tolower(static_cast<unsigned char>(b[j - 1]))
                             ? 0
                             : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

const std::vector<std::string_view>& fault_actions() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (std::size_t i = 0; i < kActionCount; ++i) v.push_back(kActions[i].name);
    return v;
  }();
  return names;
}

std::optional<FaultSpec> parse_fault(std::string_view text, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<FaultSpec> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  std::vector<std::string_view> words = split_words(text);
  if (words.empty())
    return fail(
        "empty fault; expected TIME ACTION TARGET [VALUE], e.g. '10m power-off mail.b.example'");
  FaultSpec fault;
  std::optional<Duration> at = protocols::parse_duration(words[0]);
  if (!at) {
    if (find_action(words[0]))
      return fail("a fault starts with its time, e.g. '0s " + std::string(words[0]) + " ...'");
    return fail("malformed time " + quoted(words[0]) + " (use e.g. 0s, 300ms, 1.5s, 10m, 2h, 1d)");
  }
  fault.at = *at;
  if (words.size() < 2) return fail("missing action after the time " + quoted(words[0]));
  const ActionRule* rule = find_action(lower(words[1]));
  if (!rule) {
    std::string message = "unknown action " + quoted(words[1]);
    if (auto near = closest_match(words[1], fault_actions()))
      message += " (did you mean " + quoted(*near) + "?)";
    return fail(message);
  }
  fault.action = std::string(rule->name);
  if (words.size() < 3) {
    const char* what = rule->target == TargetKind::kHostPort
                           ? "a target host:port such as mail.b.example:25"
                       : rule->target == TargetKind::kLink ? "a target host or link hostA-hostB"
                                                           : "a target host";
    return fail(fault.action + " needs " + what);
  }
  if (std::string e = check_target(*rule, words[2]); !e.empty()) return fail(e);
  fault.target = std::string(words[2]);
  std::vector<std::string_view> rest(words.begin() + 3, words.end());
  if (std::string e = check_value(*rule, rest, &fault.value); !e.empty()) return fail(e);
  return fault;
}

std::string format_fault(const FaultSpec& fault) {
  std::string out = compact_duration(fault.at) + " " + fault.action + " " + fault.target;
  if (!fault.value.empty()) out += " " + fault.value;
  return out;
}

std::optional<ReplyFaultValue> parse_reply_value(std::string_view value) {
  std::vector<std::string_view> words = split_words(value);
  if (words.size() == 1 && lower(words[0]) == "off") return ReplyFaultValue{};
  if (words.size() != 2) return std::nullopt;
  std::string phase = upper(words[0]);
  if (std::find(kPhases.begin(), kPhases.end(), phase) == kPhases.end()) return std::nullopt;
  std::string_view code = words[1];
  if (code.size() != 3 || (code[0] != '4' && code[0] != '5') ||
      !std::isdigit(static_cast<unsigned char>(code[1])) ||
      !std::isdigit(static_cast<unsigned char>(code[2])))
    return std::nullopt;
  return ReplyFaultValue{phase, std::atoi(std::string(code).c_str())};
}

std::optional<double> parse_loss(std::string_view text) {
  bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  if (text.empty() || text.size() > 32) return std::nullopt;
  bool dot = false;
  for (char c : text) {
    if (c == '.' && !dot) { dot = true; continue; }
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (text == ".") return std::nullopt;
  double v = std::strtod(std::string(text).c_str(), nullptr);
  if (percent) v /= 100.0;
  if (!(v >= 0.0 && v <= 1.0)) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> parse_bandwidth(std::string_view text) {
  struct Unit { std::string_view suffix; std::uint64_t mult; };
  static constexpr Unit units[] = {{"Gbps", 1'000'000'000}, {"Mbps", 1'000'000}, {"kbps", 1'000},
                                   {"bps", 1}};
  for (const Unit& u : units) {
    if (text.size() <= u.suffix.size() || text.substr(text.size() - u.suffix.size()) != u.suffix)
      continue;
    std::string_view num = text.substr(0, text.size() - u.suffix.size());
    std::size_t whole_digits = num.find('.') == std::string_view::npos ? num.size() : num.find('.');
    if (whole_digits > 9 || num.size() > 20 || num.front() == '.' || num.back() == '.')
      return std::nullopt;
    if (std::count(num.begin(), num.end(), '.') > 1) return std::nullopt;
    if (!std::all_of(num.begin(), num.end(),
                     [](char c) { return c == '.' || (c >= '0' && c <= '9'); }))
      return std::nullopt;
    double bps = std::strtod(std::string(num).c_str(), nullptr) * static_cast<double>(u.mult);
    if (bps < 1.0) return std::nullopt;
    return static_cast<std::uint64_t>(std::llround(bps));
  }
  return std::nullopt;
}

std::string compact_duration(Duration d) {
  struct Unit { std::int64_t ns; const char* name; };
  static constexpr Unit units[] = {{86'400'000'000'000, "d"}, {3'600'000'000'000, "h"},
                                   {60'000'000'000, "m"},     {1'000'000'000, "s"},
                                   {1'000'000, "ms"},         {1'000, "us"}, {1, "ns"}};
  std::int64_t ns = d.count();
  if (ns == 0) return "0s";
  for (const Unit& u : units)
    if (ns % u.ns == 0) return std::to_string(ns / u.ns) + u.name;
  return std::to_string(ns) + "ns";
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
  for (std::string_view c : candidates) {
    if (word.size() > 64 || c.size() > 64) continue;
    std::size_t d = edit_distance(word, c);
    if (d <= limit && (!best || d < best_distance)) {
      best = std::string(c);
      best_distance = d;
    }
  }
  return best;
}

bool is_ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    std::size_t len = i - start;
    if (len == 0 || len > 3 || (len > 1 && s[start] == '0')) return false;
    if (std::stoi(std::string(s.substr(start, len))) > 255) return false;
    if (++parts == 4) return i == s.size();
    if (i >= s.size() || s[i] != '.') return false;
    ++i;
  }
}

bool is_host_name(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.front() == '-' || s.back() == '.' ||
      s.back() == '-' || s.find("..") != std::string_view::npos)
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

bool is_mail_address(std::string_view s) {
  std::size_t at = s.find('@');
  if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos)
    return false;
  std::string_view local = s.substr(0, at);
  if (std::any_of(local.begin(), local.end(),
                  [](char c) { return c <= ' ' || c == '<' || c == '>'; }))
    return false;
  return is_host_name(s.substr(at + 1));
}

}  // namespace sim
