#!/usr/bin/env bash
# mailsim scenario format: prints the canonical form, --in-place writes it, --check fails on a
# file that is not canonical; the formatted file loads, and its run's trace is unchanged.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$bin" scenario --help | grep -q "usage: mailsim scenario format" || fail "--help"
"$bin" scenario >/dev/null 2>&1; [ $? -eq 2 ] || fail "no action must exit 2"
"$bin" scenario frobnicate x.json >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown action must exit 2"
"$bin" scenario format >/dev/null 2>&1; [ $? -eq 2 ] || fail "no FILE must exit 2"
"$bin" scenario format a.json --in-place --check >/dev/null 2>&1; [ $? -eq 2 ] || fail "--in-place with --check must exit 2"
"$bin" scenario format "$tmp/missing.json" 2>"$tmp/err"; [ $? -eq 2 ] || fail "missing file must exit 2"
grep -q "cannot read the file" "$tmp/err" || fail "missing file names the problem"
"$bin" scenario format "$src/tests/data/scenarios/bad/bad_ip.json" >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] || fail "malformed scenario must exit 2"
grep -q "bad_ip.json:[0-9]*:[0-9]*: /hosts/" "$tmp/err" || fail "malformed scenario prints file:line:col"

# The shipped textbook file is hand-laid-out: not canonical; its canonical form is.
cp "$src/assets/scenarios/textbook.json" "$tmp/textbook.json"
"$bin" scenario format "$tmp/textbook.json" --check 2>"$tmp/err"; [ $? -eq 1 ] || fail "--check must exit 1 on a non-canonical file"
grep -q "textbook.json: not in canonical form" "$tmp/err" || fail "--check names the file"
"$bin" scenario format "$tmp/textbook.json" > "$tmp/printed.json" || fail "format prints"
cmp -s "$tmp/textbook.json" "$src/assets/scenarios/textbook.json" || fail "printing must not touch the file"
"$bin" scenario format "$tmp/textbook.json" --in-place || fail "--in-place"
cmp -s "$tmp/textbook.json" "$tmp/printed.json" || fail "--in-place writes what format prints"
"$bin" scenario format "$tmp/textbook.json" --check || fail "--check must pass after --in-place"
"$bin" scenario format "$tmp/printed.json" | cmp -s - "$tmp/printed.json" || fail "formatting is idempotent"
"$bin" check "$tmp/textbook.json" 2>/dev/null || fail "the formatted file passes check"

# The same run, byte for byte, from either file.
"$bin" run "$src/assets/scenarios/textbook.json" --format jsonl > "$tmp/before.jsonl" || fail "run original"
"$bin" run "$tmp/textbook.json" --format jsonl > "$tmp/after.jsonl" || fail "run formatted"
[ -s "$tmp/before.jsonl" ] || fail "the run wrote a trace"
cmp -s "$tmp/before.jsonl" "$tmp/after.jsonl" || fail "formatting changed the run's trace"

"$bin" scenario format "$src/tests/data/scenarios/every_field.json" --check || fail "every_field.json is canonical"
echo "scenario format ok"
