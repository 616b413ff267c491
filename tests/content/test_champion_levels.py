"""courses/champions.yml, the champions programme's levels: checked by ``content check`` with
the rest of the content. Each malformed file under tests/data/champions/levels/ is its own
case, and says on its first lines (``# expect: ...``) exactly what the check prints; the
minimal tree's one track gives 10 credits."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.champions.programme import read_levels
from app.content.loader import load_content
from app.content.problems import ContentError
from tests.content.content_cases import Write, minimal_tree
from tests.content.test_content_check import run

CASES = Path(__file__).resolve().parent.parent / "data" / "champions" / "levels"
LEVELS_FILE = "courses/champions.yml"
REPOSITORY = Path(__file__).resolve().parents[2]


def expected_problems(path: Path) -> list[str]:
    return [
        line.removeprefix("# expect: ")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    ]


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yml")), ids=lambda path: path.stem)
def test_a_malformed_levels_file_is_reported_at_its_line(app, tmp_path, case):
    root = minimal_tree(tmp_path / "c", Write(LEVELS_FILE, case.read_bytes()))
    result = run(app, "check", "--root", str(root))
    assert result.exit_code == 1
    expected = expected_problems(case)
    assert expected, f"{case.name} says nothing of what to expect"
    assert result.output.splitlines()[: len(expected)] == expected
    with pytest.raises(ContentError):
        load_content(root)


def test_the_repository_levels_are_valid_and_reachable(app):
    result = run(app, "check", "--root", str(REPOSITORY))
    assert "3 champion levels" in result.output.splitlines()[0]
    levels = load_content(REPOSITORY).levels
    assert [(level.slug, level.credits) for level in levels] == [
        ("relais", 10),
        ("ambassadeur", 40),
        ("champion", 80),
    ]
    assert levels[0].name == {"fr": "Relais", "en": "Relay"}


def test_without_a_levels_file_the_programme_has_no_levels(app, tmp_path):
    root = minimal_tree(tmp_path / "c")
    assert load_content(root).levels == ()
    assert read_levels(root) == ()


def test_a_levels_file_that_cannot_be_used_is_refused_when_read_at_run_time(tmp_path):
    root = minimal_tree(tmp_path / "c", Write(LEVELS_FILE, "levels: []\n"))
    with pytest.raises(ContentError) as refused:
        read_levels(root)
    assert str(refused.value) == f"{LEVELS_FILE}:1: the programme needs at least one level"
