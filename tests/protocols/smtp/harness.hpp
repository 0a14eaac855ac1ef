// Test helpers for the SMTP engines: a server driver that feeds lines and collects replies,
// and the pair harness (client engine <-> server engine over a lossless in-memory link until
// both are idle, with a step bound that fails the test when hit).
#pragma once
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "protocols/smtp/client.hpp"
#include "protocols/smtp/server.hpp"

namespace smtp_test {

using namespace protocols;
using namespace protocols::smtp;
using namespace std::chrono_literals;

inline ServerConfig relay_config() {
  ServerConfig c;
  c.hostname = "mx.b.example";
  c.role = PortRole::Relay;
  c.local_domains = {"b.example"};
  c.local_users = {"bob@b.example", "carol@b.example"};
  c.max_message_size = 1000;
  return c;
}

inline ServerConfig submission_config() {
  ServerConfig c = relay_config();
  c.hostname = "smtp.b.example";
  c.role = PortRole::Submission;
  c.accounts = {{"bob", "secret"}};
  return c;
}

template <typename T, typename V>
std::vector<T> events_of(const std::vector<V>& all) {
  std::vector<T> out;
  for (const auto& e : all)
    if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
  return out;
}

struct ServerDriver {
  Server server;
  Instant now = kEpoch;
  std::vector<ServerEvent> events;
  std::vector<Transmit> transmits;

  explicit ServerDriver(ServerConfig c, FaultConfig f = {}, Greylist* g = nullptr)
      : server(std::move(c), "192.0.2.1", g) {
    server.set_faults(std::move(f));
    server.handle_connected(now);
    pump();
  }
  std::string pump() {
    std::string out;
    while (auto t = server.poll_transmit()) {
      out += t->bytes;
      transmits.push_back(std::move(*t));
    }
    while (auto e = server.poll_event()) events.push_back(std::move(*e));
    return out;
  }
  // Feeds raw bytes; returns every byte the server answered.
  std::string send(std::string_view bytes) {
    now += 1ms;
    server.handle_bytes(bytes, now);
    return pump();
  }
  std::string line(std::string_view l) { return send(std::string(l) + "\r\n"); }
  std::string ehlo() { return line("EHLO a.example"); }
  template <typename T>
  std::vector<T> all() const { return events_of<T>(events); }
};

struct PairResult {
  std::vector<ClientEvent> client_events;
  std::vector<ServerEvent> server_events;
  std::vector<Transmit> client_sent;
  std::string server_bytes;
  int steps = 0;
  template <typename T>
  std::vector<T> client() const { return events_of<T>(client_events); }
  template <typename T>
  std::vector<T> server() const { return events_of<T>(server_events); }
};

// Decides a MessageReceived: accept (return nullopt -> "Q<n>") or reject with a reply.
using Decide = std::function<std::optional<Reply>(const MessageReceived&)>;

// Runs both engines until neither has anything to send or decide. `chunk` bytes per
// delivery (1 = one byte at a time). Fails the test if `max_steps` is hit.
inline PairResult run_pair(Client& client, Server& server, Decide decide = nullptr,
                           std::size_t chunk = 1 << 20, int max_steps = 20000) {
  PairResult r;
  Instant now = kEpoch;
  int queue_no = 0;
  client.handle_connected(now);
  server.handle_connected(now);
  bool client_eof_sent = false, server_eof_sent = false;
  for (; r.steps < max_steps; ++r.steps) {
    now += 1ms;
    bool moved = false;
    std::string c2s, s2c;
    while (auto t = client.poll_transmit()) {
      c2s += t->bytes;
      r.client_sent.push_back(std::move(*t));
    }
    while (auto t = server.poll_transmit()) s2c += t->bytes;
    r.server_bytes += s2c;
    for (std::size_t i = 0; i < c2s.size(); i += chunk) server.handle_bytes(c2s.substr(i, chunk), now), moved = true;
    for (std::size_t i = 0; i < s2c.size(); i += chunk) client.handle_bytes(s2c.substr(i, chunk), now), moved = true;
    while (auto e = client.poll_event()) r.client_events.push_back(std::move(*e));
    while (auto e = server.poll_event()) {
      if (auto* m = std::get_if<MessageReceived>(&*e)) {
        auto verdict = decide ? decide(*m) : std::nullopt;
        r.server_events.push_back(std::move(*e));
        if (verdict) server.reject_message(*verdict, now);
        else server.accept_message("Q" + std::to_string(++queue_no), now);
        moved = true;
        continue;
      }
      r.server_events.push_back(std::move(*e));
    }
    if (client.wants_close() && !server_eof_sent && !server.wants_close()) {
      server.handle_eof(now);
      server_eof_sent = moved = true;
    }
    if (server.wants_close() && !client_eof_sent && !client.wants_close()) {
      // Deliver what the server still has before its FIN.
      while (auto t = server.poll_transmit()) client.handle_bytes(t->bytes, now), r.server_bytes += t->bytes;
      client.handle_eof(now);
      client_eof_sent = moved = true;
    }
    if (!moved) break;
  }
  REQUIRE(r.steps < max_steps);
  while (auto e = client.poll_event()) r.client_events.push_back(std::move(*e));
  while (auto e = server.poll_event()) r.server_events.push_back(std::move(*e));
  return r;
}

}  // namespace smtp_test
