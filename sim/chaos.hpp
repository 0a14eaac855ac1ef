// Chaos run: many mail domains, users sending to each other across them, and a seeded
// schedule of faults (power, services, links, loss, disk, forced 4xx/5xx replies) from the
// vocabulary of docs/faults.md. Afterwards every message a server accepted is accounted for
// by its Message-ID, per recipient: delivered, bounced to its sender with a DSN (RFC 3464),
// or still queued with a next attempt. Anything else is lost, which the mail delivery model
// (DESIGN.md) forbids. Duplicates are counted apart: SMTP is at-least-once (RFC 1047: a
// connection lost after the final "." but before the 250 makes the sender try again).
// Leaves out: reading agents (mailboxes are inspected directly), user agents that crash.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "protocols/time.hpp"
#include "sim/scenario.hpp"

namespace sim {

using protocols::Instant;

struct ChaosOptions {
  std::uint64_t seed = 1;
  int servers = 8;                 // domains, one mail server each
  int users_per_domain = 3;        // mailboxes per domain; the first two also send
  int messages = 200;              // composed over the sending window
  int faults = 40;                 // fault windows (each a break and its repair)
  Duration send_window = std::chrono::hours(6);
  Duration fault_window = std::chrono::hours(12);
  Duration queue_lifetime = std::chrono::hours(24);
  Duration run_limit = std::chrono::hours(24 * 3);
};

struct ChaosReport {
  int composed = 0;
  int accepted = 0;             // 250 after DATA at the submission server
  int rejected_at_submission = 0;  // 5xx at submission: the sender was told at once
  int still_in_outbox = 0;      // never accepted yet: still the sender's responsibility
  int recipients = 0;           // (accepted message, recipient) pairs
  int delivered = 0;
  int bounced = 0;              // a failure DSN naming the recipient reached the sender
  int queued = 0;               // still in some queue with a next attempt (or its DSN is)
  int lost = 0;                 // accepted, none of the above
  int duplicates = 0;           // extra copies beyond the first in a recipient's mailbox
  int bad_dsn = 0;              // a DSN for the message that does not parse or name the recipient
  int faults_applied = 0;
  Instant end{};
  std::uint64_t events = 0;
  std::vector<std::string> lost_detail;  // "<id> to bob@d3.example: last seen ..."
};

// The world a chaos run uses (exposed so tests and the command line can inspect it).
ScenarioSpec chaos_scenario(const ChaosOptions& o);
ChaosReport run_chaos(const ChaosOptions& o);
std::string format_report(const ChaosOptions& o, const ChaosReport& r);

}  // namespace sim
