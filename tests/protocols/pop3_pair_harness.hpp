// Pair harness for sans-IO engines (STYLE.md "Tests"): a client engine and a server engine
// joined by a lossless in-memory link, pumped until both are idle, with a step bound that
// fails the test if hit. Records a transcript ("C: ..." / "S: ...") and every event.
// Used by the POP3 and IMAP tests.
#pragma once
#include <catch2/catch.hpp>

#include <string>
#include <variant>
#include <vector>

#include "protocols/time.hpp"
#include "protocols/transmit.hpp"

namespace test_pair {

template <class ClientT, class ServerT, class ClientEventT, class ServerEventT>
struct Pair {
  Pair(ClientT& c, ServerT& s, protocols::Instant t = {}) : client(c), server(s), now(t) {}
  ClientT& client;
  ServerT& server;
  protocols::Instant now;
  std::vector<ClientEventT> client_events;
  std::vector<ServerEventT> server_events;
  std::string to_server, to_client;  // every byte that crossed, in order
  std::vector<protocols::Label> labels;
  bool client_eof_sent = false, server_eof_sent = false;

  void connect() {
    server.handle_connected(now);
    client.handle_connected(now);
    REQUIRE(run());
  }

  // Pumps until nothing moves; false when the step bound was hit.
  bool run(int max_steps = 100000) {
    for (int step = 0; step < max_steps; ++step) {
      bool moved = false;
      while (auto e = client.poll_event()) client_events.push_back(std::move(*e)), moved = true;
      while (auto e = server.poll_event()) server_events.push_back(std::move(*e)), moved = true;
      if (auto t = server.poll_transmit()) {
        to_client += t->bytes;
        labels.push_back(t->label);
        if (!server_eof_sent) client.handle_bytes(t->bytes, now);
        moved = true;
      }
      if (auto t = client.poll_transmit()) {
        to_server += t->bytes;
        labels.push_back(t->label);
        if (!client_eof_sent) server.handle_bytes(t->bytes, now);
        moved = true;
      }
      if (moved) continue;
      if (server.wants_close() && !server_eof_sent) {
        server_eof_sent = true;
        client.handle_eof(now);
        continue;
      }
      if (client.wants_close() && !client_eof_sent) {
        client_eof_sent = true;
        server.handle_eof(now);
        continue;
      }
      return true;
    }
    return false;
  }

  template <class E>
  std::vector<E> client_events_of() const {
    std::vector<E> out;
    for (const auto& e : client_events)
      if (auto p = std::get_if<E>(&e)) out.push_back(*p);
    return out;
  }
  template <class E>
  std::vector<E> server_events_of() const {
    std::vector<E> out;
    for (const auto& e : server_events)
      if (auto p = std::get_if<E>(&e)) out.push_back(*p);
    return out;
  }
};

// Replays a dialogue ("C: line" sent to the server, "S: line" expected back, in order;
// "S:" lines after a "C:" are the whole answer to it) against a server engine that has
// already been connected. Returns "" or a description of the first mismatch.
template <class ServerT>
std::string replay_dialogue(ServerT& server, std::string_view dialogue, protocols::Instant now = {}) {
  std::string expected, actual;
  auto flush = [&]() -> std::string {
    while (auto t = server.poll_transmit()) actual += t->bytes;
    if (actual != expected) return "expected:\n" + expected + "got:\n" + actual;
    expected.clear();
    actual.clear();
    return {};
  };
  std::size_t start = 0;
  while (start < dialogue.size()) {
    std::size_t lf = dialogue.find('\n', start);
    std::string_view line = dialogue.substr(start, lf == std::string_view::npos ? std::string_view::npos : lf - start);
    start = lf == std::string_view::npos ? dialogue.size() : lf + 1;
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.rfind("S: ", 0) == 0 || line == "S:") {
      expected += std::string(line.substr(line.size() > 2 ? 3 : 2)) + "\r\n";
    } else if (line.rfind("C: ", 0) == 0) {
      if (auto err = flush(); !err.empty()) return err;
      server.handle_bytes(std::string(line.substr(3)) + "\r\n", now);
    }
  }
  return flush();
}

}  // namespace test_pair
