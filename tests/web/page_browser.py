"""The web page end to end in headless Chromium with software WebGL (SwiftShader).

Serves build-web/site/ from 127.0.0.1 with Python's http.server, drives Chromium through
chromedriver over the W3C WebDriver protocol (standard library only, as
tests/app/webmail_browser.py does), and checks what a student sees:
  1. ?scenario=default&lang=en: the first frame comes and is not blank; a real mouse click
     on the Play button (placed where the page says it drew it) starts the playback, and the
     simulated clock moves.
  2. ?lesson=04_receiver_down&step=3&lang=zh opens that lesson at step 3 (in Chinese); a
     click on 下一步 (Next) goes to step 4.
  3. A fault clicked in the window (F, then 关机 / power off) re-runs the scenario in slices
     on the page's one thread: the frames keep coming meanwhile (their pace is printed).
Screenshots go to OUT_DIR. Prints the page's size (raw and gzipped), the time to the first
frame and the frame-time median; timings are reported, not asserted.

usage: page_browser.py SITE_DIR OUT_DIR
"""
import functools
import gzip
import http.server
import json
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "app"))
import png_check  # noqa: E402  (the front end's PNG reader, shared with the screenshot tests)
from webdriver import Failure, WebDriver, wait_for  # noqa: E402



def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".data": "application/octet-stream"}

    def log_message(self, *args):
        pass


def state(wd):
    return json.loads(wd.js("return Module.ccall('mailsim_state', 'string', [], []);"))


def item(wd, label):
    """The centre of the widget labelled `label` in the last frame, or None."""
    r = wd.js("return Module.ccall('mailsim_item', 'string', ['string'], [arguments[0]]);", label)
    if not r:
        return None
    x, y, w, h = map(float, r.split())
    return x + w / 2, y + h / 2


def open_page(wd, base, query):
    wd.get(base + "/index.html" + query)
    wait_for("the first frame of " + query, lambda: wd.js("return window.mailsimStats && window.mailsimStats.firstFrame;"), 90)
    wait_for("a few frames", lambda: wd.js("return window.mailsimStats.frames.length;") >= 5, 30)
    return wd.js("return window.mailsimStats.firstFrame;")


def png_colours(path):
    """Size and the set of colours of a sample of the pixels of an 8-bit RGB(A) PNG."""
    width, height, bpp, rows = png_check.read_png(path)
    colours = {row[x:x + 3] for row in rows[::4] for x in range(0, len(row), bpp * 4)}
    return width, height, colours


def not_blank(path):
    width, height, colours = png_colours(path)
    if len(colours) < 20:
        raise Failure(f"{path}: {len(colours)} colours; the page drew nothing")
    return f"{width}x{height}, {len(colours)} colours"


def frame_figures(wd, since_ms):
    frames = wd.js("return window.mailsimStats.frames.filter(f => f[0] >= arguments[0]);", since_ms)
    work = [f[1] for f in frames]
    gaps = [b[0] - a[0] for a, b in zip(frames, frames[1:])]
    return work, gaps


def main():
    site, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for f in ("index.html", "mailsim.js", "mailsim.wasm", "mailsim.data"):
        if not (site / f).is_file():
            raise Failure(f"{site}/{f} is missing: build the page first (./run.sh web --no-serve)")
    raw = sum((site / f).stat().st_size for f in os.listdir(site))
    gz = sum(len(gzip.compress((site / f).read_bytes(), 9)) for f in os.listdir(site))
    print(f"page: {raw / 1e6:.2f} MB raw, {gz / 1e6:.2f} MB gzipped "
          + ", ".join(f"{f} {(site / f).stat().st_size / 1e6:.2f} MB" for f in sorted(os.listdir(site))))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp(prefix="mailsim-page-")
    wd = WebDriver(port, timeout=30)
    try:
        wait_for("chromedriver", wd.ready, 20)
        # Software WebGL: SwiftShader through ANGLE (no --disable-gpu, which would leave
        # the page without WebGL2 here).
        wd.start(profile, ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
                           "--window-size=1280,720", "--lang=zh-CN"], page_load_ms=30000, script_ms=10000, timeout=60)

        # 1. The default scenario: first frame, Play clicked with the mouse.
        first = open_page(wd, base, "?scenario=default&lang=en")
        print(f"first frame {first / 1000:.2f} s after the page began loading")
        shot = wd.screenshot(out / "page_default_en.png")
        print(f"{shot}: {not_blank(shot)}")
        s0 = state(wd)
        if s0["playing"] or s0["records"] == 0:
            raise Failure(f"the default scenario should open paused with a run: {s0}")
        play = wait_for("the Play button", lambda: item(wd, "Play"), 10)
        wd.click_at(*play)
        wait_for("the playback to start", lambda: state(wd)["playing"], 10)
        t1 = state(wd)["t_ns"]
        wait_for("the clock to move", lambda: state(wd)["t_ns"] > t1, 10)
        since = wd.js("return performance.now();")
        time.sleep(3)
        work, gaps = frame_figures(wd, since)
        print(f"default scenario playing: {len(gaps)} frames in 3 s, frame interval median {statistics.median(gaps):.1f} ms,"
              f" work per frame median {statistics.median(work):.1f} ms (p95 {sorted(work)[int(len(work) * 0.95)]:.1f} ms)")
        shot = wd.screenshot(out / "page_default_playing_en.png")
        not_blank(shot)

        # 3. A fault clicked in the window re-runs in slices while frames go on.
        wd.key("f")
        power = wait_for("the fault menu's Power off", lambda: item(wd, "Power off"), 10)
        before = state(wd)["records"]
        since = wd.js("return performance.now();")
        wd.click_at(*power)
        wait_for("the re-run to be adopted", lambda: state(wd)["records"] != before, 60)
        work, gaps = frame_figures(wd, since)
        if len(gaps) >= 2:
            print(f"re-run after a fault click: {len(gaps)} frames until adopted, interval median {statistics.median(gaps):.1f} ms,"
                  f" longest {max(gaps):.1f} ms")
        wd.screenshot(out / "page_fault_en.png")

        # 2. A lesson at a step by its address, then Next.
        open_page(wd, base, "?lesson=04_receiver_down&step=3&lang=zh")
        s = state(wd)
        if s["lesson_step"] != 2 or s["lang"] != "zh":
            raise Failure(f"?lesson=04_receiver_down&step=3&lang=zh opened {s}")
        shot = wd.screenshot(out / "page_lesson04_step3_zh.png")
        not_blank(shot)
        nxt = wait_for("the 下一步 button", lambda: item(wd, "下一步"), 10)
        wd.click_at(*nxt)
        wait_for("step 4", lambda: state(wd)["lesson_step"] == 3, 20)
        time.sleep(1)
        shot = wd.screenshot(out / "page_lesson04_step4_zh.png")
        not_blank(shot)
        print(f"lesson 04: opened at step 3 by the address, Next went to step 4; screenshots in {out}")
    finally:
        wd.quit()
        driver.terminate()
        driver.wait(10)
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    print("page_browser: ok")


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"page_browser: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
