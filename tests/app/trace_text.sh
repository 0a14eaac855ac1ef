#!/usr/bin/env bash
# mailsim run's text trace in either language (--lang, or the locale), and JSONL that
# Python's json reads line by line for every shipped scenario (docs/trace.md).
set -u
bin="$1"; src="$2"
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
scenario="$src/assets/scenarios/default.json"
has_chinese() { LC_ALL=C grep -q $'[\xe4-\xe9]' "$1"; }

"$bin" run "$scenario" --lang zh > "$tmp/zh.txt" || fail "run --lang zh"
has_chinese "$tmp/zh.txt" || fail "--lang zh shows Chinese"
grep -q "队列 " "$tmp/zh.txt" || fail "--lang zh: queue records in Chinese"
grep -q "outbox: message accepted" "$tmp/zh.txt" && fail "--lang zh: a note in English"
LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$bin" run "$scenario" --lang en > "$tmp/en.txt" || fail "run --lang en"
has_chinese <(grep -v '"' "$tmp/en.txt" | grep -v "MBOX\|SMTP\|POP3\|IMAP\|HTTP") && fail "--lang en: Chinese outside protocol text"
grep -q "outbox: message accepted by mail.a.example" "$tmp/en.txt" || fail "--lang en: the English note"
LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$bin" run "$scenario" > "$tmp/locale.txt" || fail "run with LANG=zh_CN"
cmp -s "$tmp/locale.txt" "$tmp/zh.txt" || fail "LANG=zh_CN picks Chinese"
LC_ALL=C LANG=zh_CN.UTF-8 "$bin" run "$scenario" > "$tmp/c.txt" || fail "run with LC_ALL=C"
cmp -s "$tmp/c.txt" "$tmp/en.txt" || fail "LC_ALL wins over LANG"
"$bin" run "$scenario" --lang fr > /dev/null 2>&1; [ $? -eq 2 ] || fail "--lang fr must exit 2"
LANG=zh_CN.UTF-8 "$bin" run "$scenario" --format jsonl > "$tmp/zh.jsonl" || fail "jsonl"
LANG=en_US.UTF-8 "$bin" run "$scenario" --format jsonl > "$tmp/en.jsonl" || fail "jsonl"
cmp -s "$tmp/zh.jsonl" "$tmp/en.jsonl" || fail "JSONL does not depend on the language"

[ -x /usr/bin/python3 ] || { echo "no /usr/bin/python3"; exit 77; }
for s in "$src"/assets/scenarios/*.json "$src"/lessons/content/scenarios/*.json; do
  "$bin" run "$s" --format jsonl > "$tmp/t.jsonl" || fail "run $s"
  /usr/bin/python3 -c '
import json, sys
with open(sys.argv[1], encoding="utf-8", errors="strict") as f:
    for line in f:
        json.loads(line)
' "$tmp/t.jsonl" || fail "json.loads on $s"
done
echo "trace_text: ok"
