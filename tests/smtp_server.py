"""A real local SMTP server for the email tests: aiosmtpd on 127.0.0.1, optionally slow."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections import Counter
from email import message_from_bytes
from email import policy as email_policy

from aiosmtpd.controller import Controller


class Collector:
    """An aiosmtpd handler that keeps every envelope it accepts; `delay` seconds of sleep after
    MAIL FROM make it a slow server (a client that dies then has sent nothing yet)."""

    def __init__(self, delay: float = 0.0):
        self.envelopes = []
        self.delay = delay
        self.started = 0  # MAIL FROM commands seen: messages begun, accepted or not

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        self.started += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [message_from_bytes(e.content, policy=email_policy.default)
                for e in self.envelopes]

    def keys(self) -> Counter:
        """How many times each outbox key arrived."""
        return Counter(m["X-Network-Outbox-Key"] for m in self.messages())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(delay: float = 0.0):
    """A started server with its Collector (`collector.controller`); stopped afterwards."""
    handler = Collector(delay)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.controller = controller
    try:
        yield handler
    finally:
        with contextlib.suppress(AssertionError, RuntimeError):
            controller.stop()  # unless the test stopped it already
