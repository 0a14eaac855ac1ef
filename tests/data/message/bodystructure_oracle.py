#!/usr/bin/env python3
"""Differential oracle for MailSim's IMAP BODYSTRUCTURE (tests/protocols/imap_bodystructure_test.cpp).

Usage: bodystructure_oracle.py DIR
Writes generated messages to DIR/m###.eml (seeded, the same every run): nested multiparts,
RFC 2047 names and descriptions and RFC 2231 continuations in GB2312 and UTF-8, parts
without Content-Type, message/rfc822 and multipart/digest, Content-Language lists. Then it
parses each file with Python's email package (compat32: header values as written) and
prints, per message, one tab-separated line:
  <file name> TAB <BODYSTRUCTURE> TAB <BODY>
in RFC 3501 §7.4.2 form as MailSim writes it: type, subtype and parameter names upper-cased;
parameter values, Content-ID, -Description, -MD5, -Location and ENVELOPE fields as written
(unfolded, quoted strings unquoted, nothing RFC 2047/2231-decoded: continuations stay
separate parameters under their own names); ("CHARSET" "US-ASCII") for a text part without
parameters (RFC 2045 §5.2); body octets and lines of the body as transmitted (the CR LF
before a boundary belongs to the boundary, RFC 2046 §5.1.1). Types, defaults (text/plain,
message/rfc822 inside multipart/digest), part boundaries, payloads and the parameter split
are Python's.
"""
import email
import email.message
import email.policy
import email.utils
import os
import random
import re
import sys


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nstr(s):
    return "NIL" if s is None else q(s)


def unfold(v):
    return None if v is None else re.sub(r"\r?\n(?=[ \t])", "", str(v)).strip()


def raw_params(value):
    """The parameters after the media type, as written: names upper-cased, values unquoted."""
    out = []
    if value is None:
        return out
    for p in email.message._parseparam(";" + unfold(value))[1:]:
        if "=" not in p:
            continue
        name, val = p.split("=", 1)
        out.append((name.strip().upper(), email.utils.unquote(val.strip())))
    return out


def plist(ps):
    return "NIL" if not ps else "(" + " ".join(q(n) + " " + q(v) for n, v in ps) + ")"


def octets(s):
    return len(s.encode("ascii", "surrogateescape"))


def lines(s):
    return s.count("\n") + (1 if s and not s.endswith("\n") else 0)


def disposition(m):
    cd = m.get("Content-Disposition")
    if cd is None:
        return "NIL"
    kind = unfold(cd).split(";", 1)[0].strip()
    return "(" + q(kind.upper()) + " " + plist(raw_params(cd)) + ")" if kind else "NIL"


def language(m):
    v = unfold(m.get("Content-Language"))
    tags = [t.strip() for t in (v or "").split(",") if t.strip()]
    if not tags:
        return "NIL"
    return q(tags[0]) if len(tags) == 1 else "(" + " ".join(q(t) for t in tags) + ")"


def addresses(m, name, fallback=None):
    v = m.get(name)
    if v is None and fallback:
        v = m.get(fallback)
    if v is None:
        return "NIL"
    out = ""
    for display, addr in email.utils.getaddresses([unfold(v)]):
        local, _, domain = addr.rpartition("@")
        out += "(" + (q(display) if display else "NIL") + " NIL " + q(local) + " " + q(domain) + ")"
    return "(" + out + ")" if out else "NIL"


def envelope(m):
    f = lambda n: nstr(unfold(m.get(n)))
    return ("(" + f("Date") + " " + f("Subject") + " " + addresses(m, "From") + " " + addresses(m, "Sender", "From") +
            " " + addresses(m, "Reply-To", "From") + " " + addresses(m, "To") + " " + addresses(m, "Cc") + " " +
            addresses(m, "Bcc") + " " + f("In-Reply-To") + " " + f("Message-ID") + ")")


def structure(m, raw_body, ext):
    """raw_body: the entity's body as transmitted (for message/rfc822, whose payload Python
    hands back parsed)."""
    maintype, subtype = m.get_content_maintype(), m.get_content_subtype()
    ct = m.get("Content-Type")
    if maintype == "multipart" and m.is_multipart():
        out = "(" + "".join(structure(c, body_of(c), ext) for c in m.get_payload()) + " " + q(subtype.upper())
        if ext:
            out += " " + plist(raw_params(ct)) + " " + disposition(m) + " " + language(m) + " " + nstr(unfold(m.get("Content-Location")))
        return out + ")"
    ps = raw_params(ct)
    if not ps and maintype == "text":
        ps = [("CHARSET", "US-ASCII")]
    cte = unfold(m.get("Content-Transfer-Encoding")) or "7bit"
    out = ("(" + q(maintype.upper()) + " " + q(subtype.upper()) + " " + plist(ps) + " " + nstr(unfold(m.get("Content-ID"))) +
           " " + nstr(unfold(m.get("Content-Description"))) + " " + q(cte.upper()) + " " + str(octets(raw_body)))
    if maintype == "message" and subtype == "rfc822":
        inner = m.get_payload()[0]
        out += " " + envelope(inner) + " " + structure(inner, inner_body(raw_body), ext) + " " + str(lines(raw_body))
    elif maintype == "text":
        out += " " + str(lines(raw_body))
    if ext:
        out += (" " + nstr(unfold(m.get("Content-MD5"))) + " " + disposition(m) + " " + language(m) + " " +
                nstr(unfold(m.get("Content-Location"))))
    return out + ")"


def inner_body(message_text):
    """The body of an encapsulated message: after the first empty line."""
    i = message_text.find("\r\n\r\n")
    return "" if i < 0 else message_text[i + 4:]


# Raw bodies of message/rfc822 parts, keyed by id() of the Python part (Python parses them).
RFC822_BODIES = {}


def body_of(part):
    if part.get_content_type() == "message/rfc822" and id(part) in RFC822_BODIES:
        return RFC822_BODIES[id(part)]
    payload = part.get_payload()
    return payload if isinstance(payload, str) else ""


# ---- generation: raw MIME text written by hand, so every header form is the one we chose ----

CHINESE = ["中文", "报告", "会议纪要", "数据表", "你好世界"]


def b_word(text, charset):
    import base64
    return "=?" + charset + "?B?" + base64.b64encode(text.encode(charset)).decode() + "?="


def pct(text, charset):
    return "".join("%%%02X" % b for b in text.encode(charset))


def name_params(rng, keyword):
    """A file name parameter in one of the forms real clients write."""
    text = rng.choice(CHINESE) + rng.choice([".txt", ".pdf", ".csv"])
    charset = rng.choice(["UTF-8", "GB2312"])
    form = rng.randrange(4)
    if form == 0:  # RFC 2047 inside a quoted string (Outlook, old Thunderbird)
        return f'; {keyword}="{b_word(text, charset)}"'
    if form == 1:  # RFC 2231 single extended value with a language tag
        return f"; {keyword}*={charset.lower()}'zh-cn'{pct(text, charset)}"
    if form == 2:  # RFC 2231 continuations, first encoded, then plain and encoded pieces
        enc = pct(text, charset)
        cut = enc.find("%", 4)
        return f"; {keyword}*0*={charset}''{enc[:cut]};\r\n {keyword}*1*={enc[cut:]}"
    return f'; {keyword}="plain name {rng.randrange(100)}.bin"'


def leaf(rng, depth):
    kind = rng.randrange(7)
    headers, body = [], ""
    if kind == 0:  # no Content-Type at all: text/plain; charset=us-ascii by default
        body = "Plain ASCII with no header.\r\nSecond line."
    elif kind == 1:
        charset = rng.choice(["utf-8", "GB2312"])
        headers.append(f"Content-Type: text/plain; charset={charset}" + rng.choice(["", "; format=flowed"]))
        headers.append("Content-Transfer-Encoding: base64")
        import base64
        body = base64.b64encode(rng.choice(CHINESE).encode(charset)).decode()
    elif kind == 2:
        headers.append('Content-Type: text/html; charset="utf-8"')
        headers.append("Content-Transfer-Encoding: quoted-printable")
        if rng.randrange(2):
            headers.append("Content-Language: zh-CN, en")
        body = "<p>=E4=BD=A0=E5=A5=BD</p>\r\n<p>two</p>\r\n"
    elif kind == 3:
        headers.append("Content-Type: application/octet-stream" + name_params(rng, "name"))
        headers.append("Content-Disposition: attachment" + name_params(rng, "filename"))
        headers.append("Content-Transfer-Encoding: base64")
        if rng.randrange(2):
            headers.append("Content-Description: " + b_word(rng.choice(CHINESE), rng.choice(["UTF-8", "GB2312"])))
        if rng.randrange(2):
            headers.append("Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==")
        body = "AAECAwQFBgcICQ=="
    elif kind == 4:
        headers.append("Content-Type: image/png; name=dot.png")
        headers.append(f"Content-ID: <img{rng.randrange(1000)}@gen.example>")
        headers.append("Content-Transfer-Encoding: base64")
        headers.append("Content-Location: http://gen.example/dot.png")
        headers.append("Content-Disposition: inline; filename=dot.png; size=68")
        body = "iVBORw0KGgo="
    elif kind == 5 and depth < 3:  # message/rfc822 around a small message
        inner = message(rng, depth + 1, top=False)
        headers.append("Content-Type: message/rfc822")
        if rng.randrange(2):
            headers.append("Content-Description: forwarded\r\n message")
        return headers, inner, True
    else:
        headers.append("Content-Type: text/plain; charset=us-ascii")
        headers.append("Content-Transfer-Encoding: 7bit")
        body = "One line." + rng.choice(["", "\r\n"])
    return headers, body, False


def multipart(rng, depth):
    boundary = f"=_b{depth}_{rng.randrange(10**6)}"
    subtype = rng.choice(["mixed", "alternative", "related", "digest"] if depth < 3 else ["mixed"])
    parts = []
    for _ in range(rng.randrange(1, 4)):
        if subtype == "digest":  # digest parts default to message/rfc822 (RFC 2046 §5.1.5)
            parts.append(([], message(rng, depth + 1, top=False)))
        elif depth < 2 and rng.randrange(4) == 0:
            h, b = multipart(rng, depth + 1)
            parts.append((h, b))
        else:
            h, b, _ = leaf(rng, depth)
            parts.append((h, b))
    headers = [f'Content-Type: multipart/{subtype};\r\n boundary="{boundary}"']
    if rng.randrange(3) == 0:
        headers.append("Content-Language: en")
    body = "This is a multi-part message in MIME format.\r\n"
    for h, b in parts:
        body += f"--{boundary}\r\n" + "".join(x + "\r\n" for x in h) + "\r\n" + b + "\r\n"
    body += f"--{boundary}--\r\n"
    return headers, body


def message(rng, depth, top=True):
    n = rng.randrange(10**6)
    head = [f"From: Gen Sender <gen{n}@a.example>", "To: Bob <bob@b.example>, carol@c.example",
            f"Subject: {b_word(rng.choice(CHINESE), rng.choice(['UTF-8', 'GB2312']))} no. {n}",
            "Date: Mon, 05 Jan 2026 09:00:00 +0800", f"Message-ID: <{n}@gen.example>", "MIME-Version: 1.0"]
    if rng.randrange(3) == 0 or depth >= 3:
        h, b, _ = leaf(rng, 3)
    else:
        h, b = multipart(rng, depth)
    return "".join(x + "\r\n" for x in head + h) + "\r\n" + b


def record_rfc822_bodies(msg, raw):
    """Python parses message/rfc822 payloads; find each one's raw text by its position."""
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822" and part.get_payload():
            inner = part.get_payload()[0]
            mid = inner.get("Message-ID")
            start = raw.find("Message-ID: " + mid)
            start = raw.rfind("\r\n\r\n", 0, start) + 4  # the part's body begins after its header
            # it ends at the CR LF before the next boundary line of the enclosing multipart
            end = boundary_end(raw, start)
            RFC822_BODIES[id(part)] = raw[start:end]


def boundary_end(raw, start):
    best = len(raw)
    for m in re.finditer(r"\r\n--(=_b[0-9_]+)(--)?\r\n", raw[start:]):
        # the first delimiter of a multipart that encloses `start`
        b = m.group(1)
        if raw.rfind('boundary="' + b + '"', 0, start) >= 0:
            best = start + m.start()
            break
    return best


def main():
    out_dir = sys.argv[1]
    rng = random.Random(20261206)
    for i in range(60):
        raw = message(rng, 0)
        name = f"m{i:03d}.eml"
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(raw.encode("ascii"))
        msg = email.message_from_bytes(raw.encode("ascii"), policy=email.policy.compat32)
        RFC822_BODIES.clear()
        record_rfc822_bodies(msg, raw)
        body = raw[raw.find("\r\n\r\n") + 4:]
        print(name + "\t" + structure(msg, body, True) + "\t" + structure(msg, body, False))


if __name__ == "__main__":
    main()
