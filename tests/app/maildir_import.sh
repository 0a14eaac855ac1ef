#!/usr/bin/env bash
# Mailboxes round trip through files: a run whose IMAP device makes folders and flags exports
# its mailboxes (--export-mail); a second scenario loads that Maildir (and the .eml files)
# as its users' initial mailboxes. Exported again, every folder holds the same messages byte
# for byte, in the same order, with the same flags and times; over the bridge, imaplib sees
# the same bytes and flags and poplib the same bytes. Loopback only, bounded.
set -u
bin=$1; src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
. "$src/tests/app/lib_serve.sh"
"$bin" run "$src/tests/data/scenarios/mailbox_source.json" --export-mail "$tmp/out1" > /dev/null || fail "first run"
md="$tmp/out1/mail.a.example/bob/Maildir"
[ -d "$md/.Archive.2025/cur" ] || fail "the source run made no Archive/2025 folder"
mkdir "$tmp/s"
# Paths relative to the scenario file: "../out1/...".
cat > "$tmp/s/loaded.json" <<'JSON'
{"mailsim": 1, "name": "loaded",
 "hosts": [
   {"name": "mail.x.example", "kind": "mail-server", "ip": "192.0.2.10", "domains": ["x.example"],
    "users": [{"name": "bob", "password": "bob-secret", "maildir": "../out1/mail.a.example/bob/Maildir"},
              {"name": "carol", "password": "carol-secret", "eml": ["../out1/mail.a.example/bob/eml/INBOX"]}]}]}
JSON
"$bin" run "$tmp/s/loaded.json" --export-mail "$tmp/out2" > /dev/null || fail "run of the loaded scenario"
"$py" - "$md" "$tmp/out2/mail.x.example/bob/Maildir" "$tmp/out1/mail.a.example/bob/eml/INBOX" \
  "$tmp/out2/mail.x.example/carol/Maildir" <<'PY' || fail "export after import differs"
import pathlib, re, sys
def listing(root):
    """folder -> [(seconds, size, flags, bytes)] in UID order (names carry time and UID)."""
    out = {}
    root = pathlib.Path(root)
    for d in [root] + sorted(p for p in root.iterdir() if p.name.startswith(".")):
        msgs = []
        for sub in ("new", "cur"):
            for f in (d / sub).iterdir():
                m = re.match(r"(\d+)\.M(\d+)P\d+\.[^,]+,S=(\d+)(?::2,([A-Z]*))?$", f.name)
                assert m, f.name
                msgs.append((int(m[2]), int(m[1]), int(m[3]), m[4] or "", f.read_bytes()))
        out[d.name] = [t[1:] for t in sorted(msgs)]
    return out
a, b = listing(sys.argv[1]), listing(sys.argv[2])
assert a.keys() == b.keys(), (a.keys(), b.keys())
for k in a:
    assert a[k] == b[k], (k, [x[:3] for x in a[k]], [x[:3] for x in b[k]])
assert sum(len(v) for v in a.values()) == 3 and a[".Archive.2025"], a.keys()
assert {x[2] for v in a.values() for x in v} == {"S", "FS", "RS"}, "flags of the source run changed"
eml = [p.read_bytes() for p in sorted(pathlib.Path(sys.argv[3]).glob("*.eml"), key=lambda p: int(p.stem))]
carol = listing(sys.argv[4])
assert [x[3] for x in carol["Maildir"]] == eml and all(x[2] == "" for x in carol["Maildir"]), "eml import"
PY
serve_start "imap of mail.x.example" "$tmp/s/loaded.json" "${serve_ports[@]}"
timeout 20 "$py" - "$((port+2))" "$((port+3))" "$md" <<'PY' || fail "imaplib/poplib"
import imaplib, pathlib, poplib, re, sys
pop_port, imap_port, md = int(sys.argv[1]), int(sys.argv[2]), pathlib.Path(sys.argv[3])
letters = {"D": "\\Draft", "F": "\\Flagged", "R": "\\Answered", "S": "\\Seen", "T": "\\Deleted"}
def on_disk(d):
    files = [f for sub in ("new", "cur") for f in (d / sub).iterdir()]
    files.sort(key=lambda f: int(re.search(r"\.M(\d+)P", f.name)[1]))
    return [(f.read_bytes(), {letters[c] for c in f.name.partition(":2,")[2]}) for f in files]
imap = imaplib.IMAP4("127.0.0.1", imap_port, timeout=10)
imap.login("bob", "bob-secret")
for folder, d in (("INBOX", md), ("Archive/2025", md / ".Archive.2025")):
    typ, data = imap.select(folder, readonly=True)
    assert typ == "OK", (folder, data)
    typ, data = imap.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])")
    got = []
    for item in data:
        if isinstance(item, tuple):
            flags = set(re.search(rb"FLAGS \(([^)]*)\)", item[0])[1].decode().split()) - {"\\Recent"}
            got.append((item[1], flags))
    assert got == on_disk(d), (folder, [g[1] for g in got], [x[1] for x in on_disk(d)])
imap.logout()
p = poplib.POP3("127.0.0.1", pop_port, timeout=10)
p.user("bob"); p.pass_("bob-secret")
count, _ = p.stat()
inbox = [b for b, _ in on_disk(md)]
assert count == len(inbox), count
for i in range(count):
    resp, lines, octets = p.retr(i + 1)
    assert b"\r\n".join(lines) + b"\r\n" == inbox[i], i
p.quit()
PY
serve_stop
echo "maildir import ok"
