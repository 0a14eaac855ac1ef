"""Drives headless Chromium through the webmail of `mailsim serve`, end to end.

Speaks the W3C WebDriver protocol (JSON over HTTP) to chromedriver with the standard library
only: carol signs in, writes to alice with a Chinese subject, signs out; alice signs in,
finds the message in her inbox, opens it, and the page shows its subject and body. imaplib
reads the same message from the mail server, and the trace written on exit shows HTTP from
the real client to the webmail server and IMAP/SMTP from there to the mail server.

usage: webmail_browser.py MAILSIM SRC_DIR TMP_DIR
Every wait polls with a deadline; nothing sleeps longer than 0.1 s at a time.
WD_TRACE=1 prints each WebDriver call with the time it took.
"""
import email
import email.policy
import imaplib
import os
import signal
import socket
import subprocess
import sys
import time

from webdriver import Failure, WebDriver, wait_for

SUBJECT = "来自 Chromium 的信 / From Chromium"
BODY_LINES = ["你好 alice，", "这封信是无头浏览器写的。", "Written by a headless browser."]


def free_ports(n):
    """n distinct ports free on loopback now (held open together so they differ)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def sign_in(wd, base, user, password):
    wd.get(f"{base}/login?lang=en")
    wd.type("#user", user)
    wd.type("#password", password)
    wd.click("button[type=submit]")
    wait_for(f"{user}'s inbox after signing in", lambda: "/inbox" in wd.url() or "/login" not in wd.url(), 10)
    h1 = wd.find("css selector", "h1")
    if h1 is None or wd.text(h1) != "INBOX":
        raise Failure(f"{user}: not on the inbox after signing in: {wd.url()}")


def browse(wd, base):
    sign_in(wd, base, "carol", "carol-secret")
    wd.get(f"{base}/compose?lang=en")
    wd.type("#to", "alice@a.example")
    wd.type("#subject", SUBJECT)
    wd.type("#body", "\n".join(BODY_LINES))
    wd.click("button[type=submit]")
    # Sent: 303 to the inbox, which says so; refused: the compose page again (at /send) with
    # p.error. (Wait for one of the two: the compose page itself is neither, before the
    # form is submitted.)
    wait_for("the page after sending", lambda: "/inbox" in wd.url() or wd.find("css selector", "p.error"), 10)
    err = wd.find("css selector", "p.error")
    if err is not None or "/inbox" not in wd.url():
        raise Failure("sending failed: " + (wd.text(err) if err else wd.url()))
    notice = wait_for("the notice on the inbox", lambda: wd.find("css selector", "p.notice"), 10)
    if wd.text(notice) != "Message sent.":
        raise Failure(f"the inbox after sending says {wd.text(notice)!r}, not 'Message sent.'")
    wd.get(f"{base}/logout?lang=en")

    sign_in(wd, base, "alice", "alice-secret")

    def message_link():
        wd.get(f"{base}/inbox?lang=en")
        return wd.find("partial link text", "From Chromium")
    link = wait_for("the message in alice's inbox", message_link, 10)
    if wd.text(link) != SUBJECT:
        raise Failure(f"inbox shows the subject as {wd.text(link)!r}")
    wd.call("POST", wd.s(f"/element/{link}/click"), {})
    wait_for("the message page", lambda: "/message" in wd.url(), 10)
    h1 = wd.find("css selector", "h1")
    shown = wd.text(h1) if h1 else ""
    if shown != SUBJECT:
        raise Failure(f"message page title {shown!r}, expected {SUBJECT!r}")
    pre = wd.find("css selector", "pre.body")
    body = wd.text(pre) if pre else ""
    if [line.strip() for line in body.splitlines() if line.strip()] != BODY_LINES:
        raise Failure(f"message page body {body!r}")
    head = wd.find("css selector", "dl.head")
    if head is None or "carol@a.example" not in wd.text(head):
        raise Failure("message page does not show carol as the sender")


def check_imap(port):
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    imap.login("alice", "alice-secret")
    imap.select("INBOX")
    typ, data = imap.uid("SEARCH", None, "ALL")
    found = []
    for uid in data[0].split():
        typ, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
        msg = email.message_from_bytes(parts[0][1], policy=email.policy.default)
        if msg["Subject"] == SUBJECT:
            found.append(msg)
    imap.logout()
    if len(found) != 1:
        raise Failure(f"imaplib finds {len(found)} messages with the subject in alice's INBOX")
    text = found[0].get_body(("plain",)).get_content()
    if [line.strip() for line in text.splitlines() if line.strip()] != BODY_LINES:
        raise Failure(f"imaplib body {text!r}")


def check_trace(path):
    trace = open(path, encoding="utf-8").read()
    for needle, what in [
            ('"proto":"HTTP","from":"real-client","to":"webmail.a.example"', "HTTP from the browser"),
            ('"proto":"IMAP","from":"webmail.a.example","to":"mail.a.example"', "IMAP behind the pages"),
            ('"proto":"SMTP","from":"webmail.a.example","to":"mail.a.example"', "SMTP behind the page"),
            ('"user":"alice","folder":"INBOX","action":"append"', "delivery to alice")]:
        if needle not in trace:
            raise Failure(f"trace has no {what} ({needle})")


def main():
    mailsim, src, tmp = sys.argv[1:4]
    smtp, sub, pop3, imap, http, driver_port = free_ports(6)
    serve_out = open(os.path.join(tmp, "serve.out"), "wb")
    serve = subprocess.Popen(
        [mailsim, "serve", os.path.join(src, "assets/scenarios/default.json"), "--server", "mail.a.example",
         "--smtp", str(smtp), "--submission", str(sub), "--pop3", str(pop3), "--imap", str(imap),
         "--http", str(http), "--trace", os.path.join(tmp, "live.jsonl")],
        stdout=serve_out, stderr=subprocess.STDOUT)
    # Its own process group, so that Chromium goes with it whatever happens.
    driver = subprocess.Popen(["chromedriver", f"--port={driver_port}"], stdout=subprocess.DEVNULL,
                              stderr=open(os.path.join(tmp, "chromedriver.err"), "wb"), start_new_session=True)
    wd = WebDriver(driver_port)
    try:
        def serving():
            if serve.poll() is not None:
                raise Failure("mailsim serve exited: " + open(serve_out.name, errors="replace").read())
            return b"http of webmail.a.example" in open(serve_out.name, "rb").read()
        wait_for("mailsim serve to listen", serving, 30)
        wait_for("chromedriver to be ready", wd.ready, 30)
        t0 = time.monotonic()
        wd.start(os.path.join(tmp, "profile"), ["--disable-gpu", "--lang=en-US"])
        print(f"chromium started in {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        browse(wd, f"http://127.0.0.1:{http}")
        print(f"browser session took {time.monotonic() - t0:.1f} s")
        check_imap(imap)
    finally:
        wd.quit()
        driver.terminate()
        try:
            driver.wait(10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(driver.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
        try:
            code = serve.wait(10)
        except subprocess.TimeoutExpired:
            serve.kill()
            raise Failure("mailsim serve did not stop on SIGTERM")
    if code != 0:
        raise Failure(f"mailsim serve exited with {code}")
    check_trace(os.path.join(tmp, "live.jsonl"))


if __name__ == "__main__":
    # timeout(1) sends SIGTERM: clean up (the finally blocks) before going.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL: terminated"))
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}")
        sys.exit(1)
    print("webmail in chromium ok")
