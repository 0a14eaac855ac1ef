// Input log files: JSON lines; bridge bytes base64-encoded so any octets survive.
#include "sim/input_log.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "protocols/codec/base64.hpp"
#include "protocols/message/date.hpp"

namespace sim {

namespace {
bool is_bytes_kind(const std::string& kind) { return kind == "bridge-data"; }
}  // namespace

std::string input_event_to_json(const InputEvent& e) {
  nlohmann::ordered_json j;
  j["t"] = protocols::ns_of(e.at);
  j["kind"] = e.kind;
  if (!e.target.empty()) j["target"] = e.target;
  if (is_bytes_kind(e.kind)) j["data"] = protocols::codec::base64_encode(e.text);
  else j["text"] = e.text;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

InputEvent start_entry(const ScenarioSpec& scenario) {
  return InputEvent{protocols::kEpoch, kStartKind, "",
                    protocols::message::format_date(scenario.start_unix, scenario.zone_offset_minutes)};
}

void apply_recorded_start(ScenarioSpec& scenario, const InputLog& log) {
  for (const InputEvent& e : log) {
    if (e.kind != kStartKind) continue;
    if (auto d = protocols::message::parse_date(e.text)) {
      scenario.start_unix = d->unix_seconds;
      scenario.zone_offset_minutes = d->zone_offset_minutes;
    }
    return;
  }
}

bool read_input_log(const std::string& path, InputLog* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot read the input log";
    return false;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    auto fail = [&](const std::string& m) {
      *error = path + ":" + std::to_string(n) + ": " + m;
      return false;
    };
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("not a JSON object");
    if (!j.contains("t") || !j["t"].is_number_integer() || j["t"].get<long long>() < 0)
      return fail("\"t\" must be a whole number of nanoseconds");
    if (!j.contains("kind") || !j["kind"].is_string()) return fail("\"kind\" must be a string");
    InputEvent e;
    e.at = protocols::at_ns(j["t"].get<long long>());
    e.kind = j["kind"].get<std::string>();
    if (j.contains("target") && j["target"].is_string()) e.target = j["target"].get<std::string>();
    if (is_bytes_kind(e.kind)) {
      if (!j.contains("data") || !j["data"].is_string()) return fail("\"data\" (base64) is missing");
      auto bytes = protocols::codec::base64_decode_strict(j["data"].get<std::string>());
      if (!bytes) return fail("\"data\" is not valid base64");
      e.text = *bytes;
    } else if (j.contains("text") && j["text"].is_string()) {
      e.text = j["text"].get<std::string>();
    }
    if (e.kind == kStartKind && !protocols::message::parse_date(e.text))
      return fail("the start date \"" + e.text + "\" is not an RFC 5322 date");
    if (!out->empty() && out->back().at > e.at) return fail("times must not go backwards");
    out->push_back(std::move(e));
  }
  return true;
}

bool write_input_log(const std::string& path, const InputLog& log, std::string* error) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) {
    *error = path + ": cannot write the input log";
    return false;
  }
  for (const InputEvent& e : log) f << input_event_to_json(e) << '\n';
  f.flush();
  if (!f) {
    *error = path + ": write failed";
    return false;
  }
  return true;
}

}  // namespace sim
