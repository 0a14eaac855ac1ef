#!/usr/bin/env python3
"""Differential oracle for MailSim's MIME parser (tests/protocols/message/python_differential_test.cpp).

Usage: check_email.py DIR
Parses every DIR/*.eml with Python's email package (policy=email.policy.default) and prints,
per message, tab-separated lines:
  MESSAGE <file name>
  SUBJECT <hex of the decoded subject, UTF-8>
  DATE <Unix seconds> <zone offset in minutes>                 (when there is a Date field)
  ADDR <From|To|Cc> <hex of the display name without whitespace, or -> <local part> <domain>
       (groups flattened; whitespace is dropped because Python before gh-128110 keeps the
       space between adjacent encoded words in a display name, against RFC 2047 §6.2)
  PART <content type> <hex of the file name, UTF-8, or -> <FNV-1a 64 hex of the decoded payload, or ->
  DSN <Reporting-MTA> <Arrival-Date>                       (multipart/report only)
  RCPT <Final-Recipient> <Action> <Status> <Remote-MTA> <Diagnostic-Code> <Last-Attempt-Date> <Will-Retry-Until>
  END
Parts come in email.message.Message.walk() order (not descending into
message/delivery-status, whose payload is a list of field blocks; its digest is -). Text payloads have CR LF replaced by LF
before hashing (Python's quoted-printable decoder writes LF); other payloads are hashed as is.
"""
import email
import email.policy
import os
import sys


def fnv1a64(data: bytes) -> str:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def hexs(s) -> str:
    if s is None:
        return "-"
    return str(s).encode("utf-8", "surrogateescape").hex() or "-"


def field(block, name) -> str:
    v = block.get(name)
    return " ".join(str(v).split()) if v is not None else "-"


def walk(part):
    """Message.walk(), except that the field blocks of message/delivery-status (which Python
    presents as sub-messages) are not parts."""
    yield part
    if part.get_content_type() != "message/delivery-status" and part.is_multipart():
        for sub in part.get_payload():
            yield from walk(sub)


def main() -> int:
    directory = sys.argv[1]
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(directory, name), "rb") as f:
            msg = email.message_from_bytes(f.read(), policy=email.policy.default)
        print("MESSAGE\t" + name)
        print("SUBJECT\t" + hexs(msg.get("Subject", "")))
        date = msg.get("Date")
        if date is not None and getattr(date, "datetime", None) is not None:
            dt = date.datetime
            offset = int(dt.utcoffset().total_seconds() // 60) if dt.utcoffset() is not None else 0
            print("DATE\t%d\t%d" % (int(dt.timestamp()), offset))
        for name in ("From", "To", "Cc"):
            header = msg.get(name)
            if header is None:
                continue
            for a in header.addresses:
                print("ADDR\t%s\t%s\t%s\t%s" % (name, hexs("".join(a.display_name.split())), a.username, a.domain))
        for part in walk(msg):
            ctype = part.get_content_type()
            if part.is_multipart():
                digest = "-"
            else:
                payload = part.get_payload(decode=True) or b""
                if part.get_content_maintype() == "text":
                    payload = payload.replace(b"\r\n", b"\n")
                digest = fnv1a64(payload)
            print("PART\t%s\t%s\t%s" % (ctype, hexs(part.get_filename()), digest))
            if ctype == "message/delivery-status":
                blocks = part.get_payload()
                if blocks:
                    print("DSN\t%s\t%s" % (field(blocks[0], "Reporting-MTA"), field(blocks[0], "Arrival-Date")))
                    for b in blocks[1:]:
                        print("RCPT\t" + "\t".join(field(b, n) for n in (
                            "Final-Recipient", "Action", "Status", "Remote-MTA", "Diagnostic-Code",
                            "Last-Attempt-Date", "Will-Retry-Until")))
        print("END")
    return 0


if __name__ == "__main__":
    sys.exit(main())
