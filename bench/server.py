"""The server every HTTP benchmark measures: gunicorn with the repository's production settings
(``gunicorn.conf.py``), each worker serving Relais with a hello-world Flask app beside it under
``/hello``, so a page and the baseline are served by the same workers in the same run."""

from __future__ import annotations

import runpy
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app import create_app

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"
# Used only when gunicorn.conf.py does not say: (2 x CPUs) + 1 for two CPUs, fixed so runs compare.
WORKERS = 5
SECRET_KEY = "benchmark-secret-key-0123456789abcdef"  # noqa: S105 (throwaway benchmark data)


def hello_app() -> Flask:
    """Flask's bare minimum: the baseline every row is read against."""
    hello = Flask("hello")
    hello.get("/")(lambda: "hello")
    return hello


def bench_settings(database_path: Path) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_path}",
        "SECRET_KEY": SECRET_KEY,
        # The setup signs hundreds of people in from one address; the measured requests never
        # hash a password, so the login limits and argon2's cost would only slow the setup down.
        "LOGIN_LIMIT_PER_IP": "1000000 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT": "1000000 per minute",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
    }


def served_app(database_path: str):
    """What each gunicorn worker serves: Relais, with the hello-world app under /hello."""
    relais = create_app(bench_settings(Path(database_path)))
    return DispatcherMiddleware(relais, {"/hello": hello_app()})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    connection = HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/hello/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def worker_option() -> list[str]:
    """``--workers`` unless the production settings choose the number themselves."""
    if "workers" in runpy.run_path(str(CONFIG)):
        return []
    return ["--workers", str(WORKERS)]


def start_gunicorn(database_path: Path, port: int) -> subprocess.Popen:
    command = [
        *(sys.executable, "-m", "gunicorn", "--config", str(CONFIG), *worker_option()),
        *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        f"bench.server:served_app({str(database_path)!r})",
    ]
    server = subprocess.Popen(command, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        if answers(port):
            return server
        time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start in time")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)
