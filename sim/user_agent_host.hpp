// A user agent host (the mail client: compose, submit, read with POP3 or IMAP).
// It composes each scheduled message as a real MIME message (Chinese subjects and bodies,
// attachments) and submits it to its mail server on port 587 with AUTH, the way a modern
// client does. A message stays in the outbox until a server has answered 250 to it: on a
// connection failure or a 4xx it is tried again after kOutboxRetry; a 5xx fails it.
// An IMAP device also runs the scenario's actions (create a folder, move or copy a message,
// set or clear a flag) at their times, and records what it sees other devices change.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocols/imap/imap_client.hpp"
#include "protocols/pop3/pop3_client.hpp"
#include "protocols/smtp/client.hpp"
#include "sim/engine_session.hpp"
#include "sim/scenario.hpp"

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
  void on_imap_response(const protocols::imap::Response& r);
  void imap_sync_round();
  // Scripted IMAP actions (imap_actions.cpp): queued at their time, issued at the session's
  // next wait point (or at once if it idles), then the session waits again.
  void imap_action(const ImapActionSpec& a);
  void imap_run_actions();
  std::string imap_issue(const ImapActionSpec& a);
  void imap_ensure_selected(const std::string& folder);
  void imap_folders_listed();
  std::string user() const { return spec_.address.substr(0, spec_.address.find('@')); }
  void queue_next_send();  // queues the next scheduled send (boot)
  void schedule_checks();
  void reading_tick();  // checks mail now and schedules the next check

  UserAgentSpec spec_;
  std::vector<std::size_t> send_order_;  // indices into spec_.sends still to run, by time
  std::size_t next_send_ = 0;           // the next of send_order_ to queue
  std::uint64_t send_places_ = 0;       // send i runs in place send_places_ + i (reserve_order)
  std::unique_ptr<Pop3Session> pop3_;
  // A POP3 check that broke off with the connection: noted once the close says how.
  std::optional<protocols::pop3::JobFinished> pop3_cut_;
  void note_pop3_check(const protocols::pop3::JobFinished& f, Pop3End end);
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
  std::deque<ImapActionSpec> imap_todo_;   // actions due, not yet sent
  std::string imap_action_tag_;            // the last command of the batch in flight
  std::string imap_selected_;              // the folder this session has selected
  std::string imap_folders_tag_;           // LIST in flight
  std::vector<std::string> imap_listing_;  // what that LIST has answered so far
  std::optional<std::vector<std::string>> imap_folders_;  // the folders last listed
  std::unique_ptr<Session> session_;
  std::string sending_;  // disk key of the message in flight
  int composed_ = 0;
  EventId retry_;
};

}  // namespace sim
