"""``content check`` with the quality lint: warnings at their lines, the per-bank summary,
``--strict`` making warnings errors, and ``--json`` still printing the questions alone."""

from __future__ import annotations

import json

from tests.content.content_cases import BANK_FR
from tests.content.quality_banks import background, several, single, statement, tree


def check(app, root, *options):
    return app.test_cli_runner().invoke(args=["content", "check", "--root", str(root), *options])


LONGEST = [single(f"q{n}", "Une réponse plus longue", "Non", "Bof") for n in range(3)]
TRUE_FALSE = [statement(f"s{n}", key) for n, key in enumerate([True, False, False, False])]
SEVERAL = [several("m0", 2, 5), several("m1", 2, 5), several("m2", 3, 5)]
ROW = (
    "basics  15         3/3 (100%)          3/3 (100%)          1/4 (25%)        2/5×2, 3/5×1"
    "                   3"
)


def test_warnings_are_printed_at_their_line_then_the_summary(app, tmp_path):
    result = check(app, tree(tmp_path, background(*LONGEST, *TRUE_FALSE, *SEVERAL)))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Content OK: 1 track, 1 course, 2 lessons, 15 questions")
    assert [line.split(" warning: ")[0] for line in lines[1:4]] == [
        "quizzes/basics.en.gift:1:",
        "quizzes/basics.fr.gift:1:",
        "quizzes/basics.fr.gift:1:",
    ]
    assert lines[4:] == [
        "Question banks:",
        "bank    questions  longest right (fr)  longest right (en)  true/false true  "
        "multiple-answer right/options  warnings",
        ROW,
        "    per lesson: 01-first 13, 02-second 2",
    ]
    assert result.stderr == "3 warnings (--strict makes them errors).\n"


def test_strict_makes_warnings_errors(app, tmp_path):
    result = check(app, tree(tmp_path, background(*TRUE_FALSE)), "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{BANK_FR}:1: error: 1 of 4 true/false statements are true (25%); between 40% and "
        "60% should be, so that answering the same everywhere does not pay [true-false-balance]"
    )
    assert result.stdout.splitlines()[1] == "Question banks:"
    assert result.stderr == "1 problem found.\n"


def test_strict_passes_content_without_warnings(app, tmp_path):
    result = check(app, tree(tmp_path, background()), "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Content OK: 1 track, 1 course, 2 lessons, 5 questions")
    assert "Question banks:" in result.stdout
    assert result.stderr == ""


def test_json_prints_the_questions_alone_and_the_warnings_aside(app, tmp_path):
    result = check(app, tree(tmp_path, background(*TRUE_FALSE)), "--json")
    assert result.exit_code == 0, result.output
    questions = json.loads(result.stdout)["questions"]
    assert len(questions) == 2 * 9
    assert "[true-false-balance]" in result.stderr


def test_the_repository_banks_load_and_the_summary_lists_each_one(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Content OK: 3 tracks, 12 courses, ")
    assert not any(": error: " in line for line in lines)
    table = lines[lines.index("Question banks:") + 1 :]
    assert table[0].startswith("bank ")
    banks = [row.split()[0] for row in table[1:] if not row.startswith("    per lesson:")]
    assert len(banks) == 12
    assert "emp-charter-in-practice" in banks
