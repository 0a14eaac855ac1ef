// Test helpers for the TLS stage: a seeded random source, a scenario-like authority, and a
// pair of stages joined by a lossless in-memory link, run until neither has anything to
// send (with a step bound that fails the test when hit).
#pragma once
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "protocols/tls/authority.hpp"
#include "protocols/tls/stage.hpp"

namespace tls_test {

using namespace protocols;
using namespace protocols::tls;
using namespace std::chrono_literals;

constexpr std::int64_t kStart = 1767574800;  // 2026-01-05 01:00 UTC, the scenarios' default start

// splitmix64, enough for a test's deterministic bytes.
inline RandomFn seeded(std::uint64_t seed) {
  auto state = std::make_shared<std::uint64_t>(seed);
  return [state](unsigned char* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      out[i] = static_cast<unsigned char>(z ^ (z >> 31));
    }
  };
}

inline Authority& shared_authority() {
  static Authority a(42, kStart - 86400, kStart + 825 * 86400);
  return a;
}

inline StageConfig client_config(std::string name, const Authority& a = shared_authority()) {
  StageConfig c;
  c.role = Role::Client;
  c.credentials = a.trust();
  c.server_name = std::move(name);
  c.epoch_unix = kStart;
  return c;
}

inline StageConfig server_config(std::shared_ptr<const Credentials> creds) {
  StageConfig c;
  c.role = Role::Server;
  c.credentials = std::move(creds);
  c.epoch_unix = kStart;
  return c;
}

struct Side {
  std::vector<Event> events;
  std::vector<Transmit> sent;  // records, in order
  std::string wire;            // every byte sent
  std::string received;        // plaintext delivered
  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events)
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& t : sent) out.push_back(t.label.text);
    return out;
  }
};

struct Pair {
  Stage client, server;
  Side c, s;
  Instant now;
  Pair(StageConfig cc, StageConfig sc, std::uint64_t seed = 7, Instant start = kEpoch)
      : client(std::move(cc), seeded(seed)), server(std::move(sc), seeded(seed + 1)), now(start) {}

  // Moves bytes both ways (`chunk` at a time) until both are quiet.
  void run(std::size_t chunk = 1 << 20, int max_steps = 10000) {
    int steps = 0;
    for (; steps < max_steps; ++steps) {
      now += 1ms;
      bool moved = false;
      moved |= carry(client, c, server, chunk);
      moved |= carry(server, s, client, chunk);
      while (auto p = client.poll_plaintext()) c.received += *p;
      while (auto p = server.poll_plaintext()) s.received += *p;
      while (auto e = client.poll_event()) c.events.push_back(std::move(*e));
      while (auto e = server.poll_event()) s.events.push_back(std::move(*e));
      if (!moved) break;
    }
    REQUIRE(steps < max_steps);
  }

 private:
  bool carry(Stage& from, Side& side, Stage& to, std::size_t chunk) {
    std::string bytes;
    while (auto t = from.poll_transmit()) {
      bytes += t->bytes;
      side.wire += t->bytes;
      side.sent.push_back(std::move(*t));
    }
    for (std::size_t i = 0; i < bytes.size(); i += chunk) to.handle_bytes(std::string_view(bytes).substr(i, chunk), now);
    return !bytes.empty();
  }
};

// A pair for `host`, started (the client's ClientHello queued).
inline std::unique_ptr<Pair> started_pair(const std::string& host, std::uint64_t seed = 7) {
  static std::shared_ptr<const Credentials> creds = shared_authority().issue("mx.b.example");
  auto p = std::make_unique<Pair>(client_config(host), server_config(creds), seed);
  p->server.start(p->now);
  p->client.start(p->now);
  return p;
}

}  // namespace tls_test
