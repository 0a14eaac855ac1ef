// The input log on disk: one JSON object per line, {"t": ns, "kind": ..., "target": ...,
// "text": ...} with "data" (base64) instead of "text" for raw bytes from the socket bridge.
// `mailsim serve --record LOG` writes it; `mailsim run --replay LOG` and the front end read
// it, and the run repeats exactly.
#pragma once
#include <string>
#include <vector>

#include "sim/run.hpp"

namespace sim {

std::string input_event_to_json(const InputEvent& e);

// The entry `mailsim serve` records first: {"t": 0, "kind": "start", "text": "Sun, 06 Dec
// 2026 18:10:00 +0000"}, the calendar moment simulated time 0 stood for (a live serve starts
// at the wall clock unless the scenario or --start fixes it).
inline constexpr const char* kStartKind = "start";
InputEvent start_entry(const ScenarioSpec& scenario);
// Sets the scenario's start from the log's start entry, so a replay writes the same dates;
// a log without one (recorded before the entry existed) leaves the scenario's own start.
// read_input_log has checked that the date parses.
void apply_recorded_start(ScenarioSpec& scenario, const InputLog& log);
// Reads a log; on failure returns false with "file:line: message" in *error.
bool read_input_log(const std::string& path, InputLog* out, std::string* error);
bool write_input_log(const std::string& path, const InputLog& log, std::string* error);

}  // namespace sim
