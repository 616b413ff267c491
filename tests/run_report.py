"""What a test run did, written as JSON to RELAIS_TEST_REPORT for .ci/run to judge.

It records the database the engine reported, every test's outcome, the skipped tests with
their reasons, and how many browser and Redis tests were collected and passed. Under
pytest-xdist each worker sends its collection and database to the controller (``workeroutput``)
and the controller, which receives every worker's test reports, writes the file once.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

REPORT_VARIABLE = "RELAIS_TEST_REPORT"
PLUGIN_NAME = "relais-run-report"
OUTPUT_KEY = "relais_run"
WATCHED_MARKERS = ("e2e", "redis")
# The worst outcome of a test's setup, call and teardown is its outcome.
SEVERITY = {"passed": 0, "skipped": 1, "failed": 2}


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(RunRecorder(config), PLUGIN_NAME)


@pytest.fixture(scope="session")
def run_record(pytestconfig: pytest.Config) -> RunRecorder:
    """The schema fixture sets ``run_record.database`` from the engine it built."""
    return pytestconfig.pluginmanager.get_plugin(PLUGIN_NAME)


class RunRecorder:
    def __init__(self, config: pytest.Config):
        self.config = config
        self.started = time.monotonic()
        self.database = ""
        self.collected: dict[str, list[str]] = {}
        self.outcomes: dict[str, dict] = {}
        self.workers: list[dict] = []

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.collected = {
            item.nodeid: [name for name in WATCHED_MARKERS if item.get_closest_marker(name)]
            for item in session.items
        }

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """In a plain session, and in the xdist controller for every worker's reports."""
        outcome, reason = outcome_of(report)
        if outcome is None:
            return
        previous = self.outcomes.get(report.nodeid)
        if previous is None or SEVERITY[outcome] > SEVERITY[previous["outcome"]]:
            self.outcomes[report.nodeid] = {"outcome": outcome, "reason": reason}

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error) -> None:
        """xdist controller: a worker is done; keep what it collected and its database."""
        output = getattr(node, "workeroutput", {}).get(OUTPUT_KEY)
        if output is not None:
            self.workers.append(output)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if hasattr(self.config, "workerinput"):
            self.config.workeroutput[OUTPUT_KEY] = {
                "database": self.database,
                "collected": self.collected,
            }
            return
        target = os.environ.get(REPORT_VARIABLE)
        if target:
            Path(target).write_text(json.dumps(self.summary(int(exitstatus)), indent=2) + "\n")

    def summary(self, exitstatus: int) -> dict:
        collected = dict(self.collected)
        databases = {self.database}
        for worker in self.workers:
            collected.update(worker["collected"])
            databases.add(worker["database"])
        databases.discard("")
        counts = dict.fromkeys(SEVERITY, 0)
        for result in self.outcomes.values():
            counts[result["outcome"]] += 1
        record = {
            "database": ",".join(sorted(databases)),
            "exitstatus": exitstatus,
            "duration_s": round(time.monotonic() - self.started, 1),
            "workers": len(self.workers),
            "collected": len(collected),
            **counts,
            "not_run": sorted(set(collected) - set(self.outcomes)),
            "failed_tests": sorted(self._with_outcome("failed")),
            "skipped_tests": [
                {"id": test_id, "reason": self.outcomes[test_id]["reason"]}
                for test_id in sorted(self._with_outcome("skipped"))
            ],
        }
        passed = set(self._with_outcome("passed"))
        for marker in WATCHED_MARKERS:
            marked = {test_id for test_id, names in collected.items() if marker in names}
            record[marker] = {
                "collected": len(marked),
                "passed": len(marked & passed),
                "not_passed": sorted(marked - passed),
            }
        return record

    def _with_outcome(self, outcome: str) -> list[str]:
        return [test_id for test_id, r in self.outcomes.items() if r["outcome"] == outcome]


def outcome_of(report: pytest.TestReport) -> tuple[str | None, str]:
    """One phase's outcome and skip reason; None for a setup or teardown that passed."""
    if hasattr(report, "wasxfail"):
        # An expected failure did not pass: like a skip, it needs the allow-list.
        return ("passed", "") if report.passed else ("skipped", f"xfail: {report.wasxfail}")
    if report.skipped:
        return "skipped", skip_reason(report)
    if report.failed:
        return "failed", ""
    if report.when == "call":
        return "passed", ""
    return None, ""


def skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")
