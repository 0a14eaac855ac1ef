#!/usr/bin/env bash
# A burst of 1,000 connections opened at once on each of serve's SMTP, POP3 and IMAP ports:
# every client hears the greeting or the protocol's refusal (421 4.7.0, -ERR [SYS/TEMP],
# * BYE) within 1 s of connecting; none is left waiting. The listen queue is the system's
# longest and the bridge accepts all that wait in one pass (docs/interop.md).
set -u
bin=$1; src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 1100 ] || { echo "SKIP: cannot open 1,000 sockets (ulimit -n $(ulimit -n))"; exit 77; }
. "$src/tests/app/lib_serve.sh"
serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}" --max-sessions 8
timeout 60 "$py" - "$port" <<'PY' || fail "burst"
import selectors, socket, sys, time
base = int(sys.argv[1])
N = 1000
for name, port, ok, refused in (("smtp", base, b"220 ", b"421 4.7.0"), ("pop3", base + 2, b"+OK", b"-ERR [SYS/TEMP]"),
                                ("imap", base + 3, b"* OK", b"* BYE")):
    sel = selectors.DefaultSelector()
    opened = {}
    for i in range(N):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        opened[s] = [time.monotonic(), b""]
        sel.register(s, selectors.EVENT_READ)
    greeted = refused_n = 0
    worst = 0.0
    deadline = time.monotonic() + 5
    pending = dict(opened)
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.2):
            s = key.fileobj
            t0, buf = pending[s]
            try:
                data = s.recv(512)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            buf += data
            pending[s][1] = buf
            if b"\r\n" in buf or not data:
                line = buf.split(b"\r\n")[0]
                worst = max(worst, time.monotonic() - t0)
                if line.startswith(ok): greeted += 1
                elif line.startswith(refused): refused_n += 1
                else: raise SystemExit(f"{name}: unexpected first line {line!r}")
                sel.unregister(s)
                del pending[s]
    for s in opened: s.close()
    print(f"{name}: {greeted} greeted, {refused_n} refused, {len(pending)} unanswered, slowest answer {worst:.3f} s")
    if pending: raise SystemExit(f"{name}: {len(pending)} of {N} clients got no answer within 5 s")
    if worst > 1.0: raise SystemExit(f"{name}: a client waited {worst:.3f} s for its answer (limit 1 s)")
    if not 1 <= greeted <= 8: raise SystemExit(f"{name}: {greeted} greeted with --max-sessions 8")
    time.sleep(0.5)  # the refused sessions close before the next port's burst
PY
serve_stop 10
echo "bridge burst ok"
