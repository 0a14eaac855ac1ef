// What the webmail pages show, as plain data, and how it is read out of a raw RFC 5322
// message: From decoded (RFC 5322 §3.4 with RFC 2047 display names), Subject decoded
// (RFC 2047), Date as written in its own zone (RFC 5322 §3.3), the text part (RFC 2046
// §5.1.4 multipart/alternative: text/plain preferred), attachments with name (RFC 2183,
// RFC 2231) and decoded size, and one part's decoded bytes for download. The host fills
// user, folder list and notices; the functions here fill what comes from the message.
// Leaves out: rendering HTML mail as HTML (it is shown as text with tags removed), inline
// images, threading, and S/MIME.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protocols::webmail {

enum class Notice : std::uint8_t { None, MessageSent, MessageMoved, SendFailed, MoveFailed, LoginFailed, LoggedOut };

struct InboxRow {
  std::uint32_t uid = 0;
  std::string from;     // display name, else the address
  std::string subject;  // decoded UTF-8
  std::string date;     // "2026-01-05 09:00"
  std::size_t size = 0; // RFC 822 size in octets
  bool seen = false;
  bool has_attachments = false;
};

struct InboxView {
  std::string user;
  std::string folder = "INBOX";
  std::vector<std::string> folders;
  std::vector<InboxRow> rows;
  Notice notice = Notice::None;
  std::string notice_detail;  // e.g. the SMTP reply of a failed send, shown as text
};

struct AttachmentInfo {
  std::string part;  // IMAP section number
  std::string filename;
  std::string media_type;
  std::size_t size = 0;  // decoded octets
};

struct MessageView {
  std::string user;
  std::string folder;
  std::uint32_t uid = 0;
  std::string from, to, cc, subject, date;
  std::string reply_to_address;  // the From address, for the Reply link
  std::string text;              // the text to show, UTF-8
  bool text_from_html = false;   // the text was taken from a text/html part
  std::vector<AttachmentInfo> attachments;
  std::vector<std::string> folders;  // destinations offered by the Move form
};

struct AttachmentData {
  std::string filename;
  std::string media_type;
  std::string data;
};

// One inbox row from a message's header section (or the whole message).
InboxRow inbox_row(std::uint32_t uid, std::string_view message, std::size_t size, bool seen);
// The message page's content, from the whole message.
MessageView message_view(std::string_view message, std::string folder, std::uint32_t uid);
// The decoded content of one leaf part by IMAP section number; nullopt for no such part.
std::optional<AttachmentData> attachment_data(std::string_view message, std::string_view part);

// "2026-01-05 09:00" from an RFC 5322 date, in the zone it was written in; the raw text
// when it does not parse.
std::string display_date(std::string_view rfc5322_date);

}  // namespace protocols::webmail
