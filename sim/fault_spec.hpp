// The fault vocabulary shared by the command line (--fault), scenario files and the front end:
// "TIME ACTION TARGET [VALUE]", e.g. "10m power-off mail.b.example", "0s loss a-b 20%",
// "0s reply mail.b.example RCPT 451". docs/faults.md is the reference.
// Parsing checks the shape of each word only; whether a target names a real host, port or
// link is decided against the world (or by the scenario loader, which knows the hosts).
// Also here: the small value and name parsers the loader shares (loss, bandwidth, compact
// durations, IPv4, host names, addresses) and the did-you-mean helper used for every "unknown name" message.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario.hpp"

namespace sim {

// Parses one fault. On failure returns nullopt and, if error is given, a message such as
// "unknown action 'powr-off' (did you mean 'power-off'?)". FaultSpec::pos is left empty.
std::optional<FaultSpec> parse_fault(std::string_view text, std::string* error);

// The canonical text of a fault; parse_fault(format_fault(f)) gives f back.
std::string format_fault(const FaultSpec& fault);

// Every action name, in the order the documentation lists them.
const std::vector<std::string_view>& fault_actions();

// The value of a "reply" fault: an SMTP phase and a 4xx/5xx code, or "off" (nullopt phase).
struct ReplyFaultValue {
  std::string phase;  // GREETING EHLO HELO MAIL RCPT DATA DOT; empty for "off"
  int code = 0;
};
std::optional<ReplyFaultValue> parse_reply_value(std::string_view value);

// "20%" or a fraction "0.2" -> probability in [0, 1].
std::optional<double> parse_loss(std::string_view text);
// "100Mbps", "1Gbps", "56kbps", "9600bps" -> bits per second. Decimal prefixes (k = 1000).
std::optional<std::uint64_t> parse_bandwidth(std::string_view text);
// One word, largest exact unit: 90s -> "90s", 1.5s -> "1500ms", 0 -> "0s".
std::string compact_duration(Duration d);

// Syntax of the names scenarios and faults use: a dotted quad without leading zeros; a host
// name of lower-case letters, digits, '-' and '.'; local@host-name.
bool is_ipv4(std::string_view s);
bool is_host_name(std::string_view s);
bool is_mail_address(std::string_view s);

// The candidate closest to word by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates);

}  // namespace sim
