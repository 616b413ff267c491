"""Fixtures of the certificate tests: a synced track whose completion issues a certificate."""

from __future__ import annotations

import pytest

from tests.quiz.quiz_content import sync_quiz
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture, for the revocation e-mail)


@pytest.fixture
def quiz(app, tmp_path):
    """The one-course track of tests/quiz/quiz_content: two lessons, a quiz, the charter."""
    sync_quiz(tmp_path / "c")
