#!/usr/bin/env bash
# mailsim serve --gui: the window and the bridge share the live world (two threads, one
# lock). A real client (Python smtplib) sends a message while the window is open; SIGTERM
# stops both cleanly, the window's last frame is saved, and the trace holds the real
# client's SMTP conversation; the recorded session replays in the front end. Skipped (77) without Xvfb or /usr/bin/python3.
set -u
bin=$1; src=$2
command -v Xvfb >/dev/null || { echo "SKIP: Xvfb not installed"; exit 77; }
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
serve_wait=30  # the window starts too
. "$src/tests/app/lib_serve.sh"
trap 'serve_cleanup; [ -n "${xpid:-}" ] && kill "$xpid" 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/serve.out" ] && cat "$tmp/serve.out"; exit 1; }
Xvfb -displayfd 3 -screen 0 1600x900x24 3>"$tmp/display" 2>/dev/null &
xpid=$!
for i in $(seq 1 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || fail "Xvfb did not start"
DISPLAY=":$(cat "$tmp/display")" serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" \
  --server mail.b.example --gui --lang en \
  "${serve_ports[@]}" --trace "$tmp/live.jsonl" --record "$tmp/log.jsonl" --screenshot "$tmp/last.png"
timeout 30 "$py" - "$port" <<'PY' || fail "smtplib against serve --gui"
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10) as s:
    s.ehlo("student.example")
    s.sendmail("teacher@c.example", ["bob@b.example"], b"Subject: live\r\n\r\nseen in the window\r\n")
PY
sleep 1  # a few frames with the conversation on screen
serve_stop 10
grep -q "a window could not be opened\|no window could be opened" "$tmp/serve.out" && fail "no window under Xvfb"
grep -q '"verb":"MAIL"' "$tmp/live.jsonl" || fail "the real client's MAIL FROM is not in the trace"
grep -q '"code":250' "$tmp/live.jsonl" || fail "no 250 in the trace"
"$py" "$src/tests/app/png_check.py" "$tmp/last.png" 1600 900 || fail "the last frame"
# The recorded session replays in the front end (and in the terminal) with the real client's mail.
DISPLAY=":$(cat "$tmp/display")" timeout 60 "$bin" gui "$src/assets/scenarios/default.json" --replay "$tmp/log.jsonl" \
  --screenshot "$tmp/replay.png" --at 1s || fail "gui --replay"
"$py" "$src/tests/app/png_check.py" "$tmp/replay.png" 1600 900 || fail "the replay picture"
"$bin" run "$src/assets/scenarios/default.json" --replay "$tmp/log.jsonl" --format jsonl > "$tmp/replay.jsonl" || fail "run --replay"
grep -q 'teacher@c.example' "$tmp/replay.jsonl" || fail "the replayed run lacks the real client's MAIL FROM"
echo "serve --gui ok"
