// RFC 3464 delivery status notification writer: the bilingual human-readable part, the
// machine-readable message/delivery-status part and the returned original.
#include "protocols/message/dsn.hpp"

#include "protocols/message/ascii.hpp"
#include "protocols/message/header.hpp"
#include "protocols/message/message_builder.hpp"
#include "protocols/message/trace_fields.hpp"

namespace protocols::message {

std::string_view to_string(DsnAction a) {
  switch (a) {
    case DsnAction::Failed: return "failed";
    case DsnAction::Delayed: return "delayed";
    case DsnAction::Delivered: return "delivered";
    case DsnAction::Relayed: return "relayed";
    case DsnAction::Expanded: return "expanded";
  }
  return "failed";
}

std::optional<DsnAction> parse_dsn_action(std::string_view text) {
  // RFC 3464 §2.3.3: action-value, case-insensitive; a comment may follow.
  std::string_view t = trim(text.substr(0, text.find('(')));
  for (DsnAction a : {DsnAction::Failed, DsnAction::Delayed, DsnAction::Delivered,
                      DsnAction::Relayed, DsnAction::Expanded})
    if (iequals(t, to_string(a))) return a;
  return std::nullopt;
}

namespace {

// message/delivery-status is 7bit (RFC 3464 §2.1): replace anything else.
std::string seven_bit(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    out += (u >= 0x80 || (u < 0x20 && c != '\t')) ? '?' : c;
  }
  return out;
}

bool has(const DsnReport& r, DsnAction a) {
  for (const auto& rc : r.recipients)
    if (rc.action == a) return true;
  return false;
}

std::string recipient_line(const DsnRecipient& r, bool zh) {
  std::string line = "<" + r.final_recipient + ">" + (zh ? "：" : ": ");
  if (!r.remote_mta.empty())
    line += zh ? "主机 " + r.remote_mta + " 回复：" : "host " + r.remote_mta + " said: ";
  line += r.diagnostic_code.empty() ? (zh ? "状态 " : "status ") + r.status : r.diagnostic_code;
  return line + "\n";
}

std::string human_text(const DsnSpec& s, const std::string& host) {
  const DsnReport& r = s.report;
  std::string en = "This is the mail system at host " + host + ".\n\n";
  std::string zh = "这是主机 " + host + " 上的邮件系统。\n\n";
  auto section = [&](DsnAction a, std::string_view en_head, std::string_view zh_head) {
    if (!has(r, a)) return;
    en += std::string(en_head) + "\n\n";
    zh += std::string(zh_head) + "\n\n";
    for (const auto& rc : r.recipients) {
      if (rc.action != a) continue;
      en += recipient_line(rc, false);
      zh += recipient_line(rc, true);
      if (a == DsnAction::Delayed && rc.will_retry_until) {
        en += "    The mail system will keep trying until " + format_date(*rc.will_retry_until) + ".\n";
        zh += "    邮件系统将继续重试，直到 " + format_date(*rc.will_retry_until) + "。\n";
      }
    }
    en += "\n";
    zh += "\n";
  };
  section(DsnAction::Failed,
          "I'm sorry to have to inform you that your message could not be delivered\n"
          "to one or more recipients. The mail system gave up on:",
          "很抱歉地通知您：您的邮件无法投递给下列一个或多个收件人，邮件系统已放弃投递：");
  section(DsnAction::Delayed,
          "Your message could not be delivered yet to the recipients below. This is a\n"
          "warning only: you do not need to send the message again.",
          "您的邮件暂时未能投递给下列收件人。这只是一个提醒，您不需要重新发送这封邮件。");
  section(DsnAction::Delivered, "Your message was successfully delivered to:",
          "您的邮件已成功投递给：");
  section(DsnAction::Relayed, "Your message was relayed to a system that does not report delivery:",
          "您的邮件已转交给一个不报告投递结果的系统：");
  section(DsnAction::Expanded, "Your message was delivered to a list or alias and expanded:",
          "您的邮件已投递给一个邮件列表或别名并已展开：");
  std::string rule(60, '-');
  return en + "For further assistance, please contact your postmaster.\n\n" + rule + "\n\n" +
         zh + "如需帮助，请联系您的邮件管理员（postmaster）。\n";
}

std::string subject_for(const DsnReport& r) {
  if (has(r, DsnAction::Failed)) return "Undelivered Mail Returned to Sender (退信：邮件无法投递)";
  if (has(r, DsnAction::Delayed)) return "Delayed Mail (still being retried) (延迟投递：仍在重试)";
  return "Successful Mail Delivery Report (投递成功报告)";
}

Entity original_entity(const DsnSpec& s) {
  std::string crlf = to_crlf(s.original);
  Entity e;
  std::string body;
  if (s.return_full_message) {
    e.headers = "Content-Type: message/rfc822\r\nContent-Description: Undelivered Message\r\n";
    body = std::move(crlf);
  } else {  // RFC 3462 §3 (RFC 6522): text/rfc822-headers holds the header section only
    e.headers = "Content-Type: text/rfc822-headers\r\nContent-Description: Undelivered Message Headers\r\n";
    HeaderBlock hb = parse_headers(crlf);
    body = crlf.substr(0, hb.body_offset);
    if (!hb.has_empty_line) body += "\r\n";
  }
  // RFC 2046 §5.2.1: an encapsulated message may only be 7bit, 8bit or binary.
  e.headers += std::string("Content-Transfer-Encoding: ") + (is_seven_bit(body) ? "7bit" : "8bit") + "\r\n";
  e.body = std::move(body);
  return e;
}

}  // namespace

std::string delivery_status_body(const DsnReport& r) {
  // RFC 3464 §2.2 per-message fields, then §2.3 per-recipient groups, blank-line separated.
  std::string b = fold_header("Reporting-MTA", "dns; " + seven_bit(r.reporting_mta));
  if (!r.envelope_id.empty()) b += fold_header("Original-Envelope-Id", seven_bit(r.envelope_id));
  if (r.arrival_date) b += "Arrival-Date: " + format_date(*r.arrival_date) + "\r\n";
  for (const auto& rc : r.recipients) {
    b += "\r\n";
    if (!rc.original_recipient.empty())
      b += fold_header("Original-Recipient", "rfc822; " + seven_bit(rc.original_recipient));
    b += fold_header("Final-Recipient", "rfc822; " + seven_bit(rc.final_recipient));
    b += "Action: " + std::string(to_string(rc.action)) + "\r\n";
    b += fold_header("Status", seven_bit(rc.status));
    if (!rc.remote_mta.empty()) b += fold_header("Remote-MTA", "dns; " + seven_bit(rc.remote_mta));
    if (!rc.diagnostic_code.empty())
      b += fold_header("Diagnostic-Code", "smtp; " + seven_bit(rc.diagnostic_code));
    if (rc.last_attempt) b += "Last-Attempt-Date: " + format_date(*rc.last_attempt) + "\r\n";
    if (rc.will_retry_until) b += "Will-Retry-Until: " + format_date(*rc.will_retry_until) + "\r\n";
  }
  return b;
}

std::string build_dsn(const DsnSpec& s) {
  std::string host = s.postmaster_host.empty() ? s.report.reporting_mta : s.postmaster_host;
  std::vector<Entity> parts;
  parts.push_back(text_entity(human_text(s, host)));
  parts.push_back({"Content-Type: message/delivery-status\r\nContent-Description: Delivery report\r\n",
                   delivery_status_body(s.report)});
  parts.push_back(original_entity(s));
  Entity report = multipart_entity("report", "; report-type=delivery-status", parts, s.seed);

  std::string out = "Date: " + format_date(s.date) + "\r\n";
  out += address_field("From", {Mailbox{"Mail Delivery System", "MAILER-DAEMON", host}});
  out += address_field("To", {s.to});
  out += unstructured_field("Subject", subject_for(s.report));
  out += fold_header("Message-ID", format_message_id(
                                       message_id_left_from_seed(s.seed, s.date.unix_seconds), host));
  out += "Auto-Submitted: auto-replied\r\n";  // RFC 3834 §5: never answer this automatically
  out += "MIME-Version: 1.0\r\n";
  return out + report.render();
}

}  // namespace protocols::message
