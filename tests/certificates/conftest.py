"""Fixtures of the certificate tests: a synced track whose completion issues a certificate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.quiz.quiz_content import sync_quiz
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture, for the revocation e-mail)

TEMPLATES = Path(__file__).resolve().parents[2] / "certificates"


@pytest.fixture
def quiz(app, tmp_path):
    """The one-course track of tests/quiz/quiz_content: two lessons, a quiz, the charter."""
    sync_quiz(tmp_path / "c")


@pytest.fixture
def broken_template(app, tmp_path):
    """The template folder without its seal: every rendering fails until it is set back."""
    folder = shutil.copytree(TEMPLATES, tmp_path / "broken")
    (folder / "images" / "seal.svg").unlink()
    app.config["CERTIFICATE_TEMPLATES"] = str(folder)
    yield folder
    app.config["CERTIFICATE_TEMPLATES"] = str(TEMPLATES)
