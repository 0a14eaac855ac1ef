#!/usr/bin/env bash
# mailsim run --pcap FILE on a STARTTLS scenario also writes FILE.keys (SSLKEYLOGFILE
# format). Without the keys tshark sees STARTTLS and then only TLS records; with them
# (-o tls.keylog_file) it decrypts the TLS and finds the SMTP inside. Two runs give the same
# capture and keys; a run without TLS writes no key file. Skips (exit 77) without tshark.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scenario=$src/tests/data/scenarios/tls_textbook.json

for i in 1 2; do
  "$bin" run "$scenario" --format jsonl --output "$tmp/$i.jsonl" --pcap "$tmp/$i.pcap" || fail "mailsim run --pcap"
done
[ -s "$tmp/1.keys" ] || fail "no key log beside the capture"
[ "$(grep -c . "$tmp/1.keys")" = 2 ] || fail "expected two TLS sessions in the key log: $(cat "$tmp/1.keys")"
grep -qvE '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$tmp/1.keys" && fail "a key log line is not NSS format"
cmp -s "$tmp/1.pcap" "$tmp/2.pcap" || fail "two runs wrote different captures"
cmp -s "$tmp/1.keys" "$tmp/2.keys" || fail "two runs wrote different key logs"
cmp -s "$tmp/1.jsonl" "$tmp/2.jsonl" || fail "two runs wrote different traces"
"$bin" run "$src/assets/scenarios/textbook.json" --pcap "$tmp/plain.pcap" >/dev/null || fail "plain run"
[ -e "$tmp/plain.pcap.keys" ] && fail "a run without TLS wrote a key log"

if ! command -v tshark >/dev/null 2>&1; then
  echo "SKIP: tshark is not installed; the capture and key log were written but not dissected"
  exit 77
fi
ts() { tshark -n -r "$tmp/1.pcap" "$@" 2>"$tmp/tshark.err"; }

# Without the keys: STARTTLS in clear, then TLS handshakes and records, no MAIL, no password.
[ "$(ts -Y 'smtp.req.command == "STARTTLS"' | grep -c .)" = 2 ] || fail "expected two STARTTLS in clear"
[ "$(ts -Y 'tls.handshake.type == 1' | grep -c .)" = 2 ] || fail "expected two ClientHellos"
[ "$(ts -Y 'smtp.req.command == "MAIL"' | grep -c .)" = 0 ] || fail "MAIL is readable without the keys"
ts -Y 'tls.record.content_type == 23' | grep -q . || fail "no TLS application data"
# With the keys: the SMTP inside the TLS, on both hops (587 and 25).
tk() { ts -o "tls.keylog_file:$tmp/1.keys" "$@"; }
mails=$(tk -Y 'smtp.req.command == "MAIL"' -T fields -e tcp.dstport | sort | tr '\n' ' ')
[ "$mails" = "25 587 " ] || { cat "$tmp/tshark.err"; fail "decrypted MAIL commands on ports: '$mails' (want 25 and 587)"; }
tk -Y 'smtp.req.command == "AUTH"' | grep -q . || fail "no AUTH found after decryption"
tk -Y 'smtp.response.code == 250' | grep -q . || fail "no 250 reply found after decryption"
tk -Y 'imf' | grep -q . || fail "the message itself (IMF) is not found after decryption"
echo "pcap_tls ok"
