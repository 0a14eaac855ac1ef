// Hosts that run the line-echo service and its client: TCP end to end, nothing more.
#pragma once
#include <map>
#include <memory>

#include "protocols/echo/echo.hpp"
#include "sim/engine_session.hpp"

namespace sim {

class EchoServerHost : public Host {
 public:
  EchoServerHost(World& w, NodeId id, const HostSpec& spec) : Host(w, id, spec), port_(spec.echo.port) {}
  void boot() override;
  void crash() override { sessions_.clear(); }

 private:
  using Session = EngineSession<protocols::echo::Server>;
  std::uint16_t port_;
  std::map<ConnId, std::unique_ptr<Session>> sessions_;
};

class EchoClientHost : public Host {
 public:
  EchoClientHost(World& w, NodeId id, const HostSpec& spec) : Host(w, id, spec), spec_(spec.echo) {}
  void boot() override;
  void crash() override { session_.reset(); }

 private:
  using Session = EngineSession<protocols::echo::Client>;
  EchoSpec spec_;
  std::unique_ptr<Session> session_;
};

}  // namespace sim
