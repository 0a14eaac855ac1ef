# Sourced, not run: the start and stop of `mailsim serve` shared by the tests in tests/app
# that talk to it over loopback. Not a test itself (tests/CMakeLists.txt leaves lib_*.sh
# out). Source it after the skip checks (exit 77), with bin set; it then gives:
#   $tmp   a fresh directory, removed on exit (serve_cleanup, the EXIT trap) with the server
#   $port  a base port, below the kernel's range for outgoing connections (32768-60999 on
#          Debian: a client port, or one of many in TIME-WAIT, cannot hold it), with
#          port .. port+4 not listening when picked; the tests use those five
#   $serve_ports  serve's --smtp, --submission, --pop3, --imap and --http on them, in that order
#   fail MESSAGE               prints FAIL: MESSAGE, stops the server, exits 1
#   serve_start READY ARGS...  runs `$bin serve ARGS` in the background ($pid, output in
#                              $tmp/serve.out) and waits until READY (e.g. "imap of
#                              mail.b.example") is in its output: at most $serve_wait seconds
#                              (default 20; a loaded machine needs more than 5), fails with the
#                              output if it does not come
#   serve_stop [SECONDS]       SIGTERM; fails unless the server exits 0 (within SECONDS if given)
# Every wait is bounded; nothing sleeps longer than 0.1 s at a time.

fail() { echo "FAIL: $*"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; exit 1; }

tmp=$(mktemp -d)
pid=
serve_cleanup() { rm -rf "$tmp"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; }
trap serve_cleanup EXIT
pick_port() {
  local p i try
  for try in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 12000 ))
    for i in 0 1 2 3 4; do
      (exec 3<>"/dev/tcp/127.0.0.1/$((p + i))") 2>/dev/null && continue 2  # taken: another base
    done
    break
  done
  echo "$p"
}
port=$(pick_port)
# serve's services on those ports, as serve_start arguments: "${serve_ports[@]}" (the webmail's
# HTTP only when the scenario has a webmail server).
serve_ports=(--smtp "$port" --submission $((port + 1)) --pop3 $((port + 2)) --imap $((port + 3)) --http $((port + 4)))
serve_wait=${serve_wait:-20}

serve_start() {
  local ready=$1 i
  shift
  "$bin" serve "$@" > "$tmp/serve.out" 2>&1 &
  pid=$!
  for i in $(seq 1 $((serve_wait * 10))); do
    grep -q "$ready" "$tmp/serve.out" && return 0
    kill -0 "$pid" 2>/dev/null || break  # exited: no use waiting
    sleep 0.1
  done
  grep -q "$ready" "$tmp/serve.out" || fail "serve did not start: $(cat "$tmp/serve.out")"
}

serve_stop() {
  local i rc
  kill -TERM "$pid"
  if [ -n "${1:-}" ]; then
    for i in $(seq 1 $(($1 * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && fail "serve did not stop within $1 s of SIGTERM"
  fi
  wait "$pid"; rc=$?
  pid=
  [ $rc -eq 0 ] || fail "serve exit code $rc"
}
