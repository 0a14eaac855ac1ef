// mailsim serve: a live world whose mail server listens on real loopback ports.
#include <csignal>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>
#include <tuple>

#include "app/cli.hpp"
#include "app/socket_bridge.hpp"

#if defined(MAILSIM_HAVE_GUI) && __has_include("visual/app_window.hpp")
#include "visual/app_window.hpp"
#endif
#include "sim/fault_spec.hpp"
#include "sim/input_log.hpp"
#include "sim/trace_format.hpp"
#include "protocols/message/date.hpp"

namespace app {

namespace {
std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

const char* kServeHelp =
    "usage: mailsim serve [SCENARIO.json] [options]\n"
    "Starts a live world (simulated time follows the wall clock) and puts a simulated mail\n"
    "server's services on real TCP ports, so real clients (Python smtplib, curl, swaks,\n"
    "Thunderbird) can talk to it. Their commands travel the virtual network and are traced.\n"
    "\n"
    "  --server HOST       the simulated mail server (default: the last mail-server host)\n"
    "  --smtp PORT         its SMTP service, port 25 (default 2525)\n"
    "  --submission PORT   its submission service, port 587 (default 2587)\n"
    "  --pop3 PORT         its POP3 service, port 110 (default 1110)\n"
    "  --imap PORT         its IMAP service, port 143 (default 1143)\n"
    "  --http PORT         the scenario's webmail server, port 80 (default 8080), when it has one\n"
    "  --bind ADDR         address to listen on (default 127.0.0.1; a warning otherwise)\n"
    "  --max-sessions N    simultaneous sessions per service; one more is refused with the\n"
    "                      protocol's error (421 4.7.0, -ERR [SYS/TEMP], * BYE) (default 32)\n"
    "  --max-commands N    commands per session, then the same errors and close (default 1000)\n"
    "  --start DATE        the calendar moment the run starts at, e.g. \"Mon, 05 Jan 2026\n"
    "                      09:00:00 +0800\" (default: the scenario's \"start\" if it has one,\n"
    "                      else now, so Received and INTERNALDATE agree with clients' Date)\n"
    "  --record LOG        write the input log to LOG as it is made; replay with\n"
    "                      mailsim run --replay LOG\n"
    "  --trace FILE        write the whole trace (JSONL) to FILE as it happens\n"
    "  --trace-window MIB  memory for the trace the window and views show: the latest records,\n"
    "                      about MIB mebibytes of them (default 64); older ones are let go\n"
    "                      (--trace keeps them all on disk, --record the input to replay)\n"
    "  --gui               also show the live world in the front end (real clients' commands\n"
    "                      animate like simulated ones; fault clicks reach the live world);\n"
    "                      closing the window stops the server. --lang zh|en as in gui;\n"
    "                      --screenshot FILE.png saves the window's last frame on exit\n"
    "Stops cleanly on Ctrl-C or SIGTERM.\n";

constexpr int kGuiUnavailable = 3;

#if defined(MAILSIM_HAVE_GUI) && __has_include("visual/app_window.hpp")
// The live world as the window sees it: snapshots and inputs under the bridge's lock.
class BridgeFeed : public visual::LiveFeed {
 public:
  BridgeFeed(const sim::ScenarioSpec& s, sim::World& w, std::mutex& m, SocketBridge& b)
      : scenario_(s), world_(w), lock_(m), bridge_(b) {}
  const sim::ScenarioSpec& scenario() const override { return scenario_; }
  sim::RunResult snapshot() override {
    std::lock_guard<std::mutex> g(lock_);
    return sim::RunResult{world_.topology(), world_.trace(), world_.now(), world_.kernel().sched.events_run()};
  }
  void input(const sim::InputEvent& e) override {
    std::lock_guard<std::mutex> g(lock_);
    bridge_.input(e);
  }
  bool ended() const override { return g_stop.load(); }

 private:
  const sim::ScenarioSpec& scenario_;
  sim::World& world_;
  std::mutex& lock_;
  SocketBridge& bridge_;
};

int show_live(const sim::ScenarioSpec& s, sim::World& w, std::mutex& m, SocketBridge& b, const std::string& lang,
              const std::string& shot) {
  BridgeFeed feed(s, w, m, b);
  visual::GuiOptions o;
  o.lang = lang;
  o.screenshot_path = shot;
  return visual::run_live_gui(feed, o) == visual::kGuiNoDisplay ? kGuiUnavailable : 0;
}
#else
int show_live(const sim::ScenarioSpec&, sim::World&, std::mutex&, SocketBridge&, const std::string&, const std::string&) {
  std::fprintf(stderr, "mailsim serve: this build has no front end\n");
  return kGuiUnavailable;
}
#endif
}  // namespace

int cmd_serve(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({"--server", "--smtp", "--submission", "--pop3", "--imap", "--http", "--bind", "--record", "--trace",
                   "--max-sessions", "--max-commands", "--lang", "--screenshot", "--trace-window",
                   "--start"},
                  {"--help", "-h", "--gui"}, &error)) {
    std::fprintf(stderr, "mailsim serve: %s\n%s", error.c_str(), kServeHelp);
    return kExitBadInput;
  }
  if (args.has("--help")) {
    std::fputs(kServeHelp, stdout);
    return kExitOk;
  }
  const std::string lang = args.value("--lang").value_or(default_lang());
  if (lang != "zh" && lang != "en") {
    std::fprintf(stderr, "mailsim serve: --lang is zh or en, not '%s'\n", lang.c_str());
    return kExitBadInput;
  }
  long long window_mib = 64;
  if (auto w = args.value("--trace-window")) {
    char* end = nullptr;
    window_mib = std::strtoll(w->c_str(), &end, 10);
    if (w->empty() || *end || window_mib < 1 || window_mib > (1 << 20)) {
      std::fprintf(stderr, "mailsim serve: --trace-window wants mebibytes, 1..1048576 (got '%s')\n", w->c_str());
      return kExitBadInput;
    }
  }
  std::string path = args.positional().empty() ? default_scenario_path() : args.positional()[0];
  std::optional<sim::ScenarioSpec> spec = load_or_report(path);
  if (!spec) return kExitBadInput;
  std::string server = args.value("--server").value_or("");
  if (server.empty())
    for (const auto& h : spec->hosts)
      if (h.kind == "mail-server") server = h.name;
  bool found = false;
  for (const auto& h : spec->hosts) found |= h.name == server && h.kind == "mail-server";
  if (!found) {
    std::fprintf(stderr, "mailsim serve: no mail server '%s' in %s\n", server.c_str(), path.c_str());
    return kExitBadInput;
  }
  // The calendar: --start, else the scenario's own "start", else the wall clock now in this
  // machine's zone. Recorded as the log's first entry, so a replay writes the same dates.
  if (auto st = args.value("--start")) {
    auto d = protocols::message::parse_date(*st);
    if (!d) {
      std::fprintf(stderr, "mailsim serve: --start needs an RFC 5322 date like \"Mon, 05 Jan 2026 09:00:00 +0800\", not '%s'\n",
                   st->c_str());
      return kExitBadInput;
    }
    spec->start_unix = d->unix_seconds;
    spec->zone_offset_minutes = d->zone_offset_minutes;
  } else if (!spec->start_given) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    spec->start_unix = static_cast<std::int64_t>(now);
    spec->zone_offset_minutes = static_cast<int>(local.tm_gmtoff / 60);
  }
  // The server's limits, as fault entries of the input log so that a replay has them too.
  std::vector<std::string> limits;
  for (auto [flag, action, def] : {std::tuple{"--max-sessions", "max-sessions", "32"},
                                   std::tuple{"--max-commands", "max-commands", "1000"}}) {
    std::string text = std::string(action) + " " + server + " " + args.value(flag).value_or(def);
    if (!sim::parse_fault("0s " + text, &error)) {
      std::fprintf(stderr, "mailsim serve: %s: %s\n", flag, error.c_str());
      return kExitBadInput;
    }
    limits.push_back(text);
  }
  BridgeOptions opts;
  opts.bind = args.value("--bind").value_or("127.0.0.1");
  struct Def { const char* flag; const char* name; int real; int virt; };
  for (Def d : {Def{"--smtp", "smtp", 2525, 25}, Def{"--submission", "submission", 2587, 587},
                Def{"--pop3", "pop3", 1110, 110}, Def{"--imap", "imap", 1143, 143}}) {
    int port = d.real;
    if (auto v = args.value(d.flag)) port = std::atoi(v->c_str());
    if (port <= 0 || port > 65535) {
      std::fprintf(stderr, "mailsim serve: %s needs a port number\n", d.flag);
      return kExitBadInput;
    }
    opts.ports.push_back(BridgePort{d.name, static_cast<std::uint16_t>(port), server, static_cast<std::uint16_t>(d.virt)});
  }
  // The webmail server (if the scenario has one) on --http: a real browser can use it.
  std::string webmail;
  for (const auto& h : spec->hosts)
    if (h.kind == "webmail-server" && webmail.empty()) webmail = h.name;
  if (!webmail.empty()) {
    int port = 8080;
    if (auto v = args.value("--http")) port = std::atoi(v->c_str());
    if (port <= 0 || port > 65535) {
      std::fprintf(stderr, "mailsim serve: --http needs a port number\n");
      return kExitBadInput;
    }
    opts.ports.push_back(BridgePort{"http", static_cast<std::uint16_t>(port), webmail, 80});
  }
  if (opts.bind != "127.0.0.1")
    std::fprintf(stderr, "mailsim serve: warning: listening on %s, not only on this machine\n", opts.bind.c_str());
  for (const BridgePort& p : opts.ports) sim::attach_external_host(*spec, p.server);
  sim::World world(*spec, spec->seed);
  // The whole trace goes to --trace as it happens; memory keeps the latest window of it.
  std::ofstream trace_out;
  if (auto tr = args.value("--trace")) {
    trace_out.open(*tr, std::ios::binary | std::ios::trunc);
    if (!trace_out) {
      std::fprintf(stderr, "mailsim serve: cannot write %s\n", tr->c_str());
      return kExitFailure;
    }
    sim::Trace& trace = world.kernel().trace;
    for (const sim::TraceEntry& e : trace.entries()) trace_out << sim::to_jsonl(e, trace) << '\n';
    trace.set_sink([&trace_out](const sim::TraceEntry& e, const sim::Trace& t) { trace_out << sim::to_jsonl(e, t) << '\n'; });
  }
  world.kernel().trace.set_window(static_cast<std::size_t>(window_mib) << 20);
  std::mutex world_lock;
  if (args.has("--gui")) opts.world_lock = &world_lock;
  std::ofstream record_out;  // the input log, written as it is made
  if (auto rec = args.value("--record")) {
    record_out.open(*rec, std::ios::binary | std::ios::trunc);
    if (!record_out) {
      std::fprintf(stderr, "mailsim serve: %s: cannot write the input log\n", rec->c_str());
      return kExitFailure;
    }
    opts.record = &record_out;
  }
  SocketBridge bridge(world, opts);
  if (!bridge.listen(&error)) {
    std::fprintf(stderr, "mailsim serve: %s\n", error.c_str());
    return kExitFailure;
  }
  bridge.input(sim::start_entry(*spec));
  for (const std::string& text : limits) bridge.input(sim::InputEvent{{}, "fault", "", text});
  for (const BridgePort& p : opts.ports)
    std::printf("mailsim serve: %s of %s (port %u) on %s:%u\n", p.name.c_str(), p.server.c_str(), p.virtual_port,
                opts.bind.c_str(), p.real_port);
  std::fflush(stdout);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
#if defined(M_MMAP_THRESHOLD)
  // A long session allocates and frees message-sized blocks (1 MiB bodies, FETCH parts) for
  // days. glibc raises its mmap threshold to the largest block freed, after which such blocks
  // come from the heap, whose holes keep the resident set at its high-water mark (342 MiB
  // against 141 MiB after a 1 MiB send-fetch-delete loop, bench/serve_memory.py). A fixed
  // threshold keeps them mapped apart and returned to the system when freed.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
  if (args.has("--gui")) {
    // The bridge runs the world on its own thread; the window watches it on this one.
    std::thread worker([&] { bridge.run(g_stop); });
    int gui = show_live(*spec, world, world_lock, bridge, lang, args.value("--screenshot").value_or(""));
    if (gui == kGuiUnavailable)
      std::fprintf(stderr, "mailsim serve: no window could be opened; serving without one (Ctrl-C stops)\n");
    else
      g_stop = true;  // the window was closed
    worker.join();
  } else {
    bridge.run(g_stop);
  }
  std::printf("mailsim serve: stopped at simulated %s, %zu input entries\n",
              protocols::format_clock(world.now()).c_str(), bridge.logged());
  int rc = kExitOk;
  if (record_out.is_open() && !record_out.flush()) {
    std::fprintf(stderr, "mailsim serve: %s: write failed\n", args.value("--record")->c_str());
    rc = kExitFailure;
  }
  if (trace_out.is_open()) {
    world.kernel().trace.set_sink(nullptr);
    trace_out.flush();
    if (!trace_out) {
      std::fprintf(stderr, "mailsim serve: cannot write %s\n", args.value("--trace")->c_str());
      rc = kExitFailure;
    }
  }
  return rc;
}

}  // namespace app
