"""HTTP load from wrk, in its own process: a fixed number of connections for a few seconds, with
the percentiles its Lua ``done()`` hook prints (``bench/report.lua``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

REPORT = Path(__file__).resolve().parent / "report.lua"
CONNECTIONS = 8
THREADS = 2
MARKER = "RELAIS-WRK "


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def load(
    url: str, seconds: float, headers: dict[str, str] | None = None, body: str | None = None
) -> dict:
    """Requests per second and p50/p95/p99 in milliseconds of ``url`` under wrk's load: GET,
    or with ``body`` (a urlencoded form) a POST of it."""
    with tempfile.TemporaryDirectory() as folder:
        script = REPORT if body is None else posting_script(Path(folder), body)
        command = [
            *("wrk", "--threads", str(THREADS), "--connections", str(CONNECTIONS)),
            *("--duration", f"{max(1, round(seconds))}s", "--script", str(script)),
        ]
        for name, value in (headers or {}).items():
            command += ["--header", f"{name}: {value}"]
        finished = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    line = next(line for line in finished.stdout.splitlines() if line.startswith(MARKER))
    found = json.loads(line.removeprefix(MARKER))
    if found["errors"] or not found["requests"]:
        raise RuntimeError(f"wrk: {found['errors']} errors on {url}\n{finished.stdout}")
    return {
        "per_second": found["requests"] / found["seconds"],
        "p50_ms": found["p50_ms"],
        "p95_ms": found["p95_ms"],
        "p99_ms": found["p99_ms"],
        "requests": found["requests"],
    }


def posting_script(folder: Path, body: str) -> Path:
    """wrk takes one script: the POST of ``body`` (urlencoded, so it cannot close Lua's long
    string), then the report's ``done``."""
    script = folder / "post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = [==[{body}]==]\n"
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        + REPORT.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return script
