#!/usr/bin/env bash
# Same scenario + seed + faults => byte-identical JSONL from two separate processes.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2; do
  "$bin" run "$src/assets/scenarios/default.json" --format jsonl --seed 7 --until 2h \
    --fault '5s loss internet 10%' --output "$tmp/run$i.jsonl" || fail "run $i"
done
cmp "$tmp/run1.jsonl" "$tmp/run2.jsonl" || fail "two runs differ"
[ "$(wc -l < "$tmp/run1.jsonl")" -gt 20 ] || fail "trace too short"
"$bin" run "$src/assets/scenarios/default.json" --format jsonl --seed 8 --until 2h \
  --fault '5s loss internet 10%' --output "$tmp/run3.jsonl" || fail "run 3"
cmp -s "$tmp/run1.jsonl" "$tmp/run3.jsonl" && fail "a different seed with loss gave the same trace"
echo "determinism ok"
