// The socket bridge's stand-in inside the world: a host (kind "external") whose TCP
// connections carry the bytes of real clients. Each real connection is a virtual one from
// this host, opened, fed and closed by input-log entries (bridge-open, bridge-data,
// bridge-close), so a live session replays exactly. bridge-flow "pause" and "resume" say
// when the real client stopped and started reading again: this host then stops and starts
// reading its virtual connection, whose window closes and opens (TCP flow control). What the server sends back goes to a
// sink the bridge sets; with no sink (a replay) it is simply recorded in the trace.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/host.hpp"
#include "sim/run.hpp"

namespace sim {

class ExternalHost : public Host {
 public:
  struct Sink {
    std::function<void(int session, std::string_view bytes)> data;
    std::function<void(int session)> closed;
  };
  ExternalHost(World& w, NodeId id, const HostSpec& spec) : Host(w, id, spec) {}
  void set_sink(Sink s) { sink_ = std::move(s); }

  // Applies one bridge input entry; returns an error message, empty on success.
  std::string apply(const InputEvent& e);
  // The classroom telnet console: a line typed to "host:port" (CR LF added), on one
  // connection per target, opened by the first line. Like a person, the console reads the
  // server's greeting before it speaks (RFC 5321 §3.1; POP3's +OK and IMAP's * OK alike):
  // lines typed before the greeting has arrived in full wait, in order, and leave right
  // after it.
  std::string telnet(const std::string& target, const std::string& line);

 private:
  struct Console {
    int session = 0;
    bool greeted = false;            // the greeting's last line has arrived
    std::string heard;               // the greeting so far, up to its last line
    std::vector<std::string> typed;  // lines typed before the greeting, in order
  };
  std::map<std::string, Console> telnet_sessions_;
  std::map<int, std::string> console_target_;  // session -> target, for telnet sessions
  void open(int session, const std::string& host, std::uint16_t port);
  void heard(int session, std::string_view bytes);
  void type(int session, const std::string& line);
  std::map<int, ConnId> conns_;
  Sink sink_;
};

}  // namespace sim

namespace sim {
constexpr const char* kExternalHostName = "real-client";
// Adds the external host (if not there yet) with a link to `server`; its address is the
// first free one of 203.0.113.200-254 (RFC 5737 documentation range). Serve and replay call
// it the same way, so their worlds are the same.
void attach_external_host(ScenarioSpec& s, const std::string& server);
// The servers named by bridge-open and telnet entries of a log, in order of first appearance.
std::vector<std::string> bridge_servers(const InputLog& log);
}  // namespace sim
