"""axe-core, the npm package installed by `make install`, run in the page as it is shown: every
rule, and any violation of any impact fails the test with what axe said about it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Every rule axe has, each turned on by name: axe.run alone leaves out the experimental rules
# and WCAG AAA's (such as the enhanced 7:1 contrast).
RUN_ALL_RULES = """() => axe.run(document, {
  resultTypes: ["violations"],
  rules: Object.fromEntries(axe.getRules().map(rule => [rule.ruleId, {enabled: true}])),
})"""


@cache
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make install runs npm ci; it needs Node.js)")
    return AXE.read_text(encoding="utf-8")


def violations_text(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"  {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


def assert_accessible(page, what: str) -> None:
    """Run axe on the page as it is now; fail with each violation (rule, target, summary).

    The source is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy (no inline script) does not govern, as a <script> tag would be."""
    # The page as a person sees it: its stylesheet applied (a URL can change before that).
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    violations = page.evaluate(RUN_ALL_RULES)["violations"]
    assert not violations, f"{what} ({page.url}):\n{violations_text(violations)}"
