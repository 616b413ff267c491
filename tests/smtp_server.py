"""A real SMTP server for tests (aiosmtpd on a free local port), which records what it accepts
or refuses every message with a given answer; the answer can change while it runs."""

from __future__ import annotations

import asyncio
import email.policy
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    """Accepts every message and keeps it, or refuses every one with ``refusal``; counts both.
    ``delay`` slows each acceptance, so that two senders overlap."""

    def __init__(self, refusal: str | None = None, delay: float = 0.0):
        self.refusal = refusal
        self.delay = delay
        self.envelopes = []
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refusal:
            self.refused += 1
            return self.refusal
        if self.delay:
            await asyncio.sleep(self.delay)
        self.envelopes.append(envelope)
        return "250 OK"

    def received(self) -> list:
        """The accepted e-mails, parsed."""
        return [
            message_from_bytes(envelope.content, policy=email.policy.default)
            for envelope in self.envelopes
        ]


def free_port() -> int:
    # aiosmtpd's controller checks its server by connecting to the port it was given: not 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """``start(refusal=None, delay=0.0)`` starts a server; returns its recorder and port."""
    servers = []

    def start(refusal: str | None = None, delay: float = 0.0):
        handler = Recorder(refusal, delay)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return handler, port

    yield start
    for controller in servers:
        controller.stop()


def send(app, port: int):
    """``flask outbox send`` against the server on ``port``."""
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False)
    return app.test_cli_runner().invoke(args=["outbox", "send"])
