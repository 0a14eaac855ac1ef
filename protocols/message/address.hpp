// RFC 5322 §3.4 addresses: mailbox, name-addr, addr-spec, group, address-list; parsing
// (with comments §3.2.2, quoted strings §3.2.4, domain literals §3.4.1, obsolete routes and
// empty list elements §4.4) and formatting. Display names are returned decoded (RFC 2047
// encoded words to UTF-8) and are written back quoted or encoded as needed.
// Leaves out: validating domains against DNS rules and internationalised addresses (RFC 6532
// UTF-8 local parts are accepted as bytes, not checked).
#pragma once
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace protocols::message {

struct Mailbox {
  std::string display_name;  // UTF-8, decoded; may be empty
  std::string local_part;    // unquoted: "john doe" for "\"john doe\"@x"
  std::string domain;
  std::string addr_spec() const;  // local@domain, local part re-quoted when needed
  auto operator<=>(const Mailbox&) const = default;
};

struct Group {
  std::string display_name;
  std::vector<Mailbox> members;
  auto operator<=>(const Group&) const = default;
};

using Address = std::variant<Mailbox, Group>;

// Parses an address-list (To, Cc, Bcc, Reply-To; §3.4). nullopt when any element is not an
// address; trailing garbage after the last address is an error too.
std::optional<std::vector<Address>> parse_address_list(std::string_view value);

// Parses exactly one mailbox (From with one author, Sender; §3.6.2).
std::optional<Mailbox> parse_mailbox(std::string_view value);

// Parses a bare addr-spec or "<addr-spec>" as SMTP paths and DSN fields carry them.
std::optional<Mailbox> parse_addr_spec(std::string_view value);

// Every mailbox, with group members flattened in order.
std::vector<Mailbox> mailboxes_of(const std::vector<Address>& list);

// "\"Alice Liu\" <alice@a.example>", "alice@a.example", "=?UTF-8?B?...?= <a@b>".
std::string format_mailbox(const Mailbox& m);
std::string format_address(const Address& a);  // groups as "name: a, b;"
std::string format_address_list(const std::vector<Address>& list);

}  // namespace protocols::message
