// The peer of build/mailsim_bench: the same workloads written as an ns-3 program (Debian's
// libns3-dev, 3.37), printing the same lines in the same units so that bench/run can put the
// two side by side. Figures, not tests. Run: ns3_bench [scheduler|goodput|conns|all]...
//   scheduler  a self-rescheduling population of 1,000 timers, 10 M events, through ns-3's
//              default scheduler (MapScheduler); "scheduler-heap" and "scheduler-calendar"
//              run the same through ns-3's other schedulers
//   goodput    256 MiB over one clean 10 Gbit/s, 1 ms point-to-point link (BulkSend -> PacketSink)
//   conns      1,000 hosts on 2 ms, 100 Mbit/s links round one router, the server 1 ms away
//              at 10 Gbit/s; each host opens 100 short connections (ping, pong + FIN, FIN)
// TCP is set up as MailSim's virtual TCP is (sim/tcp.hpp): MSS 1460, a fixed 65535-byte
// receive window, no window scaling, SACK or timestamps, every segment ACKed at once, no
// Nagle, initial window of 10 segments, NewReno. IPv6 is not installed and the traffic-control
// queue discs are removed (MailSim's links have one FIFO per direction, as ns-3's devices do);
// routes are static (default routes to the router), as MailSim's are computed once.
// Left out: MailSim's trace records (its benchmarks turn segment records off, but keep the
// others), its SMTP workloads (ns-3 has no mail servers).
//
// Named .cc, not .cpp, so that the main CMake build (which globs bench/*.cpp into
// mailsim_bench) does not pick it up: MailSim never depends on ns-3. bench/run builds it.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../bench_util.hpp"
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

using namespace ns3;
using bench::Clock;
using bench::peak_rss_mib;
using bench::seconds_since;

namespace {

// ---- scheduler --------------------------------------------------------------------------

constexpr std::uint64_t kSchedulerEvents = 10'000'000;
std::uint64_t g_fired = 0;

void tick(int i) {
  ++g_fired;
  if (g_fired + 1000 <= kSchedulerEvents) Simulator::Schedule(MicroSeconds(1 + (i * 7919) % 1000), &tick, i);
}

void bench_scheduler(const char* kind, const char* type_name) {
  ObjectFactory f;
  f.SetTypeId(type_name);
  Simulator::SetScheduler(f);
  g_fired = 0;
  for (int i = 0; i < 1000; ++i) Simulator::Schedule(MicroSeconds(i), &tick, i);
  auto t0 = Clock::now();
  Simulator::Run();
  double dt = seconds_since(t0);
  std::printf("scheduler (ns-3 %s): %llu events in %.2f s = %.1f M events/s\n", kind,
              (unsigned long long)g_fired, dt, g_fired / dt / 1e6);
  Simulator::Destroy();
}

// ---- TCP set-up shared by goodput and conns ---------------------------------------------

void configure_tcp_like_mailsim() {
  Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(TcpNewReno::GetTypeId()));
  Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1460));
  Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(65535));
  Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(10));
  Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(1));
  Config::SetDefault("ns3::TcpSocket::TcpNoDelay", BooleanValue(true));
  Config::SetDefault("ns3::TcpSocketBase::WindowScaling", BooleanValue(false));
  Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false));
  Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(false));
  Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(Seconds(1)));
  Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(30));  // TIME-WAIT 2 MSL = 60 s
}

InternetStackHelper ipv4_static_stack() {
  InternetStackHelper stack;
  stack.SetIpv6StackInstall(false);
  stack.SetRoutingHelper(Ipv4StaticRoutingHelper());
  return stack;
}

// Joins a and b by a point-to-point link on its own /30; returns the two addresses.
Ipv4InterfaceContainer link(Ptr<Node> a, Ptr<Node> b, const char* rate, Time delay, Ipv4AddressHelper& ip) {
  PointToPointHelper p2p;
  p2p.SetDeviceAttribute("DataRate", StringValue(rate));
  p2p.SetChannelAttribute("Delay", TimeValue(delay));
  NetDeviceContainer d = p2p.Install(a, b);
  Ipv4InterfaceContainer i = ip.Assign(d);
  ip.NewNetwork();
  TrafficControlHelper().Uninstall(d);
  return i;
}

// ---- goodput ----------------------------------------------------------------------------

void bench_goodput() {
  configure_tcp_like_mailsim();
  NodeContainer n;
  n.Create(2);
  ipv4_static_stack().Install(n);
  Ipv4AddressHelper ip("10.0.0.0", "255.255.255.252");
  Ipv4InterfaceContainer i = link(n.Get(0), n.Get(1), "10Gbps", MilliSeconds(1), ip);

  const std::uint64_t total = 256ull << 20;
  PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
  ApplicationContainer rx = sink.Install(n.Get(1));
  static Time last_byte;
  rx.Get(0)->TraceConnectWithoutContext(
      "Rx", MakeCallback(+[](Ptr<const Packet>, const Address&) { last_byte = Simulator::Now(); }));
  BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(i.GetAddress(1), 9));
  bulk.SetAttribute("MaxBytes", UintegerValue(total));
  bulk.SetAttribute("SendSize", UintegerValue(65536));
  bulk.Install(n.Get(0));

  auto t0 = Clock::now();
  Simulator::Stop(Hours(1));
  Simulator::Run();
  double dt = seconds_since(t0);
  double received = DynamicCast<PacketSink>(rx.Get(0))->GetTotalRx();
  std::printf("goodput: %.0f MiB of payload in %.2f s wall = %.1f MiB/s (simulated %.2f s, the last byte at "
              "%.2f s, %llu events)\n",
              received / 1048576.0, dt, received / 1048576.0 / dt, Simulator::Now().GetSeconds(),
              last_byte.GetSeconds(), (unsigned long long)Simulator::GetEventCount());
  Simulator::Destroy();
}

// ---- conns ------------------------------------------------------------------------------

std::uint64_t g_served = 0, g_closed = 0;

void client_state(TcpSocket::TcpStates_t, TcpSocket::TcpStates_t now) {
  if (now == TcpSocket::CLOSED) ++g_closed;
}

void client_connect(Ptr<Node> host, Ipv4Address server) {
  Ptr<Socket> s = Socket::CreateSocket(host, TcpSocketFactory::GetTypeId());
  s->TraceConnectWithoutContext("State", MakeCallback(&client_state));
  s->SetConnectCallback(
      MakeCallback(+[](Ptr<Socket> c) { c->Send(reinterpret_cast<const std::uint8_t*>("ping\r\n"), 6, 0); }),
      MakeNullCallback<void, Ptr<Socket>>());
  s->SetRecvCallback(MakeCallback(+[](Ptr<Socket> c) { while (c->Recv()) {} }));
  // The peer's FIN: ns-3 reports it as a "normal close"; answer with ours, as MailSim's
  // client does in on_peer_fin.
  s->SetCloseCallbacks(MakeCallback(+[](Ptr<Socket> c) { c->Close(); }), MakeNullCallback<void, Ptr<Socket>>());
  s->Bind();
  s->Connect(InetSocketAddress(server, 80));
}

void server_recv(Ptr<Socket> s) {
  while (Ptr<Packet> p = s->Recv()) {
    if (p->GetSize() == 0) continue;
    s->Send(reinterpret_cast<const std::uint8_t*>("pong\r\n"), 6, 0);
    s->Close();
    ++g_served;
  }
}

void bench_connections(int hosts, int per_host) {
  configure_tcp_like_mailsim();
  auto t0 = Clock::now();
  NodeContainer core, leaves;
  core.Create(2);  // router, server
  leaves.Create(hosts);
  InternetStackHelper stack = ipv4_static_stack();
  stack.Install(core);
  stack.Install(leaves);
  Ipv4AddressHelper ip("10.0.0.0", "255.255.255.252");
  Ipv4StaticRoutingHelper routing;
  Ptr<Node> router = core.Get(0), server = core.Get(1);
  Ipv4InterfaceContainer s = link(server, router, "10Gbps", MilliSeconds(1), ip);
  routing.GetStaticRouting(server->GetObject<Ipv4>())->SetDefaultRoute(s.GetAddress(1), 1);
  for (int i = 0; i < hosts; ++i) {
    Ipv4InterfaceContainer l = link(leaves.Get(i), router, "100Mbps", MilliSeconds(2), ip);
    routing.GetStaticRouting(leaves.Get(i)->GetObject<Ipv4>())->SetDefaultRoute(l.GetAddress(1), 1);
  }
  Ptr<Socket> listener = Socket::CreateSocket(server, TcpSocketFactory::GetTypeId());
  listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
  listener->Listen();
  listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                              MakeCallback(+[](Ptr<Socket> c, const Address&) {
                                c->SetRecvCallback(MakeCallback(&server_recv));
                              }));
  Ipv4Address dst = s.GetAddress(0);
  for (int i = 0; i < hosts; ++i)
    for (int k = 0; k < per_host; ++k)
      Simulator::Schedule(MilliSeconds(k * 50 + i % 50), &client_connect, leaves.Get(i), dst);
  double setup = seconds_since(t0);
  Simulator::Stop(Hours(1));
  Simulator::Run();
  double dt = seconds_since(t0);
  std::printf("connections: %llu of %d served, %llu closed, in %.2f s wall (world set-up %.2f s), "
              "%llu events, peak RSS %ld MiB\n",
              (unsigned long long)g_served, hosts * per_host, (unsigned long long)g_closed, dt, setup,
              (unsigned long long)Simulator::GetEventCount(), peak_rss_mib());
  Simulator::Destroy();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> want(argv + 1, argv + argc);
  auto on = [&](const char* n) {
    if (want.empty()) return std::string(n).find('-') == std::string::npos;
    for (auto& w : want) if (w == n || w == "all") return true;
    return false;
  };
  // MAILSIM_BENCH_CONNS_PER_HOST=5 opens 5 connections per host instead of 100, as
  // mailsim_bench does: ns-3 finds a segment's socket by a linear search of the node's
  // endpoints (Ipv4EndPointDemux::Lookup), and the server holds every connection in TIME-WAIT,
  // so the full 100,000 take ns-3 hours.
  const int per_host = bench::conns_per_host();
  if (on("scheduler")) bench_scheduler("map, the default", "ns3::MapScheduler");
  if (on("scheduler-heap")) bench_scheduler("heap", "ns3::HeapScheduler");
  if (on("scheduler-calendar")) bench_scheduler("calendar", "ns3::CalendarScheduler");
  if (on("goodput")) bench_goodput();
  if (on("conns")) bench_connections(1000, per_host);
}
