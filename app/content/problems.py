"""The one shape every content problem takes: ``path:line: message``, like a compiler."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def counted(count: int, noun: str) -> str:
    """'1 question', '3 questions': messages read like sentences."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class ContentError(Exception):
    """Content that cannot be used; ``problems`` lists every reason found, not just the first."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
