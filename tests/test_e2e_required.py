"""RELAIS_REQUIRE_E2E=1 turns any skip of a browser test into a failure, whatever skipped it."""

import pytest

BROWSER_TESTS = """
import pytest

@pytest.fixture
def no_browser():
    pytest.skip("no Chromium found")

def test_fixture_skips(no_browser):
    pass

def test_test_skips():
    pytest.skip("not today")

@pytest.mark.skip(reason="marked")
def test_marked_skip():
    pass

def test_passes():
    pass
"""


@pytest.fixture
def browser_tests(inner_pytester):
    # The hook of tests/e2e/conftest.py itself, on a directory of sample tests.
    inner_pytester.makeconftest("from tests.e2e.conftest import pytest_runtest_makereport  # noqa")
    inner_pytester.makepyfile(test_browser=BROWSER_TESTS)
    return inner_pytester


def test_required_browser_tests_may_not_skip(browser_tests, monkeypatch):
    monkeypatch.setenv("RELAIS_REQUIRE_E2E", "1")
    result = browser_tests.runpytest_subprocess("-p", "no:xdist", "-p", "no:cacheprovider")
    # A skip in setup becomes an error, a skip in the test a failure.
    result.assert_outcomes(passed=1, failed=1, errors=2)
    result.stdout.fnmatch_lines(
        ["*RELAIS_REQUIRE_E2E=1, so a browser test may not skip: no Chromium found*"]
    )


def test_browser_tests_skip_and_say_why_when_not_required(browser_tests, monkeypatch):
    monkeypatch.delenv("RELAIS_REQUIRE_E2E", raising=False)
    result = browser_tests.runpytest_subprocess("-p", "no:xdist", "-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines(["*no Chromium found*", "*not today*", "*marked*"])
