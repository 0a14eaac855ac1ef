// A mail server host (DESIGN.md "Mail delivery model"): SMTP on port 25 for mail from other
// servers (local domains only: never an open relay) and submission on 587 (AUTH required,
// then relaying is allowed); an outbound queue on the host's disk with a status per
// recipient; a queue manager that resolves MX records, speaks SMTP to the next hop and
// follows the server's retry policy; local delivery into the mail store; delay and failure
// notifications (RFC 3464) from MAILER-DAEMON with the null sender, never bounced again.
// A message is written to disk before the 250 after DATA, so a crash cannot lose it.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "protocols/imap/imap_server.hpp"
#include "protocols/pop3/pop3_server.hpp"
#include "protocols/smtp/client.hpp"
#include "protocols/smtp/server.hpp"
#include "protocols/store/store.hpp"
#include "sim/engine_session.hpp"
#include "sim/mail_queue.hpp"
#include "sim/mx_lookup.hpp"
#include "sim/retry_policy.hpp"

namespace sim {

class MailServerHost : public Host {
 public:
  MailServerHost(World& w, NodeId id, const HostSpec& spec);
  ~MailServerHost() override;

  void boot() override;
  void crash() override;
  bool apply_fault(const std::string& action, const std::string& value, std::uint16_t port) override;

  // What panels and tests may read (the trace stays the record of what happened).
  const RetryPolicy& retry_policy() const { return policy_; }
  std::vector<QueuedMessage> queue_snapshot() const;
  const protocols::store::Store& store() const { return *store_; }
  protocols::store::Store& store() { return *store_; }
  bool is_local_domain(const std::string& domain) const;
  const MailServerSpec& config() const { return spec_; }

  // Records the store's changes since the last call as mailbox records and tells idling
  // IMAP sessions: called after every local delivery and every POP3/IMAP exchange.
  void sync_store();

 private:
  // Limits of a server on real ports, set by the max-sessions and max-commands faults
  // (mailsim serve sets them): simultaneous sessions per service port and commands per
  // session; 0 means none, as in a simulated world by default. A session over the cap is
  // still accepted, greeted with the protocol's refusal and closed.
  struct SessionLimits {
    std::size_t max_sessions = 0;
    std::size_t max_commands = 0;
  };
  using InSession = EngineSession<protocols::smtp::Server>;
  using OutSession = EngineSession<protocols::smtp::Client>;
  using Pop3Session = EngineSession<protocols::pop3::Server>;
  using ImapSession = EngineSession<protocols::imap::Server>;
  struct Attempt;

  // Inbound (mail_server_inbound.cpp)
  TcpCallbacks accept_smtp(ConnId c, std::uint16_t port);
  void on_inbound_event(InSession& s, protocols::smtp::ServerEvent& e);
  protocols::smtp::ServerConfig server_config(std::uint16_t port) const;
  std::string received_header(const protocols::smtp::MessageReceived& m, const std::string& id, NodeId peer) const;

  // Reading services (mail_server_access.cpp)
  TcpCallbacks accept_pop3(ConnId c);
  TcpCallbacks accept_imap(ConnId c);

  // Queue (mail_server_queue.cpp)
  void enqueue(QueuedMessage m);
  void wake_at(Instant t);
  void queue_run();
  void attempt_message(const std::string& id);
  void deliver_local(QueuedMessage& m, QueueRecipient& r);
  void defer(QueuedMessage& m, QueueRecipient& r, const std::string& reason, const std::string& enhanced);
  void fail(QueuedMessage& m, QueueRecipient& r, const std::string& reason, const std::string& enhanced);
  void settle(QueuedMessage& m);
  void save(const QueuedMessage& m);

  // Remote delivery (mail_server_delivery.cpp)
  void deliver_remote(const std::string& id, const std::string& domain);
  void try_target(std::shared_ptr<Attempt> a);
  void on_outbound_event(std::shared_ptr<Attempt> a, protocols::smtp::ClientEvent& e);
  void finish_attempt(std::shared_ptr<Attempt> a, const std::string& connect_error);

  // Notifications (mail_server_dsn.cpp)
  void notify(const QueuedMessage& m, const std::vector<const QueueRecipient*>& rcpts, bool delayed);
  void deliver_to_postmaster(const QueuedMessage& m);

  std::string time_text(Instant t) const;
  void load_initial_mailboxes();  // first boot: the scenario's Maildir / .eml mailboxes
  bool admit(std::uint16_t port);    // counts a session on port; false over the cap
  void release(std::uint16_t port);  // an admitted session on port ended
  void trace_queue(const QueuedMessage& m, const std::string& rcpt, QueueAction action, QueueReason why,
                   std::string arg = {}, std::string text = {}, std::optional<Instant> next = std::nullopt,
                   Duration waited = {});

  MailServerSpec spec_;
  RetryPolicy policy_;
  MailQueue queue_;
  std::unique_ptr<protocols::store::Store> store_;
  std::uint64_t store_seq_ = 0;
  Instant boot_time_{};
  std::optional<Instant> wake_;
  EventId wake_event_;
  std::map<std::string, QueuedMessage> active_;  // loaded from disk at boot
  std::set<std::pair<std::string, std::string>> in_flight_;  // (message id, domain)
  std::map<ConnId, std::unique_ptr<InSession>> inbound_;
  std::map<ConnId, std::uint16_t> inbound_port_;
  protocols::smtp::Greylist greylist_;  // the server's triplet memory outlives sessions
  std::map<ConnId, std::unique_ptr<OutSession>> outbound_;
  std::map<ConnId, std::unique_ptr<Pop3Session>> pop3_;
  std::map<ConnId, std::unique_ptr<ImapSession>> imap_;
  // Fault settings: they live in the server's configuration, not on its disk.
  protocols::smtp::FaultConfig faults_[2];  // [0] port 25, [1] port 587
  std::string drop_after_[2];               // the drop-after fault's verb: [0] POP3, [1] IMAP
  bool disk_full_ = false;
  SessionLimits limits_;
  std::map<std::uint16_t, std::size_t> admitted_;  // open sessions per service port
};

}  // namespace sim
