// DNS wire format encode/decode (RFC 1035 §4.1, §3.3.9 MX, §3.4.1 A, §4.1.4 compression).
#include "protocols/dns/dns_message.hpp"

#include <cstdio>

namespace protocols::dns {

std::string_view to_string(RrType t) { return t == RrType::MX ? "MX" : "A"; }

std::string_view to_string(Rcode r) {
  switch (r) {
    case Rcode::NoError: return "NOERROR";
    case Rcode::FormErr: return "FORMERR";
    case Rcode::ServFail: return "SERVFAIL";
    case Rcode::NxDomain: return "NXDOMAIN";
    case Rcode::NotImp: return "NOTIMP";
    case Rcode::Refused: return "REFUSED";
  }
  return "?";
}

std::string format_ipv4(std::uint32_t a) {
  // By hand rather than snprintf: the mail hosts format an address per connection.
  char buf[16];
  char* p = buf;
  for (int shift = 24; shift >= 0; shift -= 8) {
    unsigned v = (a >> shift) & 255;
    if (v >= 100) *p++ = char('0' + v / 100);
    if (v >= 10) *p++ = char('0' + v / 10 % 10);
    *p++ = char('0' + v % 10);
    if (shift) *p++ = '.';
  }
  return std::string(buf, p);
}

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
  std::uint32_t out = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    unsigned v = 0;
    std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      v = v * 10 + unsigned(text[i] - '0');
      if (v > 255 || i - start >= 3) return std::nullopt;
      ++i;
    }
    if (i - start > 1 && text[start] == '0') return std::nullopt;  // no leading zeros
    out = (out << 8) | v;
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return out;
}

std::string ResourceRecord::to_string() const {
  if (type == RrType::MX) return std::to_string(preference) + " " + exchange;
  return format_ipv4(address);
}

namespace {

void put16(std::string& out, std::uint16_t v) {
  out += char(v >> 8);
  out += char(v & 0xFF);
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, std::uint16_t(v >> 16));
  put16(out, std::uint16_t(v & 0xFFFF));
}
void put_name(std::string& out, std::string_view name) {
  // RFC 1035 §3.1: labels of at most 63 octets, ending with the root label.
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    std::string_view label = name.substr(start, std::min<std::size_t>(dot - start, 63));
    if (!label.empty()) {
      out += char(label.size());
      out += label;
    }
    start = dot + 1;
  }
  out += '\0';
}

struct Reader {
  std::string_view wire;
  std::size_t pos = 0;
  bool ok = true;
  std::uint16_t u16() {
    if (pos + 2 > wire.size()) { ok = false; return 0; }
    std::uint16_t v = std::uint16_t((std::uint8_t(wire[pos]) << 8) | std::uint8_t(wire[pos + 1]));
    pos += 2;
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t hi = u16();
    return (hi << 16) | u16();
  }
  // Reads a possibly compressed name starting at `at`; returns the position after it.
  std::string name_at(std::size_t at, std::size_t* after) {
    std::string out;
    bool jumped = false;
    int hops = 0;
    for (;;) {
      if (at >= wire.size()) { ok = false; return out; }
      std::uint8_t len = std::uint8_t(wire[at]);
      if ((len & 0xC0) == 0xC0) {  // RFC 1035 §4.1.4 pointer
        if (at + 1 >= wire.size() || ++hops > 32) { ok = false; return out; }
        std::size_t target = ((len & 0x3F) << 8) | std::uint8_t(wire[at + 1]);
        if (!jumped) *after = at + 2;
        jumped = true;
        at = target;
        continue;
      }
      if (len & 0xC0) { ok = false; return out; }
      if (len == 0) {
        if (!jumped) *after = at + 1;
        return out;
      }
      if (at + 1 + len > wire.size() || out.size() + len > 255) { ok = false; return out; }
      if (!out.empty()) out += '.';
      out.append(wire.substr(at + 1, len));
      at += 1 + len;
    }
  }
  std::string name() {
    std::size_t after = pos;
    std::string n = name_at(pos, &after);
    pos = after;
    return n;
  }
};

}  // namespace

std::string encode(const Message& m) {
  std::string out;
  put16(out, m.id);
  std::uint16_t flags = 0;
  if (m.response) flags |= 0x8000;
  if (m.authoritative) flags |= 0x0400;
  if (m.recursion_desired) flags |= 0x0100;
  flags |= std::uint16_t(m.rcode) & 0x0F;
  put16(out, flags);
  put16(out, 1);
  put16(out, std::uint16_t(m.answers.size()));
  put16(out, 0);
  put16(out, 0);
  put_name(out, m.qname);
  put16(out, std::uint16_t(m.qtype));
  put16(out, 1);  // class IN
  for (const ResourceRecord& rr : m.answers) {
    put_name(out, rr.name);
    put16(out, std::uint16_t(rr.type));
    put16(out, 1);
    put32(out, rr.ttl);
    if (rr.type == RrType::A) {
      put16(out, 4);
      put32(out, rr.address);
    } else {
      std::string rdata;
      put16(rdata, rr.preference);
      put_name(rdata, rr.exchange);
      put16(out, std::uint16_t(rdata.size()));
      out += rdata;
    }
  }
  return out;
}

std::optional<Message> decode(std::string_view wire) {
  Reader r{wire};
  Message m;
  m.id = r.u16();
  std::uint16_t flags = r.u16();
  m.response = flags & 0x8000;
  m.authoritative = flags & 0x0400;
  m.recursion_desired = flags & 0x0100;
  m.rcode = Rcode(flags & 0x0F);
  std::uint16_t qd = r.u16(), an = r.u16();
  r.u16();
  r.u16();
  if (!r.ok || qd != 1) return std::nullopt;
  m.qname = r.name();
  m.qtype = RrType(r.u16());
  r.u16();
  for (int i = 0; i < an && r.ok; ++i) {
    ResourceRecord rr;
    rr.name = r.name();
    std::uint16_t type = r.u16();
    r.u16();
    rr.ttl = r.u32();
    std::uint16_t rdlen = r.u16();
    if (!r.ok || r.pos + rdlen > wire.size()) return std::nullopt;
    std::size_t end = r.pos + rdlen;
    if (type == std::uint16_t(RrType::A) && rdlen == 4) {
      rr.type = RrType::A;
      rr.address = r.u32();
      m.answers.push_back(rr);
    } else if (type == std::uint16_t(RrType::MX) && rdlen >= 3) {
      rr.type = RrType::MX;
      rr.preference = r.u16();
      rr.exchange = r.name();
      m.answers.push_back(rr);
    }
    r.pos = end;  // other types are skipped
  }
  if (!r.ok) return std::nullopt;
  return m;
}

}  // namespace protocols::dns
