// Reading what the webmail shows out of RFC 5322 / MIME messages.
#include "protocols/webmail/views.hpp"

#include <cstdio>

#include "protocols/message/address.hpp"
#include "protocols/message/ascii.hpp"
#include "protocols/message/date.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/header.hpp"
#include "protocols/message/mime_part.hpp"

namespace protocols::webmail {

namespace msg = protocols::message;

namespace {

std::string mailbox_text(const msg::Mailbox& m) {
  return m.display_name.empty() ? m.addr_spec() : m.display_name + " <" + m.addr_spec() + ">";
}

// Address lists shown as "Name <a@b>, c@d"; an unparsable list is shown decoded as is.
std::string address_text(std::string_view value) {
  if (value.empty()) return "";
  auto list = msg::parse_address_list(value);
  if (!list) return msg::decode_encoded_words(value);
  std::string out;
  for (const auto& m : msg::mailboxes_of(*list)) {
    if (!out.empty()) out += ", ";
    out += mailbox_text(m);
  }
  return out;
}

// Days from civil (Howard Hinnant's algorithm), inverted: y-m-d of a day number.
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool is_attachment(const msg::MimePart& p) {
  return p.disposition == "attachment" || (!p.filename.empty() && p.disposition != "inline") ||
         (p.type != "text" && p.type != "multipart" && p.type != "message");
}

// Removes tags and decodes the five basic entities: enough to read an HTML-only message.
std::string html_to_text(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (in_tag) {
      if (c == '>') in_tag = false;
      continue;
    }
    if (c == '<') {
      in_tag = true;
      std::string_view rest = html.substr(i + 1, 3);
      if (msg::iequals(rest.substr(0, 2), "br") || msg::iequals(rest.substr(0, 2), "p>") ||
          msg::iequals(rest.substr(0, 3), "/p>") || msg::iequals(rest.substr(0, 3), "div"))
        out += '\n';
      continue;
    }
    if (c == '&') {
      static const std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&nbsp;", ' '}};
      bool done = false;
      for (const auto& [name, ch] : kEntities)
        if (html.substr(i, name.size()) == name) {
          out += ch;
          i += name.size() - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string display_date(std::string_view text) {
  auto d = msg::parse_date(text);
  if (!d) return std::string(msg::trim(text));
  std::int64_t local = d->unix_seconds + std::int64_t{d->zone_offset_minutes} * 60;
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  std::int64_t secs = local - days * 86400;
  std::int64_t y;
  unsigned m, day;
  civil_from_days(days, y, m, day);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld", static_cast<long long>(y), m, day,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60));
  return buf;
}

InboxRow inbox_row(std::uint32_t uid, std::string_view message, std::size_t size, bool seen) {
  msg::HeaderBlock h = msg::parse_headers(message);
  InboxRow row;
  row.uid = uid;
  row.size = size;
  row.seen = seen;
  std::string from = h.get("From");
  if (auto m = msg::parse_mailbox(from))
    row.from = m->display_name.empty() ? m->addr_spec() : m->display_name;
  else
    row.from = address_text(from);
  row.subject = msg::decode_encoded_words(h.get("Subject"));  // RFC 2047 §6.1
  row.date = display_date(h.get("Date"));
  std::string type = msg::to_lower(h.get("Content-Type"));
  row.has_attachments = type.rfind("multipart/mixed", 0) == 0;
  return row;
}

MessageView message_view(std::string_view message, std::string folder, std::uint32_t uid) {
  msg::MimePart root = msg::parse_mime(message);
  MessageView v;
  v.folder = std::move(folder);
  v.uid = uid;
  v.from = address_text(root.headers.get("From"));
  if (auto m = msg::parse_mailbox(root.headers.get("From"))) v.reply_to_address = m->addr_spec();
  v.to = address_text(root.headers.get("To"));
  v.cc = address_text(root.headers.get("Cc"));
  v.subject = msg::decode_encoded_words(root.headers.get("Subject"));
  v.date = display_date(root.headers.get("Date"));

  const msg::MimePart* plain = nullptr;
  const msg::MimePart* html = nullptr;
  std::string inside_message;  // parts of an attached message belong to that attachment
  for (const auto& n : msg::numbered_parts(root)) {
    const msg::MimePart& p = *n.part;
    if (!inside_message.empty() && n.number.rfind(inside_message, 0) == 0) continue;
    if (p.is_message()) {
      // RFC 2046 §5.2.1: an encapsulated message is offered whole, as message/rfc822.
      inside_message = n.number + ".";
      std::string name = p.filename.empty() ? "message-" + n.number + ".eml" : p.filename;
      v.attachments.push_back(AttachmentInfo{n.number, name, p.media_type(), msg::decode_body(p, message).size()});
      continue;
    }
    if (p.is_multipart()) continue;
    const bool attach = is_attachment(p);
    if (!attach && p.type == "text" && p.subtype == "plain" && !plain) {
      plain = &p;
    } else if (!attach && p.type == "text" && p.subtype == "html" && !html) {
      html = &p;  // RFC 2046 §5.1.4: the plain alternative is preferred when both exist
    } else if (attach) {
      std::string name = p.filename.empty() ? "part-" + n.number : p.filename;
      v.attachments.push_back(AttachmentInfo{n.number, name, p.media_type(), msg::decode_body(p, message).size()});
    }
  }
  if (plain) {
    v.text = msg::decode_text(*plain, message);
  } else if (html) {
    v.text = html_to_text(msg::decode_text(*html, message));
    v.text_from_html = true;
  }
  return v;
}

std::optional<AttachmentData> attachment_data(std::string_view message, std::string_view part) {
  msg::MimePart root = msg::parse_mime(message);
  const msg::MimePart* p = msg::find_part(root, part);
  if (!p || p->is_multipart()) return std::nullopt;
  AttachmentData a;
  a.filename = p->filename.empty() ? "part-" + std::string(part) : p->filename;
  a.media_type = p->media_type();
  a.data = msg::decode_body(*p, message);
  return a;
}

}  // namespace protocols::webmail
