// The canonical text of a scenario (format version 1): what `mailsim scenario format` prints
// and what design mode saves. Keys stand in the order docs/scenario.md lists them; a value
// equal to its default is left out (a scenario loaded from a file gives the same ScenarioSpec
// back: load -> write -> load is the identity, and writing is idempotent). Layout: two-space
// indent; an object or array stays on one line when that line fits in 100 columns, else one
// member per line; the top level always has one key per line; UTF-8 is written as it is.
// Leaves out: comments and the original layout (JSON has no comments; the layout is the
// point). Mailbox imports are written as the paths the scenario named, not as messages.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "sim/scenario.hpp"

namespace sim {

// The canonical JSON text, ending in a newline. The scenario should be one the loader
// accepts (or a world being built: nothing here requires references to resolve).
std::string write_scenario(const ScenarioSpec& scenario);

// The same as a JSON value (keys in canonical order), and the layout alone: any JSON value
// printed the way write_scenario prints (design mode saves a half-built world with it).
using ScenarioJson = nlohmann::ordered_json;
ScenarioJson scenario_json(const ScenarioSpec& scenario);
std::string format_scenario_json(const ScenarioJson& value);

// The name of the DNS server a scenario without "dns_server" uses: the only dns-server host,
// if there is exactly one; else empty.
std::string implicit_dns_server(const std::vector<HostSpec>& hosts);

}  // namespace sim
