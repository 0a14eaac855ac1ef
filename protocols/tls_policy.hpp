// Whether a client upgrades its connection with STARTTLS (RFC 3207; STLS/STARTTLS of
// RFC 2595): not at all, when the server offers it (opportunistic: a STRIPTLS middlebox
// can talk it out of TLS, RFC 3207 §6), or always (required: never in clear, RFC 8314 §5).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace protocols {

enum class TlsPolicy : std::uint8_t { None, Opportunistic, Required };

constexpr std::string_view to_string(TlsPolicy p) {
  return p == TlsPolicy::None ? "none" : p == TlsPolicy::Opportunistic ? "opportunistic" : "required";
}

constexpr std::optional<TlsPolicy> tls_policy_of(std::string_view s) {
  if (s == "none") return TlsPolicy::None;
  if (s == "opportunistic") return TlsPolicy::Opportunistic;
  if (s == "required") return TlsPolicy::Required;
  return std::nullopt;
}

}  // namespace protocols
