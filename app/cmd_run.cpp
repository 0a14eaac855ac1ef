// mailsim run: simulate a scenario headless and print its trace.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/cli.hpp"
#include "lessons/lesson.hpp"
#include "sim/external_host.hpp"
#include "sim/fault_spec.hpp"
#include "sim/input_log.hpp"
#include "sim/maildir_export.hpp"
#include "sim/world.hpp"
#include "sim/pcap_writer.hpp"
#include "sim/run.hpp"
#include "sim/trace_format.hpp"

namespace app {

namespace {
const char* kRunHelp =
    "usage: mailsim run [SCENARIO.json] [options]\n"
    "Simulates a scenario headless and prints its trace (docs/trace.md).\n"
    "With no SCENARIO, the default scenario (assets/scenarios/default.json).\n"
    "\n"
    "  --seed N            seed of the world's random generator (default: the scenario's)\n"
    "  --until DURATION    stop at this simulated time, e.g. 90s, 6d (default: the scenario's,\n"
    "                      else when nothing is left to do)\n"
    "  --format text|jsonl one line per record for people (default), or JSON lines\n"
    "  --tcp               text format: show every TCP segment and UDP datagram too\n"
    "  --lang zh|en        text format: language of the record text (default: from the\n"
    "                      locale, LC_ALL / LC_MESSAGES / LANG: zh_* is zh, else en)\n"
    "  --fault SPEC        apply a fault, repeatable: 'TIME ACTION TARGET [VALUE]',\n"
    "                      e.g. '10m power-off mail.b.example' (docs/faults.md)\n"
    "  --output FILE       write the trace to FILE instead of standard output\n"
    "  --pcap FILE         also write the run's packets to FILE as a pcap capture for\n"
    "                      Wireshark or tshark (docs/pcap.md), and the TLS session keys\n"
    "                      to FILE.keys (SSLKEYLOGFILE format) when the run used TLS\n"
    "  --replay LOG        replay an input log (recorded by mailsim serve --record)\n"
    "  --export-mail DIR   write every mailbox as a Maildir and each message as .eml\n"
    "  --telnet SPEC       type a line to a server, repeatable: 'TIME HOST:PORT LINE',\n"
    "                      e.g. '2s mail.b.example:25 HELO me' (the classroom telnet exercise)\n";
}  // namespace

int cmd_run(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({"--seed", "--until", "--format", "--fault", "--output", "--replay", "--pcap", "--export-mail", "--telnet", "--lang"}, {"--tcp", "--help", "-h"}, &error)) {
    std::fprintf(stderr, "mailsim run: %s\n%s", error.c_str(), kRunHelp);
    return kExitBadInput;
  }
  if (args.has("--help")) {
    std::fputs(kRunHelp, stdout);
    return kExitOk;
  }
  if (args.positional().size() > 1) {
    std::fprintf(stderr, "mailsim run: one scenario at a time\n");
    return kExitBadInput;
  }
  std::string path = args.positional().empty() ? default_scenario_path() : args.positional()[0];
  std::optional<sim::ScenarioSpec> spec = load_or_report(path);
  if (!spec) return kExitBadInput;

  sim::RunOptions opt;
  opt.seed = spec->seed;
  if (auto s = args.value("--seed")) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(s->c_str(), &end, 10);
    if (s->empty() || *end) {
      std::fprintf(stderr, "mailsim run: --seed needs a whole number, not '%s'\n", s->c_str());
      return kExitBadInput;
    }
    opt.seed = v;
  }
  if (auto u = args.value("--until")) {
    auto d = protocols::parse_duration(*u);
    if (!d) {
      std::fprintf(stderr, "mailsim run: --until needs a duration such as 90s, 10m, 6d, not '%s'\n", u->c_str());
      return kExitBadInput;
    }
    opt.until = protocols::kEpoch + *d;
  }
  for (const std::string& f : args.values("--fault")) {
    std::string ferr;
    auto fault = sim::parse_fault(f, &ferr);
    // The target must name a host, host:port or link of this scenario: checked now, with a
    // did-you-mean, not found missing when the fault falls due.
    if (fault) ferr = lessons::check_fault_target(*fault, *spec);
    if (!fault || !ferr.empty()) {
      std::fprintf(stderr, "mailsim run: --fault '%s': %s\n", f.c_str(), ferr.c_str());
      return kExitBadInput;
    }
    opt.extra_faults.push_back(*fault);
  }
  if (auto replay = args.value("--replay")) {
    std::string lerr;
    if (!sim::read_input_log(*replay, &opt.input, &lerr)) {
      std::fprintf(stderr, "mailsim run: %s\n", lerr.c_str());
      return kExitBadInput;
    }
  }
  for (const std::string& t : args.values("--telnet")) {
    std::size_t a = t.find(' '), b = a == std::string::npos ? a : t.find(' ', a + 1);
    std::optional<protocols::Duration> at = protocols::parse_duration(t.substr(0, a));
    if (!at || b == std::string::npos || t.find(':', a) > b) {
      std::fprintf(stderr, "mailsim run: --telnet needs 'TIME HOST:PORT LINE', not '%s'\n", t.c_str());
      return kExitBadInput;
    }
    opt.input.push_back(sim::InputEvent{protocols::kEpoch + *at, "telnet", t.substr(a + 1, b - a - 1), t.substr(b + 1)});
  }
  std::stable_sort(opt.input.begin(), opt.input.end(),
                   [](const sim::InputEvent& x, const sim::InputEvent& y) { return x.at < y.at; });
  std::string format = args.value("--format").value_or("text");
  if (format != "text" && format != "jsonl") {
    std::fprintf(stderr, "mailsim run: --format is text or jsonl, not '%s'\n", format.c_str());
    return kExitBadInput;
  }
  sim::TextLang lang = sim::text_lang_from_locale();
  if (auto l = args.value("--lang")) {
    auto parsed = sim::parse_text_lang(*l);
    if (!parsed) {
      std::fprintf(stderr, "mailsim run: --lang is zh or en, not '%s'\n", l->c_str());
      return kExitBadInput;
    }
    lang = *parsed;
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (auto o = args.value("--output")) {
    file.open(*o, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "mailsim run: cannot write %s\n", o->c_str());
      return kExitFailure;
    }
    out = &file;
  }
  std::string export_error;
  bool exported = true;
  if (auto dir = args.value("--export-mail"))
    opt.at_end = [&, dir = *dir](sim::World& w) { exported = sim::export_mail(w, dir, &export_error); };
  sim::RunResult r = sim::simulate(*spec, opt);
  if (!exported) {
    std::fprintf(stderr, "mailsim run: --export-mail: %s\n", export_error.c_str());
    return kExitFailure;
  }
  bool tcp = args.has("--tcp");
  for (const sim::TraceEntry& e : r.trace.entries()) {
    std::string line = format == "jsonl" ? sim::to_jsonl(e, r.trace) : sim::to_text(e, r.trace, tcp, lang);
    if (!line.empty()) *out << line << '\n';
  }
  out->flush();
  if (!*out) return kExitFailure;
  if (auto p = args.value("--pcap")) {
    std::ofstream pcap(*p, std::ios::binary);
    std::string perr = "cannot write the file";
    if (!pcap || !sim::write_pcap(r.trace, r.topology, pcap, sim::PcapOptions{}, &perr)) {
      std::fprintf(stderr, "mailsim run: --pcap %s: %s\n", p->c_str(), perr.c_str());
      return kExitFailure;
    }
    // Wireshark decrypts the TLS in the capture given this file (tls.keylog_file).
    if (std::string keys = sim::tls_key_log(r.trace); !keys.empty()) {
      std::ofstream kf(*p + ".keys", std::ios::binary);
      if (!(kf << keys) || !kf.flush()) {
        std::fprintf(stderr, "mailsim run: --pcap %s.keys: cannot write the file\n", p->c_str());
        return kExitFailure;
      }
    }
  }
  return kExitOk;
}

}  // namespace app
