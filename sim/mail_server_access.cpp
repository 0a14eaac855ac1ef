// The mail server's reading services: POP3 on port 110 (RFC 1939) and IMAP on port 143
// (RFC 3501), both on the same mail store that local delivery writes. Every change a
// session makes (a DELE applied at QUIT, a flag, a move) becomes a mailbox record.
#include "sim/mail_server_host.hpp"
#include "sim/world.hpp"

namespace sim {

TcpCallbacks MailServerHost::accept_pop3(ConnId c) {
  NodeId peer = world_.network().node_of(tcp().remote_ip(c));
  protocols::pop3::ServerConfig cfg;
  cfg.hostname = name();
  bool admitted = admit(110);
  cfg.over_connection_limit = !admitted;
  cfg.max_commands = limits_.max_commands;
  auto s = std::make_unique<Pop3Session>(
      *this, peer,
      // The store changes a command makes are recorded after the state change that makes
      // them (RFC 1939 §6: QUIT enters UPDATE, then the marked messages go), not between the
      // command and its state change.
      [this](Pop3Session&, protocols::pop3::ServerEvent& e) {
        if (!std::holds_alternative<protocols::CommandReceived>(e)) sync_store();
      },
      [this, admitted](Pop3Session& ss, CloseReason) {
        if (admitted) release(110);
        ConnId gone = ss.conn();
        after(Duration::zero(), [this, gone] { pop3_.erase(gone); });
      },
      std::in_place, *store_, cfg);
  s->bind(c);
  s->set_drop_after(drop_after_[0]);
  track_session(110, c);
  TcpCallbacks cb = s->callbacks();
  pop3_[c] = std::move(s);
  return cb;
}

TcpCallbacks MailServerHost::accept_imap(ConnId c) {
  NodeId peer = world_.network().node_of(tcp().remote_ip(c));
  protocols::imap::ServerConfig cfg;
  cfg.hostname = name();
  cfg.epoch_unix = world_.spec().start_unix;  // INTERNALDATE in the scenario's calendar
  bool admitted = admit(143);
  cfg.over_connection_limit = !admitted;
  cfg.max_commands = limits_.max_commands;
  auto s = std::make_unique<ImapSession>(
      *this, peer, [this](ImapSession&, protocols::imap::ServerEvent&) { sync_store(); },
      [this, admitted](ImapSession& ss, CloseReason) {
        if (admitted) release(143);
        ConnId gone = ss.conn();
        after(Duration::zero(), [this, gone] { imap_.erase(gone); });
      },
      std::in_place, *store_, cfg);
  s->bind(c);
  s->set_drop_after(drop_after_[1]);
  track_session(143, c);
  TcpCallbacks cb = s->callbacks();
  imap_[c] = std::move(s);
  return cb;
}

}  // namespace sim
