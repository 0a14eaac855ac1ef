// The one generic host adapter (STYLE.md): it pumps any sans-IO protocol engine over a
// virtual TCP connection. Bytes that arrive go to handle_bytes; what poll_transmit hands
// back is written with its label; the engine's timer becomes a host timer; the common
// session events become trace records (command, reply, state); the rest go to the host.
// The strings of those three move into their records: the host's handler still sees the
// event, with them emptied (no host reads them; the trace is their reader).
// Back-pressure: an engine that can produce a long answer in parts (has_more and
// handle_writable, e.g. IMAP's FETCH) is asked for the next part only while fewer than
// kPullChunk bytes wait in the connection; otherwise when the connection has drained below
// that (TcpCallbacks::on_drained). Its output goes out as fast as the peer reads, no faster.
// TLS (DESIGN.md "TLS is a stage"): when the engine agrees to an upgrade (TlsUpgradeAgreed)
// and the host gave enable_tls() a configuration, a TLS stage goes under the engine once the
// agreeing reply has left in clear: TCP then carries its records, the engine its plaintext,
// and the commands and replies inside are recorded with tls set.
#pragma once
#include <algorithm>
#include <functional>
#include <string>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "protocols/message/ascii.hpp"
#include "protocols/session_events.hpp"
#include "sim/host.hpp"
#if MAILSIM_HAVE_TLS
#include "sim/tls_stage_adapter.hpp"
#endif

namespace sim {

inline constexpr std::size_t kPullChunk = 256 * 1024;

template <class Engine>
class EngineSession {
 public:
  using Event = typename decltype(std::declval<Engine&>().poll_event())::value_type;
  using EventFn = std::function<void(EngineSession&, Event&)>;
  using EndFn = std::function<void(EngineSession&, CloseReason)>;

  EngineSession(Host& host, NodeId peer, Engine engine, EventFn on_event, EndFn on_end)
      : host_(host), peer_(peer), engine_(std::move(engine)), on_event_(std::move(on_event)),
        on_end_(std::move(on_end)) {}
  // For engines that cannot move (they hold a reference to a store): built in place.
  template <class... Args>
  EngineSession(Host& host, NodeId peer, EventFn on_event, EndFn on_end, std::in_place_t, Args&&... args)
      : host_(host), peer_(peer), engine_(std::forward<Args>(args)...), on_event_(std::move(on_event)),
        on_end_(std::move(on_end)) {}
  EngineSession(const EngineSession&) = delete;
  EngineSession& operator=(const EngineSession&) = delete;

  Engine& engine() { return engine_; }
  ConnId conn() const { return conn_; }
  NodeId peer() const { return peer_; }
  Host& host() { return host_; }
  bool open() const { return conn_ != 0 && !ended_; }
#if MAILSIM_HAVE_TLS
  // Lets the engine's upgrade (STARTTLS) go ahead with this side's stage configuration.
  void enable_tls(protocols::tls::StageConfig config) { tls_.enable(std::move(config)); }
  bool tls_established() const { return tls_.established(); }
#endif

  // TCP callbacks bound to this session; the owner keeps the session alive until on_end.
  TcpCallbacks callbacks() {
    TcpCallbacks cb;
    cb.on_connected = [this] {
      engine_.handle_connected(host_.kernel().now());
      pump();
    };
    cb.on_data = [this](std::string_view bytes) {
      if (drop_now_) return;  // dropped: the server reads nothing more (no QUIT, no UPDATE)
#if MAILSIM_HAVE_TLS
      if (tls_.active()) {
        tls_.handle_bytes(bytes, host_.kernel().now());
        pump();
        return;
      }
#endif
      engine_.handle_bytes(bytes, host_.kernel().now());
      pump();
    };
    cb.on_peer_fin = [this] {
      engine_.handle_eof(host_.kernel().now());
      pump();
      close_if_done(true);
    };
    cb.on_closed = [this](CloseReason r) { end(r); };
    cb.on_drained = [this] { pump(); };
    return cb;
  }
  void bind(ConnId c) { conn_ = c; }
  // The drop-after fault (docs/faults.md): once the reply to a command with this verb has
  // been sent, the server closes the connection and reads nothing more, as a server that
  // goes away mid-session would; empty: never. Compared ignoring case.
  void set_drop_after(std::string verb) { drop_after_ = std::move(verb); }

  // Runs the engine's outputs until it has nothing more to say. Safe to call from inside
  // an event handler (the outer call picks up the rest).
  void pump() {
    if (pumping_) {
      again_ = true;
      return;
    }
    pumping_ = true;
    do {
      again_ = false;
      // Events first: a command is recorded as parsed before the reply to it leaves.
      while (auto ev = engine_.poll_event()) {
        record(*ev);
        if (on_event_) on_event_(*this, *ev);
      }
      while (auto tx = engine_.poll_transmit()) {
#if MAILSIM_HAVE_TLS
        if (tls_.active()) tls_.send(tx->bytes, host_.kernel().now());
        else
#endif
        if (open()) host_.tcp().send(conn_, tx->bytes, tx->label);
        again_ = true;
      }
#if MAILSIM_HAVE_TLS
      // The agreeing reply (or the reply that agreed) has gone in clear: TLS starts here.
      if (tls_.upgrade_pending()) tls_.start(host_, conn_, host_.kernel().now());
      if (tls_.active()) again_ |= drain_tls();
#endif
      if (!again_) pull_more();
    } while (again_);
    pumping_ = false;
    rearm();
    if (drop_now_ && open() && !closing_) {
      closing_ = true;
      host_.tcp().close(conn_);
    }
    close_if_done(false);
  }

 private:
  void record(Event& ev) {
    Kernel& k = host_.kernel();
    std::visit([&](auto& e) {
      using T = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<T, protocols::CommandReceived>) {
        drop_now_ = drop_now_ || (!drop_after_.empty() && protocols::message::iequals(e.verb, drop_after_));
        k.record(CommandRecord{e.proto, peer_, host_.id(), conn_, std::move(e.verb), std::move(e.line), std::move(e.tag),
                               in_tls()});
      } else if constexpr (std::is_same_v<T, protocols::ReplySent>) {
        k.record(ReplyRecord{e.proto, host_.id(), peer_, conn_, e.code, std::move(e.enhanced), std::move(e.status),
                             std::move(e.tag), std::move(e.lines), in_tls()});
      } else if constexpr (std::is_same_v<T, protocols::StateChanged>) {
        k.record(StateRecord{e.proto, host_.id(), conn_, std::move(e.from), std::move(e.to)});
      } else if constexpr (std::is_same_v<T, protocols::TlsUpgradeAgreed>) {
#if MAILSIM_HAVE_TLS
        tls_.agree();
#endif
      }
    }, ev);
  }

  // The engine's next part, if it has one and the connection has room for it.
  void pull_more() {
    if constexpr (requires(Engine& e) { e.has_more(); e.handle_writable(Instant{}); }) {
      if (!open() || !engine_.has_more()) return;
      if (host_.tcp().unacked_bytes(conn_) < kPullChunk) {
        engine_.handle_writable(host_.kernel().now());
        again_ = true;
      } else {
        host_.tcp().notify_drained(conn_, kPullChunk);
      }
    }
  }

  bool in_tls() const {
#if MAILSIM_HAVE_TLS
    return tls_.established();
#else
    return false;
#endif
  }

#if MAILSIM_HAVE_TLS
  // Sends the stage's records, hands its plaintext to the engine and its outcome to the
  // engine and the trace; true when the engine was given something.
  bool drain_tls() {
    const Instant now = host_.kernel().now();
    bool fed = false;
    while (auto tx = tls_.poll_transmit())
      if (open()) host_.tcp().send(conn_, tx->bytes, tx->label);
    while (auto bytes = tls_.poll_plaintext()) {
      engine_.handle_bytes(*bytes, now);
      fed = true;
    }
    switch (tls_.take_outcome(host_, conn_)) {
      case TlsOutcome::None: break;
      case TlsOutcome::Established:
        if constexpr (requires { engine_.handle_tls_established(now); }) engine_.handle_tls_established(now);
        fed = true;
        break;
      case TlsOutcome::Failed:
        if constexpr (requires { engine_.handle_tls_failed(now); }) engine_.handle_tls_failed(now);
        else engine_.handle_eof(now);
        fed = true;
        break;
      case TlsOutcome::PeerClosed:
        engine_.handle_eof(now);
        fed = true;
        break;
    }
    return fed;
  }
#endif

  void rearm() {
    std::optional<Instant> t = engine_.poll_timeout();
    if (t == armed_at_) return;
    host_.kernel().sched.cancel(timer_);
    armed_at_ = t;
    if (!t || ended_) return;
    Instant when = std::max(*t, host_.kernel().now());
    timer_ = host_.at(when, [this] {
      armed_at_.reset();
      engine_.handle_timeout(host_.kernel().now());
      pump();
    });
  }

  void close_if_done(bool peer_gone) {
    if (!open() || closing_) return;
    if (engine_.wants_close() || peer_gone || tls_failed()) {
      closing_ = true;
#if MAILSIM_HAVE_TLS
      // RFC 5246 §7.2.1: say close_notify before the FIN.
      if (!peer_gone && tls_.established()) {
        tls_.close(host_.kernel().now());
        while (auto tx = tls_.poll_transmit()) host_.tcp().send(conn_, tx->bytes, tx->label);
      }
#endif
      host_.tcp().close(conn_);
    }
  }

  bool tls_failed() const {
#if MAILSIM_HAVE_TLS
    return tls_.failed();
#else
    return false;
#endif
  }

  void end(CloseReason r) {
    if (ended_) return;
    ended_ = true;
    host_.kernel().sched.cancel(timer_);
    if (r != CloseReason::Normal) engine_.handle_eof(host_.kernel().now());
    // Drain what the engine says about the loss (events only; nothing can be sent now).
    while (auto ev = engine_.poll_event()) {
      record(*ev);
      if (on_event_) on_event_(*this, *ev);
    }
    if (on_end_) on_end_(*this, r);  // may destroy this session: nothing after it
  }

  Host& host_;
  NodeId peer_;
  ConnId conn_ = 0;
  Engine engine_;
  EventFn on_event_;
  EndFn on_end_;
  EventId timer_;
  std::optional<Instant> armed_at_;
  bool pumping_ = false, again_ = false, closing_ = false, ended_ = false;
  std::string drop_after_;
  bool drop_now_ = false;
#if MAILSIM_HAVE_TLS
  TlsStageAdapter tls_;
#endif
};

}  // namespace sim
