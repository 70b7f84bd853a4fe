#!/usr/bin/python3
"""Verifies the DKIM signature of a message file with python3-dkim, offline: the DNS lookup of
<selector>._domainkey.<domain> is answered from a public key PEM file. Prints "pass" or "fail"
and the signature's d=, s= and h= tags."""
import sys

import dkim

message = open(sys.argv[1], "rb").read()
pem = open(sys.argv[2]).read()
key = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
record = ("v=DKIM1; k=rsa; p=" + key).encode()
looked_up = []


def dnsfunc(name, timeout=5):
    looked_up.append(name.decode() if isinstance(name, bytes) else name)
    return record


d = dkim.DKIM(message)
try:
    ok = d.verify(dnsfunc=dnsfunc)
except dkim.DKIMException as e:
    print("fail", e)
    sys.exit(0)
print("pass" if ok else "fail")
for name in looked_up:
    print("dns", name.rstrip("."))
