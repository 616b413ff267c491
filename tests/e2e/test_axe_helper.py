"""The axe helper itself: it finds a violation when there is one, and runs under the site's
Content-Security-Policy, which refuses an inline script such as a <script> tag of its source."""

from __future__ import annotations

import pytest

from tests.e2e.accessibility import assert_accessible


def test_a_violation_fails_with_its_rule_and_target(server, browser):
    page = browser.new_page()
    page.goto(server + "/login")
    page.evaluate("document.querySelector('main').append(Object.assign(new Image(), {id: 'x'}))")
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "sign-in with an image without text")
    assert "image-alt (critical)" in str(failure.value)
    assert "#x: Fix any of the following" in str(failure.value)
    page.close()


def test_axe_runs_where_the_policy_refuses_inline_scripts(server, browser):
    page = browser.new_page()
    response = page.goto(server + "/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.evaluate(
        "() => document.head.append(Object.assign(document.createElement('script'),"
        " {textContent: 'window.inlineRan = true'}))"
    )
    assert page.evaluate("window.inlineRan") is None
    assert any("Content Security Policy" in text for text in refused)
    assert_accessible(page, "sign-in")  # evaluated through the protocol, not as a script tag
    assert page.evaluate("typeof axe.run") == "function"
    page.close()
