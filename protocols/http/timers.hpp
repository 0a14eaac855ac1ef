// The HTTP/1.1 connection timers, as closed enums with default durations in a small table
// (RFC 9112 §9.5 "Failures and Timeouts": servers close idle persistent connections after
// a timeout of their choosing; RFC 9110 §15.5.9 408 Request Timeout for a request that did
// not arrive in time). HTTP names no values; the defaults are those common servers ship
// (nginx keepalive_timeout 75 s and client_header_timeout 60 s; Apache KeepAliveTimeout 5 s).
// Leaves out: a timer for sending (the host's TCP retransmission covers a stalled send).
#pragma once
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "protocols/time.hpp"
#include "protocols/timer_table.hpp"

namespace protocols::http {

using protocols::TimerRow;
using protocols::TimerTable;

using namespace std::chrono_literals;

enum class ServerTimer : std::uint8_t {
  KeepAliveIdle,   // no request begun on a persistent connection: close quietly (§9.5)
  RequestReceive,  // a request begun but not complete: answer 408 and close (RFC 9110 §15.5.9)
  kCount,
};

enum class ClientTimer : std::uint8_t {
  Response,  // a request sent and its response not complete: give up and close (§9.5)
  kCount,
};

inline constexpr std::array<TimerRow<ServerTimer>, 2> kServerTimers{{
    {ServerTimer::KeepAliveIdle, "keep-alive idle", "RFC 9112 §9.5", 60s},
    {ServerTimer::RequestReceive, "request receive", "RFC 9110 §15.5.9", 30s},
}};

inline constexpr std::array<TimerRow<ClientTimer>, 1> kClientTimers{{
    {ClientTimer::Response, "response", "RFC 9112 §9.5", 30s},
}};

constexpr std::string_view to_string(ServerTimer t) { return kServerTimers[static_cast<std::size_t>(t)].name; }
constexpr std::string_view to_string(ClientTimer t) { return kClientTimers[static_cast<std::size_t>(t)].name; }


}  // namespace protocols::http
