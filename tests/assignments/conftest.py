"""Fixtures shared by the assignment tests; each test file keeps its own specific helpers."""

from tests.smtp_server import smtp_server  # noqa: F401  (the fixture, for the notify tests)
