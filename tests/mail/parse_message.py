#!/usr/bin/python3
"""Reads one RFC 5322 message (a file) with Python's `email` package (policy=default) and prints
what the mail tests assert on, as JSON: decoded headers, raw headers, MIME parts with their
charset and transfer encoding and decoded content, and every defect the parser noticed."""
import email
import json
import sys
from email import policy

raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=policy.default)
compat = email.message_from_bytes(raw, policy=policy.compat32)

defects = [type(d).__name__ for d in msg.defects]
parts = []
for part in msg.walk():
    defects += [type(d).__name__ for d in part.defects]
    if part.is_multipart():
        continue
    parts.append({
        "type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "encoding": part.get("Content-Transfer-Encoding", ""),
        "content": part.get_content(),
    })

from_addr = msg["From"].addresses[0]
to_addr = msg["To"].addresses[0]
print(json.dumps({
    "subject": str(msg["Subject"]),
    "raw_subject": compat["Subject"],
    "from_name": from_addr.display_name,
    "from_address": from_addr.addr_spec,
    "raw_from": compat["From"],
    "to_address": to_addr.addr_spec,
    "message_id": str(msg["Message-ID"]),
    "date": str(msg["Date"]),
    "headers": {k.lower(): str(v) for k, v in msg.items()},
    "content_type": msg.get_content_type(),
    "parts": parts,
    "defects": defects,
    "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
}, ensure_ascii=False))
