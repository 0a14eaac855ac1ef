// `mailsim chaos`: runs sim::run_chaos with the options given and prints its report.
#include "app/cmd_chaos.hpp"

#include <cstdio>
#include <iostream>

#include "app/cli.hpp"
#include "sim/chaos.hpp"

namespace app {

namespace {
const char* kChaosHelp =
    "usage: mailsim chaos [--messages N] [--seed S] [--servers K] [--faults F]\n"
    "Runs many mail servers under a seeded storm of faults (crashes, restarts, link cuts,\n"
    "loss, hangs, forced replies) and accounts for every message: delivered, bounced to its\n"
    "sender, or still queued. Exit 0 when none is lost, 1 when one is.\n"
    "\n"
    "  --messages N   messages to send (default 200, at most 100000)\n"
    "  --seed S       seed of the world's random generator (default 1)\n"
    "  --servers K    mail servers, one domain each (default 8, at most 200)\n"
    "  --faults F     fault windows, each a break and its repair (default 5 per server)\n";

// A positive integer argument, or nullopt with a message.
std::optional<long long> positive(const Args& a, const std::string& flag, long long max) {
  auto v = a.value(flag);
  if (!v) return std::nullopt;
  try {
    std::size_t used = 0;
    long long n = std::stoll(*v, &used);
    if (used == v->size() && n > 0 && n <= max) return n;
  } catch (const std::exception&) {
  }
  std::cerr << "mailsim chaos: " << flag << " wants a whole number 1.." << max << " (got '" << *v << "')\n";
  return -1;
}
}  // namespace

int cmd_chaos(const std::vector<std::string>& args) {
  Args a(args);
  std::string error;
  if (!a.parse({"--messages", "--seed", "--servers", "--faults"}, {"--help"}, &error) || !a.positional().empty()) {
    std::cerr << "mailsim chaos: " << (error.empty() ? "takes no positional arguments" : error) << "\n" << kChaosHelp;
    return kExitBadInput;
  }
  if (a.has("--help")) {
    std::cout << kChaosHelp;
    return kExitOk;
  }
  sim::ChaosOptions o;
  auto m = positive(a, "--messages", 100000), s = positive(a, "--seed", 1LL << 62),
       k = positive(a, "--servers", 200), f = positive(a, "--faults", 100000);
  for (auto* v : {&m, &s, &k, &f})
    if (*v && **v < 0) return kExitBadInput;
  if (m) o.messages = static_cast<int>(*m);
  if (s) o.seed = static_cast<std::uint64_t>(*s);
  if (k) o.servers = static_cast<int>(*k);
  if (f) o.faults = static_cast<int>(*f);
  else o.faults = o.servers * 5;
  sim::ChaosReport r = sim::run_chaos(o);
  std::cout << sim::format_report(o, r);
  return r.lost == 0 ? kExitOk : kExitFailure;
}

}  // namespace app
