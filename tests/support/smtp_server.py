#!/usr/bin/python3
"""A real SMTP server on loopback for barometer's mail tests (aiosmtpd, from Debian).

Binds 127.0.0.1 on a free port, prints "PORT <n>" on stdout, and runs until SIGTERM.
Every accepted message is written to DIR/NNNN.eml (the bytes as received); DIR/connections holds
the number of connections so far, DIR/auth the user names that authenticated.

Scripted failures, by recipient address:
  --tempfail ADDR        451 at RCPT TO
  --reject ADDR          550 at RCPT TO
  --tempfail-data ADDR   452 as the reply to the end of DATA
  --reject-data ADDR     554 as the reply to the end of DATA
  --drop-after-data ADDR store the message, then close the connection without a reply
  --auth USER:PASSWORD   offer AUTH (PLAIN, LOGIN) without TLS and require it
  --log-pipelining       per accepted message, DIR/pipelined gets "yes" when the client's next
                         MAIL FROM arrived before this message's 250 was sent (waits up to 1 s
                         for it), else "no": proof that a client pipelines across messages
  --pipelining           advertise PIPELINING (RFC 2920) in the EHLO reply (aiosmtpd reads
                         pipelined commands in order either way; the client only sends them
                         together when this is advertised)
TLS (DIR/tls gets "yes" or "no" per accepted message):
  --tls-cert CERT --tls-key KEY   offer STARTTLS with this certificate
  --implicit-tls                  with the certificate: TLS from the first byte (smtps)
"""
import argparse
import asyncio
import os
import signal
import ssl
import logging
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    for flag in ("--tempfail", "--reject", "--tempfail-data", "--reject-data", "--drop-after-data"):
        p.add_argument(flag, action="append", default=[])
    p.add_argument("--auth")
    p.add_argument("--pipelining", action="store_true")
    p.add_argument("--log-pipelining", action="store_true")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--implicit-tls", action="store_true")
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    state = {"connections": 0, "messages": 0}

    def write(name, text):
        tmp = os.path.join(args.dir, name + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, os.path.join(args.dir, name))

    class Handler:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname
            if args.pipelining:
                responses.insert(1, "250-PIPELINING")
            return responses

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in args.tempfail:
                return "451 4.3.0 Try again later"
            if address in args.reject:
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            rcpts = set(envelope.rcpt_tos)
            if rcpts & set(args.tempfail_data):
                return "452 4.3.1 Insufficient storage"
            if rcpts & set(args.reject_data):
                return "554 5.7.1 Message refused"
            state["messages"] += 1
            path = os.path.join(args.dir, "%04d.eml" % state["messages"])
            with open(path + ".tmp", "wb") as f:
                f.write(envelope.original_content or envelope.content)
            os.replace(path + ".tmp", path)
            with open(os.path.join(args.dir, "tls"), "a") as f:
                f.write("yes\n" if server.transport.get_extra_info("ssl_object") is not None else "no\n")
            if args.log_pipelining:
                # Received but unread bytes of the connection (aiosmtpd's StreamReader buffer).
                pipelined = False
                for _ in range(100):
                    if b"MAIL FROM" in bytes(server._reader._buffer):
                        pipelined = True
                        break
                    await asyncio.sleep(0.01)
                with open(os.path.join(args.dir, "pipelined"), "a") as f:
                    f.write("yes\n" if pipelined else "no\n")
            if rcpts & set(args.drop_after_data):
                server.transport.abort()
            return "250 2.0.0 Queued"

    logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # expected TLS failures are not news
    warnings.simplefilter("ignore")  # aiosmtpd warns about AUTH without TLS: wanted here

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = args.auth.split(":", 1)
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        if ok:
            with open(os.path.join(args.dir, "auth"), "a") as f:
                f.write(user + "\n")
        # handled=False: aiosmtpd itself answers 535 to a refused login.
        return AuthResult(success=ok, handled=False)

    class CountingSMTP(SMTP):
        def connection_made(self, transport):
            if self._original_transport is None:  # called again after STARTTLS: same connection
                state["connections"] += 1
                write("connections", str(state["connections"]))
            super().connection_made(transport)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    kwargs = {"hostname": "smtp.test", "decode_data": False}
    if args.auth:
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    ssl_context = None
    if args.tls_cert:
        ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_context.load_cert_chain(args.tls_cert, args.tls_key)
        if not args.implicit_tls:
            kwargs["tls_context"] = ssl_context
    handler = Handler()
    server = loop.run_until_complete(
        loop.create_server(lambda: CountingSMTP(handler, loop=loop, **kwargs), host="127.0.0.1", port=0,
                           ssl=ssl_context if args.implicit_tls else None))
    write("connections", "0")
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    loop.run_forever()
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
