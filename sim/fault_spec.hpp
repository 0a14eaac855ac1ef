// Fault vocabulary parser (interim; the full version comes from the scenario branch).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario.hpp"

namespace sim {
std::optional<FaultSpec> parse_fault(std::string_view text, std::string* error);
std::string format_fault(const FaultSpec& f);
}  // namespace sim
