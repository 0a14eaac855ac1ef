// Fault vocabulary parser (interim; the full version comes from the scenario branch).
#include "sim/fault_spec.hpp"

#include <sstream>

namespace sim {
std::optional<FaultSpec> parse_fault(std::string_view text, std::string* error) {
  std::istringstream in{std::string(text)};
  std::string t;
  FaultSpec f;
  if (!(in >> t >> f.action >> f.target)) {
    *error = "expected TIME ACTION TARGET [VALUE]";
    return std::nullopt;
  }
  auto d = protocols::parse_duration(t);
  if (!d) {
    *error = "bad time '" + t + "'";
    return std::nullopt;
  }
  f.at = *d;
  std::getline(in >> std::ws, f.value);
  return f;
}
std::string format_fault(const FaultSpec& f) {
  return protocols::format_duration(f.at) + " " + f.action + " " + f.target + (f.value.empty() ? "" : " " + f.value);
}
}  // namespace sim
