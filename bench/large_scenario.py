#!/usr/bin/env python3
"""Writes a large scenario for the front end's frame-time benchmark (issue: 200 hosts,
2,000 messages): D mail domains, each a mail server with U user agents that send to users
of other domains over the first minutes, all joined by one Internet router, with one DNS
server. Deterministic (seeded); prints nothing, writes the file named on the command line.

    bench/large_scenario.py OUT.json [--domains 40] [--users 4] [--messages 2000]
"""
import argparse
import json
import random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--domains", type=int, default=40)
ap.add_argument("--users", type=int, default=4)
ap.add_argument("--messages", type=int, default=2000)
ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
rng = random.Random(a.seed)

addresses = (f"{net}.{i}" for net in ("192.0.2", "198.51.100", "203.0.113") for i in range(2, 255))
hosts, links, dns = [], [], []
hosts.append({"name": "internet", "kind": "router", "ip": next(addresses)})
hosts.append({"name": "dns.example", "kind": "dns-server", "ip": next(addresses)})
links.append({"a": "dns.example", "b": "internet", "latency": "5ms"})
users = [(d, u) for d in range(a.domains) for u in range(a.users)]
sends = {du: [] for du in users}
for m in range(a.messages):
    d, u = rng.choice(users)
    rd, ru = rng.choice([x for x in users if x[0] != d] if a.domains > 1 else users)
    sends[(d, u)].append({"at": f"{1 + m * 0.1:.1f}s", "to": [f"u{ru}@d{rd}.example"],
                          "subject": f"message {m}", "body": f"Hello u{ru}, this is message {m}.\n"})
for d in range(a.domains):
    server = f"mail.d{d}.example"
    hosts.append({"name": server, "kind": "mail-server", "ip": next(addresses), "domains": [f"d{d}.example"],
                  "users": [{"name": f"u{u}", "password": f"pw{u}"} for u in range(a.users)]})
    links.append({"a": server, "b": "internet", "latency": f"{5 + d % 20}ms"})
    dns.append({"name": f"d{d}.example", "type": "MX", "preference": 10, "value": server})
    for u in range(a.users):
        pc = f"u{u}-d{d}-pc"
        hosts.append({"name": pc, "kind": "user-agent", "ip": next(addresses), "address": f"u{u}@d{d}.example",
                      "password": f"pw{u}", "server": server, "send": sends[(d, u)]})
        links.append({"a": pc, "b": server, "latency": "1ms"})
scenario = {"mailsim": 1, "name": "large", "title": {"en": "Large world", "zh": "大规模场景"},
            "seed": a.seed, "until": "30m", "dns_server": "dns.example", "hosts": hosts, "links": links, "dns": dns}
with open(a.out, "w", encoding="utf-8") as f:
    json.dump(scenario, f, ensure_ascii=False, indent=1)
