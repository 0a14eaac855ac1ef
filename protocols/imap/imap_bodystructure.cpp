// ENVELOPE, BODY and BODYSTRUCTURE (RFC 3501 §7.4.2, grammar §9) from the MIME tree of
// protocols/message, with the header values as written:
// - parameter values exactly as in the header, unquoted and nothing decoded: an RFC 2047
//   name="=?UTF-8?B?...?=" stays encoded, RFC 2231 continuations stay separate parameters
//   under their own names (FILENAME*0* "gb2312''%D6%D0", FILENAME*1* "%CE%C4"), charset and
//   language tag included, as Dovecot and UW IMAP send them; the client decodes;
// - Content-ID, Content-Description, Content-MD5 and Content-Location as written (unfolded);
// - a text part without Content-Type parameters gets the RFC 2045 §5.2 default
//   ("CHARSET" "US-ASCII");
// - message/rfc822 adds the encapsulated message's ENVELOPE, BODYSTRUCTURE and line count.
// Parameter names and the media type are upper-cased (their case carries no meaning,
// RFC 2045 §5.1). Leaves out: body-extension data beyond the location (none is defined).
#include <utility>
#include <vector>

#include "protocols/imap/imap_message.hpp"
#include "protocols/imap/imap_parser.hpp"
#include "protocols/message/address.hpp"
#include "protocols/message/mime_part.hpp"

namespace protocols::imap {
namespace {

using message::MimePart;
using Params = std::vector<std::pair<std::string, std::string>>;

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

std::optional<std::string> opt(const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); }

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Skips white space and RFC 822 comments "(...)" (nested, with quoted pairs) from `i`.
void skip_cfws(std::string_view s, std::size_t& i) {
  while (i < s.size()) {
    if (space(s[i])) {
      ++i;
    } else if (s[i] == '(') {
      int depth = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '\\') ++i;
        else if (s[i] == '(') ++depth;
        else if (s[i] == ')' && --depth == 0) break;
      }
      ++i;
    } else {
      return;
    }
  }
}

// Moves `i` past the next ';' that is outside a quoted string or comment.
void skip_past_semicolon(std::string_view s, std::size_t& i) {
  bool quoted = false;
  int depth = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') ++i;
    else if (quoted) quoted = c != '"';
    else if (c == '"') quoted = true;
    else if (c == '(') ++depth;
    else if (c == ')' && depth > 0) --depth;
    else if (c == ';' && depth == 0) break;
  }
  ++i;
}

// RFC 2045 §5.1 "value *(; attribute=value)": the parameters as written, names upper-cased,
// quoted values unquoted (quoted pairs resolved), no RFC 2047 or 2231 decoding. A piece
// without "=" is skipped, as parse_parameterized does.
Params raw_params(std::string_view v) {
  Params out;
  std::size_t i = 0;
  skip_past_semicolon(v, i);
  while (i < v.size()) {
    skip_cfws(v, i);
    const std::size_t name_start = i;
    while (i < v.size() && v[i] != '=' && v[i] != ';' && !space(v[i]) && v[i] != '(') ++i;
    std::string name(v.substr(name_start, i - name_start));
    skip_cfws(v, i);
    if (name.empty() || i >= v.size() || v[i] != '=') {
      skip_past_semicolon(v, i);
      continue;
    }
    ++i;
    skip_cfws(v, i);
    std::string value;
    if (i < v.size() && v[i] == '"') {
      for (++i; i < v.size() && v[i] != '"'; ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        value += v[i];
      }
      ++i;
    } else {
      while (i < v.size() && v[i] != ';' && !space(v[i]) && v[i] != '(') value += v[i++];
    }
    out.emplace_back(upper(std::move(name)), std::move(value));
    skip_past_semicolon(v, i);
  }
  return out;
}

std::optional<std::string> field(const message::HeaderBlock& h, std::string_view name) {
  const message::HeaderField* f = h.find(name);
  return f ? std::optional(f->value) : std::nullopt;
}

// RFC 3501 §9 address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
std::string address(const message::Mailbox& m) {
  return std::string("(") + nstring(opt(m.display_name)) + " NIL " + quote(m.local_part) + " " + quote(m.domain) + ")";
}

std::string address_list(const message::HeaderBlock& h, std::string_view name, std::string_view fallback = {}) {
  const message::HeaderField* f = h.find(name);
  if (!f && !fallback.empty()) f = h.find(fallback);
  if (!f) return "NIL";
  auto list = message::parse_address_list(f->value);
  if (!list || list->empty()) return "NIL";
  std::string out = "(";
  for (const auto& a : *list) {
    if (const auto* m = std::get_if<message::Mailbox>(&a)) {
      out += address(*m);
    } else {
      // RFC 3501 §7.4.2: a group is (NIL NIL "name" NIL) members (NIL NIL NIL NIL).
      const auto& g = std::get<message::Group>(a);
      out += "(NIL NIL " + quote(g.display_name) + " NIL)";
      for (const auto& m : g.members) out += address(m);
      out += "(NIL NIL NIL NIL)";
    }
  }
  return out + ")";
}

std::string envelope_of(const message::HeaderBlock& h) {
  // RFC 3501 §7.4.2 ENVELOPE: date subject from sender reply-to to cc bcc in-reply-to message-id;
  // sender and reply-to default to from.
  return std::string("(") + nstring(field(h, "Date")) + " " + nstring(field(h, "Subject")) + " " +
         address_list(h, "From") + " " + address_list(h, "Sender", "From") + " " +
         address_list(h, "Reply-To", "From") + " " + address_list(h, "To") + " " + address_list(h, "Cc") + " " +
         address_list(h, "Bcc") + " " + nstring(field(h, "In-Reply-To")) + " " + nstring(field(h, "Message-ID")) + ")";
}

std::string param_list(const Params& ps) {
  if (ps.empty()) return "NIL";
  std::string out = "(";
  for (const auto& [name, value] : ps) out += (out.size() > 1 ? " " : "") + quote(name) + " " + quote(value);
  return out + ")";
}

// body-fld-param of a part: the Content-Type parameters as written; a text part with none
// has the RFC 2045 §5.2 default charset.
std::string content_params(const MimePart& p) {
  const auto ct = field(p.headers, "Content-Type");
  Params ps = ct ? raw_params(*ct) : Params{};
  if (ps.empty() && p.type == "text") ps.emplace_back("CHARSET", "US-ASCII");
  return param_list(ps);
}

// body-fld-dsp = "(" string SP body-fld-param ")" / nil (RFC 2183 disposition type).
std::string disposition(const MimePart& p) {
  const auto cd = field(p.headers, "Content-Disposition");
  if (!cd || p.disposition.empty()) return "NIL";
  return std::string("(") + quote(upper(p.disposition)) + " " + param_list(raw_params(*cd)) + ")";
}

// body-fld-lang = nstring / "(" string *(SP string) ")": RFC 3282 lists tags with commas.
std::string language(const MimePart& p) {
  const auto l = field(p.headers, "Content-Language");
  if (!l || l->empty()) return "NIL";
  std::vector<std::string> tags;
  std::size_t i = 0;
  while (i <= l->size()) {
    std::size_t comma = std::min(l->find(',', i), l->size());
    std::string t = l->substr(i, comma - i);
    while (!t.empty() && space(t.front())) t.erase(0, 1);
    while (!t.empty() && space(t.back())) t.pop_back();
    if (!t.empty()) tags.push_back(t);
    i = comma + 1;
  }
  if (tags.size() == 1) return quote(tags[0]);
  if (tags.empty()) return "NIL";
  std::string out = "(";
  for (const auto& t : tags) out += (out.size() > 1 ? " " : "") + quote(t);
  return out + ")";
}

std::string structure(const MimePart& p, bool ext) {
  const message::HeaderBlock& h = p.headers;
  if (p.is_multipart()) {
    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    std::string out = "(";
    for (const auto& c : p.children) out += structure(c, ext);
    out += " " + quote(upper(p.subtype));
    if (ext) {
      const auto ct = field(h, "Content-Type");
      out += " " + param_list(ct ? raw_params(*ct) : Params{}) + " " + disposition(p) + " " + language(p) + " " +
             nstring(field(h, "Content-Location"));
    }
    return out + ")";
  }
  // body-type-1part: type subtype body-fields (params id description encoding octets) ...
  std::string out = std::string("(") + quote(upper(p.type)) + " " + quote(upper(p.subtype)) + " " + content_params(p) +
                    " " + nstring(field(h, "Content-ID")) + " " + nstring(field(h, "Content-Description")) + " " +
                    quote(upper(p.transfer_encoding)) + " " + std::to_string(p.size());
  if (p.is_message()) {
    // body-type-msg: ... SP envelope SP body SP body-fld-lines
    const MimePart& inner = p.children[0];
    out += " " + envelope_of(inner.headers) + " " + structure(inner, ext) + " " + std::to_string(p.line_count);
  } else if (p.type == "text") {
    out += " " + std::to_string(p.line_count);  // body-type-text: ... SP body-fld-lines
  }
  if (ext)  // body-ext-1part = body-fld-md5 SP body-fld-dsp SP body-fld-lang SP body-fld-loc
    out += " " + nstring(field(h, "Content-MD5")) + " " + disposition(p) + " " + language(p) + " " +
           nstring(field(h, "Content-Location"));
  return out + ")";
}

}  // namespace

std::string envelope(std::string_view raw) { return envelope_of(message::parse_headers(raw)); }

std::string body_structure(std::string_view raw, bool extensible) {
  return structure(message::parse_mime(raw), extensible);
}

}  // namespace protocols::imap
