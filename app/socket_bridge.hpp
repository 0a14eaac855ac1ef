// The socket bridge: real TCP ports on this machine whose connections become virtual
// connections from the world's external host to a simulated server. Simulated time follows
// the wall clock. Every byte a real client sends is an input-log entry at the simulated
// time it took effect, so the session can be saved and replayed exactly.
// Left out: TLS (STARTTLS), IPv6 listeners.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/external_host.hpp"
#include "sim/world.hpp"

namespace app {

struct BridgePort {
  std::string name;           // "smtp", "submission", "pop3", "imap", "http"
  std::uint16_t real_port = 0;
  std::string server;         // simulated host
  std::uint16_t virtual_port = 0;
};

struct BridgeOptions {
  std::string bind = "127.0.0.1";
  std::vector<BridgePort> ports;
  std::size_t max_connections = 64;
};

class SocketBridge {
 public:
  SocketBridge(sim::World& world, BridgeOptions opts);
  ~SocketBridge();
  // Opens the listening sockets; false with a message when one cannot be opened.
  bool listen(std::string* error);
  // Runs until *stop becomes true; simulated time follows the wall clock.
  void run(const std::atomic<bool>& stop);
  const sim::InputLog& log() const { return log_; }

 private:
  struct Session {
    int fd = -1;
    std::string out;       // bytes from the simulation not yet written to the socket
    bool sim_closed = false;
  };
  void accept_on(std::size_t port_index);
  void read_from(int session);
  void flush(int session);
  void input(sim::InputEvent e);

  sim::World& world_;
  sim::ExternalHost* ext_ = nullptr;
  BridgeOptions opts_;
  std::vector<int> listen_fds_;
  std::map<int, Session> sessions_;
  int next_session_ = 1;
  sim::InputLog log_;
};

}  // namespace app
