"""Small banks for the quality lint's tests: GIFT written in a few words, in a copy of the
minimal content tree (course 'basics', lessons 01-first and 02-second, 2 questions drawn)."""

from __future__ import annotations

from pathlib import Path

from app.content.loader import load_content
from app.content.quality import QualityWarning, lint_content
from tests.content.content_cases import BANK_EN, BANK_FR, Replace, Write, minimal_tree

FIRST, SECOND = "basics/01-first", "basics/02-second"


def single(name: str, right: str, *wrong: str, text: str = "Que faire") -> str:
    """A single-answer question; ``right`` is the right option."""
    options = [f"={right}#Oui."] + [f"~{option}#Non." for option in wrong]
    return f"::{name}::{text} ?{{\n" + "\n".join(options) + "\n}"


def statement(name: str, true: bool, text: str = "Cette affirmation est exacte") -> str:
    return f"::{name}::{text}.{{{'T' if true else 'F'}#Relisez.#Oui.}}"


def several(name: str, right: int, options: int) -> str:
    """A multiple-answer question: ``right`` of ``options`` have positive weights."""
    weight = f"{100 / right:.5f}"
    lines = [f"~%{weight}%Bonne idée {n}#Oui." for n in range(right)]
    lines += [f"~%-100%Mauvaise idée {n}#Non." for n in range(options - right)]
    return f"::{name}::Que retenir ? (plusieurs réponses){{\n" + "\n".join(lines) + "\n}"


def matching(name: str, *pairs: tuple[str, str]) -> str:
    lines = [f"={premise} -> {answer}" for premise, answer in pairs]
    return f"::{name}::Associez chaque situation.{{\n" + "\n".join(lines) + "\n}"


def bank(*sections: tuple[str, list[str]]) -> str:
    """A bank file: (category, questions) sections; a category None writes no $CATEGORY."""
    parts = []
    for category, questions in sections:
        if category is not None:
            parts.append(f"$CATEGORY: {category}")
        parts.extend(questions)
    return "\n\n".join(parts) + "\n"


FILLER = "Quel est le mot numéro {n} de la leçon"


def filler(count: int, prefix: str = "filler", text: str = FILLER) -> list[str]:
    """Short-answer questions that trip no rule, in either language."""
    return [f"::{prefix}-{n}::{text.format(n=n)} ?{{=mot{n}#Oui.}}" for n in range(count)]


def background(*first: str) -> str:
    """A bank that trips no rule, with ``first`` added to lesson 01-first."""
    return bank((FIRST, [*first, *filler(3)]), (SECOND, filler(2, prefix="second")))


def tree(tmp_path: Path, fr: str, en: str | None = None, *edits) -> Path:
    """The minimal tree with these banks (the English one the same as the French by default)."""
    return minimal_tree(
        tmp_path / "content", Write(BANK_FR, fr), Write(BANK_EN, fr if en is None else en), *edits
    )


def warnings_of(root: Path, rule: str) -> list[str]:
    """What one rule finds, as printed."""
    return [str(w) for w in lint_content(load_content(root)) if w.rule == rule]


def all_warnings(root: Path) -> list[QualityWarning]:
    return lint_content(load_content(root))


def draws(count: int) -> Replace:
    return Replace(
        "courses/basics/course.yml", "questions_per_attempt: 2", f"questions_per_attempt: {count}"
    )
