// The fault panel's vocabulary: which faults a host offers (by its kind) and how a click
// becomes an InputEvent in the fault vocabulary ("power-off mail.b.example") at the playback
// time. The app appends the event to the input log and runs simulate() again; the run is a
// pure function, so everything before the click stays as it was.
#pragma once
#include <string>
#include <vector>

#include "sim/run.hpp"
#include "visual/i18n.hpp"

namespace visual {

struct FaultAction {
  Id label;
  std::string action;  // fault vocabulary: power-off, link-down, loss, reply, hang, ...
  std::string value;   // fixed value ("451"), or empty
  bool takes_value = false;  // loss and latency ask for a value
};

// Faults offered for a host of `kind` (mail faults only for mail servers).
std::vector<FaultAction> faults_for_kind(const std::string& kind);

// "power-off mail.b.example", "loss mail.b.example 20%", "reply mail.b.example:25 RCPT 451".
std::string fault_text(const std::string& action, const std::string& target, const std::string& value);

sim::InputEvent fault_event(protocols::Instant at, const std::string& action, const std::string& target,
                            const std::string& value);

// One line of a host's fault menu: what it says and the input event a click appends.
struct FaultMenuItem {
  std::string label;
  sim::InputEvent event;
};
// The fault menu of `host` at playback time `at`: service faults name the host's port
// (mail 25, DNS 53, echo 7); loss and latency take the values of the menu's sliders.
std::vector<FaultMenuItem> fault_menu(const sim::TopologyHost& host, protocols::Instant at, float loss_percent,
                                      int latency_ms, Lang lang);

}  // namespace visual
