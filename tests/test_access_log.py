"""Access logs mask the token of reset links: the function, Werkzeug's development server and
gunicorn with the repository's gunicorn.conf.py, each through a real request."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.access_log import MaskSecretsFilter, mask_secrets
from tests.live_server import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "Q3bT0k3n-that-must-not-be-logged_x"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f'"GET /password/reset/{TOKEN} HTTP/1.1" 302 -', '"GET /password/reset/… HTTP/1.1" 302 -'),
        (f"/password/reset/{TOKEN}?utm=mail", "/password/reset/…?utm=mail"),
        (
            f"https://relais.example/password/reset/{TOKEN}",
            "https://relais.example/password/reset/…",
        ),
        ("GET /password/reset HTTP/1.1", "GET /password/reset HTTP/1.1"),
        ("POST /password/forgot HTTP/1.1", "POST /password/forgot HTTP/1.1"),
    ],
)
def test_reset_tokens_are_masked(line, expected):
    assert mask_secrets(line) == expected


CODE = "uChd4WzQNM3Xlh9dCJrrF38OMCmNYqnq"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f'"GET /verify/{CODE} HTTP/1.1" 200 -', '"GET /verify/… HTTP/1.1" 200 -'),
        (f'"GET /verify/{CODE}.json HTTP/1.1" 200 -', '"GET /verify/….json HTTP/1.1" 200 -'),
        (f"GET /verify?code={CODE} HTTP/1.1", "GET /verify?code=… HTTP/1.1"),
        (f"GET /verify?x=1&code={CODE}&y=2 HTTP/1.1", "GET /verify?x=1&code=…&y=2 HTTP/1.1"),
        (f"https://relais.example/verify/{CODE}", "https://relais.example/verify/…"),
        ("GET /verify HTTP/1.1", "GET /verify HTTP/1.1"),
    ],
)
def test_verification_codes_are_masked(line, expected):
    assert mask_secrets(line) == expected


def test_the_filter_masks_every_argument_of_a_record():
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s "%s" %s',
        ("127.0.0.1", f"GET /password/reset/{TOKEN} HTTP/1.1", 302),
        None,
    )
    assert MaskSecretsFilter().filter(record)
    assert TOKEN not in record.getMessage()
    assert "/password/reset/…" in record.getMessage()


def _get(url: str) -> None:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(url, timeout=10).close()
    except urllib.error.HTTPError as error:
        error.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_development_server_log_masks_the_token(app, caplog):
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            _get(f"http://127.0.0.1:{server.port}/password/reset/{TOKEN}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("GET /password/reset/… HTTP/1.1" in line and "302" in line for line in lines), lines
    assert not any(TOKEN in line for line in lines)


def test_gunicorn_with_the_repository_settings_masks_the_token(database_url, schema):
    port = free_port()
    settings = {"SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False}
    environ = {**os.environ, "RELAIS_LIVE_SETTINGS": json.dumps(settings)}
    command = [
        *(sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}"),
        *("--access-logfile", "-", "tests.live_server:app_from_environment()"),
    ]
    # From the repository's root, as the README runs it: gunicorn reads ./gunicorn.conf.py.
    server = subprocess.Popen(
        command, cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", server, timeout=30)
        _get(f"http://127.0.0.1:{port}/password/reset/{TOKEN}")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert '"GET /password/reset/… HTTP/1.1" 302' in output, output
    assert TOKEN not in output
