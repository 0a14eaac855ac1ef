// Bridge sessions as virtual TCP connections from the external host.
#include "sim/external_host.hpp"

#include <algorithm>
#include <cctype>

#include "protocols/transmit.hpp"
#include "sim/world.hpp"

namespace sim {

void ExternalHost::open(int session, const std::string& host, std::uint16_t port) {
  std::optional<Ipv4> ip = world_.address_of(host);
  if (!ip) return;
  TcpCallbacks cb;
  cb.on_data = [this, session](std::string_view bytes) {
    heard(session, bytes);
    if (sink_.data) sink_.data(session, bytes);
  };
  cb.on_peer_fin = [this, session] {
    auto it = conns_.find(session);
    if (it != conns_.end()) tcp().close(it->second);
  };
  cb.on_closed = [this, session](CloseReason) {
    conns_.erase(session);
    if (sink_.closed) sink_.closed(session);
  };
  conns_[session] = tcp().connect(*ip, port, cb);
}

std::string ExternalHost::apply(const InputEvent& e) {
  // target: "SESSION" or, for bridge-open, "SESSION HOST:PORT"
  int session = std::atoi(e.target.c_str());
  if (e.kind == "bridge-open") {
    std::size_t sp = e.target.find(' ');
    std::size_t colon = e.target.rfind(':');
    if (sp == std::string::npos || colon == std::string::npos || colon < sp) return "bad bridge-open target";
    open(session, e.target.substr(sp + 1, colon - sp - 1),
         static_cast<std::uint16_t>(std::atoi(e.target.c_str() + colon + 1)));
    return "";
  }
  auto it = conns_.find(session);
  if (it == conns_.end()) return "no bridge session " + std::to_string(session);
  if (e.kind == "bridge-data") tcp().send(it->second, e.text, Label{protocols::Proto::RAW, protocols::LabelKind::Data,
                                                                     protocols::label_text(e.text)});
  else if (e.kind == "bridge-close") tcp().close(it->second);
  else if (e.kind == "bridge-flow") tcp().set_reading(it->second, e.text != "pause");
  else return "unknown bridge entry " + e.kind;
  return "";
}

std::string ExternalHost::telnet(const std::string& target, const std::string& line) {
  std::size_t colon = target.rfind(':');
  if (colon == std::string::npos) return "telnet target must be HOST:PORT, not '" + target + "'";
  auto it = telnet_sessions_.find(target);
  if (it == telnet_sessions_.end() || !conns_.count(it->second.session)) {
    int session = 1'000'000 + static_cast<int>(console_target_.size());  // apart from bridge sessions
    open(session, target.substr(0, colon), static_cast<std::uint16_t>(std::atoi(target.c_str() + colon + 1)));
    it = telnet_sessions_.insert_or_assign(target, Console{session, false, {}, {}}).first;
    console_target_[session] = target;
  }
  Console& con = it->second;
  if (!conns_.count(con.session)) return "no such host " + target;
  if (!con.greeted) con.typed.push_back(line);  // a person reads the greeting first
  else type(con.session, line);
  return "";
}

void ExternalHost::type(int session, const std::string& line) {
  auto c = conns_.find(session);
  if (c == conns_.end()) return;
  std::string bytes = line + "\r\n";
  tcp().send(c->second, bytes, Label{protocols::Proto::RAW, protocols::LabelKind::Command, protocols::label_text(line)});
}

void ExternalHost::heard(int session, std::string_view bytes) {
  auto t = console_target_.find(session);
  if (t == console_target_.end()) return;
  auto it = telnet_sessions_.find(t->second);
  if (it == telnet_sessions_.end() || it->second.session != session || it->second.greeted) return;
  Console& con = it->second;
  con.heard.append(bytes);
  // The greeting ends with its first line that is not an SMTP continuation ("220-..."):
  // "220 ...", "+OK ...", "* OK ...", or a refusal such as "554 ..." or "-ERR ...".
  std::size_t begin = 0;
  for (std::size_t nl; (nl = con.heard.find('\n', begin)) != std::string::npos; begin = nl + 1) {
    std::string_view l(con.heard.data() + begin, nl - begin);
    bool continuation = l.size() >= 4 && l[3] == '-' && std::isdigit(static_cast<unsigned char>(l[0])) &&
                        std::isdigit(static_cast<unsigned char>(l[1])) && std::isdigit(static_cast<unsigned char>(l[2]));
    if (continuation) continue;
    con.greeted = true;
    con.heard.clear();
    std::vector<std::string> typed = std::move(con.typed);
    con.typed.clear();
    for (const std::string& line : typed) type(session, line);
    return;
  }
}

}  // namespace sim

namespace sim {

void attach_external_host(ScenarioSpec& s, const std::string& server) {
  bool have = false;
  for (const HostSpec& h : s.hosts) have |= h.name == kExternalHostName;
  if (!have) {
    HostSpec h;
    h.name = kExternalHostName;
    h.kind = "external";
    for (int last = 200; last < 255; ++last) {
      std::string ip = "203.0.113." + std::to_string(last);
      bool used = false;
      for (const HostSpec& o : s.hosts) used |= o.ip == ip;
      if (!used) {
        h.ip = ip;
        break;
      }
    }
    s.hosts.push_back(h);
  }
  for (const LinkSpec& l : s.links)
    if ((l.a == kExternalHostName && l.b == server) || (l.b == kExternalHostName && l.a == server)) return;
  LinkSpec l;
  l.a = kExternalHostName;
  l.b = server;
  l.latency = std::chrono::milliseconds(1);
  l.bandwidth_bps = 1'000'000'000;
  s.links.push_back(l);
}

std::vector<std::string> bridge_servers(const InputLog& log) {
  std::vector<std::string> out;
  for (const InputEvent& e : log) {
    std::string host;
    if (e.kind == "telnet") {
      host = e.target.substr(0, e.target.rfind(':'));
    } else if (e.kind == "bridge-open") {
      std::size_t sp = e.target.find(' '), colon = e.target.rfind(':');
      if (sp == std::string::npos || colon == std::string::npos || colon < sp) continue;
      host = e.target.substr(sp + 1, colon - sp - 1);
    } else {
      continue;
    }
    if (std::find(out.begin(), out.end(), host) == out.end()) out.push_back(host);
  }
  return out;
}

}  // namespace sim
