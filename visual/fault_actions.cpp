// Fault menu entries per host kind, and the input-log entry a click produces.
#include "visual/fault_actions.hpp"

#include <cstdio>

namespace visual {

std::vector<FaultAction> faults_for_kind(const std::string& kind) {
  std::vector<FaultAction> out = {
      {Id::PowerOff, "power-off", "", false}, {Id::PowerOn, "power-on", "", false},
      {Id::LinkDown, "link-down", "", false}, {Id::LinkUp, "link-up", "", false},
      {Id::Loss, "loss", "20%", true},        {Id::Latency, "latency", "300ms", true},
  };
  if (kind == "mail-server" || kind == "dns-server" || kind == "echo-server") {  // hosts that listen
    out.push_back({Id::StopService, "stop-service", "", false});
    out.push_back({Id::StartService, "start-service", "", false});
  }
  if (kind == "mail-server") {
    // "reply PHASE CODE" (docs/faults.md): the server answers CODE at that point of the
    // SMTP dialogue (RFC 5321 §4.2, §4.3.2) instead of its normal reply.
    out.push_back({Id::Reply421, "reply", "GREETING 421", false});
    out.push_back({Id::Reply451, "reply", "MAIL 451", false});
    out.push_back({Id::Reply452, "reply", "RCPT 452", false});
    out.push_back({Id::Reply550, "reply", "RCPT 550", false});
    out.push_back({Id::Reply552, "reply", "DOT 552", false});
    out.push_back({Id::ReplyOff, "reply", "off", false});
    out.push_back({Id::Greylist, "greylist", "on", false});
    out.push_back({Id::Hang, "hang", "", false});
    out.push_back({Id::DiskFull, "disk-full", "", false});
    out.push_back({Id::DiskOk, "disk-ok", "", false});
  }
  return out;
}

std::string fault_text(const std::string& action, const std::string& target, const std::string& value) {
  return action + " " + target + (value.empty() ? "" : " " + value);
}

sim::InputEvent fault_event(protocols::Instant at, const std::string& action, const std::string& target,
                            const std::string& value) {
  sim::InputEvent e;
  e.at = at;
  e.kind = "fault";
  e.text = fault_text(action, target, value);
  return e;
}

namespace {
// The port a service fault on a host of this kind names.
const char* service_port(const std::string& kind) {
  if (kind == "mail-server") return ":25";
  if (kind == "dns-server") return ":53";
  if (kind == "echo-server") return ":7";
  return "";
}
}  // namespace

std::vector<FaultMenuItem> fault_menu(const sim::TopologyHost& host, protocols::Instant at, float loss_percent,
                                      int latency_ms, Lang lang) {
  std::vector<FaultMenuItem> out;
  for (const FaultAction& a : faults_for_kind(host.kind)) {
    std::string target = host.name;
    if (a.action == "stop-service" || a.action == "start-service") target += service_port(host.kind);
    std::string value = a.value;
    char buf[32];
    if (a.action == "loss") {
      std::snprintf(buf, sizeof buf, "%.0f%%", loss_percent);
      value = buf;
    } else if (a.action == "latency") {
      std::snprintf(buf, sizeof buf, "%dms", latency_ms);
      value = buf;
    }
    std::string label = std::string(tr(lang, a.label)) + (a.takes_value ? " " + value : "");
    out.push_back({std::move(label), fault_event(at, a.action, target, value)});
  }
  return out;
}

}  // namespace visual
