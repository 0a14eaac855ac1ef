#!/usr/bin/python3
"""SMTP load benchmark (a figure, not a test): one concurrent load client, the same load
against `mailsim serve` and against Python's aiosmtpd (Debian python3-aiosmtpd), in one run.

  bench/smtp_load.py build/mailsim [--messages 3000] [--concurrency 16] [--size 1024]

Each of CONCURRENCY connections says EHLO once, then sends messages one after the other
(MAIL, RCPT, DATA, the message, "."; no pipelining), on a new connection every 200 messages
(mailsim serve allows 1,000 commands per session). A message's latency runs from its MAIL
command to the 250 after its final ".". Printed per server: messages accepted per second
(wall clock, first connect to last reply) and latency p50 / p95.

mailsim serve runs the default scenario: every message travels the virtual network (the
real client's host is 1 ms from the server, so each command costs 2 ms of simulated time
that follows the wall clock), is queued on the simulated disk, traced, and delivered to
bob's mailbox. aiosmtpd only answers 250 and drops the message. The load client is one
Python process; each server runs in its own process.
"""
import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time

AIOSMTPD_SERVER = r"""
import signal, sys, threading
from aiosmtpd.controller import Controller
class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 2.0.0 Ok: queued"
c = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
print("ready", flush=True)
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: done.set())
done.wait()
c.stop()
"""


def free_ports(n):
    # Held open together so that the n ports differ.
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def wait_port(port, proc, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited: %s" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server on port %d did not start" % port)


async def reply(reader):
    # An SMTP reply: lines "CODE-text" then "CODE text" (RFC 5321 §4.2.1).
    while True:
        line = await reader.readline()
        if not line:
            raise ConnectionError("closed")
        if line[3:4] != b"-":
            return int(line[:3]), line


async def worker(port, count, body, latencies, errors):
    sent = 0
    while sent < count:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            code, line = await reply(reader)
            if code != 220:
                raise ConnectionError(line)
            writer.write(b"EHLO load.example\r\n")
            await reply(reader)
            for _ in range(min(200, count - sent)):
                t0 = time.perf_counter()
                for cmd, want in ((b"MAIL FROM:<load@load.example>\r\n", 250),
                                  (b"RCPT TO:<bob@b.example>\r\n", 250),
                                  (b"DATA\r\n", 354), (body, 250)):
                    writer.write(cmd)
                    code, line = await reply(reader)
                    if code != want:
                        errors.append(line)
                        break
                else:
                    latencies.append(time.perf_counter() - t0)
                sent += 1
            writer.write(b"QUIT\r\n")
            await writer.drain()
        finally:
            writer.close()


async def load(port, messages, concurrency, body):
    latencies, errors = [], []
    per = [messages // concurrency + (1 if i < messages % concurrency else 0) for i in range(concurrency)]
    t0 = time.perf_counter()
    await asyncio.gather(*(worker(port, n, body, latencies, errors) for n in per))
    return time.perf_counter() - t0, latencies, errors


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


def message(size):
    head = ("From: load@load.example\r\nTo: bob@b.example\r\nSubject: load\r\n"
            "Message-ID: <%d@load.example>\r\n\r\n" % random.randrange(1 << 62))
    line = "x" * 76 + "\r\n"
    text = head + line * max(1, (size - len(head)) // len(line))
    return (text + ".\r\n").encode()


def run(name, port, args):
    elapsed, lat, errors = asyncio.run(load(port, args.messages, args.concurrency, message(args.size)))
    rate = len(lat) / elapsed
    print("%-14s %6d accepted in %6.2f s = %7.0f msg/s   latency p50 %6.1f ms  p95 %6.1f ms   errors %d"
          % (name, len(lat), elapsed, rate, percentile(lat, 50) * 1e3, percentile(lat, 95) * 1e3, len(errors)))
    if errors:
        print("  first error:", errors[0])
    return rate


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mailsim")
    ap.add_argument("--messages", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--size", type=int, default=1024)
    args = ap.parse_args()
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    *ports, aio_port = free_ports(6)
    serve = subprocess.Popen(
        [args.mailsim, "serve", os.path.join(src, "assets/scenarios/default.json"), "--server", "mail.b.example",
         "--smtp", str(ports[0]), "--submission", str(ports[1]), "--pop3", str(ports[2]), "--imap", str(ports[3]),
         "--http", str(ports[4])], stdout=subprocess.DEVNULL)
    aio = subprocess.Popen(["/usr/bin/python3", "-c", AIOSMTPD_SERVER, str(aio_port)], stdout=subprocess.PIPE)
    try:
        wait_port(ports[0], serve)
        if aio.stdout.readline().strip() != b"ready":
            raise SystemExit("aiosmtpd did not start (Debian: apt-get install python3-aiosmtpd)")
        print("%d messages of %d bytes, %d connections, no pipelining" % (args.messages, args.size, args.concurrency))
        ours = run("mailsim serve", ports[0], args)
        theirs = run("aiosmtpd", aio_port, args)
        print("ratio mailsim serve / aiosmtpd: %.2f" % (ours / theirs))
    finally:
        for p in (serve, aio):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    sys.exit(main())
