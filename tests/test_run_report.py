"""The record a run leaves for .ci/run: the same with and without pytest-xdist workers."""

import json

import pytest

SAMPLE_TESTS = """
import pytest

def test_passes():
    pass

def test_fails():
    assert False

def test_skips():
    pytest.skip("no reason to run")

@pytest.fixture
def broken():
    raise RuntimeError("setup breaks")

def test_errors_in_setup(broken):
    pass

@pytest.mark.e2e
def test_browser_passes(run_record):
    run_record.database = "sqlite"

@pytest.mark.e2e
@pytest.mark.skipif(True, reason="no browser")
def test_browser_skips():
    pass

@pytest.mark.redis
def test_redis_passes():
    pass
"""


@pytest.fixture
def sample(inner_pytester):
    inner_pytester.makeini("[pytest]\nmarkers =\n    e2e: browser\n    redis: Redis\n")
    inner_pytester.makepyfile(test_sample=SAMPLE_TESTS)
    return inner_pytester


@pytest.mark.parametrize(
    ("options", "workers"), [(["-p", "no:xdist"], 0), (["-n", "2"], 2)], ids=["plain", "xdist"]
)
def test_the_record_counts_every_outcome(sample, monkeypatch, options, workers):
    target = sample.path / "record.json"
    monkeypatch.setenv("RELAIS_TEST_REPORT", str(target))
    result = sample.runpytest_subprocess("-p", "tests.run_report", *options)
    assert result.ret == 1
    record = json.loads(target.read_text())
    assert record["database"] == "sqlite"
    assert record["workers"] == workers
    assert record["exitstatus"] == 1
    assert (record["collected"], record["passed"], record["failed"], record["skipped"]) == (
        7,
        3,
        2,
        2,
    )
    assert record["failed_tests"] == [
        "test_sample.py::test_errors_in_setup",
        "test_sample.py::test_fails",
    ]
    assert record["skipped_tests"] == [
        {"id": "test_sample.py::test_browser_skips", "reason": "no browser"},
        {"id": "test_sample.py::test_skips", "reason": "no reason to run"},
    ]
    assert record["e2e"] == {
        "collected": 2,
        "passed": 1,
        "not_passed": ["test_sample.py::test_browser_skips"],
    }
    assert record["redis"] == {"collected": 1, "passed": 1, "not_passed": []}
    assert record["not_run"] == []


def test_a_worker_that_built_no_database_records_none(sample, monkeypatch):
    target = sample.path / "record.json"
    monkeypatch.setenv("RELAIS_TEST_REPORT", str(target))
    sample.runpytest_subprocess("-p", "tests.run_report", "-p", "no:xdist", "-k", "not browser")
    assert json.loads(target.read_text())["database"] == ""
