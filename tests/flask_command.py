"""A ``flask --app wsgi …`` command started in its own process on the test database, as cron
would start it on a server, for the tests that run two at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def start_flask_command(database_url: str, *arguments: str, **environment: str) -> subprocess.Popen:
    environ = {
        **os.environ,
        "RELAIS_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        **environment,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", *arguments],
        cwd=REPOSITORY,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
