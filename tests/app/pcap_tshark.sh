#!/usr/bin/env bash
# mailsim run --pcap FILE writes a capture that tshark reads without complaint: one frame
# per sent segment, every IPv4/TCP/UDP checksum good, nothing malformed, TCP handshakes,
# DNS queries and SMTP commands where the trace has them. Skips (exit 77) without tshark.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Writes $tmp/$name.pcap and $tmp/$name.jsonl; checks the file even without tshark.
run() {
  local name=$1; shift
  "$bin" run "$@" --format jsonl --output "$tmp/$name.jsonl" --pcap "$tmp/$name.pcap" ||
    fail "$name: mailsim run --pcap"
  [ -s "$tmp/$name.pcap" ] || fail "$name: no pcap written"
  # Nanosecond libpcap magic, little-endian.
  [ "$(head -c 4 "$tmp/$name.pcap" | od -An -tx1 | tr -d ' \n')" = "4d3cb2a1" ] ||
    fail "$name: not a nanosecond pcap file"
}
run echo "$src/assets/scenarios/echo.json"
run echo-loss "$src/assets/scenarios/echo.json" --seed 4 --fault '0s loss client-router 25%'
run default "$src/assets/scenarios/default.json" --until 2h
# SMTP-shaped lines through an echo service on port 25: Wireshark dissects by port, so this
# checks the SMTP view of our frames before (and independently of) the mail hosts.
cat > "$tmp/echo25.json" <<'JSON'
{
  "mailsim": 1, "name": "echo25", "seed": 1, "until": "10s",
  "title": {"en": "SMTP-shaped lines through an echo service", "zh": "经由回显服务的 SMTP 形状的行"},
  "hosts": [
    {"name": "client", "kind": "echo-client", "ip": "192.0.2.20", "connect_to": "server",
     "port": 25, "at": "1s", "lines": ["EHLO client.example", "MAIL FROM:<alice@a.example>", "QUIT"]},
    {"name": "server", "kind": "echo-server", "ip": "198.51.100.7", "port": 25}
  ],
  "links": [{"a": "client", "b": "server", "latency": "5ms", "bandwidth": "100Mbps"}]
}
JSON
run echo25 "$tmp/echo25.json"
"$bin" run "$src/assets/scenarios/echo.json" --pcap "$tmp/no/such/dir/x.pcap" >/dev/null 2>&1 &&
  fail "an unwritable --pcap path must fail"

if ! command -v tshark >/dev/null 2>&1; then
  echo "SKIP: tshark is not installed; the pcap files were written but not dissected"
  exit 77
fi

ts() {  # tshark with checksum validation on, no name resolution
  tshark -n -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE "$@" 2>"$tmp/tshark.err"
}

for name in echo echo-loss default echo25; do
  pcap=$tmp/$name.pcap; jsonl=$tmp/$name.jsonl
  ts -r "$pcap" > "$tmp/$name.txt" || { cat "$tmp/tshark.err"; fail "$name: tshark -r"; }
  ts -r "$pcap" -V > "$tmp/$name.v" || fail "$name: tshark -V"
  if grep -nE "Malformed|\[Expert Info \(Error" "$tmp/$name.txt" "$tmp/$name.v" | head -5 | grep .; then
    fail "$name: tshark reports malformed packets or errors"
  fi
  grep -qiE "checksum status: Bad|header checksum status: Bad" "$tmp/$name.v" && fail "$name: a bad checksum"
  sent=$(grep -c '"kind":"segment","event":"sent"' "$jsonl")
  frames=$(grep -c . "$tmp/$name.txt")
  [ "$sent" -eq "$frames" ] || fail "$name: $sent sent segments in the trace but $frames frames in the pcap"
  if grep -q '"proto":"TCP"' "$jsonl"; then
    grep -q "\[SYN\]" "$tmp/$name.txt" || fail "$name: no SYN"
    grep -q "\[SYN, ACK\]" "$tmp/$name.txt" || fail "$name: no SYN, ACK"
    grep -q "MSS=" "$tmp/$name.txt" || fail "$name: no MSS option on the SYN"
  fi
  if grep -q '"kind":"dns","event":"query"' "$jsonl"; then
    ts -r "$pcap" -Y 'dns.flags.response == 0' > "$tmp/$name.dns" || fail "$name: tshark -Y dns"
    grep -q "Standard query" "$tmp/$name.dns" || fail "$name: the trace has DNS queries, tshark shows none"
  fi
  if grep -q '"proto":"SMTP"' "$jsonl"; then
    ts -r "$pcap" -Y smtp > "$tmp/$name.smtp" || fail "$name: tshark -Y smtp"
    grep -q "MAIL FROM" "$tmp/$name.smtp" || fail "$name: the trace has SMTP, tshark shows no MAIL FROM"
  fi
done

# The echo run: the handshake, three lines and their echoes, a clean close.
[ "$(grep -c . "$tmp/echo.txt")" -ge 10 ] || fail "echo: too few frames"
grep -q "FIN, ACK" "$tmp/echo.txt" || fail "echo: no FIN"
grep -qE "192\.0\.2\.20 +(→|->) +198\.51\.100\.7" "$tmp/echo.txt" || fail "echo: addresses are not the scenario's"
# The lossy run: a resend shows up as one.
if grep -q '"retransmission":true' "$tmp/echo-loss.jsonl"; then
  grep -qi "retransmission" "$tmp/echo-loss.txt" || fail "echo-loss: the trace resends, tshark sees no retransmission"
else
  fail "echo-loss: 25% loss gave no retransmission (pick another seed)"
fi
# Port 25 is dissected as SMTP, the client's lines as commands.
ts -r "$tmp/echo25.pcap" -Y smtp > "$tmp/echo25.smtp" || fail "echo25: tshark -Y smtp"
grep -q "C: MAIL FROM:<alice@a.example>" "$tmp/echo25.smtp" || fail "echo25: tshark shows no SMTP MAIL FROM"
echo "pcap tshark ok"
