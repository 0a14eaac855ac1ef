// `mailsim chaos`: a seeded chaos run (sim/chaos.hpp) and its accounting of every message.
#pragma once
#include <string>
#include <vector>

namespace app {

// mailsim chaos [--messages N] [--seed S] [--servers K] [--faults F]
// Exit 0 when nothing accepted was lost, 1 when something was, 2 on bad arguments.
int cmd_chaos(const std::vector<std::string>& args);

}  // namespace app
