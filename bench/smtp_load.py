#!/usr/bin/python3
"""SMTP load benchmark (a figure, not a test): one concurrent load client, the same load
against `mailsim serve`, Python's aiosmtpd (Debian python3-aiosmtpd) and Postfix's smtpd
(Debian postfix; run as root), in one run.

  bench/smtp_load.py build/mailsim [--messages 3000] [--concurrency 16] [--size 1024]

Each of CONCURRENCY connections says EHLO once, then sends messages one after the other
(MAIL, RCPT, DATA, the message, "."; no pipelining), on a new connection every 200 messages
(mailsim serve allows 1,000 commands per session). A message's latency runs from its MAIL
command to the 250 after its final ".". Printed per server: messages accepted per second
(wall clock, first connect to last reply) and latency p50 / p95.

mailsim serve runs the default scenario: every message travels the virtual network (the
real client's host is 1 ms from the server, so each command costs 2 ms of simulated time
that follows the wall clock), is queued on the simulated disk, traced, and delivered to
bob's mailbox. aiosmtpd only answers 250 and drops the message. Postfix runs as a private
instance in a temporary directory (its own main.cf, master.cf, queue and data directories,
log file; smtpd on a free 127.0.0.1 port, no chroot), which neither needs nor touches a
system MTA or port 25: smtpd hands each message to cleanup, which writes (and fsyncs) a
queue file before the 250, and qmgr then delivers it to the discard transport. The run
checks Postfix's log for one discard per accepted message. Postfix is skipped with a
message when it is missing or the benchmark is not root. To install it without setting up
or starting the system daemon:

  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix

The load client is one Python process; each server runs in its own process(es).
"""
import argparse
import asyncio
import os
import random
import signal
import socket
import re
import shutil
import subprocess
import sys
import tempfile
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

POSTFIX_INSTALL = ('echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections; '
                   'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix')

# Everything that is not a daemon's built-in default: paths inside the private instance,
# loopback only, no local domains, everything to the discard transport, log to a file
# (postlogd) because there may be no syslog.
POSTFIX_MAIN = """\
compatibility_level = 3.6
queue_directory = {dir}/queue
data_directory = {dir}/data
maillog_file = {dir}/maillog
maillog_file_prefixes = {dir}
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfix.load.example
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
relay_domains =
mynetworks = 127.0.0.0/8
default_transport = discard:load
relay_transport = discard:load
biff = no
smtpd_peername_lookup = no
smtputf8_enable = no
"""

# The daemons the accept-and-discard path needs, none chrooted; smtpd on the bench port.
POSTFIX_MASTER = """\
127.0.0.1:{port} inet n - n - - smtpd
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
"""


class PrivatePostfix:
    """A Postfix instance of its own in a temporary directory: `postfix -c DIR start/stop`."""

    def __init__(self, port):
        self.port = port
        self.dir = None
        self.started = False

    @staticmethod
    def unavailable():
        if not os.path.exists("/usr/sbin/postfix"):
            return "postfix is not installed (Debian, without starting a system daemon: %s)" % POSTFIX_INSTALL
        if os.geteuid() != 0:
            return "postfix needs root to start (its master runs as root and drops to the postfix user)"
        return None

    def start(self):
        # DIR/etc (main.cf, master.cf), DIR/queue (root's; `postfix start` makes its
        # subdirectories, owned by postfix), DIR/data, DIR/maillog.
        self.dir = tempfile.mkdtemp(prefix="mailsim-postfix-")
        os.chmod(self.dir, 0o755)  # the postfix user reaches its queue and data directories
        self.etc = os.path.join(self.dir, "etc")
        os.mkdir(self.etc, 0o755)
        os.mkdir(os.path.join(self.dir, "queue"), 0o755)
        with open(os.path.join(self.etc, "main.cf"), "w") as f:
            f.write(POSTFIX_MAIN.format(dir=self.dir))
        with open(os.path.join(self.etc, "master.cf"), "w") as f:
            f.write(POSTFIX_MASTER.format(port=self.port))
        r = subprocess.run(["/usr/sbin/postfix", "-c", self.etc, "start"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            raise RuntimeError("postfix -c %s start: %s" % (self.etc, (r.stdout + self.log()).strip()))
        self.started = True
        deadline = time.time() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("postfix smtpd on port %d did not start:\n%s" % (self.port, self.log()[-2000:]))
                time.sleep(0.05)

    def log(self):
        try:
            with open(os.path.join(self.dir, "maillog"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def discarded(self, expect, timeout=30.0):
        # Messages delivered to discard, from the log; waits for qmgr to drain the queue.
        deadline = time.time() + timeout
        while True:
            n = len(re.findall(r"postfix/discard\[\d+\]: \w+: to=.* status=sent", self.log()))
            if n >= expect or time.time() > deadline:
                return n
            time.sleep(0.2)

    def stop(self):
        if self.started:
            subprocess.run(["/usr/sbin/postfix", "-c", self.etc, "stop"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            # postfix stop signals master and returns; keep the directory until master is gone.
            try:
                with open(os.path.join(self.dir, "queue/pid/master.pid")) as f:
                    pid = int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pid = None
            deadline = time.time() + 10
            while pid and time.time() < deadline:
                try:
                    with open("/proc/%d/stat" % pid) as f:
                        if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                            break
                except OSError:
                    break
                time.sleep(0.1)
        if self.dir and not os.environ.get("MAILSIM_KEEP_POSTFIX"):
            shutil.rmtree(self.dir, ignore_errors=True)


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
    ap.add_argument("--no-postfix", action="store_true", help="skip Postfix")
    args = ap.parse_args()
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    *ports, aio_port, pf_port = free_ports(7)
    serve = subprocess.Popen(
        [args.mailsim, "serve", os.path.join(src, "assets/scenarios/default.json"), "--server", "mail.b.example",
         "--smtp", str(ports[0]), "--submission", str(ports[1]), "--pop3", str(ports[2]), "--imap", str(ports[3]),
         "--http", str(ports[4])], stdout=subprocess.DEVNULL)
    aio = subprocess.Popen(["/usr/bin/python3", "-c", AIOSMTPD_SERVER, str(aio_port)], stdout=subprocess.PIPE)
    postfix = None
    why = "--no-postfix" if args.no_postfix else PrivatePostfix.unavailable()
    try:
        wait_port(ports[0], serve)
        if aio.stdout.readline().strip() != b"ready":
            raise SystemExit("aiosmtpd did not start (Debian: apt-get install python3-aiosmtpd)")
        if why is None:
            postfix = PrivatePostfix(pf_port)
            try:
                postfix.start()
            except RuntimeError as e:
                why = str(e)
        print("%d messages of %d bytes, %d connections, no pipelining" % (args.messages, args.size, args.concurrency))
        ours = run("mailsim serve", ports[0], args)
        theirs = run("aiosmtpd", aio_port, args)
        if why is None:
            pf = run("postfix smtpd", pf_port, args)
        print("ratio mailsim serve / aiosmtpd: %.2f" % (ours / theirs))
        if why is None:
            print("ratio mailsim serve / postfix smtpd: %.2f" % (ours / pf if pf else float("nan")))
            print("postfix: %d messages delivered to discard (its maillog)" % postfix.discarded(args.messages))
        else:
            print("postfix skipped: %s" % why)
    finally:
        for p in (serve, aio):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        if postfix:
            postfix.stop()


if __name__ == "__main__":
    sys.exit(main())
