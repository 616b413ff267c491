"""A course's two GIFT banks, read and paired question by question through their ``::name::``."""

from __future__ import annotations

from pathlib import Path

from app.content.documents import read_text
from app.content.gift import parse_gift, question_to_json
from app.content.problems import ContentError, ContentProblem
from app.content.specs import BankQuestion
from app.i18n import LANGUAGES
from app.quiz.types import question_type

LANGUAGE_NAMES = {"fr": "French", "en": "English"}


def bank_path(bank: str, language: str) -> str:
    return f"quizzes/{bank}.{language}.gift"


def read_bank(root: Path, shown: str, problems: list[ContentProblem]) -> list[dict] | None:
    """One bank file as the parser's JSON, or None (with its problems recorded)."""
    try:
        questions = parse_gift(read_text(root / shown, shown), shown, require_names=True)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    found = [question_to_json(question) for question in questions]
    report_ungraded(shown, found, problems)
    report_long_names(shown, found, problems)
    return found


def report_ungraded(shown: str, questions: list[dict], problems: list[ContentProblem]) -> None:
    """A course bank feeds random draws of graded questions: its type says what it refuses."""
    for question in questions:
        refusal = question_type(question["type"]).bank_refusal
        if refusal is not None:
            message = f"question '{question['id']}' {refusal}; remove it from this bank"
            problems.append(ContentProblem(shown, question["line"], message))


MAX_NAME_LENGTH = 200  # the columns that store a question's name and category


def report_long_names(shown: str, questions: list[dict], problems: list[ContentProblem]) -> None:
    """Names and categories too long to store; a category once, at its first question."""
    categories_seen = set()
    for question in questions:
        for what, value in (("name", question["id"]), ("category", question["category"])):
            if value is None or len(value) <= MAX_NAME_LENGTH or value in categories_seen:
                continue
            if what == "category":
                categories_seen.add(value)
            message = (
                f"the question's {what} is {len(value)} characters long; "
                f"at most {MAX_NAME_LENGTH} are allowed"
            )
            problems.append(ContentProblem(shown, question["line"], message))


def read_course_banks(
    root: Path, bank: str, referenced_at: ContentProblem, problems: list[ContentProblem]
) -> tuple[BankQuestion, ...] | None:
    banks = {}
    for language in LANGUAGES:
        shown = bank_path(bank, language)
        if not (root / shown).is_file():
            message = f"the {LANGUAGE_NAMES[language]} question bank {shown} is missing"
            problems.append(ContentProblem(referenced_at.path, referenced_at.line, message))
            continue
        banks[language] = read_bank(root, shown, problems)
    if len(banks) < len(LANGUAGES) or None in banks.values():
        return None
    return pair_questions(bank, banks, problems)


def pair_questions(
    bank: str, banks: dict[str, list[dict]], problems: list[ContentProblem]
) -> tuple[BankQuestion, ...] | None:
    """Each French question with the English one of the same name, with the same structure."""
    first, *others = LANGUAGES
    by_name = {language: {q["id"]: q for q in banks[language]} for language in LANGUAGES}
    before = len(problems)
    for language in LANGUAGES:
        for other in LANGUAGES:
            if other != language:
                report_unpaired(bank, language, other, banks[language], by_name[other], problems)
    for other in others:
        for question in banks[other]:
            original = by_name[first].get(question["id"])
            if original is not None:
                report_structure(bank, other, original, question, problems)
    if len(problems) > before:
        return None
    return tuple(
        BankQuestion(
            name=question["id"],
            category=question["category"],
            type=question["type"],
            data={
                language: stored_form(by_name[language][question["id"]]) for language in LANGUAGES
            },
            lines={language: by_name[language][question["id"]]["line"] for language in LANGUAGES},
        )
        for question in banks[first]
    )


def stored_form(question: dict) -> dict:
    """The question as stored: without its line number, so that a comment or a blank line
    added above it changes neither the course's content version nor the question."""
    return {key: value for key, value in question.items() if key != "line"}


def report_unpaired(bank, language, other, questions, other_names, problems) -> None:
    for question in questions:
        if question["id"] not in other_names:
            problems.append(
                ContentProblem(
                    bank_path(bank, language),
                    question["line"],
                    f"question '{question['id']}' has no {LANGUAGE_NAMES[other]} version in "
                    f"{bank_path(bank, other)} (the same ::name:: pairs the two)",
                )
            )


def report_structure(bank, language, original, question, problems) -> None:
    left, right = structure(original), structure(question)
    for what in left:
        if what in right and left[what] != right[what]:
            problems.append(
                ContentProblem(
                    bank_path(bank, language),
                    question["line"],
                    f"question '{question['id']}' does not have the same {what} as its "
                    f"{LANGUAGE_NAMES[LANGUAGES[0]]} version ({right[what]} here, "
                    f"{left[what]} there); "
                    "the two languages must have the same answers in the same order",
                )
            )


def structure(question: dict) -> dict[str, object]:
    """What must be the same in both languages: everything graded, nothing worded."""
    return {
        "type": question["type"],
        "category": question["category"],
        **question_type(question["type"]).structure(question),
    }
