// Fuzz target for the TLS stage (protocols/tls): a server stage fed arbitrary client bytes,
// and the record splitter fed the same bytes.
// Invariants: no crash or sanitizer report; no plaintext is ever delivered and the
// handshake never completes (no peer can finish it without the keys); once failed, the
// stage stays failed; the splitter hands back whole records that are a prefix of its input.
#include <memory>
#include <string>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/fuzz_util.hpp"

#if MAILSIM_HAVE_TLS
#include "protocols/tls/authority.hpp"
#include "protocols/tls/records.hpp"
#include "protocols/tls/stage.hpp"

namespace tls = protocols::tls;

int fuzz_tls_server(const std::uint8_t* data, std::size_t size) {
  static tls::Authority authority(1, 1767574800 - 86400, 1767574800 + 86400 * 825);
  static auto creds = authority.issue("mx.b.example");
  fuzz::Input in = fuzz::split(data, size);
  tls::StageConfig cfg;
  cfg.role = tls::Role::Server;
  cfg.credentials = creds;
  cfg.epoch_unix = 1767574800;
  std::uint64_t state = in.config;
  tls::Stage s(cfg, [&state](unsigned char* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<unsigned char>((state = state * 6364136223846793005ull + 1) >> 56);
  });
  protocols::Instant now = protocols::kEpoch;
  s.start(now);
  tls::RecordSplitter split;
  std::string fed, cut;
  bool failed = false;
  for (std::string_view chunk : in.chunks) {
    s.handle_bytes(chunk, now);
    if (in.config & 1) s.send("250 ok\r\n", now);  // held back: never sent before a handshake
    while (s.poll_transmit()) {}
    FUZZ_CHECK(!s.poll_plaintext());
    FUZZ_CHECK(!s.established());
    FUZZ_CHECK(!failed || s.failed());
    failed = s.failed();
    while (s.poll_event()) {}
    fed.append(chunk);
    split.append(chunk);
    while (auto r = split.next()) {
      FUZZ_CHECK(r->bytes.size() >= 5);
      FUZZ_CHECK(r->bytes.size() == 5 + (static_cast<std::size_t>(static_cast<unsigned char>(r->bytes[3])) << 8 |
                                         static_cast<unsigned char>(r->bytes[4])));
      FUZZ_CHECK(!r->name.empty());
      cut += r->bytes;
    }
    FUZZ_CHECK(fed.compare(0, cut.size(), cut) == 0);
  }
  return 0;
}
#else
// A build without TLS (no mbedTLS) has no TLS stage to fuzz.
int fuzz_tls_server(const std::uint8_t*, std::size_t) { return 0; }
#endif
