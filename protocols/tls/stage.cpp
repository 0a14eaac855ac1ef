// See stage.hpp. The mbedTLS contexts live in Impl, which never moves (the contexts hold
// pointers to each other and to Impl), so a Stage can move.
#include "protocols/tls/stage.hpp"

#include <mbedtls/error.h>
#include <mbedtls/ssl.h>

#include <algorithm>
#include <cassert>
#include <cstring>

#include "protocols/take_front.hpp"
#include "protocols/tls/credentials.hpp"
#include "protocols/tls/records.hpp"
#include "protocols/tls/sim_clock.hpp"

namespace protocols::tls {
namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += kDigits[p[i] >> 4];
    s += kDigits[p[i] & 15];
  }
  return s;
}

// The reason a student reads: a certificate problem by name, otherwise mbedTLS's own text.
std::string reason_of(int rc, std::uint32_t verify_flags) {
  if (rc == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
    if (verify_flags & MBEDTLS_X509_BADCERT_EXPIRED) return "certificate expired";
    if (verify_flags & MBEDTLS_X509_BADCERT_FUTURE) return "certificate not yet valid";
    if (verify_flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) return "certificate name mismatch";
    if (verify_flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) return "certificate not trusted";
    return "certificate verification failed";
  }
  if (rc == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) return "fatal alert from the peer";
  char buf[160];
  mbedtls_strerror(rc, buf, sizeof buf);
  return buf;
}

}  // namespace

struct Stage::Impl {
  enum class Phase : std::uint8_t { Idle, Handshake, Open, Closed, Failed };

  StageConfig config;
  RandomFn random;
  mbedtls_ssl_config conf;
  mbedtls_ssl_context ssl;
  Phase phase = Phase::Idle;
  Instant now{};
  std::string in;    // ciphertext mbedTLS has not read yet
  std::string held;  // plaintext sent before the handshake completed
  std::string keylog;
  RecordSplitter out_records;
  std::deque<Transmit> transmits;
  std::deque<std::string> plaintext;
  std::deque<Event> events;

  Impl(StageConfig c, RandomFn r) : config(std::move(c)), random(std::move(r)) {
    mbedtls_ssl_config_init(&conf);
    mbedtls_ssl_init(&ssl);
  }
  ~Impl() {
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
  }

  std::int64_t unix_now() const { return config.epoch_unix + ns_of(now) / 1'000'000'000; }

  static int rng(void* p, unsigned char* out, std::size_t n) {
    static_cast<Impl*>(p)->random(out, n);
    return 0;
  }
  static int bio_send(void* p, const unsigned char* buf, std::size_t len) {
    auto* self = static_cast<Impl*>(p);
    self->out_records.append(std::string_view(reinterpret_cast<const char*>(buf), len));
    while (auto r = self->out_records.next())
      self->transmits.push_back(Transmit{std::move(r->bytes), Label{Proto::TLS, LabelKind::Data, std::move(r->name)}});
    return static_cast<int>(len);
  }
  static int bio_recv(void* p, unsigned char* buf, std::size_t len) {
    auto* self = static_cast<Impl*>(p);
    if (self->in.empty()) return MBEDTLS_ERR_SSL_WANT_READ;
    const std::size_t n = std::min(len, self->in.size());
    std::memcpy(buf, self->in.data(), n);
    self->in.erase(0, n);
    return static_cast<int>(n);
  }
  static int export_keys(void* p, const unsigned char* ms, const unsigned char*, std::size_t, std::size_t, std::size_t,
                         const unsigned char client_random[32], const unsigned char*, mbedtls_tls_prf_types) {
    // NSS key log format: "CLIENT_RANDOM <client random> <master secret>" (TLS 1.2).
    static_cast<Impl*>(p)->keylog = "CLIENT_RANDOM " + hex(client_random, 32) + " " + hex(ms, 48);
    return 0;
  }

  void setup() {
    const bool server = config.role == Role::Server;
    int rc = mbedtls_ssl_config_defaults(&conf, server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                         MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    assert(rc == 0);
    mbedtls_ssl_conf_rng(&conf, &Impl::rng, this);
    // RFC 8996: TLS 1.0 and 1.1 are deprecated; 1.2 is the newest mbedTLS 2.28 speaks.
    mbedtls_ssl_conf_min_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_session_tickets(&conf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    mbedtls_ssl_conf_renegotiation(&conf, MBEDTLS_SSL_RENEGOTIATION_DISABLED);
    mbedtls_ssl_conf_export_keys_ext_cb(&conf, &Impl::export_keys, this);
    Credentials* creds = const_cast<Credentials*>(config.credentials.get());  // mbedTLS takes non-const, only reads
    assert(creds && "a TLS stage needs credentials");
    if (server) {
      assert(creds->has_key && "a TLS server needs a key");
      mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_NONE);  // no client certificates
      rc = mbedtls_ssl_conf_own_cert(&conf, &creds->chain, &creds->key);
      assert(rc == 0);
    } else {
      mbedtls_ssl_conf_authmode(&conf, config.verify ? MBEDTLS_SSL_VERIFY_REQUIRED : MBEDTLS_SSL_VERIFY_OPTIONAL);
      mbedtls_ssl_conf_ca_chain(&conf, &creds->chain, nullptr);
    }
    rc = mbedtls_ssl_setup(&ssl, &conf);
    assert(rc == 0);
    if (!server) mbedtls_ssl_set_hostname(&ssl, config.server_name.c_str());
    mbedtls_ssl_set_bio(&ssl, this, &Impl::bio_send, &Impl::bio_recv, nullptr);
    (void)rc;
  }

  void fail(int rc) {
    phase = Phase::Failed;
    events.emplace_back(Failed{reason_of(rc, mbedtls_ssl_get_verify_result(&ssl)), rc});
  }

  void write(std::string_view bytes) {
    while (!bytes.empty() && phase == Phase::Open) {
      const int n = mbedtls_ssl_write(&ssl, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
      if (n < 0) {
        fail(n);
        return;
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Runs the handshake and reads records until mbedTLS wants more input.
  void drive() {
    ClockScope clock(unix_now());
    if (phase == Phase::Handshake) {
      const int rc = mbedtls_ssl_handshake(&ssl);
      if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return;
      if (rc != 0) {
        fail(rc);
        return;
      }
      phase = Phase::Open;
      events.emplace_back(HandshakeCompleted{mbedtls_ssl_get_version(&ssl), mbedtls_ssl_get_ciphersuite(&ssl), keylog});
      std::string pending = std::move(held);
      held.clear();
      write(pending);
    }
    while (phase == Phase::Open) {
      unsigned char buf[4096];
      const int n = mbedtls_ssl_read(&ssl, buf, sizeof buf);
      if (n > 0) {
        plaintext.emplace_back(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
        continue;
      }
      if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE || n == 0) return;
      if (n == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        phase = Phase::Closed;
        events.emplace_back(PeerClosed{});
        return;
      }
      fail(n);
    }
  }
};

Stage::Stage(StageConfig config, RandomFn random) : impl_(std::make_unique<Impl>(std::move(config), std::move(random))) {
  impl_->setup();
}
Stage::~Stage() = default;
Stage::Stage(Stage&&) noexcept = default;
Stage& Stage::operator=(Stage&&) noexcept = default;

void Stage::start(Instant now) {
  assert(impl_->phase == Impl::Phase::Idle && "start called twice");
  impl_->now = now;
  impl_->phase = Impl::Phase::Handshake;
  impl_->drive();  // a client writes its ClientHello; a server finds no input and waits
}

void Stage::handle_bytes(std::string_view bytes, Instant now) {
  if (impl_->phase == Impl::Phase::Failed || impl_->phase == Impl::Phase::Idle) return;
  impl_->now = now;
  impl_->in.append(bytes);
  impl_->drive();
}

void Stage::send(std::string_view plaintext, Instant now) {
  impl_->now = now;
  if (impl_->phase == Impl::Phase::Idle || impl_->phase == Impl::Phase::Handshake) {
    impl_->held.append(plaintext);
    return;
  }
  ClockScope clock(impl_->unix_now());
  impl_->write(plaintext);
}

void Stage::close(Instant now) {
  if (impl_->phase != Impl::Phase::Open) return;
  impl_->now = now;
  ClockScope clock(impl_->unix_now());
  mbedtls_ssl_close_notify(&impl_->ssl);  // RFC 5246 §7.2.1
  impl_->phase = Impl::Phase::Closed;
}

std::optional<Transmit> Stage::poll_transmit() { return take_front(impl_->transmits); }
std::optional<std::string> Stage::poll_plaintext() { return take_front(impl_->plaintext); }
std::optional<Event> Stage::poll_event() { return take_front(impl_->events); }

bool Stage::established() const {
  return impl_->phase == Impl::Phase::Open || (impl_->phase == Impl::Phase::Closed && !impl_->keylog.empty());
}
bool Stage::failed() const { return impl_->phase == Impl::Phase::Failed; }

}  // namespace protocols::tls
