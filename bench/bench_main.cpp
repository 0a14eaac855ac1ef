// MailSim benchmarks: figures printed, not tests (DESIGN.md). Run: build/mailsim_bench [name...]
//   scheduler  events per wall second through the discrete-event scheduler
//   goodput    simulated TCP payload bytes carried per wall second over a clean link
//   conns      1,000 hosts opening 100,000 short connections: wall time and peak memory
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "sim/world.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

long peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

void bench_scheduler() {
  sim::Scheduler s;
  const std::uint64_t n = 10'000'000;
  std::uint64_t fired = 0;
  // A self-rescheduling population of 1,000 timers, as a busy world has.
  std::function<void(int)> tick = [&](int i) {
    ++fired;
    if (fired + 1000 <= n) s.after(std::chrono::microseconds(1 + (i * 7919) % 1000), [&, i] { tick(i); });
  };
  for (int i = 0; i < 1000; ++i) s.after(std::chrono::microseconds(i), [&, i] { tick(i); });
  auto t0 = Clock::now();
  s.run();
  double dt = seconds_since(t0);
  std::printf("scheduler: %llu events in %.2f s = %.1f M events/s\n", (unsigned long long)fired, dt, fired / dt / 1e6);
}

sim::ScenarioSpec pair_world(std::uint64_t bandwidth) {
  sim::ScenarioSpec s;
  sim::HostSpec a, b;
  a.name = "a"; a.kind = "host"; a.ip = "10.0.0.1";
  b.name = "b"; b.kind = "host"; b.ip = "10.0.0.2";
  s.hosts = {a, b};
  sim::LinkSpec l;
  l.a = "a"; l.b = "b"; l.latency = 1ms; l.bandwidth_bps = bandwidth;
  s.links = {l};
  return s;
}

void bench_goodput() {
  sim::World w(pair_world(10'000'000'000ULL), 1);
  w.kernel().trace.set_keep_segments(false);
  std::uint64_t received = 0;
  sim::TcpStack& b = w.host("b")->tcp();
  b.listen(9, [&](sim::ConnId) {
    sim::TcpCallbacks cb;
    cb.on_data = [&](std::string_view d) { received += d.size(); };
    return cb;
  });
  sim::TcpStack& a = w.host("a")->tcp();
  const std::size_t total = 256u << 20;
  std::string chunk(1 << 20, 'x');
  sim::ConnId c = 0;
  sim::TcpCallbacks cb;
  cb.on_connected = [&] {
    for (std::size_t sent = 0; sent < total; sent += chunk.size()) a.send(c, chunk, sim::Label{});
  };
  c = a.connect(*w.address_of("b"), 9, cb);
  auto t0 = Clock::now();
  w.run_until(protocols::kEpoch + 1h);
  double dt = seconds_since(t0);
  std::printf("goodput: %.0f MiB of payload in %.2f s wall = %.1f MiB/s (simulated %.2f s)\n",
              received / 1048576.0, dt, received / 1048576.0 / dt,
              protocols::ns_of(w.now()) / 1e9);
}

void bench_connections() {
  // 1,000 hosts in a star around one router; each opens 100 short connections to a server.
  sim::ScenarioSpec s;
  sim::HostSpec r, srv;
  r.name = "router"; r.kind = "router"; r.ip = "10.255.255.254";
  srv.name = "server"; srv.kind = "host"; srv.ip = "10.255.0.1";
  s.hosts = {r, srv};
  sim::LinkSpec ls;
  ls.a = "server"; ls.b = "router"; ls.latency = 1ms; ls.bandwidth_bps = 10'000'000'000ULL;
  s.links = {ls};
  for (int i = 0; i < 1000; ++i) {
    sim::HostSpec h;
    h.name = "h" + std::to_string(i);
    h.kind = "host";
    h.ip = "10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1";
    s.hosts.push_back(h);
    sim::LinkSpec l;
    l.a = h.name; l.b = "router"; l.latency = 2ms;
    s.links.push_back(l);
  }
  auto t0 = Clock::now();
  sim::World w(s, 1);
  w.kernel().trace.set_keep_segments(false);
  double setup = seconds_since(t0);
  sim::TcpStack& server = w.host("server")->tcp();
  std::uint64_t served = 0, done = 0;
  server.listen(80, [&](sim::ConnId c) {
    sim::TcpCallbacks cb;
    cb.on_data = [&, c](std::string_view) {
      server.send(c, "pong\r\n", sim::Label{});
      server.close(c);
      ++served;
    };
    return cb;
  });
  sim::Ipv4 dst = *w.address_of("server");
  for (int i = 0; i < 1000; ++i) {
    sim::Host* h = w.host("h" + std::to_string(i));
    for (int k = 0; k < 100; ++k) {
      w.kernel().sched.at(protocols::kEpoch + std::chrono::milliseconds(k * 50 + i % 50), [&, h, dst] {
        sim::TcpStack& t = h->tcp();
        auto id = std::make_shared<sim::ConnId>(0);
        sim::TcpCallbacks cb;
        cb.on_connected = [&t, id] { t.send(*id, "ping\r\n", sim::Label{}); };
        cb.on_peer_fin = [&t, id] { t.close(*id); };
        cb.on_closed = [&done](sim::CloseReason) { ++done; };
        *id = t.connect(dst, 80, cb);
      });
    }
  }
  w.run_until(protocols::kEpoch + 1h);
  double dt = seconds_since(t0);
  std::printf("connections: %llu of 100000 served, %llu closed, in %.2f s wall (world set-up %.2f s), "
              "%llu events, peak RSS %ld MiB\n",
              (unsigned long long)served, (unsigned long long)done, dt, setup,
              (unsigned long long)w.kernel().sched.events_run(), peak_rss_mib());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> want(argv + 1, argv + argc);
  auto on = [&](const char* n) {
    if (want.empty()) return true;
    for (auto& w : want) if (w == n) return true;
    return false;
  };
  if (on("scheduler")) bench_scheduler();
  if (on("goodput")) bench_goodput();
  if (on("conns")) bench_connections();
}
