// The SMTP timers of RFC 5321 §4.5.3.2, as closed enums with their default durations, and a
// small table that keeps the armed deadlines; poll_timeout() returns the earliest.
// Leaves out: nothing of the RFC's list; the client's data block timer (§4.5.3.2.5) is in the
// table but not armed, because the engine hands the whole body over in one Transmit and the
// host's TCP retransmission timer covers a stalled send.
#pragma once
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

#include "protocols/time.hpp"
#include "protocols/timer_table.hpp"

namespace protocols::smtp {

using protocols::TimerRow;
using protocols::TimerTable;

using namespace std::chrono_literals;

enum class ServerTimer : std::uint8_t {
  NextCommand,  // RFC 5321 §4.5.3.2.7: at least 5 minutes awaiting the next command
  DataInput,    // the same server timeout while awaiting the next line of message data
  kCount,
};

enum class ClientTimer : std::uint8_t {
  Greeting,         // §4.5.3.2.1 initial 220 message: 5 minutes
  Command,          // EHLO/HELO/AUTH/RSET/QUIT: no RFC value; MailSim uses 5 minutes
  Mail,             // §4.5.3.2.2 MAIL command: 5 minutes
  Rcpt,             // §4.5.3.2.3 RCPT command: 5 minutes
  DataInitiation,   // §4.5.3.2.4 DATA initiation (awaiting 354): 2 minutes
  DataBlock,        // §4.5.3.2.5 data block (each TCP send): 3 minutes (not armed, see above)
  DataTermination,  // §4.5.3.2.6 DATA termination (awaiting 250 after "."): 10 minutes
  kCount,
};

inline constexpr std::array<TimerRow<ServerTimer>, 2> kServerTimers{{
    {ServerTimer::NextCommand, "next command", "RFC 5321 §4.5.3.2.7", 5min},
    {ServerTimer::DataInput, "data input", "RFC 5321 §4.5.3.2.7", 5min},
}};

inline constexpr std::array<TimerRow<ClientTimer>, 7> kClientTimers{{
    {ClientTimer::Greeting, "initial 220 message", "RFC 5321 §4.5.3.2.1", 5min},
    {ClientTimer::Command, "other command", "RFC 5321 §4.5.3.2 (no value; MailSim)", 5min},
    {ClientTimer::Mail, "MAIL command", "RFC 5321 §4.5.3.2.2", 5min},
    {ClientTimer::Rcpt, "RCPT command", "RFC 5321 §4.5.3.2.3", 5min},
    {ClientTimer::DataInitiation, "DATA initiation", "RFC 5321 §4.5.3.2.4", 2min},
    {ClientTimer::DataBlock, "data block", "RFC 5321 §4.5.3.2.5", 3min},
    {ClientTimer::DataTermination, "DATA termination", "RFC 5321 §4.5.3.2.6", 10min},
}};

template <typename E>
constexpr std::string_view to_string(E t) {
  if constexpr (std::is_same_v<E, ServerTimer>) return kServerTimers[static_cast<std::size_t>(t)].name;
  else return kClientTimers[static_cast<std::size_t>(t)].name;
}


}  // namespace protocols::smtp
