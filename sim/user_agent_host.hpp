// A user agent host (the mail client: compose, submit; reading comes with POP3/IMAP).
// It composes each scheduled message as a real MIME message (Chinese subjects and bodies,
// attachments) and submits it to its mail server on port 587 with AUTH, the way a modern
// client does. A message stays in the outbox until a server has answered 250 to it: on a
// connection failure or a 4xx it is tried again after kOutboxRetry; a 5xx fails it.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "protocols/imap/imap_client.hpp"
#include "protocols/pop3/pop3_client.hpp"
#include "protocols/smtp/client.hpp"
#include "sim/engine_session.hpp"

namespace sim {

constexpr Duration kOutboxRetry = std::chrono::minutes(5);

class UserAgentHost : public Host {
 public:
  UserAgentHost(World& w, NodeId id, const HostSpec& spec);
  ~UserAgentHost() override;
  void boot() override;
  void crash() override;

  // Composes and queues a message now (lessons and the front end use this too).
  void compose_and_send(const SendSpec& s);
  std::size_t outbox_size() const;
  // Messages this device has downloaded (its local copy), in download order.
  std::vector<std::string> local_messages();
  // Checks the mailbox now with the configured reading protocol.
  void check_mail();

 private:
  using Session = EngineSession<protocols::smtp::Client>;
  using Pop3Session = EngineSession<protocols::pop3::Client>;
  using ImapSession = EngineSession<protocols::imap::Client>;
  struct Outgoing {
    std::string key;  // disk key
    std::vector<std::string> rcpts;
    std::string data;
    int tries = 0;
  };
  std::string compose(const SendSpec& s, int n);
  void submit_next();
  void on_end(const std::string& key, bool accepted, bool permanent, const std::string& why);

  void check_pop3();
  void check_imap();
  void on_imap_event(protocols::imap::ClientEvent& e);
  void imap_sync_round();
  void schedule_checks();
  void reading_tick();  // checks mail now and schedules the next check

  UserAgentSpec spec_;
  std::unique_ptr<Pop3Session> pop3_;
  std::unique_ptr<ImapSession> imap_;
  struct ImapSeen {
    std::uint32_t uid = 0;
    bool seen = false;
  };
  std::vector<ImapSeen> imap_list_;  // the last FETCH of the mailbox: headers first
  std::string imap_list_tag_;
  bool imap_idling_ = false;
  std::uint32_t imap_exists_ = 0;  // from the server's EXISTS responses
  int imap_idle_round_ = 0;
  void imap_wait();
  std::unique_ptr<Session> session_;
  std::string sending_;  // disk key of the message in flight
  int composed_ = 0;
  EventId retry_;
};

}  // namespace sim
