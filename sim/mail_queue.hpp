// A mail server's outbound queue: each message with a status per recipient, kept on the
// host's simulated disk (one file per message), so a crash never loses a message the server
// acknowledged. DESIGN.md "Mail delivery model".
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocols/time.hpp"

namespace sim {

using protocols::Duration;
using protocols::Instant;

enum class RcptStatus { Pending, Deferred, Delivered, Failed };
std::string_view to_string(RcptStatus s);

struct QueueRecipient {
  std::string address;
  RcptStatus status = RcptStatus::Pending;
  int attempts = 0;
  std::optional<Instant> next_attempt;  // Pending/Deferred: when it may be tried again
  std::optional<Instant> first_failure;
  Duration last_interval{};
  bool delay_warned = false;
  bool notified = false;     // the sender has been told of this recipient's failure
  std::optional<Instant> last_attempt;
  std::string last_error;   // "451 4.7.1 Try again later" or "connection refused"
  std::string remote_mta;   // the MX host last talked to
  std::string enhanced;     // RFC 3463 status for the DSN ("5.1.1", "4.4.1")
};

struct QueuedMessage {
  std::string id;
  std::string mail_from;  // empty: the null reverse path (a bounce)
  std::vector<QueueRecipient> rcpts;
  std::string data;       // the message as received, CR LF lines, no dot-stuffing
  Instant arrival{};
  std::string received_from;  // "alice-pc [192.0.2.10]", for DSNs and panels

  bool done() const;  // every recipient delivered or failed
};

std::string serialize(const QueuedMessage& m);
std::optional<QueuedMessage> deserialize(std::string_view text);

// The queue as a set of files on a disk (a map standing for the host's file system).
class MailQueue {
 public:
  explicit MailQueue(std::map<std::string, std::string>& disk) : disk_(disk) {}
  // Writes the message to disk; after this returns it survives a crash.
  void store(const QueuedMessage& m);
  void remove(const std::string& id);
  std::optional<QueuedMessage> load(const std::string& id) const;
  std::vector<std::string> ids() const;  // in id order
  std::string next_id(Instant now);      // unique per disk: a counter kept on the disk

 private:
  std::map<std::string, std::string>& disk_;
};

}  // namespace sim
