// Socket bridge: poll(2) over listening and client sockets, stepping the world in real time.
#include "app/socket_bridge.hpp"

#include "sim/input_log.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

namespace app {

namespace {
// What a client hears when the bridge itself has no room (its own guard, below the
// simulated server's max-sessions), in the protocol of the port it connected to.
std::string_view busy_reply(const std::string& port) {
  if (port == "smtp" || port == "submission") return "421 4.7.0 too many connections to the MailSim bridge\r\n";
  if (port == "pop3") return "-ERR [SYS/TEMP] too many connections to the MailSim bridge\r\n";
  if (port == "imap") return "* BYE too many connections to the MailSim bridge\r\n";
  if (port == "http")
    return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
  return "";
}
// Past this many bytes waiting for a client that does not read, its input is not read either.
constexpr std::size_t kMaxPendingOut = 1 << 20;
// Below this many bytes waiting, a paused session is read again.
constexpr std::size_t kResumeBelow = kMaxPendingOut / 4;
// How long a socket stays after the simulated server closed, for the client to read the end.
constexpr auto kLinger = std::chrono::seconds(2);

// The longest accept queue the kernel allows (net.core.somaxconn, 4096 on current Linux; it
// silently caps larger requests): a burst of connections waits in the queue for the accept
// loop instead of being dropped or left unanswered while a short queue overflows.
int listen_backlog() {
  int n = SOMAXCONN;
  std::ifstream f("/proc/sys/net/core/somaxconn");
  if (int v = 0; f >> v && v > n) n = v;
  return n;
}
}  // namespace

SocketBridge::SocketBridge(sim::World& world, BridgeOptions opts) : world_(world), opts_(std::move(opts)) {
  ext_ = dynamic_cast<sim::ExternalHost*>(world_.host(sim::kExternalHostName));
  if (ext_) {
    sim::ExternalHost::Sink sink;
    sink.data = [this](int s, std::string_view bytes) {
      auto it = sessions_.find(s);
      if (it == sessions_.end()) return;
      it->second.out.append(bytes);
      flush(s);
    };
    sink.closed = [this](int s) {
      auto it = sessions_.find(s);
      if (it == sessions_.end()) return;
      it->second.sim_closed = true;
      flush(s);
    };
    ext_->set_sink(std::move(sink));
  }
}

SocketBridge::~SocketBridge() {
  for (int fd : listen_fds_) ::close(fd);
  for (auto& [s, sess] : sessions_) ::close(sess.fd);
}

bool SocketBridge::listen(std::string* error) {
  if (!ext_) {
    *error = "the world has no external host";
    return false;
  }
  for (const BridgePort& p : opts_.ports) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(p.real_port);
    if (::inet_pton(AF_INET, opts_.bind.c_str(), &a.sin_addr) != 1) {
      *error = "--bind needs an IPv4 address, not '" + opts_.bind + "'";
      ::close(fd);
      return false;
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, listen_backlog()) != 0) {
      *error = "cannot listen on " + opts_.bind + ":" + std::to_string(p.real_port) + " (" + p.name + "): " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    listen_fds_.push_back(fd);
  }
  return true;
}

void SocketBridge::input(sim::InputEvent e) {
  e.at = world_.now();
  if (opts_.record) *opts_.record << sim::input_event_to_json(e) << '\n';
  ++logged_;
  world_.schedule_input(e);
  world_.run_until(world_.now());
}

void SocketBridge::accept_on(std::size_t i) {
  // Everything waiting in the queue at once: each is greeted (or refused by the simulated
  // server's session cap) in the same pass, not one per turn of the poll loop.
  while (true) {
    int fd = ::accept4(listen_fds_[i], nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN: the queue is empty (or EMFILE: the next turn retries)
    if (sessions_.size() >= opts_.max_connections) {
      std::string_view busy = busy_reply(opts_.ports[i].name);
      (void)!::send(fd, busy.data(), busy.size(), MSG_NOSIGNAL);
      ::close(fd);
      continue;
    }
    int s = next_session_++;
    sessions_[s].fd = fd;
    const BridgePort& p = opts_.ports[i];
    input(sim::InputEvent{{}, "bridge-open", std::to_string(s) + " " + p.server + ":" + std::to_string(p.virtual_port), ""});
  }
}

void SocketBridge::read_from(int s) {
  auto it = sessions_.find(s);
  if (it == sessions_.end()) return;
  char buf[16384];
  ssize_t n = ::read(it->second.fd, buf, sizeof buf);
  if (n > 0) {
    // After the server closed, the virtual connection is gone: nothing to carry, nothing to log.
    if (!it->second.sim_closed)
      input(sim::InputEvent{{}, "bridge-data", std::to_string(s), std::string(buf, static_cast<std::size_t>(n))});
  } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
    bool logged = !it->second.sim_closed;
    drop(s);
    if (logged) input(sim::InputEvent{{}, "bridge-close", std::to_string(s), ""});
  }
}

void SocketBridge::drop(int s) {
  auto it = sessions_.find(s);
  if (it == sessions_.end()) return;
  ::close(it->second.fd);
  sessions_.erase(it);
}

void SocketBridge::drop_lingering() {
  Clock::time_point now = Clock::now();
  std::vector<int> gone;
  for (const auto& [s, sess] : sessions_)
    if (sess.shut && now - sess.shut_at > kLinger) gone.push_back(s);
  for (int s : gone) drop(s);
}

void SocketBridge::update_flow() {
  std::vector<std::pair<int, bool>> changes;
  for (auto& [s, sess] : sessions_) {
    if (sess.sim_closed) continue;
    if (!sess.paused && sess.out.size() >= kMaxPendingOut) changes.emplace_back(s, true);
    else if (sess.paused && sess.out.size() < kResumeBelow) changes.emplace_back(s, false);
  }
  for (auto [s, pause] : changes) {
    auto it = sessions_.find(s);
    if (it == sessions_.end()) continue;
    it->second.paused = pause;
    input(sim::InputEvent{{}, "bridge-flow", std::to_string(s), pause ? "pause" : "resume"});
  }
}

void SocketBridge::flush(int s) {
  auto it = sessions_.find(s);
  if (it == sessions_.end()) return;
  Session& sess = it->second;
  while (!sess.out.empty()) {
    ssize_t n = ::send(sess.fd, sess.out.data(), sess.out.size(), MSG_NOSIGNAL);
    if (n <= 0) break;
    sess.out.erase(0, static_cast<std::size_t>(n));
  }
  if (sess.sim_closed && sess.out.empty() && !sess.shut) {
    ::shutdown(sess.fd, SHUT_WR);
    sess.shut = true;
    sess.shut_at = Clock::now();
  }
}

void SocketBridge::run(const std::atomic<bool>& stop) {
  Clock::time_point t0 = Clock::now();
  protocols::Instant base = world_.now();
  std::unique_lock<std::mutex> held;
  if (opts_.world_lock) held = std::unique_lock<std::mutex>(*opts_.world_lock);
  while (!stop.load()) {
    protocols::Instant target = base + std::chrono::duration_cast<protocols::Duration>(Clock::now() - t0);
    if (target > world_.now()) world_.run_until(target);
    update_flow();
    drop_lingering();
    std::vector<pollfd> fds;
    for (int fd : listen_fds_) fds.push_back(pollfd{fd, POLLIN, 0});
    std::vector<int> order;
    for (auto& [s, sess] : sessions_) {
      short want = sess.out.size() < kMaxPendingOut ? POLLIN : 0;  // a client that does not read
      if (!sess.out.empty()) want |= POLLOUT;
      fds.push_back(pollfd{sess.fd, want, 0});
      order.push_back(s);
    }
    // Sleep until the next simulated event is due, to the nanosecond (ppoll): poll's whole
    // milliseconds would spin on the sub-millisecond waits the 1 ms link makes all the time.
    long long wait_ns = 50'000'000;
    if (auto next = world_.kernel().sched.next_time())
      wait_ns = std::clamp<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(*next - world_.now()).count(),
                                      0, wait_ns);
    timespec ts{static_cast<time_t>(wait_ns / 1'000'000'000), static_cast<long>(wait_ns % 1'000'000'000)};
    if (held) held.unlock();
    int r = ::ppoll(fds.data(), fds.size(), &ts, nullptr);
    if (opts_.world_lock) held.lock();
    if (r <= 0) continue;
    for (std::size_t i = 0; i < listen_fds_.size(); ++i)
      if (fds[i].revents & POLLIN) accept_on(i);
    for (std::size_t k = 0; k < order.size(); ++k) {
      short ev = fds[listen_fds_.size() + k].revents;
      if (ev & POLLOUT) flush(order[k]);
      if (ev & (POLLIN | POLLHUP | POLLERR)) read_from(order[k]);
    }
    update_flow();
  }
}

}  // namespace app
