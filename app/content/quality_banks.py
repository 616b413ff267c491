"""A question bank as the quality lint reads it: its questions with their lines, and what the
courses that draw from it say (their lessons, how many questions an attempt draws)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from app.content.banks import bank_path
from app.content.specs import BankQuestion, Content
from app.content.wording import Stem
from app.i18n import LANGUAGES


@dataclass(frozen=True)
class Finding:
    """What a rule finds; the lint adds the rule's code."""

    path: str
    line: int
    message: str


@dataclass(frozen=True)
class LintBank:
    """A bank with what the courses that draw from it say: their lessons, how many they draw."""

    name: str
    lessons: tuple[str, ...]
    drawn: int
    questions: tuple[BankQuestion, ...]

    def at(self, question: BankQuestion, language: str, message: str) -> Finding:
        """A finding about one question, at its line, its name first."""
        return Finding(
            bank_path(self.name, language),
            question.lines[language],
            f"question '{question.name}' {message}",
        )

    def whole(self, language: str, message: str) -> Finding:
        return Finding(bank_path(self.name, language), 1, message)

    @cached_property
    def stems(self) -> dict[str, list[Stem]]:
        """Each question's stem per language, prepared once for the near-duplicate search."""
        return {
            language: [Stem(question.data[language]["text"]) for question in self.questions]
            for language in LANGUAGES
        }

    def of_type(self, kind: str, single: bool | None = None) -> list[BankQuestion]:
        first = LANGUAGES[0]
        return [
            question
            for question in self.questions
            if question.type == kind
            and (single is None or question.data[first].get("single") is single)
        ]

    def lesson_of(self, question: BankQuestion) -> str | None:
        """The lesson named by the question's ``$CATEGORY: <bank>/<lesson>``, if any."""
        prefix = f"{self.name}/"
        category = question.category or ""
        return category.removeprefix(prefix) if category.startswith(prefix) else None


def banks_of(content: Content) -> tuple[LintBank, ...]:
    """One entry per bank, even when several courses draw from it (lessons of all of them)."""
    found: dict[str, LintBank] = {}
    for course in content.courses:
        quiz = course.quiz
        drawn = quiz.questions_per_attempt or sum(quiz.draw.values()) or len(course.questions)
        lessons = tuple(lesson.slug for lesson in course.lessons)
        known = found.get(quiz.bank)
        if known is not None:
            lessons = known.lessons + tuple(slug for slug in lessons if slug not in known.lessons)
            drawn = max(drawn, known.drawn)
        found[quiz.bank] = LintBank(quiz.bank, lessons, drawn, course.questions)
    return tuple(sorted(found.values(), key=lambda bank: bank.name))
