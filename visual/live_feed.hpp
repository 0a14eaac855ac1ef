// A world someone else runs and the window watches as it grows: `mailsim serve --gui`, where
// the socket bridge runs the world with the wall clock on its own thread. The window takes a
// snapshot now and then (under the feed's lock), shows it as a finished run a moment behind
// the present, and sends its fault clicks and telnet lines into the live world, where the
// bridge records them in the input log like a real client's bytes.
#pragma once
#include <cstdint>

#include "sim/run.hpp"
#include "sim/scenario.hpp"

namespace visual {

class LiveFeed {
 public:
  virtual ~LiveFeed() = default;
  // The scenario the world runs (with the bridge's external host attached).
  virtual const sim::ScenarioSpec& scenario() const = 0;
  // The run so far: topology, trace and end = the world's present.
  virtual sim::RunResult snapshot() = 0;
  // A fault click or telnet line, applied at the world's present.
  virtual void input(const sim::InputEvent& e) = 0;
  // True once the live world has stopped (Ctrl-C, SIGTERM): the window closes.
  virtual bool ended() const = 0;
};

}  // namespace visual
