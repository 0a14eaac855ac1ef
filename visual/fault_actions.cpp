// Fault menu entries per host kind, and the input-log entry a click produces.
#include "visual/fault_actions.hpp"

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

}  // namespace visual
