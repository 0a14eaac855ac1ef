// POP3 states, timers and multi-line framing shared by the server and client engines.
// RFC 1939 §3 (states, multi-line responses and byte-stuffing, autologout), RFC 2449 §4
// (line lengths). Leaves out: RFC 1734 AUTH and RFC 2595 STLS (no SASL, no TLS here).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace protocols::pop3 {

// RFC 1939 §3: a session moves AUTHORIZATION -> TRANSACTION -> UPDATE. A session that ends
// without QUIT (the autologout timer, or the client went away) does not enter UPDATE (§3,
// §6): the server records that end as CLOSED, so the trace shows the idle logout.
enum class State : std::uint8_t { Authorization, Transaction, Update, Closed };
std::string_view to_string(State s);

// RFC 1939 §3: the autologout timer, at least 10 minutes.
enum class Timer : std::uint8_t { Autologout };
std::string_view to_string(Timer t);

constexpr std::size_t kMaxCommandLine = 255;    // RFC 2449 §4: commands, including CR LF
constexpr std::size_t kMaxResponseLine = 512;   // RFC 2449 §4: the first line of a response

// RFC 1939 §3: a multi-line body with every line that begins with "." given one more ".",
// each line ending CR LF (bare LF in the message is written as CR LF), then ".\r\n".
std::string byte_stuff(std::string_view text);
// The inverse for a received body (without the terminating ".\r\n" line): lines in order.
std::string unstuff_lines(const std::vector<std::string>& lines);
// Splits text into lines, dropping CR LF or bare LF terminators.
std::vector<std::string> split_lines(std::string_view text);

}  // namespace protocols::pop3
