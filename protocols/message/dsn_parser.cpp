// RFC 3464 delivery status notification reader: finds the message/delivery-status part
// and reads its per-message and per-recipient field groups.
#include "protocols/message/dsn.hpp"

#include "protocols/message/ascii.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/header.hpp"
#include "protocols/message/mime_part.hpp"

namespace protocols::message {

namespace {

// "rfc822; bob@b.example" -> "bob@b.example" (RFC 3464 §2.3.2 address-type ";" address).
std::string after_type(std::string_view v) {
  std::size_t semi = v.find(';');
  return std::string(trim(semi == std::string_view::npos ? v : v.substr(semi + 1)));
}

std::optional<DateTime> date_field(const HeaderBlock& h, std::string_view name) {
  const HeaderField* f = h.find(name);
  return f ? parse_date(f->value) : std::nullopt;
}

const MimePart* find_type(const MimePart& p, std::string_view type, std::string_view subtype) {
  if (p.type == type && p.subtype == subtype) return &p;
  for (const auto& c : p.children)
    if (const MimePart* r = find_type(c, type, subtype)) return r;
  return nullptr;
}

}  // namespace

std::optional<DsnReport> parse_delivery_status(std::string_view body) {
  std::vector<HeaderBlock> groups;
  std::size_t pos = 0;
  while (pos < body.size()) {
    // Skip blank lines between groups.
    while (pos < body.size() && (body[pos] == '\r' || body[pos] == '\n')) ++pos;
    if (pos >= body.size()) break;
    HeaderBlock hb = parse_headers(body.substr(pos));
    if (hb.fields.empty()) break;  // not a field line: stop reading
    groups.push_back(std::move(hb));
    if (groups.back().body_offset == 0) break;
    pos += groups.back().body_offset;
  }
  if (groups.empty() || !groups.front().find("Reporting-MTA")) return std::nullopt;
  DsnReport r;
  const HeaderBlock& m = groups.front();
  r.reporting_mta = after_type(m.get("Reporting-MTA"));
  r.envelope_id = m.get("Original-Envelope-Id");
  r.arrival_date = date_field(m, "Arrival-Date");
  for (std::size_t i = 1; i < groups.size(); ++i) {
    const HeaderBlock& g = groups[i];
    DsnRecipient rc;
    rc.final_recipient = after_type(g.get("Final-Recipient"));
    if (g.find("Original-Recipient")) rc.original_recipient = after_type(g.get("Original-Recipient"));
    // §2.3.3 Action is required; an unknown value is read as failed (the safe reading).
    rc.action = parse_dsn_action(g.get("Action")).value_or(DsnAction::Failed);
    // §2.3.4: the status code, then an optional comment after white space of any kind.
    const std::string status_field = g.get("Status");
    const std::string_view status = trim(status_field);
    rc.status = std::string(status.substr(0, status.find_first_of(" \t\r\n")));
    if (g.find("Remote-MTA")) rc.remote_mta = after_type(g.get("Remote-MTA"));
    if (g.find("Diagnostic-Code")) rc.diagnostic_code = after_type(g.get("Diagnostic-Code"));
    rc.last_attempt = date_field(g, "Last-Attempt-Date");
    rc.will_retry_until = date_field(g, "Will-Retry-Until");
    r.recipients.push_back(std::move(rc));
  }
  return r;
}

std::optional<ParsedDsn> parse_dsn(std::string_view message) {
  MimePart root = parse_mime(message);
  const MimePart* ds = find_type(root, "message", "delivery-status");
  if (!ds) ds = find_type(root, "message", "global-delivery-status");  // RFC 6533
  if (!ds) return std::nullopt;
  auto report = parse_delivery_status(decode_body(*ds, message));
  if (!report) return std::nullopt;
  ParsedDsn out;
  out.report = std::move(*report);
  out.report_type = to_lower(root.param("report-type"));
  out.from = root.headers.get("From");
  out.subject = decode_encoded_words(root.headers.get("Subject"));
  out.auto_submitted = root.headers.get("Auto-Submitted");
  if (const MimePart* t = find_type(root, "text", "plain")) out.human_text = decode_text(*t, message);
  if (const MimePart* h = find_type(root, "text", "rfc822-headers")) {
    out.original_headers = std::string(message.substr(h->body_range.begin, h->body_range.size()));
  } else if (const MimePart* m = find_type(root, "message", "rfc822"); m && m->is_message()) {
    const MimePart& inner = m->children.front();
    out.original_headers =
        std::string(message.substr(inner.header_range.begin, inner.header_range.size()));
  }
  return out;
}

}  // namespace protocols::message
