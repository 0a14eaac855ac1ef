// Identification and trace fields written by mail software: Message-ID (RFC 5322 §3.6.4)
// and Received (RFC 5322 §3.6.7, RFC 5321 §4.4 "Time-stamp-line"), e.g.
//   Received: from a.example (mail.a.example [192.0.2.1])
//           by mx.b.example with ESMTP id 4F2A for <bob@b.example>;
//           Mon, 05 Jan 2026 09:00:00 +0800
// Also the Return-path line of final delivery (RFC 5321 §4.4).
// Leaves out: parsing Received fields back (they are read as plain text) and the "via"
// clause.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace protocols::message {

// "<left@right>" (§3.6.4 msg-id). `left` and `right` are used as given when they are
// dot-atoms; other characters are replaced by '.' so the result always parses.
std::string format_message_id(std::string_view left, std::string_view right);

// A Message-ID left part derived from a seed string (FNV-1a based, no randomness), e.g.
// "20260105010000.9f3a27c1d2e4b5a6".
std::string message_id_left_from_seed(std::string_view seed, std::int64_t unix_seconds);

struct ReceivedInfo {
  std::string helo;          // the EHLO/HELO argument the client gave
  std::string reverse_name;  // the client's reverse-DNS name, "" if unknown
  std::string ip;            // "192.0.2.1" (IPv6 written as "IPv6:..." by the caller)
  std::string by;            // our host name
  std::string with = "ESMTP";  // RFC 3848 protocol types: SMTP, ESMTP, ESMTPS, ESMTPA...
  std::string id;            // our queue id, "" to omit
  std::string for_recipient; // one recipient address, "" to omit (§4.4: only if one)
  std::int64_t unix_seconds = 0;
  int zone_offset_minutes = 0;
};

// The value of the Received field (no "Received:" prefix, not folded).
std::string received_value(const ReceivedInfo& info);
// The whole field, folded, with CR LF: what an SMTP server prepends to the message.
std::string received_field(const ReceivedInfo& info);

// RFC 5321 §4.4: the Return-path line the final delivery puts at the top of the message,
// "Return-Path: <alice@a.example>\r\n", or "Return-Path: <>\r\n" for the null reverse path
// of a bounce. `reverse_path` is the MAIL FROM address without angle brackets.
std::string return_path_field(std::string_view reverse_path);

// 64-bit FNV-1a of a byte string; stable across platforms (used for deterministic names).
std::uint64_t fnv1a64(std::string_view data);

}  // namespace protocols::message
