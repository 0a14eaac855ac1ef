"""The few W3C WebDriver commands the browser tests need, spoken to chromedriver over HTTP
with Python's standard library (no Selenium): tests/app/webmail_browser.py (the webmail)
and tests/web/page_browser.py (the web page). Set WD_TRACE=1 to print each call's time."""
import base64
import json
import os
import pathlib
import time
import urllib.error
import urllib.request


class Failure(Exception):
    pass


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def chromium_binary():
    for path in ("/usr/bin/chromium", "/usr/lib/chromium/chromium"):
        if os.access(path, os.X_OK):
            return path
    raise Failure("no chromium binary")


# Flags every test starts Chromium with: headless, no sandbox (root), and nothing that
# reaches for the network on its own (this machine's network is closed).
BASE_ARGS = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
             "--no-default-browser-check", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-extensions"]


class WebDriver:
    def __init__(self, port, timeout=20):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None
        self.timeout = timeout

    def call(self, method, path, body=None, timeout=None):
        t0 = time.monotonic()
        try:
            return self._call(method, path, body, timeout or self.timeout)
        finally:
            if os.environ.get("WD_TRACE"):
                print(f"{time.monotonic() - t0:6.3f} {method} {path[-40:]}")

    def _call(self, method, path, body, timeout):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode())["value"]
        except urllib.error.HTTPError as e:
            value = json.loads(e.read().decode() or "{}").get("value", {})
            raise Failure(f"WebDriver {method} {path}: {value.get('error')}: {value.get('message', '')[:300]}")

    def ready(self):
        try:
            return self.call("GET", "/status", timeout=1).get("ready")
        except (OSError, Failure, ValueError):
            return False

    def start(self, profile, args, page_load_ms=15000, script_ms=5000, timeout=30):
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "pageLoadStrategy": "normal",
            "timeouts": {"pageLoad": page_load_ms, "script": script_ms, "implicit": 0},
            "goog:chromeOptions": {"binary": chromium_binary(),
                                   "args": BASE_ARGS + args + [f"--user-data-dir={profile}"]}}}}
        self.session = self.call("POST", "/session", caps, timeout=timeout)["sessionId"]

    def s(self, path):
        return f"/session/{self.session}{path}"

    def get(self, url):
        self.call("POST", self.s("/url"), {"url": url})

    def url(self):
        return self.call("GET", self.s("/url"))

    def find(self, using, value):
        """The element, or None when the page has none."""
        try:
            found = self.call("POST", self.s("/elements"), {"using": using, "value": value})
        except Failure:
            return None
        return next(iter(found[0].values())) if found else None

    def text(self, element):
        return self.call("GET", self.s(f"/element/{element}/text"))

    def type(self, css, text):
        el = self.find("css selector", css)
        if el is None:
            raise Failure(f"no {css} on {self.url()}")
        self.call("POST", self.s(f"/element/{el}/clear"), {})
        self.call("POST", self.s(f"/element/{el}/value"), {"text": text})

    def click(self, css):
        el = self.find("css selector", css)
        if el is None:
            raise Failure(f"no {css} on {self.url()}")
        self.call("POST", self.s(f"/element/{el}/click"), {})

    def js(self, script, *args):
        return self.call("POST", self.s("/execute/sync"), {"script": script, "args": list(args)})

    def screenshot(self, path):
        pathlib.Path(path).write_bytes(base64.b64decode(self.call("GET", self.s("/screenshot"))))
        return path

    def click_at(self, x, y):
        """A real mouse click at viewport pixel (x, y)."""
        self.call("POST", self.s("/actions"), {"actions": [{"type": "pointer", "id": "mouse",
            "parameters": {"pointerType": "mouse"}, "actions": [
                {"type": "pointerMove", "duration": 0, "origin": "viewport", "x": int(x), "y": int(y)},
                {"type": "pause", "duration": 100},
                {"type": "pointerDown", "button": 0}, {"type": "pause", "duration": 100},
                {"type": "pointerUp", "button": 0}]}]})
        self.call("DELETE", self.s("/actions"))

    def key(self, text):
        keys = [{"type": "keyDown", "value": c} for c in text] + [{"type": "keyUp", "value": c} for c in text]
        self.call("POST", self.s("/actions"), {"actions": [{"type": "key", "id": "keyboard", "actions": keys}]})
        self.call("DELETE", self.s("/actions"))

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", self.s(""), timeout=10)
            except (OSError, Failure):
                pass
            self.session = None
