// The TLS part of the generic host adapter (engine_session.hpp): holds this side's stage
// configuration, starts the stage when the engine's upgrade is agreed, and turns the
// stage's outcome into trace notes (tls-established with the key log line, tls-failed).
// Only in builds with TLS (MAILSIM_HAVE_TLS).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "protocols/tls/stage.hpp"
#include "sim/trace.hpp"

namespace sim {

class Host;

enum class TlsOutcome : std::uint8_t { None, Established, Failed, PeerClosed };

class TlsStageAdapter {
 public:
  void enable(protocols::tls::StageConfig config) { config_ = std::move(config); }
  // The engine agreed to start TLS: the stage starts after the agreeing reply has been sent.
  void agree() { upgrade_pending_ = true; }
  bool upgrade_pending() const { return upgrade_pending_; }
  void start(Host& host, ConnId conn, Instant now);

  bool active() const { return stage_ != nullptr || failed_without_stage_; }
  bool established() const { return stage_ && stage_->established(); }
  bool failed() const { return failed_without_stage_ || (stage_ && stage_->failed()); }

  void handle_bytes(std::string_view bytes, Instant now);
  void send(std::string_view bytes, Instant now);
  void close(Instant now);
  std::optional<protocols::Transmit> poll_transmit();
  std::optional<std::string> poll_plaintext();
  // What the stage reported since the last call (at most one outcome is acted on per call);
  // recorded as a note of `host` about connection `conn`.
  TlsOutcome take_outcome(Host& host, ConnId conn);

 private:
  std::optional<protocols::tls::StageConfig> config_;
  std::unique_ptr<protocols::tls::Stage> stage_;
  bool upgrade_pending_ = false;
  bool failed_without_stage_ = false;  // agreed, but this side has no TLS configuration
  bool failure_reported_ = false;
};

}  // namespace sim
