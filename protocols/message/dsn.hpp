// Delivery status notifications (RFC 3464) with enhanced status codes (RFC 3463): a builder
// for the multipart/report; report-type=delivery-status message a mail server sends from
// MAILER-DAEMON (RFC 3462 / RFC 6522 report structure, RFC 3834 Auto-Submitted), and a
// parser that reads one back into per-message and per-recipient fields.
// Parts written: (1) a human-readable text/plain in English and Chinese (UTF-8, QP),
// (2) message/delivery-status, (3) text/rfc822-headers or message/rfc822 (RFC 3461 RET).
// Leaves out: message/global-delivery-status (RFC 6533) on output (it is read), X-* fields,
// address types other than rfc822 and diagnostic types other than smtp on output.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/message/address.hpp"
#include "protocols/message/date.hpp"

namespace protocols::message {

enum class DsnAction { Failed, Delayed, Delivered, Relayed, Expanded };  // RFC 3464 §2.3.3
std::string_view to_string(DsnAction a);
std::optional<DsnAction> parse_dsn_action(std::string_view text);

struct DsnRecipient {
  std::string final_recipient;     // address only; written "rfc822; <address>"
  std::string original_recipient;  // RFC 3461 ORCPT address, "" to omit
  DsnAction action = DsnAction::Failed;
  std::string status;           // RFC 3463 "5.1.1"
  std::string remote_mta;       // host name, "" to omit; written "dns; <host>"
  std::string diagnostic_code;  // SMTP reply text, "550 5.1.1 <bob@b.example>: no such user"
  std::optional<DateTime> last_attempt;
  std::optional<DateTime> will_retry_until;  // for Action: delayed
  bool operator==(const DsnRecipient&) const = default;
};

struct DsnReport {
  std::string reporting_mta;  // host name; written "dns; <host>"
  std::string envelope_id;    // RFC 3461 ENVID, "" to omit
  std::optional<DateTime> arrival_date;
  std::vector<DsnRecipient> recipients;
  bool operator==(const DsnReport&) const = default;
};

struct DsnSpec {
  DsnReport report;
  std::string postmaster_host;  // From: MAILER-DAEMON@host; "" uses report.reporting_mta
  Mailbox to;                   // the original envelope sender
  DateTime date;                // when the notification is written
  std::string original;         // the original message as received
  bool return_full_message = false;  // RET=FULL: message/rfc822; else text/rfc822-headers
  std::string seed;                  // boundary and Message-ID
};

// The whole notification, CR LF line ends.
std::string build_dsn(const DsnSpec& spec);

// The message/delivery-status body alone (RFC 3464 §2.1-§2.3).
std::string delivery_status_body(const DsnReport& report);

struct ParsedDsn {
  DsnReport report;
  std::string report_type;      // Content-Type report-type parameter ("delivery-status")
  std::string from;             // From field, unfolded
  std::string subject;          // decoded
  std::string auto_submitted;   // Auto-Submitted value
  std::string human_text;       // the first text part, UTF-8
  std::string original_headers; // header section of the returned message, raw
};

// Reads a notification. nullopt when the message has no message/delivery-status part.
std::optional<ParsedDsn> parse_dsn(std::string_view message);
// Parses a message/delivery-status body. nullopt without a Reporting-MTA/recipient block.
std::optional<DsnReport> parse_delivery_status(std::string_view body);

}  // namespace protocols::message
