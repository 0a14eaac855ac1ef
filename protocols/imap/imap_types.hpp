// IMAP4rev1 session states (RFC 3501 §3), timers (§5.4 autologout) and the capability list
// this implementation announces (RFC 3501 §7.2.1; RFC 2177 IDLE, 4315 UIDPLUS, 6851 MOVE,
// 2342 NAMESPACE, 7888 LITERAL+, 2971 ID, 5161 ENABLE, 4959 SASL-IR, 4616 AUTH=PLAIN).
// Leaves out: STARTTLS (so no LOGINDISABLED), other SASL mechanisms, CONDSTORE.
#pragma once
#include <cstdint>
#include <string_view>

namespace protocols::imap {

// RFC 3501 §3: Not Authenticated, Authenticated, Selected, Logout.
enum class State : std::uint8_t { NotAuthenticated, Authenticated, Selected, Logout };
std::string_view to_string(State s);

// RFC 3501 §5.4: the autologout timer, at least 30 minutes (IDLE restarts it too).
enum class Timer : std::uint8_t { Autologout };

constexpr std::string_view kCapabilities = "IMAP4rev1 LITERAL+ IDLE UIDPLUS MOVE NAMESPACE ID ENABLE SASL-IR AUTH=PLAIN";

}  // namespace protocols::imap
