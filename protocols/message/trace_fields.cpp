// Message-ID and Received field formatting (RFC 5322 §3.6.4, §3.6.7; RFC 5321 §4.4).
#include "protocols/message/trace_fields.hpp"

#include <cstdio>

#include "protocols/message/date.hpp"
#include "protocols/message/header.hpp"

namespace protocols::message {

std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {
// §3.6.4 id-left = dot-atom-text: keep atext, collapse everything else to '.'.
std::string dot_atom_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
    if (ok) out += c;
    else if (!out.empty() && out.back() != '.') out += '.';
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out.empty() ? std::string("x") : out;
}
}  // namespace

std::string format_message_id(std::string_view left, std::string_view right) {
  std::string out = "<";
  out += dot_atom_text(left);
  out += '@';
  out += dot_atom_text(right);
  out += '>';
  return out;
}

std::string message_id_left_from_seed(std::string_view seed, std::int64_t unix_seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld.%016llx", static_cast<long long>(unix_seconds),
                static_cast<unsigned long long>(fnv1a64(seed)));
  return buf;
}

std::string received_value(const ReceivedInfo& r) {
  // RFC 5321 §4.4: From-domain = "FROM" FWS Extended-Domain, where Extended-Domain is
  // Domain / ( Domain FWS "(" TCP-info ")" ) / ( address-literal FWS "(" TCP-info ")" ).
  std::string v = "from " + (r.helo.empty() ? std::string("unknown") : r.helo);
  if (!r.reverse_name.empty() || !r.ip.empty()) {
    v += " (";
    if (!r.reverse_name.empty()) v += r.reverse_name;
    if (!r.ip.empty()) v += (r.reverse_name.empty() ? "[" : " [") + r.ip + "]";
    v += ")";
  }
  v += " by " + r.by;
  if (!r.with.empty()) v += " with " + r.with;
  if (!r.id.empty()) v += " id " + r.id;
  if (!r.for_recipient.empty()) v += " for <" + r.for_recipient + ">";
  v += "; " + format_date(r.unix_seconds, r.zone_offset_minutes);
  return v;
}

std::string received_field(const ReceivedInfo& info) {
  return fold_header("Received", received_value(info));
}

std::string return_path_field(std::string_view reverse_path) {
  return "Return-Path: <" + std::string(reverse_path) + ">\r\n";
}

}  // namespace protocols::message
