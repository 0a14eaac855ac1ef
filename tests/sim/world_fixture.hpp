// Small worlds built in code for the kernel, network, TCP and DNS tests.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/read_file.hpp"
#include "sim/scenario.hpp"

namespace test {

// A file from the source tree, whole (sim::read_whole_file); the test fails if it cannot be read.
inline std::string source_text(const std::string& path) {
  sim::FileProblem problem;
  std::optional<std::string> text = sim::read_whole_file(path, &problem);
  INFO(path << ": " << sim::describe(problem));
  REQUIRE(text);
  return *text;
}

inline sim::HostSpec host(std::string name, std::string kind, std::string ip) {
  sim::HostSpec h;
  h.name = std::move(name);
  h.kind = std::move(kind);
  h.ip = std::move(ip);
  return h;
}

inline sim::LinkSpec link(std::string a, std::string b, std::chrono::nanoseconds latency,
                          double loss = 0.0, std::uint64_t bw = 100'000'000) {
  sim::LinkSpec l;
  l.a = std::move(a);
  l.b = std::move(b);
  l.latency = latency;
  l.loss = loss;
  l.bandwidth_bps = bw;
  return l;
}

// a -- r -- b, with a DNS server on r.
inline sim::ScenarioSpec three_hosts(double loss = 0.0) {
  using namespace std::chrono_literals;
  sim::ScenarioSpec s;
  s.name = "test";
  s.hosts = {host("a", "host", "192.0.2.1"), host("r", "router", "192.0.2.254"),
             host("b", "host", "198.51.100.1"), host("dns", "dns-server", "203.0.113.53")};
  s.links = {link("a", "r", 5ms), link("r", "b", 20ms, loss), link("r", "dns", 2ms)};
  s.dns_server = "dns";
  return s;
}

}  // namespace test
