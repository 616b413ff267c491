"""Serve the app for tests that need a real server: ``python -m tests.live_server PORT``.

Settings come from the RELAIS_LIVE_SETTINGS environment variable (JSON), on top of the test
settings; the database is the test database of the run that started it. RELAIS_LIVE_CLOCK (an
ISO datetime) starts the server's clock at that moment (time-machine, ticking), for a test that
looks at the site after a due date has passed.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from werkzeug.serving import make_server

    port = int(sys.argv[1])
    clock = os.environ.get("RELAIS_LIVE_CLOCK")
    if clock:
        import time_machine

        time_machine.travel(clock, tick=True).start()
    make_server("127.0.0.1", port, app_from_environment(), threaded=True).serve_forever()


def app_from_environment():
    """The app the settings in RELAIS_LIVE_SETTINGS describe (also what gunicorn serves)."""
    from sqlalchemy.pool import NullPool

    from app import create_app
    from tests.conftest import settings_for_tests

    overrides = json.loads(os.environ.get("RELAIS_LIVE_SETTINGS", "{}"))
    database_url = overrides.pop("SQLALCHEMY_DATABASE_URI")
    if overrides.pop("NEW_CONNECTION_PER_REQUEST", False):
        # No pool: a database that goes away is noticed by the next request, not hidden by an
        # open connection (a test takes the database away and brings it back).
        overrides["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": NullPool}
    return create_app(settings_for_tests(database_url, **overrides))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def live_server(
    settings: dict, timeout: float = 30.0, clock: str | None = None, public: bool = False
):
    """Start a server process with ``settings`` (and its clock at ``clock``, an ISO datetime);
    yield its base URL; stop it afterwards. ``public``: the server's PUBLIC_BASE_URL is its own
    address, so that the links it prints (a certificate's QR code, e-mails) lead back to it."""
    port = free_port()
    if public:
        settings = {**settings, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    environ = {**os.environ, "RELAIS_LIVE_SETTINGS": json.dumps(settings)}
    if clock is not None:
        environ["RELAIS_LIVE_CLOCK"] = clock
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.live_server", str(port)], cwd=ROOT, env=environ
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process, timeout)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_up(base_url: str, process, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"live server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/login", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("live server did not start in time")


if __name__ == "__main__":
    main()
