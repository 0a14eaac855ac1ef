// Every fuzz target, by name: X(name) expands once per target. The libFuzzer build makes
// one binary per name; the replay driver maps names to functions.
#pragma once
#include <cstddef>
#include <cstdint>

#define MAILSIM_FUZZ_TARGETS(X) \
  X(smtp_server)                \
  X(smtp_client)                \
  X(smtp_reply)                 \
  X(pop3_server)                \
  X(pop3_client)                \
  X(imap_server)                \
  X(imap_command)               \
  X(imap_response)              \
  X(http_head)                  \
  X(http_chunked)               \
  X(http_server)                \
  X(mime)                       \
  X(dsn)                        \
  X(dns_decode)                 \
  X(scenario)                   \
  X(input_log)                  \
  X(course)                     \
  X(tls_server)

#define MAILSIM_DECLARE_FUZZ(name) int fuzz_##name(const std::uint8_t* data, std::size_t size);
MAILSIM_FUZZ_TARGETS(MAILSIM_DECLARE_FUZZ)
#undef MAILSIM_DECLARE_FUZZ
