#!/usr/bin/env bash
# Teacher's tools on the command line: `mailsim exercise` keeps the key private unless asked
# (--key), never prints the record a question asks about before the question, exports a
# students' copy that grades alike without the literal answers, and `mailsim grade` makes a
# gradebook of several results, naming and skipping a malformed one and one of another
# exercise.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ex="$src/lessons/content/exercises/04_receiver_down_quiz.json"
key="$src/tests/data/lessons/keys/receiver-down-quiz.json"

# The key: not without --key (stdin is no terminal here), then with it.
out=$("$bin" exercise "$ex" --lang en </dev/null) || fail "exercise without answers"
echo "$out" | grep -q "^Question 1/8: " || fail "questions printed: $out"
echo "$out" | grep -q "nothing listening on the port" && fail "an explanation printed without --key"
echo "$out" | grep -q "^Answer: " && fail "an answer printed without --key"
out=$("$bin" exercise "$ex" --lang en --key) || fail "exercise --key"
echo "$out" | grep -q "^Answer: B. Kept in the queue and tried again later$" || fail "--key shows the key: $out"
out=$("$bin" exercise "$ex" --lang zh --key) || fail "exercise --key zh"
echo "$out" | grep -q "^答案: B. 留在队列中，稍后重试$" || fail "--key in Chinese: $out"

# Ask before showing: the refusal is not printed before the question about how it ended,
# nor the 221 before "which code answers QUIT?".
before=$("$bin" exercise "$ex" --lang en --answers "$key" | sed -n '/How did the second client/q;p')
echo "$before" | grep -qi "refused" && fail "the refusal printed before the question about it"
smtp="$src/lessons/content/exercises/02_smtp_quiz.json"
before=$("$bin" exercise "$smtp" --lang en --key | sed -n '/Which code does the server answer to QUIT/q;p')
echo "$before" | grep -qE "mail.b.example +mail.a.example +SMTP +221" && fail "221 printed before the question about it"
echo "$before" | grep -q "QUIT" || fail "QUIT is on its way at the question"

# Graded answers in human form, and the score lists titles.
out=$("$bin" exercise "$ex" --lang en --answers "$key" --result "$tmp/key.json") || fail "grade the key"
echo "$out" | grep -q "^Score: 8/8$" || fail "key scores 8/8: $out"
echo "$out" | grep -qF "Your answer: A. Service stopped (host up) → 2. Connection refused (RST); B. Host powered off → 1. Connection timed out (no answer at all)  [right]" \
  || fail "a match answer in human form: $out"
echo "$out" | grep -qF "  [+] 7. Match each fault with what the sender saw." || fail "score lists titles: $out"
echo "$out" | grep -q '\["' && fail "JSON in the output: $out"
printf '{"student": "王小明", "answers": {"middle-end": "B", "rst-from": "A", "refused-after": "50 ms", "syns": "6", "timeout-after": "1 min 3 s", "fault-order": "A B", "match": "A2 B1", "mail-server": "A"}}\n' > "$tmp/wang.json"
"$bin" exercise "$ex" --answers "$tmp/wang.json" --result "$tmp/wang_result.json" >/dev/null || fail "grade wang"

# A students' copy: no literal answers, grades alike, same exercise digest.
"$bin" exercise "$ex" --export-student "$tmp/copy.json" || fail "export"
grep -q '"A": 2' "$tmp/copy.json" && fail "the copy holds the match answer"
grep -q '"digest"' "$tmp/copy.json" || fail "the copy holds digests"
"$bin" check "$tmp/copy.json" >/dev/null 2>&1 || fail "the copy passes check"
out=$("$bin" exercise "$tmp/copy.json" --lang en --key) || fail "copy --key"
echo "$out" | grep -q "Kept in the queue" && [ "$(echo "$out" | grep -c '^Answer: (not in this copy')" -ge 2 ] || fail "copy hides its literal answers: $out"
printf '{"student": "Li Lei", "answers": {"middle-end": "B", "rst-from": "C", "refused-after": "0.05s", "syns": 6, "timeout-after": "63秒", "fault-order": "BA", "match": "A2 B1", "mail-server": "b"}}\n' > "$tmp/li.json"
out=$("$bin" exercise "$tmp/copy.json" --lang en --answers "$tmp/li.json" --result "$tmp/li_result.json") || fail "grade with the copy"
echo "$out" | grep -q "^Score: 8/8$" || fail "the copy grades right answers right: $out"
d1=$(grep -o '"exercise_digest": "[0-9a-f]*"' "$tmp/key.json"); d2=$(grep -o '"exercise_digest": "[0-9a-f]*"' "$tmp/li_result.json")
[ -n "$d1" ] && [ "$d1" = "$d2" ] || fail "the copy's results carry the exercise's digest: $d1 / $d2"
grep -q '"trace_digest": "[0-9a-f]\{64\}"' "$tmp/li_result.json" || fail "trace digest in the result"

# A gradebook: three results, one malformed file, one result of another exercise.
printf '{"mailsim_exercise_result": 1,\n  "questions": [ }\n' > "$tmp/broken.json"
"$bin" exercise "$smtp" --answers "$src/tests/data/lessons/keys/smtp-quiz.json" --result "$tmp/other.json" >/dev/null
"$bin" grade "$tmp/key.json" "$tmp/wang_result.json" "$tmp/broken.json" "$tmp/li_result.json" "$tmp/other.json" \
  --csv "$tmp/book.csv" >"$tmp/out.txt" 2>"$tmp/err.txt"; rc=$?
[ $rc -eq 1 ] || fail "grade with bad files: exit $rc, want 1"
grep -qE "broken.json: skipped: .*broken.json:2:[0-9]+: " "$tmp/err.txt" || fail "malformed file named with line:col: $(cat "$tmp/err.txt")"
grep -q "other.json: skipped: " "$tmp/err.txt" || fail "another exercise's result skipped: $(cat "$tmp/err.txt")"
grep -q "^王小明 .* 5/8$" "$tmp/out.txt" || fail "wang's row: $(cat "$tmp/out.txt")"
grep -q "^Li Lei .* 8/8$" "$tmp/out.txt" || fail "li's row: $(cat "$tmp/out.txt")"
# Most missed first: wang missed rst-from (Q1 or Q2), fault-order and mail-server: 67 %.
sed -n '/most missed first/,$p' "$tmp/out.txt" | sed -n 2p | grep -q " 67%  2/3 " || fail "most missed first: $(cat "$tmp/out.txt")"
[ "$(wc -l <"$tmp/book.csv")" -eq 5 ] || fail "csv: header, 3 rows, rates: $(cat "$tmp/book.csv")"
head -1 "$tmp/book.csv" | grep -q "^student,file,.*middle-end.*,score,total" || fail "csv header: $(head -1 "$tmp/book.csv")"
grep -q "^王小明,.*,5,8" "$tmp/book.csv" || fail "csv row: $(cat "$tmp/book.csv")"
# --exercise: only results from that exercise and its run.
"$bin" grade --exercise "$ex" "$tmp/li_result.json" "$tmp/other.json" >/dev/null 2>"$tmp/err.txt"; rc=$?
[ $rc -eq 1 ] && grep -q "other.json: skipped: " "$tmp/err.txt" || fail "--exercise skips another exercise's result"
"$bin" grade "$tmp/broken.json" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "nothing gradable: exit $rc, want 2"
echo "exercise and grade ok"
