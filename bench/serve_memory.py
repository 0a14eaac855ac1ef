#!/usr/bin/python3
"""Memory of `mailsim serve` under real clients (issue 13 §5; a figure, not a test), for one or
two builds in the same run, printed side by side.

  bench/serve_memory.py NEW_MAILSIM [--old OLD_MAILSIM] [--seconds 600] [--messages 30]

Two loads, each against a fresh `mailsim serve assets/scenarios/textbook.json --server
mail.b.example` on loopback ports:

1. The bounded loop, for SECONDS: Python's smtplib sends one 1 MiB message to bob, then
   imaplib logs in as bob, selects INBOX, fetches every message (BODY.PEEK[]), marks them
   \\Deleted and expunges; again and again. The server's resident set (VmRSS from
   /proc/PID/status) is sampled every 0.5 s. Printed: loops done, steady RSS (the median of
   the samples in the last half of the run), the largest sample, and VmHWM at the end.
2. The never-reading client: MESSAGES 1 MiB messages are sent to bob; then one client logs
   in over IMAP, selects INBOX and pipelines `FETCH 1:* (BODY.PEEK[])` ten times without
   ever reading a byte. RSS is sampled for 60 s (or SECONDS, if shorter). Printed: RSS before
   the FETCHes, the largest sample after, and RSS at the end (growing or flat). A build
   whose RSS passes 1.5 GiB is stopped there (its peak then reads "> 1536").

Every wait is bounded; the servers are stopped with SIGTERM (SIGKILL after 10 s).
"""
import argparse
import imaplib
import os
import random
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAP_MIB = 1536
SCENARIO = os.path.join(SRC, "assets", "scenarios", "textbook.json")


def free_base():
    for _ in range(100):
        base = random.randint(20000, 31000)
        ok = True
        for i in range(5):
            s = socket.socket()
            try:
                s.bind(("127.0.0.1", base + i))
            except OSError:
                ok = False
            finally:
                s.close()
        if ok:
            return base
    raise RuntimeError("no free ports")


class Serve:
    def __init__(self, binary, extra=()):
        self.base = free_base()
        self.dir = tempfile.mkdtemp(prefix="serve_memory_")
        args = [binary, "serve", SCENARIO, "--server", "mail.b.example", "--smtp", str(self.base),
                "--submission", str(self.base + 1), "--pop3", str(self.base + 2), "--imap", str(self.base + 3),
                "--http", str(self.base + 4), "--max-commands", "100000", *extra]
        self.out = open(os.path.join(self.dir, "serve.out"), "w+")
        self.p = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            self.out.seek(0)
            if "imap of mail.b.example" in self.out.read():
                return
            if self.p.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("mailsim serve did not start")

    def rss_mib(self, field="VmRSS"):
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(5)


def message(i, size=1 << 20):
    line = ("mailsim memory benchmark %08d " % i) * 3
    body = []
    n = 0
    while n < size:
        body.append(line[:76])
        n += 78
    return ("From: carol@c.example\r\nTo: bob@b.example\r\nSubject: big %d\r\n"
            "Message-ID: <bench-%d@c.example>\r\n\r\n" % (i, i)) + "\r\n".join(body) + "\r\n"


def send(base, i):
    with smtplib.SMTP("127.0.0.1", base, timeout=60) as s:
        s.sendmail("carol@c.example", ["bob@b.example"], message(i).encode())


def wait_messages(base, want, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        i = imaplib.IMAP4("127.0.0.1", base + 3, timeout=60)
        i.login("bob", "bob-secret")
        typ, data = i.select("INBOX")
        n = int(data[0])
        i.logout()
        if n >= want:
            return n
        time.sleep(0.5)
    raise RuntimeError("messages did not arrive")


def bounded_loop(binary, seconds, extra=()):
    srv = Serve(binary, extra)
    samples = []
    loops = 0
    try:
        start = time.time()
        next_sample = start
        i = 0
        while time.time() - start < seconds:
            send(srv.base, i)
            i += 1
            im = imaplib.IMAP4("127.0.0.1", srv.base + 3, timeout=120)
            im.login("bob", "bob-secret")
            im.select("INBOX")
            typ, data = im.fetch("1:*", "(BODY.PEEK[])")
            im.store("1:*", "+FLAGS", "(\\Deleted)")
            im.expunge()
            im.logout()
            loops += 1
            if time.time() >= next_sample:
                samples.append((time.time() - start, srv.rss_mib()))
                next_sample = time.time() + 0.5
        hwm = srv.rss_mib("VmHWM")
    finally:
        srv.stop()
    late = [r for t, r in samples if t >= seconds / 2] or [r for _, r in samples]
    return {"loops": loops, "steady": statistics.median(late), "max": max(r for _, r in samples), "hwm": hwm}


def never_reading(binary, messages, seconds):
    srv = Serve(binary)
    try:
        for i in range(messages):
            send(srv.base, i)
        wait_messages(srv.base, messages)
        before = srv.rss_mib()
        s = socket.create_connection(("127.0.0.1", srv.base + 3), timeout=30)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        req = b"a LOGIN bob bob-secret\r\nb SELECT INBOX\r\n"
        req += b"".join(b"f%d FETCH 1:* (BODY.PEEK[])\r\n" % k for k in range(10))
        s.sendall(req)  # and never read
        peak = before
        end = time.time() + seconds
        while time.time() < end:
            if srv.p.poll() is not None:
                raise RuntimeError("mailsim serve died")
            peak = max(peak, srv.rss_mib())
            if peak > CAP_MIB:  # still growing: stop before it takes the shared machine's memory
                break
            time.sleep(0.5)
        last = srv.rss_mib()
        s.close()
    finally:
        srv.stop()
    return {"before": before, "peak": peak, "end": last}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("new")
    ap.add_argument("--old")
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--messages", type=int, default=30)
    a = ap.parse_args()
    builds = [("new", a.new)] + ([("old", a.old)] if a.old else [])
    loop, never = {}, {}
    for name, binary in builds:
        loop[name] = bounded_loop(binary, a.seconds)
        print(f"{name}: loop {loop[name]}", flush=True)
        never[name] = never_reading(binary, a.messages, min(60.0, a.seconds))
        print(f"{name}: never-reading {never[name]}", flush=True)
    print()
    print(f"mailsim serve memory, MiB ({a.seconds:.0f} s loop of 1 MiB send + fetch + delete; "
          f"never-reading client: {a.messages} x 1 MiB, FETCH 1:* x 10)")
    print("| build | loops | steady RSS | max RSS | VmHWM | never-reading: before | peak | end |")
    print("|---|---|---|---|---|---|---|---|")
    for name, _ in builds:
        l, n = loop[name], never[name]
        print(f"| {name} | {l['loops']} | {l['steady']:.0f} | {l['max']:.0f} | {l['hwm']:.0f} | "
              f"{n['before']:.0f} | {n['peak']:.0f} | {n['end']:.0f} |")


if __name__ == "__main__":
    sys.exit(main())
