// Saving and restoring ViewSettings as plain "key = value" lines, one file per scenario
// name under $XDG_CONFIG_HOME/mailsim (else ~/.config/mailsim). Language and presenter mode
// come from the command line each time and are not restored; everything else is (TCP
// folding, transcript filter, fault values, host drag offsets). Screenshots and benchmarks
// neither read nor write it, so they stay reproducible.
#pragma once
#include <optional>
#include <string>

#include "visual/view_state.hpp"

namespace visual {

std::string settings_to_text(const ViewSettings& s);
// Applies the keys it knows to `s`; unknown keys and malformed lines are skipped.
void settings_from_text(const std::string& text, ViewSettings& s);

// The file for a scenario name; none when neither XDG_CONFIG_HOME nor HOME is set.
std::optional<std::string> settings_path(const std::string& scenario_name);
void load_settings(const std::string& path, ViewSettings& s);
bool save_settings(const std::string& path, const ViewSettings& s);

}  // namespace visual
