// The socket bridge: real TCP ports on this machine whose connections become virtual
// connections from the world's external host to a simulated server. Simulated time follows
// the wall clock. Every byte a real client sends is an input-log entry at the simulated
// time it took effect, so the session can be saved and replayed exactly.
// The bridge is only a pipe: limits on sessions and commands are the simulated server's
// (max-sessions, max-commands). Its own guards keep the process safe: a cap on open sockets
// (answered in the port's protocol), no reading from a client whose replies are not being
// read, and a linger of a few seconds after the server closed before the socket is dropped.
// Flow: once 1 MiB waits for a client that does not read, the bridge stops reading the
// virtual connection too (a bridge-flow "pause" entry in the input log, so a replay does the
// same); its window closes, the server's output waits in the server, and the server produces
// no more than its connection can hold (EngineSession's back-pressure). When the client has
// read most of it, "resume".
// Left out: TLS (STARTTLS), IPv6 listeners.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
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
  std::size_t max_connections = 256;  // open sockets over all ports (a guard for the process)
  // When another thread also touches the world (serve --gui's window), the bridge holds
  // this while it runs the world or feeds it, and lets go while it waits on the sockets.
  std::mutex* world_lock = nullptr;
  // Where each input entry goes as it is made (serve --record), one JSON line each
  // (sim::input_event_to_json); with none they are only counted. Memory never holds the log.
  std::ostream* record = nullptr;
};

class SocketBridge {
 public:
  SocketBridge(sim::World& world, BridgeOptions opts);
  ~SocketBridge();
  // Opens the listening sockets; false with a message when one cannot be opened.
  bool listen(std::string* error);
  // Runs until *stop becomes true; simulated time follows the wall clock.
  void run(const std::atomic<bool>& stop);
  std::size_t logged() const { return logged_; }  // input entries so far
  // Feeds one input entry to the world at the current simulated time and records it.
  void input(sim::InputEvent e);

 private:
  using Clock = std::chrono::steady_clock;
  struct Session {
    int fd = -1;
    std::string out;       // bytes from the simulation not yet written to the socket
    bool sim_closed = false;  // the virtual connection is gone: what the client sends is dropped
    bool shut = false;        // our side is shut down (FIN sent); lingering until the client closes
    bool paused = false;      // the client stopped reading: the virtual connection is not read either
    Clock::time_point shut_at{};
  };
  void accept_on(std::size_t port_index);
  void read_from(int session);
  void flush(int session);
  void drop(int session);
  void drop_lingering();
  void update_flow();

  sim::World& world_;
  sim::ExternalHost* ext_ = nullptr;
  BridgeOptions opts_;
  std::vector<int> listen_fds_;
  std::map<int, Session> sessions_;
  int next_session_ = 1;
  std::size_t logged_ = 0;
};

}  // namespace app
