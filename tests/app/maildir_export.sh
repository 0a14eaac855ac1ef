#!/usr/bin/env bash
# mailsim run --export-mail: every mailbox as a Maildir that a second reader (Python's
# mailbox module) opens, flags as Maildir info, and .eml files that parse as messages.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$src/assets/scenarios/default.json" --until 1h --export-mail "$tmp/out" > /dev/null || fail "run"
py=/usr/bin/python3; [ -x "$py" ] || py=python3
"$py" - "$tmp/out" <<'PY' || fail "maildir check"
import mailbox, sys, email, email.policy, pathlib
root = pathlib.Path(sys.argv[1])
bob = mailbox.Maildir(str(root / "mail.b.example/bob/Maildir"), create=False)
msgs = list(bob)
assert len(msgs) == 2, len(msgs)
subjects = sorted(str(email.message_from_bytes(m.as_bytes(), policy=email.policy.default)["Subject"]) for m in msgs)
assert subjects == ["你好 Bob / Hello Bob", "网页邮件 / Webmail"], subjects
assert all("S" in m.get_flags() for m in msgs), [m.get_flags() for m in msgs]  # the phone read them
carol = mailbox.Maildir(str(root / "mail.a.example/carol/Maildir"), create=False)
assert len(list(carol)) == 1
eml = sorted((root / "mail.b.example/bob/eml/INBOX").glob("*.eml"))
assert len(eml) == 2
m = email.message_from_bytes(eml[0].read_bytes(), policy=email.policy.default)
assert m["From"] and m["Message-ID"], m.keys()
print("maildir ok")
PY
"$bin" run "$src/assets/scenarios/default.json" --until 1s --export-mail /proc/forbidden/x >/dev/null 2>&1
[ $? -eq 1 ] || fail "an unwritable export directory must fail with exit 1"
echo "maildir export ok"
