// Scenario loader: shipped scenarios load, each malformed file gives its documented message
// at the right line and column, invalid JSON is placed, and no input crashes the loader.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "sim/fault_spec.hpp"
#include "sim/read_file.hpp"
#include "sim/scenario_loader.hpp"
#include "world_fixture.hpp"

namespace {

const std::string kData = MAILSIM_TEST_DATA "/scenarios/";

std::string problems_text(const sim::LoadResult& r) {
  std::string out;
  for (const sim::Problem& p : r.problems) out += sim::format_problem(p) + "\n";
  return out;
}

// The part after "file:" of the only problem.
std::string only_problem(const sim::LoadResult& r, const std::string& file) {
  INFO(problems_text(r));
  REQUIRE(r.problems.size() == 1);
  std::string text = sim::format_problem(r.problems[0]);
  REQUIRE(text.rfind(file + ":", 0) == 0);
  return text.substr(file.size() + 1);
}

}  // namespace

TEST_CASE("every shipped scenario loads with no problems", "[sim][scenario]") {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MAILSIM_SOURCE_DIR "/assets/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    sim::LoadResult r = sim::load_scenario(entry.path().string());
    INFO(entry.path().string() << "\n" << problems_text(r));
    CHECK(r.ok());
    ++count;
  }
  REQUIRE(count >= 3);
}

TEST_CASE("each malformed scenario gives its documented message at its line and column",
          "[sim][scenario]") {
  struct Row {
    const char* file;
    const char* expected;  // "line:col: /path: message"
  };
  const Row rows[] = {
    {"bad_a_record.json", "14:53: /dns/0/value: malformed IPv4 address \"mail.a.example\""},
    {"bad_address.json", "5:75: /hosts/0/address: malformed mail address \"alice\""},
    {"bad_bandwidth.json", "11:54: /links/1/bandwidth: malformed bandwidth \"56 kbit\" (use e.g. \"100Mbps\", \"1Gbps\", \"56kbps\" or a number of bit/s)"},
    {"bad_duration.json", "10:53: /links/0/latency: malformed duration \"1 ms\" (use e.g. \"300ms\", \"1.5s\", \"10m\", \"2h\", \"1d\")"},
    {"bad_fault.json", "16:14: /faults/0: unknown action 'powr-off' (did you mean 'power-off'?)"},
    {"bad_imap_action.json", "6:66: /hosts/0/read/actions/0/do: unknown IMAP action \"moove\" (did you mean \"move\"?)"},
    {"bad_host_name.json", "5:14: /hosts/0/name: malformed host name \"A-PC\" (use lower-case letters, digits, '-' and '.')"},
    {"bad_ip.json", "7:49: /hosts/2/ip: malformed IPv4 address \"192.0.2.300\""},
    {"bad_kind.json", "6:40: /hosts/1/kind: unknown host kind \"mailserver\" (did you mean \"mail-server\"?)"},
    {"bad_loss.json", "11:72: /links/1/loss: loss must be a fraction 0..1 or a percentage such as \"5%\""},
    {"bad_mtu.json", "11:85: /links/1/mtu: mtu must be between 68 and 65535"},
    {"bad_mx_preference.json", "14:55: /dns/0/preference: preference must be between 0 and 65535"},
    {"bad_preset.json", "6:121: /hosts/1/retry/preset: unknown retry preset \"postifx\" (did you mean \"postfix\"?)"},
    {"bad_record_type.json", "14:35: /dns/0/type: unknown record type \"CNAME\" (supported: A, MX)"},
    {"bad_utf8.json", "3:15: /: invalid JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte"},
    {"bad_version.json", "2:14: /mailsim: unsupported format version 2 (this MailSim reads version 1)"},
    {"duplicate_host.json", "8:14: /hosts/3/name: duplicate host name \"dns\" (first defined at line 7)"},
    {"duplicate_ip.json", "7:49: /hosts/2/ip: duplicate IP address \"192.0.2.10\" (also used by mail.a.example)"},
    {"duplicate_key.json", "7:63: /hosts/2/ip: duplicate key \"ip\""},
    {"eml_missing.json", "6:58: /hosts/0/users/0/eml: cannot read \"mailboxes/missing.eml\" (no such file)"},
    {"eml_no_files.json", "6:58: /hosts/0/users/0/eml: the directory \"mailboxes/broken_maildir/cur\" holds no .eml files"},
    {"eml_not_message.json", "6:59: /hosts/0/users/0/eml/0: \"mailboxes/not_a_message.eml\" is not a message (it does not start with a header field such as \"From: ...\")"},
    {"eml_wrong_type.json", "6:58: /hosts/0/users/0/eml: expected a string or an array of strings, found a number"},
    {"empty.json", "1:1: /: invalid JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal"},
    {"fault_needs_value.json", "16:14: /faults/0: loss needs a value such as 20%"},
    {"fault_no_link.json", "16:14: /faults/0: no link between \"a-pc\" and \"dns\""},
    {"fault_unknown_target.json", "16:14: /faults/0: fault target \"mail.b.example\" names no host (did you mean \"mail.a.example\"?)"},
    {"maildir_bad_file.json", "6:62: /hosts/0/users/0/maildir: \"mailboxes/broken_maildir/cur/1767574800.M1P1.x:2,S\" is not a message (it does not start with a header field such as \"From: ...\")"},
    {"maildir_missing.json", "6:62: /hosts/0/users/0/maildir: cannot read the Maildir \"mailboxes/no-such-maildir\" (no such directory)"},
    {"maildir_not_maildir.json", "6:62: /hosts/0/users/0/maildir: \"mailboxes\" is not a Maildir (it has neither cur/ nor new/)"},
    {"misplaced_key.json", "5:139: /hosts/0/domains: key \"domains\" does not apply to a user-agent host (it is a mail-server field)"},
    {"missing_field.json", "7:5: /hosts/2: missing required field \"ip\""},
    {"missing_version.json", "1:1: /: missing required field \"mailsim\""},
    {"not_an_object.json", "1:1: /: expected an object, found an array"},
    {"self_link.json", "10:24: /links/0/b: a link cannot connect \"a-pc\" to itself"},
    {"trailing_comma.json", "8:3: /: invalid JSON: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal"},
    {"truncated.json", "9:3: /: invalid JSON: syntax error while parsing object key - unexpected end of input; expected string literal"},
    {"unknown_key.json", "6:101: /hosts/1/max_mesage_size: unknown key \"max_mesage_size\" (did you mean \"max_message_size\"?)"},
    {"unknown_link_host.json", "11:34: /links/1/b: unknown host \"dnss\" (did you mean \"dns\"?)"},
    {"wrong_server_kind.json", "5:121: /hosts/0/server: \"dns\" is a dns-server, not a mail-server"},
    {"wrong_type.json", "3:11: /name: expected a string, found a number"},
  };
  for (const Row& row : rows) {
    std::string path = kData + "bad/" + row.file;
    INFO(row.file);
    CHECK(only_problem(sim::load_scenario(path), path) == row.expected);
  }
}

TEST_CASE("the minimal scenario's values are read with their positions", "[sim][scenario]") {
  sim::LoadResult r = sim::load_scenario(kData + "minimal.json");
  INFO(problems_text(r));
  REQUIRE(r.ok());
  const sim::ScenarioSpec& s = *r.scenario;
  REQUIRE(s.hosts.size() == 3);
  CHECK(s.hosts[1].name == "mail.a.example");
  CHECK(s.hosts[1].pos.line == 6);
  CHECK(s.hosts[1].pos.col == 5);
  CHECK(s.hosts[1].pos.path == "/hosts/1");
  CHECK(s.hosts[0].agent.server == "mail.a.example");
  CHECK(s.dns_server == "dns");  // the only dns-server, as documented
  REQUIRE(s.links.size() == 2);
  CHECK(s.links[0].latency == std::chrono::milliseconds(1));
  CHECK(s.links[1].bandwidth_bps == 56'000);
  CHECK(s.links[1].loss == Approx(0.05));
  CHECK(s.links[1].mtu == 576);
  REQUIRE(s.dns_records.size() == 1);
  CHECK(s.dns_records[0].preference == 10);
  REQUIRE(s.faults.size() == 1);
  CHECK(s.faults[0].at == std::chrono::minutes(10));
  CHECK(s.faults[0].pos.line == 16);
}

TEST_CASE("the loader collects every problem, not only the first, in document order",
          "[sim][scenario]") {
  std::string text = R"({
  "mailsim": 1, "name": "x", "colour": "red",
  "hosts": [{"name": "r", "kind": "router", "ip": "10.0.0.256"}],
  "links": [{"a": "r", "b": "q", "mtu": 9}]
})";
  sim::LoadResult r = sim::load_scenario_text(text, "t.json");
  REQUIRE(problems_text(r) ==
          "t.json:2:30: /colour: unknown key \"colour\" (expected one of: mailsim, name, title, "
          "description, seed, start, until, dns_server, hosts, links, dns, faults)\n"
          "t.json:3:51: /hosts/0/ip: malformed IPv4 address \"10.0.0.256\"\n"
          "t.json:4:29: /links/0/b: unknown host \"q\" (did you mean \"r\"?)\n"
          "t.json:4:41: /links/0/mtu: mtu must be between 68 and 65535\n");
  CHECK_FALSE(r.scenario.has_value());
}

TEST_CASE("columns count UTF-8 characters, so Chinese text before a value counts once per character",
          "[sim][scenario]") {
  std::string text = "{\"mailsim\": 1, \"name\": \"你好\", \"seed\": \"x\", \"hosts\": []}";
  sim::LoadResult r = sim::load_scenario_text(text, "u.json");
  REQUIRE(problems_text(r) == "u.json:1:38: /seed: expected a whole number, found a string\n");
}

TEST_CASE("a file that cannot be read is a problem without a line", "[sim][scenario]") {
  sim::LoadResult r = sim::load_scenario(kData + "does-not-exist.json");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].pos.line == 0);
  CHECK(sim::format_problem(r.problems[0]) ==
        kData + "does-not-exist.json: cannot read the file: no such file");
}

TEST_CASE("a device, a pipe, a directory or a huge file is refused, not read forever", "[sim][scenario]") {
  // /dev/zero never ends and a FIFO waits for a writer: both would hang `mailsim check`.
  auto problem = [](const std::string& path) {
    sim::LoadResult r = sim::load_scenario(path);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].pos.line == 0);
    return sim::format_problem(r.problems[0]);
  };
  CHECK(problem("/dev/zero") == "/dev/zero: cannot read the file: not a regular file (a device, pipe or socket)");
  CHECK(problem(kData) == kData + ": cannot read the file: it is a directory");
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("mailsim_read_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string fifo = (dir / "fifo.json").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(problem(fifo) == fifo + ": cannot read the file: not a regular file (a device, pipe or socket)");
  // The limit itself, on a small one (the real one is 64 MiB).
  const std::string big = (dir / "big.json").string();
  std::ofstream(big) << std::string(1025, ' ');
  sim::FileProblem p;
  CHECK(sim::read_whole_file(big, &p, 1024) == std::nullopt);
  CHECK(p == sim::FileProblem::TooLarge);
  CHECK(sim::describe(p, 1024 << 20) == "larger than 1024 MiB");
  CHECK(sim::read_whole_file(big, &p, 1025) == std::string(1025, ' '));
  CHECK(p == sim::FileProblem::None);
  std::filesystem::remove_all(dir);
}

TEST_CASE("random bytes and every truncation of a scenario never crash the loader", "[sim][scenario]") {
  std::mt19937 rng(12345);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(rng() % 200, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 256);
    sim::LoadResult r = sim::load_scenario_text(bytes, "random.json");
    REQUIRE_FALSE(r.ok());
    for (const sim::Problem& p : r.problems) REQUIRE(p.pos.line >= 1);
  }
  sim::LoadResult whole = sim::load_scenario(MAILSIM_SOURCE_DIR "/assets/scenarios/default.json");
  REQUIRE(whole.ok());
  std::string text = test::source_text(MAILSIM_SOURCE_DIR "/assets/scenarios/default.json");
  for (std::size_t cut = 0; cut + 2 < text.size(); ++cut) {
    sim::LoadResult r = sim::load_scenario_text(text.substr(0, cut), "cut.json");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.problems.size() == 1);
  }
}

TEST_CASE("scenario-shaped JSON with mutated values never crashes and always explains itself",
          "[sim][scenario]") {
  const std::string values[] = {"null", "true", "-1", "1e999", "18446744073709551616", "\"\"",
                                "[]", "{}", "[null]", "\"x\"", "0.5", "{\"a\":[{}]}"};
  const std::string keys[] = {"mailsim", "name", "title", "seed", "until", "dns_server", "hosts",
                              "links", "dns", "faults"};
  for (const std::string& key : keys) {
    for (const std::string& value : values) {
      std::string text = "{\"mailsim\":1,\"name\":\"n\",\"hosts\":[{\"name\":\"h\",\"kind\":\"user-agent\","
                         "\"ip\":\"192.0.2.1\",\"address\":\"a@b.c\",\"password\":\"p\",\"server\":" +
                         value + ",\"send\":[" + value + "]}],\"" + key + "\":" + value + "}";
      sim::LoadResult r = sim::load_scenario_text(text, "m.json");
      INFO(text);
      REQUIRE_FALSE(r.ok());
      for (const sim::Problem& p : r.problems) REQUIRE_FALSE(p.message.empty());
    }
  }
}

TEST_CASE("the example in docs/scenario.md loads with no problems", "[sim][scenario]") {
  std::string doc = test::source_text(MAILSIM_SOURCE_DIR "/docs/scenario.md");
  std::size_t start = doc.find("```json\n");
  REQUIRE(start != std::string::npos);
  start += 8;
  std::size_t end = doc.find("```", start);
  REQUIRE(end != std::string::npos);
  sim::LoadResult r = sim::load_scenario_text(doc.substr(start, end - start), "scenario.md");
  INFO(problems_text(r));
  REQUIRE(r.ok());
  CHECK(r.scenario->links[3].loss == Approx(0.01));
  CHECK(r.scenario->hosts[1].mail.retry.queue_lifetime == std::chrono::hours(24 * 5));
}

TEST_CASE("values nested a hundred thousand levels deep are refused without a crash", "[sim][scenario]") {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  sim::LoadResult r = sim::load_scenario_text("{\"mailsim\": " + deep + ", \"name\": \"x\", \"hosts\": []}", "d.json");
  REQUIRE(problems_text(r) == "d.json:1:13: /mailsim: expected the format version 1, found an array\n");
}

TEST_CASE("a byte order mark does not shift columns", "[sim][scenario]") {
  sim::LoadResult r = sim::load_scenario_text("\xEF\xBB\xBF{\"mailsim\": 1, \"name\": 2, \"hosts\": []}", "b.json");
  REQUIRE(problems_text(r) == "b.json:1:24: /name: expected a string, found a number\n");
}

TEST_CASE("single-byte mutations of the default scenario never crash and always place problems",
          "[sim][scenario]") {
  std::string text = test::source_text(MAILSIM_SOURCE_DIR "/assets/scenarios/default.json");
  std::mt19937 rng(99);
  const char replacements[] = "\"{}[],:0123456789.-x%\\ \n";
  int rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string mutated = text;
    mutated[rng() % mutated.size()] = replacements[rng() % (sizeof replacements - 1)];
    sim::LoadResult r = sim::load_scenario_text(mutated, "mut.json");
    if (r.ok()) continue;
    ++rejected;
    for (const sim::Problem& p : r.problems) {
      REQUIRE(p.pos.line >= 1);
      REQUIRE(p.pos.col >= 1);
    }
  }
  CHECK(rejected > 1000);
}

TEST_CASE("kind-specific fields of the shipped scenarios are read into the spec", "[sim][scenario]") {
  sim::LoadResult echo = sim::load_scenario(MAILSIM_SOURCE_DIR "/assets/scenarios/echo.json");
  REQUIRE(echo.ok());
  const sim::HostSpec& client = echo.scenario->hosts[0];
  CHECK(client.kind == "echo-client");
  CHECK(client.echo.connect_to == "server");
  CHECK(client.echo.at == std::chrono::seconds(1));
  CHECK(client.echo.lines.size() == 3);
  CHECK(echo.scenario->title.zh == "端到端的 TCP：回显服务");

  sim::LoadResult outage = sim::load_scenario(MAILSIM_SOURCE_DIR "/assets/scenarios/outage.json");
  REQUIRE(outage.ok());
  REQUIRE(outage.scenario->faults.size() == 2);
  CHECK(sim::format_fault(outage.scenario->faults[0]) == "0s power-off mail.b.example");
  CHECK(sim::format_fault(outage.scenario->faults[1]) == "1d power-on mail.b.example");
  CHECK(outage.scenario->dns_server == "dns.example");
}

TEST_CASE("retry overrides, attachments and limits are read from a mail scenario", "[sim][scenario]") {
  std::string text = R"({"mailsim": 1, "name": "m", "hosts": [
    {"name": "mx", "kind": "mail-server", "ip": "192.0.2.1", "domains": ["b.example"],
     "retry": {"preset": "textbook", "queue_run_interval": "30m", "queue_lifetime": "3d"},
     "max_message_size": 1000, "max_recipients": 5},
    {"name": "ua", "kind": "user-agent", "ip": "192.0.2.2", "address": "a@b.example",
     "password": "p", "server": "mx",
     "send": [{"at": "2s", "to": ["x@b.example"], "cc": ["y@b.example"],
               "attachments": [{"filename": "a.txt", "content_type": "text/plain", "text": "hi"},
                               {"filename": "big.bin", "size": 4096}]}]}]})";
  sim::LoadResult r = sim::load_scenario_text(text, "m.json");
  INFO(problems_text(r));
  REQUIRE(r.ok());
  const sim::MailServerSpec& mail = r.scenario->hosts[0].mail;
  CHECK(mail.retry.preset == "textbook");
  CHECK(mail.retry.queue_run_interval == std::chrono::minutes(30));
  CHECK(mail.retry.queue_lifetime == std::chrono::hours(72));
  CHECK_FALSE(mail.retry.maximal_backoff.has_value());
  CHECK(mail.max_message_size == 1000);
  CHECK(mail.max_recipients == 5);
  const sim::SendSpec& send = r.scenario->hosts[1].agent.sends.at(0);
  CHECK(send.cc == std::vector<std::string>{"y@b.example"});
  REQUIRE(send.attachments.size() == 2);
  CHECK(send.attachments[0].text == "hi");
  CHECK(send.attachments[1].size == 4096);
  CHECK(send.attachments[1].content_type == "application/octet-stream");
  CHECK(r.scenario->dns_server.empty());  // no dns-server host: none chosen
}

TEST_CASE("a mail server's 8bitmime and smtputf8 are read, each on unless set false", "[sim][scenario][8bitmime]") {
  std::string text = R"({"mailsim": 1, "name": "m", "hosts": [
    {"name": "old", "kind": "mail-server", "ip": "192.0.2.1", "domains": ["b.example"],
     "8bitmime": false, "smtputf8": false},
    {"name": "half", "kind": "mail-server", "ip": "192.0.2.2", "domains": ["c.example"], "8bitmime": false},
    {"name": "new", "kind": "mail-server", "ip": "192.0.2.3", "domains": ["d.example"],
     "8bitmime": true, "smtputf8": true},
    {"name": "plain", "kind": "mail-server", "ip": "192.0.2.4", "domains": ["e.example"]}]})";
  sim::LoadResult r = sim::load_scenario_text(text, "m.json");
  INFO(problems_text(r));
  REQUIRE(r.ok());
  const auto& h = r.scenario->hosts;
  CHECK_FALSE(h[0].mail.advertise_8bitmime);
  CHECK_FALSE(h[0].mail.advertise_smtputf8);
  CHECK_FALSE(h[1].mail.advertise_8bitmime);
  CHECK(h[1].mail.advertise_smtputf8);
  CHECK(h[2].mail.advertise_8bitmime);
  CHECK(h[2].mail.advertise_smtputf8);
  CHECK(h[3].mail.advertise_8bitmime);
  CHECK(h[3].mail.advertise_smtputf8);
}

TEST_CASE("8bitmime and smtputf8 that are not true or false, misspelt or misplaced are placed", "[sim][scenario][8bitmime]") {
  std::string text = R"({"mailsim": 1, "name": "m", "hosts": [
    {"name": "mx", "kind": "mail-server", "ip": "192.0.2.1", "8bitmime": "no", "smtputf8": 0},
    {"name": "mx2", "kind": "mail-server", "ip": "192.0.2.2", "8bitmine": false},
    {"name": "r", "kind": "router", "ip": "192.0.2.3", "smtputf8": false}]})";
  sim::LoadResult r = sim::load_scenario_text(text, "w.json");
  CHECK(problems_text(r) ==
        "w.json:2:74: /hosts/0/8bitmime: expected true or false, found a string\n"
        "w.json:2:92: /hosts/0/smtputf8: expected true or false, found a number\n"
        "w.json:3:63: /hosts/1/8bitmine: unknown key \"8bitmine\" (did you mean \"8bitmime\"?)\n"
        "w.json:4:56: /hosts/2/smtputf8: key \"smtputf8\" does not apply to a router host (it is a mail-server field)\n");
  CHECK_FALSE(r.scenario.has_value());
}

TEST_CASE("less common mistakes each get their documented message in one pass", "[sim][scenario]") {
  std::string path = kData + "multi/many_mistakes.json";
  sim::LoadResult r = sim::load_scenario(path);
  const char* expected[] = {
      "1:46: /dns_server: \"r\" is a router, not a dns-server",
      "3:111: /hosts/0/users/1/name: duplicate user \"u\"",
      "4:130: /hosts/1/resolver: \"mx\" is a mail-server, not a dns-server",
      "5:32: /hosts/1/send/0/to: a message needs at least one recipient",
      "5:52: /hosts/1/send/0/attachments/0: an attachment has either \"text\" or \"size\", not both",
      "5:95: /hosts/1/send/0/attachments/1: an attachment needs \"text\" or \"size\"",
      "6:74: /hosts/2/connect_to: \"mx\" is a mail-server, not an echo-server",
      "6:88: /hosts/2/port: port must be between 1 and 65535",
      "7:54: /hosts/3/domains: key \"domains\" does not apply to a router host (it is a mail-server field)",
      "8:25: /hosts/4/kind: unknown host kind \"web\" (use router, dns-server, mail-server, user-agent, webmail-server, browser, echo-server or echo-client)",
      "8:51: /hosts/4/colour: unknown key \"colour\" (expected one of: name, kind, ip, resolver, webmail, user, password, actions, port, connect_to, at, lines, domains, users, retry, max_message_size, max_recipients, 8bitmime, smtputf8, max_line_length, starttls, auth_requires_tls, tls_outbound, address, server, send, read, tls, mail_server, domain)",
      "10:41: /links/0/up: expected true or false, found a string",
      "10:49: /links/1: duplicate link between \"ua\" and \"mx\"",
      "10:85: /links/1/bandwidth: malformed bandwidth 0 (use e.g. \"100Mbps\", \"1Gbps\", \"56kbps\" or a number of bit/s)",
      "11:45: /dns/0/preference: \"preference\" applies to MX records only",
      "12:13: /faults/0: expected a fault string, found a number",
      "12:16: /faults/1: stop-service takes no value (got 'extra')",
  };
  INFO(problems_text(r));
  REQUIRE(r.problems.size() == std::size(expected));
  for (std::size_t i = 0; i < r.problems.size(); ++i)
    CHECK(sim::format_problem(r.problems[i]) == path + ":" + expected[i]);
}

TEST_CASE("CR LF line ends give the same lines and columns as LF", "[sim][scenario]") {
  std::string text;
  for (char c : test::source_text(kData + "bad/bad_ip.json")) {
    if (c == '\n') text += '\r';
    text += c;
  }
  REQUIRE(text.find("\r\n") != std::string::npos);
  sim::LoadResult r = sim::load_scenario_text(text, "crlf.json");
  REQUIRE(problems_text(r) == "crlf.json:7:49: /hosts/2/ip: malformed IPv4 address \"192.0.2.300\"\n");
  r = sim::load_scenario_text(text.substr(0, text.find("\"links\"")), "crlf.json");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].pos.line == 9);
  CHECK(r.problems[0].pos.col == 3);
}

TEST_CASE("IMAP device actions are read with their times, folders, UIDs and flags", "[sim][scenario][imap]") {
  std::string text = R"({"mailsim": 1, "name": "m", "hosts": [
    {"name": "mx", "kind": "mail-server", "ip": "192.0.2.1", "domains": ["b.example"]},
    {"name": "phone", "kind": "user-agent", "ip": "192.0.2.2", "address": "bob@b.example", "password": "p",
     "server": "mx", "read": {"protocol": "imap", "idle": true, "actions": [
       {"at": "1m", "do": "create", "folder": "Archive/2026"},
       {"at": "2m", "do": "move", "uid": 3, "to": "Archive/2026"},
       {"at": "3m", "do": "copy", "uid": 4, "folder": "Work", "to": "Saved"},
       {"at": "4m", "do": "flag", "uid": 5, "flag": "\\Flagged"},
       {"at": "5m", "do": "unflag", "uid": 5, "flag": "$Important"}]}}]})";
  sim::LoadResult r = sim::load_scenario_text(text, "a.json");
  INFO(problems_text(r));
  REQUIRE(r.ok());
  const auto& actions = r.scenario->hosts[1].agent.read.actions;
  REQUIRE(actions.size() == 5);
  CHECK(actions[0].what == "create");
  CHECK(actions[0].folder == "Archive/2026");
  CHECK(actions[1].at == std::chrono::minutes(2));
  CHECK(actions[1].folder == "INBOX");
  CHECK(actions[1].uid == 3);
  CHECK(actions[1].to == "Archive/2026");
  CHECK(actions[2].folder == "Work");
  CHECK(actions[3].flag == "\\Flagged");
  CHECK(actions[4].what == "unflag");
  CHECK(actions[4].flag == "$Important");
  CHECK(actions[4].pos.line == 9);
  CHECK(actions[4].pos.path == "/hosts/1/read/actions/4");
}

TEST_CASE("mistakes in IMAP device actions each get their message in one pass", "[sim][scenario][imap]") {
  std::string path = kData + "multi/imap_actions.json";
  sim::LoadResult r = sim::load_scenario(path);
  const char* expected[] = {
      "5:6: /hosts/1/read/actions/0: \"create\" needs \"folder\"",
      "6:6: /hosts/1/read/actions/1: \"move\" needs \"to\"",
      "7:40: /hosts/1/read/actions/2/uid: uid must be between 1 and 4294967295",
      "7:51: /hosts/1/read/actions/2/flag: malformed flag \"\\Recent\" (use \\Seen, \\Answered, \\Flagged, \\Deleted, \\Draft or a keyword)",
      "8:45: /hosts/1/read/actions/3/folder: \"folder\" names no folder (empty)",
      "8:49: /hosts/1/read/actions/3/to: \"to\" does not apply to \"create\"",
      "9:6: /hosts/1/read/actions/4: missing required field \"at\"",
      "9:41: /hosts/1/read/actions/4/flag: malformed flag \"bad flag\" (use \\Seen, \\Answered, \\Flagged, \\Deleted, \\Draft or a keyword)",
      "10:40: /hosts/1/read/actions/5/uid: expected a whole number, found a string",
      "10:60: /hosts/1/read/actions/5/colour: unknown key \"colour\" (expected one of: at, do, folder, uid, to, flag)",
      "11:6: /hosts/1/read/actions/6: expected an object, found a string",
      "13:33: /hosts/2/read/actions: \"actions\" are for IMAP devices; POP3 has no folders or flags on the server",
  };
  INFO(problems_text(r));
  REQUIRE(r.problems.size() == std::size(expected));
  for (std::size_t i = 0; i < r.problems.size(); ++i)
    CHECK(sim::format_problem(r.problems[i]) == path + ":" + expected[i]);
}
