"""What .ci/run accepts: the allow-list of skips, and the checks on each run's record."""

import json

import pytest

from tests.ci_check import (
    AllowedSkip,
    AllowListError,
    load_allow_list,
    main,
    problems_of,
    unused_entries,
)

CONCURRENCY = "tests/quiz/test_concurrency.py::test_fifty_simultaneous_submits_grade_once"
ALLOWED = [AllowedSkip(f"{CONCURRENCY.split('::')[0]}::*[postgresql]", "sqlite", "PostgreSQL")]


def record(**overrides) -> dict:
    """The record of a good run on SQLite, changed by ``overrides``."""
    values = {
        "database": "sqlite",
        "exitstatus": 0,
        "duration_s": 12.0,
        "workers": 2,
        "collected": 5,
        "passed": 4,
        "failed": 0,
        "skipped": 1,
        "not_run": [],
        "failed_tests": [],
        "skipped_tests": [{"id": f"{CONCURRENCY}[postgresql]", "reason": "not PostgreSQL"}],
        "e2e": {"collected": 2, "passed": 2, "not_passed": []},
        "redis": {"collected": 1, "passed": 1, "not_passed": []},
    }
    values.update(overrides)
    return values


def test_a_good_run_has_no_problem():
    assert problems_of("sqlite", record(), ALLOWED) == []


def test_the_database_is_the_one_the_engine_reported():
    assert problems_of("postgresql", record(skipped_tests=[]), ALLOWED) == [
        "the suite ran on 'sqlite'"
    ]
    assert problems_of("sqlite", record(database=""), ALLOWED) == ["the suite ran on 'no database'"]


def test_an_allowed_skip_is_allowed_only_on_its_database():
    assert problems_of("postgresql", record(database="postgresql"), ALLOWED) == [
        f"unexplained skip: {CONCURRENCY}[postgresql] (not PostgreSQL)"
    ]


def test_a_skip_outside_the_allow_list_is_a_problem():
    skipped = [{"id": f"{CONCURRENCY}[sqlite-file]", "reason": "no file"}]
    assert problems_of("sqlite", record(skipped_tests=skipped), ALLOWED) == [
        f"unexplained skip: {CONCURRENCY}[sqlite-file] (no file)"
    ]


def test_brackets_in_a_pattern_are_literal():
    entry = AllowedSkip("tests/a.py::test_x[pg]", "sqlite", "why")
    assert entry.covers("tests/a.py::test_x[pg]", "sqlite")
    assert not entry.covers("tests/a.py::test_xp", "sqlite")


def test_every_collected_browser_test_must_pass():
    e2e = {"collected": 3, "passed": 2, "not_passed": ["tests/e2e/test_a.py::test_b"]}
    assert problems_of("sqlite", record(e2e=e2e), ALLOWED) == [
        "browser test did not pass: tests/e2e/test_a.py::test_b"
    ]


def test_no_browser_test_collected_is_a_problem():
    e2e = {"collected": 0, "passed": 0, "not_passed": []}
    assert problems_of("sqlite", record(e2e=e2e), ALLOWED) == ["no browser test was collected"]


def test_failures_and_tests_that_never_ran_are_problems():
    problems = problems_of(
        "sqlite",
        record(failed=1, exitstatus=1, failed_tests=["tests/a.py::test_b"], not_run=["x"]),
        ALLOWED,
    )
    assert problems == [
        "pytest exited with 1; failed: tests/a.py::test_b",
        "1 collected test(s) never ran",
    ]


def test_the_repository_allow_list_is_valid_and_short():
    entries = load_allow_list()
    assert 0 < len(entries) <= 5
    assert all(len(entry.reason) > 20 for entry in entries)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[skip]]\ntest = "a"\ndatabase = "sqlite"\n', "needs test, database and reason"),
        ('[[skip]]\ntest = "a"\ndatabase = "mysql"\nreason = "b"\n', "database is one of"),
        ('[[skip]]\ntest = "a"\ndatabase = "sqlite"\nreason = " "\n', "may not be empty"),
    ],
    ids=["no-reason", "unknown-database", "empty-reason"],
)
def test_a_malformed_allow_list_is_refused(tmp_path, text, message):
    path = tmp_path / "allowed_skips.toml"
    path.write_text(text)
    with pytest.raises(AllowListError, match=message):
        load_allow_list(path)


def test_main_fails_on_a_missing_record_and_prints_totals(tmp_path, capsys):
    good = tmp_path / "sqlite.json"
    good.write_text(json.dumps(record()))
    assert main([f"sqlite={good}"]) == 0
    assert main([f"sqlite={good}", f"postgresql={tmp_path / 'absent.json'}"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "CI: 4 passed, 0 failed, 1 skipped"
    assert any(line.startswith("CI problem: postgresql: no record of the run") for line in lines)


def test_an_entry_that_allowed_nothing_is_pointed_out():
    assert unused_entries("sqlite", record(), ALLOWED) == []
    assert unused_entries("sqlite", record(skipped_tests=[]), ALLOWED) == ALLOWED
    assert unused_entries("postgresql", record(skipped_tests=[]), ALLOWED) == []
