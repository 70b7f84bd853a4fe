#!/usr/bin/python3
"""Verifies every DKIM signature of a message file with python3-dkim, offline: the DNS lookup of
<selector>._domainkey.<domain> is answered from public key PEM files.

Usage: dkim_verify.py MESSAGE KEY...   where KEY is PUBLIC.pem (answers for any selector) or
SELECTOR=PUBLIC.pem. RSA keys are published as k=rsa with the whole SubjectPublicKeyInfo; Ed25519
keys (RFC 8463) as k=ed25519 with the bare 32-byte key.

Prints "pass" when every signature verifies (and there is at least one), else "fail" and why;
then one line per signature ("sig 0 rsa-sha256 pass") and the names looked up ("dns ...")."""
import base64
import re
import sys

import dkim

message = open(sys.argv[1], "rb").read()
records = {}
for arg in sys.argv[2:]:
    selector, _, path = arg.rpartition("=")
    der = base64.b64decode("".join(line for line in open(path).read().splitlines() if not line.startswith("-----")))
    if len(der) == 44:  # Ed25519 SubjectPublicKeyInfo: a 12-byte prefix, then the key
        record = b"v=DKIM1; k=ed25519; p=" + base64.b64encode(der[12:])
    else:
        record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(der)
    records[selector] = record
looked_up = []


def dnsfunc(name, timeout=5):
    name = name.decode() if isinstance(name, bytes) else name
    looked_up.append(name)
    selector = name.split("._domainkey.")[0]
    return records.get(selector, records.get(""))


d = dkim.DKIM(message)
count = sum(1 for name, _ in d.headers if name.lower() == b"dkim-signature")
results = []
for idx in range(count):
    try:
        ok = d.verify(idx=idx, dnsfunc=dnsfunc)
        why = ""
    except dkim.DKIMException as e:
        ok, why = False, str(e)
    sig = dkim.parse_tag_value(re.sub(rb"\s+", b"", [v for n, v in d.headers if n.lower() == b"dkim-signature"][idx]))
    results.append((ok, sig.get(b"a", b"?").decode(), why))
if count == 0:
    print("fail no DKIM-Signature")
elif all(ok for ok, _, _ in results):
    print("pass")
else:
    print("fail", "; ".join(why for ok, _, why in results if not ok))
for idx, (ok, algorithm, why) in enumerate(results):
    print("sig", idx, algorithm, "pass" if ok else "fail", why)
for name in looked_up:
    print("dns", name.rstrip("."))
