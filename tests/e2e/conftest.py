"""Browser tests: a real Chromium (the system one) against a live server process.

Without a browser these tests skip and say why; with RELAIS_REQUIRE_E2E=1 (as in .ci/run) any
skip of a browser test, whatever its cause, is reported as a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest

from tests.live_server import live_server
from tests.run_report import skip_reason
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture, for the e-mail journey)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def system_chromium() -> str | None:
    for candidate in (*CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Applies to the tests under this directory only (pytest scopes conftest hooks)."""
    report = yield
    if report.skipped and os.environ.get("RELAIS_REQUIRE_E2E") == "1":
        report.outcome = "failed"
        report.longrepr = (
            f"RELAIS_REQUIRE_E2E=1, so a browser test may not skip: {skip_reason(report)}"
        )
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = system_chromium()
    if path is None:
        pytest.skip("no Chromium found (install it with: apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_FLAGS}


@pytest.fixture
def server(app, database_url):
    """A live server on the test database (emptied by the app fixture), CSRF on as in production."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_KEY_PREFIX": f"relais-e2e-{uuid.uuid4().hex}",
    }
    with live_server(settings) as base_url:
        yield base_url
