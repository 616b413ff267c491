"""Judge the records of .ci/run's test runs: ``python -m tests.ci_check DATABASE=REPORT ...``.

A run passes when it ran on the database it was meant for (as its engine reported), nothing
failed, every skip is in tests/allowed_skips.toml for that database, and every collected
browser test and Redis test passed. Prints one summary line per run, then the problems.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ALLOW_LIST = Path(__file__).parent / "allowed_skips.toml"
DATABASES = ("sqlite", "postgresql")
WATCHED = {"e2e": "browser", "redis": "Redis"}


@dataclass(frozen=True)
class AllowedSkip:
    test: str
    database: str
    reason: str

    def covers(self, test_id: str, database: str) -> bool:
        pattern = ".*".join(re.escape(part) for part in self.test.split("*"))
        return database == self.database and re.fullmatch(pattern, test_id) is not None


class AllowListError(ValueError):
    pass


def load_allow_list(path: Path = ALLOW_LIST) -> list[AllowedSkip]:
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("skip", [])
    allowed = []
    for number, entry in enumerate(entries, start=1):
        if set(entry) != {"test", "database", "reason"}:
            raise AllowListError(f"{path.name} entry {number}: needs test, database and reason")
        if entry["database"] not in DATABASES:
            raise AllowListError(f"{path.name} entry {number}: database is one of {DATABASES}")
        if not entry["test"].strip() or not entry["reason"].strip():
            raise AllowListError(f"{path.name} entry {number}: test and reason may not be empty")
        allowed.append(AllowedSkip(entry["test"], entry["database"], entry["reason"]))
    return allowed


def problems_of(expected: str, record: dict, allowed: list[AllowedSkip]) -> list[str]:
    """What is wrong with one run, as sentences; empty when the run is good."""
    problems = []
    if record["database"] != expected:
        problems.append(f"the suite ran on {record['database'] or 'no database'!r}")
    if record["passed"] == 0:
        problems.append("no test passed")
    if record["failed"] or record["exitstatus"] != 0:
        failed = ", ".join(record["failed_tests"]) or "none recorded"
        problems.append(f"pytest exited with {record['exitstatus']}; failed: {failed}")
    if record["not_run"]:
        problems.append(f"{len(record['not_run'])} collected test(s) never ran")
    for skip in record["skipped_tests"]:
        if not any(entry.covers(skip["id"], expected) for entry in allowed):
            problems.append(f"unexplained skip: {skip['id']} ({skip['reason']})")
    for marker, name in WATCHED.items():
        counts = record[marker]
        if counts["collected"] == 0:
            problems.append(f"no {name} test was collected")
        for test_id in counts["not_passed"]:
            problems.append(f"{name} test did not pass: {test_id}")
    return problems


def unused_entries(expected: str, record: dict, allowed: list[AllowedSkip]) -> list[AllowedSkip]:
    """Entries for this database that allowed nothing: a hint to keep the list short."""
    skipped = [skip["id"] for skip in record["skipped_tests"]]
    return [
        entry
        for entry in allowed
        if entry.database == expected and not any(entry.covers(i, expected) for i in skipped)
    ]


def summary_of(expected: str, record: dict) -> str:
    workers = f", {record['workers']} workers" if record["workers"] else ""
    return (
        f"{expected}: {record['collected']} collected, {record['passed']} passed, "
        f"{record['failed']} failed, {record['skipped']} skipped; "
        f"browser {record['e2e']['passed']}/{record['e2e']['collected']}, "
        f"Redis {record['redis']['passed']}/{record['redis']['collected']}; "
        f"{record['duration_s']:.0f} s{workers}"
    )


def main(arguments: list[str]) -> int:
    allowed = load_allow_list()
    failures = []
    totals = dict.fromkeys(("passed", "failed", "skipped"), 0)
    for argument in arguments:
        expected, _, path = argument.partition("=")
        try:
            record = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            failures.append(f"{expected}: no record of the run ({error})")
            continue
        print(f"CI {summary_of(expected, record)}")
        for skip in record["skipped_tests"]:
            print(f"    skipped {skip['id']}: {skip['reason']}")
        for entry in unused_entries(expected, record, allowed):
            print(
                f"    note: {entry.test} did not skip on {expected}; is its allow-list entry stale?"
            )
        failures += [f"{expected}: {problem}" for problem in problems_of(expected, record, allowed)]
        for name in totals:
            totals[name] += record[name]
    for failure in failures:
        print(f"CI problem: {failure}")
    print(f"CI: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
