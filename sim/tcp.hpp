// Virtual TCP (RFC 9293, formerly 793): a real state machine per connection. Three-way
// handshake with ISNs from the world's generator; sequence and acknowledgement numbers;
// segmentation at the MSS; cumulative ACKs, a fixed 65535-byte receive window and an
// out-of-order buffer; retransmission on an RFC 6298 timer with exponential back-off, fast
// retransmit on three duplicate ACKs and a Reno-style congestion window (RFC 5681);
// FIN both ways and TIME-WAIT; RST for a SYN to a closed port.
//
// Limits chosen to behave like a stock Linux host (documented in docs/tcp.md):
//   SYN sent 1 + 5 retries (1, 2, 4, 8, 16, 32 s): a connect time-out after 63 s;
//   data retransmitted up to 8 times, RTO capped at 60 s; TIME-WAIT 60 s.
// Flow control (RFC 9293 §3.8.6): an application may stop reading (set_reading); what then
// arrives waits in the connection's receive buffer and the advertised window shrinks to 0.
// A sender facing a zero window probes it with one byte on the persist timer (§3.8.6.1),
// and the receiver announces the reopened window (§3.8.6.2.2). A writer can ask to be told
// when its unacknowledged backlog falls below a mark (notify_drained / on_drained), so an
// application produces output only as fast as the peer reads it.
// Left out: window scaling, SACK, timestamps, delayed ACKs (each segment is ACKed at once,
// piggybacked on data the application writes in response), Nagle, urgent data.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "sim/kernel.hpp"
#include "sim/network.hpp"

namespace sim {

enum class TcpState : std::uint8_t {
  Closed, Listen, SynSent, SynReceived, Established, FinWait1, FinWait2, CloseWait, Closing,
  LastAck, TimeWait
};
std::string_view to_string(TcpState s);

enum class CloseReason : std::uint8_t {
  Normal,            // both FINs exchanged
  Refused,           // RST in answer to our SYN: nobody listens on that port
  ConnectTimeout,    // SYN retries ran out: host off or unreachable
  Reset,             // the peer reset an established connection
  RetransmitTimeout, // data retries ran out: the peer died or the path broke
  Aborted,           // we reset it ourselves
};
std::string_view to_string(CloseReason r);

struct TcpCallbacks {
  std::function<void()> on_connected;
  std::function<void(std::string_view)> on_data;
  std::function<void()> on_peer_fin;           // the peer will send nothing more
  std::function<void(CloseReason)> on_closed;  // the connection is gone
  std::function<void()> on_drained;            // the backlog fell below notify_drained's mark
};

constexpr std::uint32_t kRecvWindow = 65535;
constexpr int kSynRetries = 5;
constexpr int kDataRetries = 8;
constexpr Duration kInitialRto = std::chrono::seconds(1);
constexpr Duration kMinRto = std::chrono::seconds(1);
constexpr Duration kMaxRto = std::chrono::seconds(60);
constexpr Duration kTimeWait = std::chrono::seconds(60);

class TcpStack {
 public:
  using AcceptFn = std::function<TcpCallbacks(ConnId)>;

  TcpStack(Kernel& k, Network& net, NodeId self);
  ~TcpStack();

  bool listen(std::uint16_t port, AcceptFn on_accept);
  void unlisten(std::uint16_t port);
  bool listening(std::uint16_t port) const { return listeners_.count(port) != 0; }

  ConnId connect(Ipv4 dst, std::uint16_t port, TcpCallbacks cb);
  // Queues bytes; they leave as segments as the window allows.
  void send(ConnId c, std::string_view bytes, const Label& label);
  // Sends FIN after the queued bytes.
  void close(ConnId c);
  // Sends RST and forgets the connection at once.
  void abort(ConnId c);
  // Power loss: every connection and listener vanishes without a segment.
  void power_off();

  void receive(Packet&& p);

  // Flow control. While an application is not reading, bytes that arrive are kept (at most
  // a window's worth) and the window it advertises shrinks; reading again hands them over,
  // then the end of the stream if it came meanwhile, and announces the window.
  void set_reading(ConnId c, bool reading);
  std::uint32_t receive_window(ConnId c) const;  // what this side advertises now
  // Calls on_drained once, when fewer than `below` bytes are unacknowledged or unsent.
  void notify_drained(ConnId c, std::size_t below);

  bool exists(ConnId c) const { return conns_.count(c) != 0; }
  TcpState state(ConnId c) const;
  std::size_t unacked_bytes(ConnId c) const;
  NodeId node() const { return self_; }
  Ipv4 remote_ip(ConnId c) const;

 private:
  struct Tcb;
  using Key = std::tuple<std::uint16_t, Ipv4, std::uint16_t>;  // local port, remote ip, port
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      const std::uint64_t v = (std::uint64_t{std::get<0>(k)} << 48) ^ (std::uint64_t{std::get<1>(k)} << 16) ^ std::get<2>(k);
      return std::hash<std::uint64_t>{}(v * 0x9E3779B97F4A7C15ULL);
    }
  };

  Tcb* find(ConnId c) const;
  Tcb& create(ConnId id, std::uint16_t lport, Ipv4 rip, std::uint16_t rport);
  void destroy(ConnId c, std::optional<CloseReason> notify);
  void set_state(Tcb& t, TcpState s);
  void output(Tcb& t);
  void send_segment(Tcb& t, std::uint8_t flags, std::uint32_t seq, std::uint64_t off,
                    std::uint32_t len, bool retrans);
  void send_ack(Tcb& t);
  void send_rst_for(const Packet& p);
  void arm_rto(Tcb& t);
  void on_rto(ConnId c);
  void retransmit_first(Tcb& t);
  void rtt_sample(Tcb& t, Duration r);
  void handle_ack(Tcb& t, const Packet& p, bool& fin_acked);
  void handle_payload(Tcb& t, Packet& p, std::string& delivered, bool& got_fin);
  void on_segment(Tcb& t, Packet&& p);
  void on_listen_syn(Packet&& p);
  void enter_time_wait(Tcb& t);
  // tcp_flow.cpp: the receive buffer, zero-window probes, the drained notification.
  static std::uint32_t rcv_wnd(const Tcb& t);
  void zero_window(Tcb& t);
  void arm_persist(Tcb& t);
  void on_persist(ConnId c);

  Kernel& k_;
  Network& net_;
  NodeId self_;
  std::uint16_t next_port_ = 49152;
  std::map<std::uint16_t, AcceptFn> listeners_;
  std::map<ConnId, std::unique_ptr<Tcb>> conns_;
  // Looked up per segment, never iterated (so its order cannot reach the trace).
  std::unordered_map<Key, Tcb*, KeyHash> by_key_;
};

}  // namespace sim
