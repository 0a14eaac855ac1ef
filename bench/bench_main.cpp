// MailSim benchmarks: figures printed, not tests (DESIGN.md). Run: build/mailsim_bench [name...]
//   scheduler  events per wall second through the discrete-event scheduler
//   goodput    simulated TCP payload bytes carried per wall second over a clean link
//   conns      1,000 hosts opening 100,000 short connections: wall time and peak memory
//   smtp       100,000 messages user agent -> MTA -> MTA -> mailbox, deliveries per wall second
//   outage     a one-day outage of the receiver with 10,000 messages queued: wall time

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "sim/mail_server_host.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/world.hpp"

using namespace std::chrono_literals;
using bench::Clock;
using bench::peak_rss_mib;
using bench::seconds_since;

namespace {

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
  // 1,000 hosts in a star around one router; each opens 100 short connections to a server
  // (MAILSIM_BENCH_CONNS_PER_HOST=5: 5 each, the scale ns-3 can run; bench/ns3/ns3_bench.cc).
  const int per_host = bench::conns_per_host();
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
    for (int k = 0; k < per_host; ++k) {
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
  std::printf("connections: %llu of %d served, %llu closed, in %.2f s wall (world set-up %.2f s), "
              "%llu events, peak RSS %ld MiB\n",
              (unsigned long long)served, 1000 * per_host, (unsigned long long)done, dt, setup,
              (unsigned long long)w.kernel().sched.events_run(), peak_rss_mib());
}

// MAILSIM_BENCH_SCALE=0.1 runs a tenth of each workload (a quick look).
int bench_n(int n) {
  const char* scale = std::getenv("MAILSIM_BENCH_SCALE");
  return scale ? std::max(1, static_cast<int>(n * std::atof(scale))) : n;
}

sim::ScenarioSpec textbook_with(int messages, sim::Duration spacing) {
  sim::LoadResult r = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/textbook.json");
  sim::ScenarioSpec s = *r.scenario;
  for (auto& h : s.hosts) {
    if (h.name != "alice-pc") continue;
    sim::SendSpec one = h.agent.sends.at(0);
    h.agent.sends.clear();
    for (int i = 0; i < messages; ++i) {
      one.at = std::chrono::seconds(1) + spacing * i;
      h.agent.sends.push_back(one);
    }
  }
  s.until.reset();
  return s;
}

std::size_t bob_inbox(sim::World& w) {
  auto& mb = dynamic_cast<sim::MailServerHost&>(*w.host("mail.b.example"));
  const protocols::store::Folder* f = mb.store().folder("bob", "INBOX");
  return f ? f->messages.size() : 0;
}

// End-to-end deliveries: user agent -> mail.a (submission, AUTH) -> mail.b (relay) -> mailbox.
void bench_smtp(int n) {
  sim::ScenarioSpec s = textbook_with(n, std::chrono::milliseconds(20));
  auto t0 = Clock::now();
  sim::World w(s, 1);
  w.kernel().trace.set_keep_segments(false);
  w.run_to_idle(protocols::kEpoch + std::chrono::hours(24 * 30));
  double dt = seconds_since(t0);
  std::size_t got = bob_inbox(w);
  std::printf("smtp: %zu of %d messages delivered end to end in %.2f s wall = %.0f deliveries/s "
              "(%llu events, %zu trace records, simulated %s, peak RSS %ld MiB)\n",
              got, n, dt, got / dt, (unsigned long long)w.kernel().sched.events_run(), w.trace().size(),
              protocols::format_clock(w.now()).c_str(), peak_rss_mib());
}

// A one-day outage of the receiver with n messages queued at the sender.
void bench_outage(int n) {
  sim::ScenarioSpec s = textbook_with(n, std::chrono::milliseconds(5));
  sim::FaultSpec off{std::chrono::milliseconds(500), "power-off", "mail.b.example", "", {}};
  sim::FaultSpec on{std::chrono::hours(24), "power-on", "mail.b.example", "", {}};
  s.faults = {off, on};
  auto t0 = Clock::now();
  sim::World w(s, 1);
  w.kernel().trace.set_keep_segments(false);
  for (const auto& f : s.faults) w.schedule_fault(f, sim::FaultSource::Bench);
  w.run_to_idle(protocols::kEpoch + std::chrono::hours(24 * 7));
  double dt = seconds_since(t0);
  std::printf("outage: %d messages queued through a 1-day outage, %zu delivered after it, %.2f s wall "
              "(%llu events, simulated %s)\n",
              n, bob_inbox(w), dt, (unsigned long long)w.kernel().sched.events_run(),
              protocols::format_clock(w.now()).c_str());
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
  if (on("smtp")) bench_smtp(bench_n(100000));
  if (on("outage")) bench_outage(bench_n(10000));
}
