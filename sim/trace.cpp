// The append-only trace and its host table.
#include "sim/trace.hpp"

#include <cassert>

namespace sim {

std::string tcp_flags_string(std::uint8_t flags) {
  // Order as tcpdump and Wireshark users read them: SYN/FIN/RST first, then PSH, then ACK.
  std::string out;
  auto add = [&](std::uint8_t bit, const char* name) {
    if (!(flags & bit)) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add(kSyn, "SYN");
  add(kFin, "FIN");
  add(kRst, "RST");
  add(kPsh, "PSH");
  add(kAck, "ACK");
  return out;
}

std::string_view kind_of(const Record& r) {
  static constexpr std::string_view names[] = {"segment", "conn",  "dns",     "fault",   "command",
                                               "reply",   "state", "queue",   "mailbox", "note"};
  static_assert(std::variant_size_v<Record> == std::size(names));
  return names[r.index()];
}

HostId Trace::add_host(std::string name) {
  hosts_.push_back(std::move(name));
  return static_cast<HostId>(hosts_.size() - 1);
}

const std::string& Trace::host_name(HostId id) const {
  static const std::string none = "-";
  return id < hosts_.size() ? hosts_[id] : none;
}

}  // namespace sim
