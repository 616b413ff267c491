"""The quality lint of question banks: cues that let a reader answer without the course.

Pure functions over loaded content. Each rule is one function registered in ``RULES`` with its
code; ``content check`` prints what they find as warnings, and ``--strict`` makes them errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.content import quality_rules as rules
from app.content.banks import bank_path
from app.content.quality_banks import Finding, LintBank, banks_of
from app.content.specs import Content
from app.i18n import LANGUAGES


@dataclass(frozen=True, order=True)
class QualityWarning:
    path: str
    line: int
    rule: str
    message: str

    def shown(self, level: str = "warning") -> str:
        return f"{self.path}:{self.line}: {level}: {self.message} [{self.rule}]"

    def __str__(self) -> str:
        return self.shown()


Check = Callable[[LintBank, tuple[LintBank, ...]], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    description: str
    check: Check


RULES = (
    Rule(
        "longest-right-option",
        "the right option is the longest more often than chance",
        rules.longest_right_option,
    ),
    Rule(
        "true-false-balance",
        "fewer than 40% or more than 60% of the true/false statements are true",
        rules.true_false_balance,
    ),
    Rule(
        "fixed-right-count",
        "every multiple-answer question has the same number of right options",
        rules.fixed_right_count,
    ),
    Rule(
        "absolute-word",
        "an option or a true/false statement uses an absolute word",
        rules.absolute_wording,
    ),
    Rule(
        "catch-all-option",
        "an option is 'all of the above' or 'none of the above'",
        rules.catch_all_option,
    ),
    Rule(
        "matching-echo",
        "a matching premise and its answer share a word",
        rules.matching_echo,
    ),
    Rule(
        "near-duplicate",
        "a question is nearly the same as one in another bank",
        rules.near_duplicate,
    ),
    Rule("no-lesson", "a question is not mapped to a lesson", rules.no_lesson),
    Rule(
        "unknown-lesson",
        "a question is mapped to a lesson that does not exist",
        rules.unknown_lesson,
    ),
    Rule(
        "lesson-without-questions",
        "a lesson of the course has no question",
        rules.lesson_without_questions,
    ),
    Rule(
        "bank-too-small",
        "the bank holds fewer than 2.5 times the questions drawn",
        rules.bank_too_small,
    ),
    Rule(
        "language-pairs",
        "the two languages list the questions in different orders",
        rules.language_pairs,
    ),
)


def lint_content(content: Content) -> list[QualityWarning]:
    """Every rule on every bank, sorted by file and line."""
    banks = banks_of(content)
    return sorted(
        QualityWarning(finding.path, finding.line, rule.code, finding.message)
        for bank in banks
        for rule in RULES
        for finding in rule.check(bank, banks)
    )


# --- the per-bank summary ----------------------------------------------------------------------


@dataclass(frozen=True)
class BankSummary:
    bank: str
    questions: int
    per_lesson: dict[str, int]  # the course's lessons in order, then "(no lesson)" if any
    longest_right: dict[str, tuple[int, int]]  # language → (right option longest, single-answer)
    true_false: tuple[int, int]  # (true, statements)
    right_counts: dict[tuple[int, int], int]  # (right, options) → multiple-answer items
    warnings: int


NO_LESSON = "(no lesson)"


def summarise(content: Content, warnings: list[QualityWarning]) -> list[BankSummary]:
    summaries = []
    for bank in banks_of(content):
        paths = {bank_path(bank.name, language) for language in LANGUAGES}
        per_lesson = dict.fromkeys(bank.lessons, 0)
        for question in bank.questions:
            lesson = bank.lesson_of(question)
            key = lesson if lesson in bank.lessons else NO_LESSON
            per_lesson[key] = per_lesson.get(key, 0) + 1
        longest = {}
        for language in LANGUAGES:
            found, total, _ = rules.longest_right(bank, language)
            longest[language] = (len(found), total)
        summaries.append(
            BankSummary(
                bank.name,
                len(bank.questions),
                per_lesson,
                longest,
                rules.true_count(bank),
                rules.right_counts(bank),
                sum(warning.path in paths for warning in warnings),
            )
        )
    return summaries


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({rules.percent(part, whole)})" if whole else "-"


def summary_lines(summaries: list[BankSummary]) -> list[str]:
    """A table, one row per bank and its questions per lesson below it."""
    header = ["bank", "questions"]
    header += [f"longest right ({language})" for language in LANGUAGES]
    header += ["true/false true", "multiple-answer right/options", "warnings"]
    rows = []
    for summary in summaries:
        counts = ", ".join(
            f"{right}/{options}×{items}" for (right, options), items in summary.right_counts.items()
        )
        rows.append(
            [summary.bank, str(summary.questions)]
            + [share(*summary.longest_right[language]) for language in LANGUAGES]
            + [share(*summary.true_false), counts or "-", str(summary.warnings)]
        )
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = ["Question banks:", aligned(header, widths)]
    for summary, row in zip(summaries, rows, strict=True):
        lines.append(aligned(row, widths))
        lessons = ", ".join(f"{lesson} {count}" for lesson, count in summary.per_lesson.items())
        lines.append(f"    per lesson: {lessons}")
    return lines


def aligned(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
