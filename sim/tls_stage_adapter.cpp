// See tls_stage_adapter.hpp.
#include "sim/tls_stage_adapter.hpp"

#include "sim/host.hpp"
#include "sim/tls_context.hpp"

namespace sim {

void TlsStageAdapter::start(Host& host, ConnId conn, Instant now) {
  (void)conn;
  upgrade_pending_ = false;
  if (!config_) {  // a host that offered or asked for TLS without enabling it: a bug, shown as a failure
    failed_without_stage_ = true;
    return;
  }
  stage_ = std::make_unique<protocols::tls::Stage>(std::move(*config_), world_random(host.kernel()));
  config_.reset();
  stage_->start(now);
}

void TlsStageAdapter::handle_bytes(std::string_view bytes, Instant now) {
  if (stage_) stage_->handle_bytes(bytes, now);
}

void TlsStageAdapter::send(std::string_view bytes, Instant now) {
  if (stage_) stage_->send(bytes, now);
}

void TlsStageAdapter::close(Instant now) {
  if (stage_) stage_->close(now);
}

std::optional<protocols::Transmit> TlsStageAdapter::poll_transmit() {
  return stage_ ? stage_->poll_transmit() : std::nullopt;
}

std::optional<std::string> TlsStageAdapter::poll_plaintext() {
  return stage_ ? stage_->poll_plaintext() : std::nullopt;
}

TlsOutcome TlsStageAdapter::take_outcome(Host& host, ConnId conn) {
  namespace tls = protocols::tls;
  if (failed_without_stage_) {
    if (failure_reported_) return TlsOutcome::None;
    failure_reported_ = true;
    NoteRecord n = make_note(host.id(), NoteCode::TlsFailed, {}, "TLS not available");
    n.n[0] = conn;
    host.kernel().record(std::move(n));
    return TlsOutcome::Failed;
  }
  if (!stage_) return TlsOutcome::None;
  auto ev = stage_->poll_event();
  if (!ev) return TlsOutcome::None;
  if (auto* done = std::get_if<tls::HandshakeCompleted>(&*ev)) {
    NoteRecord n = make_note(host.id(), NoteCode::TlsEstablished, done->version, done->cipher, done->keylog);
    n.n[0] = conn;
    host.kernel().record(std::move(n));
    return TlsOutcome::Established;
  }
  if (auto* f = std::get_if<tls::Failed>(&*ev)) {
    NoteRecord n = make_note(host.id(), NoteCode::TlsFailed, {}, f->reason);
    n.n[0] = conn;
    host.kernel().record(std::move(n));
    return TlsOutcome::Failed;
  }
  return TlsOutcome::PeerClosed;
}

}  // namespace sim
