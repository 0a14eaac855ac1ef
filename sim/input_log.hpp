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
// Reads a log; on failure returns false with "file:line: message" in *error.
bool read_input_log(const std::string& path, InputLog* out, std::string* error);
bool write_input_log(const std::string& path, const InputLog& log, std::string* error);

}  // namespace sim
