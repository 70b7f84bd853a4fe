#!/usr/bin/python3
"""A recording SMTP sink for the delivery crash tests (aiosmtpd, from Debian).

Binds 127.0.0.1 on a free port, prints "PORT <n>" on stdout, and runs until SIGTERM or SIGINT.
For every message whose DATA completed it appends one line "RECIPIENT MESSAGE-ID" per recipient
to --log with a single unbuffered write (O_APPEND), *before* it replies: a message counts as
received even when the client is killed before it reads the 250, which is exactly the copy a
crashed sender cannot know about (docs/decisions/0006-delivery.md, the in-flight bound).

--reply-delay-ms holds every 250 back that long, so that at any moment some messages of every
connection are in flight: a sender killed at a random moment then has received-but-unrecorded
messages, and the tests' "duplicates <= bound" check can actually bite.
It advertises PIPELINING, so the sender pipelines as it does against a real relay.
"""
import argparse
import asyncio
import logging
import os
import re
import signal
import sys
import warnings

from aiosmtpd.smtp import SMTP

# The Message-ID header in the header block (folded values are not used by barometer).
MESSAGE_ID = re.compile(rb"^message-id:[ \t]*<?([^>\r\n]*)>?", re.IGNORECASE | re.MULTILINE)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log", required=True, help="file the RECIPIENT MESSAGE-ID lines are appended to")
    p.add_argument("--reply-delay-ms", type=float, default=0, help="delay before each 250 after DATA")
    args = p.parse_args()
    fd = os.open(args.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    delay = args.reply_delay_ms / 1000.0

    class Handler:
        # Advertises PIPELINING, as production relays (Postfix, Exim, the mail services) do: the
        # sender then streams each batch, the next envelope behind each message's end of data
        # (docs/decisions/0012-smtp-client.md), which is the path a crash must not break.
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname
            responses.insert(1, "250-PIPELINING")
            return responses

        async def handle_DATA(self, server, session, envelope):
            data = envelope.original_content or envelope.content
            if isinstance(data, str):
                data = data.encode("utf-8", "replace")
            head = data.split(b"\r\n\r\n", 1)[0]
            m = MESSAGE_ID.search(head)
            mid = m.group(1).decode("ascii", "replace") if m else "-"
            lines = "".join("%s %s\n" % (r, mid) for r in envelope.rcpt_tos)
            os.write(fd, lines.encode("utf-8", "replace"))  # one write: lines never interleave
            if delay > 0:
                await asyncio.sleep(delay)
            return "250 2.0.0 Queued"

    logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # killed clients are expected here
    warnings.simplefilter("ignore")
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Handler()
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, loop=loop, hostname="sink.test", decode_data=False),
                           host="127.0.0.1", port=0))
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    loop.run_forever()
    server.close()
    os.close(fd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
