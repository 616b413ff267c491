"""The quality lint's rules, one function each: what a rule looks for, and why, is said where it
is checked. ``app.content.quality`` registers them with their codes."""

from __future__ import annotations

import math
from collections.abc import Iterator

from app.content.banks import LANGUAGE_NAMES, bank_path
from app.content.quality_banks import Finding, LintBank
from app.content.specs import BankQuestion
from app.content.wording import (
    absolute_words,
    catch_all_phrases,
    echoed_words,
    similarity,
)
from app.i18n import LANGUAGES

# --- the right option is the longest -----------------------------------------------------------


def right_is_longest(question: dict) -> bool:
    """Whether the full-credit option is strictly longer, in characters, than every other."""
    right = [len(a["text"].strip()) for a in question["answers"] if a["fraction"] >= 1]
    others = [len(a["text"].strip()) for a in question["answers"] if a["fraction"] < 1]
    return bool(right and others) and max(right) > max(others)


def longest_right(bank: LintBank, language: str) -> tuple[list[BankQuestion], int, float]:
    """The single-answer items whose right option is the longest, how many there are, and how
    many chance would give: one in k for an item with k options."""
    items = bank.of_type("multichoice", single=True)
    longest = [question for question in items if right_is_longest(question.data[language])]
    chance = sum(1 / len(question.data[language]["answers"]) for question in items)
    return longest, len(items), chance


def longest_right_option(bank: LintBank, banks) -> Iterator[Finding]:
    # A reader who always picks the longest option should do no better than chance: over the
    # bank, the right option may be strictly the longest in at most one of every k items with
    # k options (the sum of 1/k), and in one item whatever the bank's size.
    for language in LANGUAGES:
        longest, total, chance = longest_right(bank, language)
        allowed = max(chance, 1)
        if len(longest) > allowed:
            names = ", ".join(question.name for question in longest)
            yield bank.whole(
                language,
                f"the right option is the longest in {len(longest)} of {total} single-answer "
                f"questions ({percent(len(longest), total)}); chance would give at most "
                f"{math.floor(allowed)}: make a distractor the longest in some of them ({names})",
            )


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


# --- true/false balance, fixed right counts ----------------------------------------------------


def true_count(bank: LintBank) -> tuple[int, int]:
    items = bank.of_type("truefalse")
    return sum(question.data[LANGUAGES[0]]["correct"] for question in items), len(items)


TRUE_SHARE = (0.4, 0.6)
MIN_TRUE_FALSE = 3


def true_false_balance(bank: LintBank, banks) -> Iterator[Finding]:
    # A reader who answers "false" to every statement should not pass. Fewer than three items
    # are not judged; with three, no count falls between 40 and 60 %, so 1 or 2 true is fine
    # (one off half), and the band applies as written from four items on.
    true, total = true_count(bank)
    if total < MIN_TRUE_FALSE:
        return
    low, high = TRUE_SHARE
    if low * total <= true <= high * total or abs(true - total / 2) <= 0.5:
        return
    yield bank.whole(
        LANGUAGES[0],
        f"{true} of {total} true/false statements are true ({percent(true, total)}); "
        "between 40% and 60% should be, so that answering the same everywhere does not pay",
    )


def right_counts(bank: LintBank) -> dict[tuple[int, int], int]:
    """(right options, options) → how many multiple-answer items have it."""
    counts: dict[tuple[int, int], int] = {}
    for question in bank.of_type("multichoice", single=False):
        answers = question.data[LANGUAGES[0]]["answers"]
        key = (sum(answer["fraction"] > 0 for answer in answers), len(answers))
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


MIN_MULTIPLE_ANSWER = 3


def fixed_right_count(bank: LintBank, banks) -> Iterator[Finding]:
    # When every multiple-answer item has, say, four right options, a reader ticks the four
    # likeliest and scores without knowing which ones are right.
    counts = right_counts(bank)
    items = sum(counts.values())
    right = {key[0] for key in counts}
    if items >= MIN_MULTIPLE_ANSWER and len(right) == 1:
        yield bank.whole(
            LANGUAGES[0],
            f"all {items} multiple-answer questions have {right.pop()} right options; vary "
            "how many are right, from 1 to all but one",
        )


# --- words that give the answer away -----------------------------------------------------------


def options_and_statement(question: BankQuestion, language: str) -> list[tuple[str, str]]:
    """(where, text) for the texts a reader judges: options, matching answers, a statement."""
    data = question.data[language]
    if question.type == "multichoice":
        return [(f"option {n}", a["text"]) for n, a in enumerate(data["answers"], start=1)]
    if question.type == "matching":
        return [(f"answer {n}", p["answer"]) for n, p in enumerate(data["pairs"], start=1)]
    if question.type == "truefalse":
        return [("the statement", data["text"])]
    return []


def in_each_language(questions: list[BankQuestion] | tuple[BankQuestion, ...]):
    for question in questions:
        for language in LANGUAGES:
            yield question, language


def absolute_wording(bank: LintBank, banks) -> Iterator[Finding]:
    for question, language in in_each_language(bank.questions):
        found = [
            f"'{word}' in {where}"
            for where, text in options_and_statement(question, language)
            for word in dict.fromkeys(absolute_words(text, language))  # each word once
        ]
        if found:
            yield bank.at(
                question,
                language,
                f"uses absolute wording ({', '.join(found)}), a cue that gives the answer "
                "away; say what the lesson says, with its nuance",
            )


def catch_all_option(bank: LintBank, banks) -> Iterator[Finding]:
    for question, language in in_each_language(bank.of_type("multichoice")):
        for where, text in options_and_statement(question, language):
            for phrase in catch_all_phrases(text, language):
                yield bank.at(
                    question,
                    language,
                    f"has '{phrase}' as {where}; write an option that stands on its own",
                )


def matching_echo(bank: LintBank, banks) -> Iterator[Finding]:
    for question, language in in_each_language(bank.of_type("matching")):
        for pair in question.data[language]["pairs"]:
            premise, answer = pair["question"], pair["answer"]
            words = premise and echoed_words(premise, answer, language)
            if words:
                yield bank.at(
                    question,
                    language,
                    f"pairs '{premise}' with an answer that shares "
                    f"{', '.join(repr(word) for word in words)}; reword one of them so the "
                    "pair is found by meaning, not by the word",
                )


def near_duplicate(bank: LintBank, banks: tuple[LintBank, ...]) -> Iterator[Finding]:
    for language in LANGUAGES:
        others = [
            (other, twin, twin_stem)
            for other in banks
            if other.name != bank.name
            for twin, twin_stem in zip(other.questions, other.stems[language], strict=True)
        ]
        for question, stem in zip(bank.questions, bank.stems[language], strict=True):
            for other, twin, twin_stem in others:
                score = similarity(stem, twin_stem)
                if score is not None:
                    yield bank.at(
                        question,
                        language,
                        f"is nearly the same as '{twin.name}' in "
                        f"{bank_path(other.name, language)}:{twin.lines[language]} "
                        f"(similarity {score:.2f}); keep one, or make each ask its own problem",
                    )


# --- lessons and size --------------------------------------------------------------------------


def no_lesson(bank: LintBank, banks) -> Iterator[Finding]:
    first = LANGUAGES[0]
    for question in bank.questions:
        if bank.lesson_of(question) is None:
            yield bank.at(
                question,
                first,
                "is not mapped to a lesson: put it under "
                f"'$CATEGORY: {bank.name}/<lesson>' with one of {', '.join(bank.lessons)}",
            )


def unknown_lesson(bank: LintBank, banks) -> Iterator[Finding]:
    first = LANGUAGES[0]
    for question in bank.questions:
        lesson = bank.lesson_of(question)
        if lesson is not None and lesson not in bank.lessons:
            yield bank.at(
                question,
                first,
                f"is filed under '{question.category}', but "
                f"'{lesson}' is not a lesson of the course (lessons: {', '.join(bank.lessons)})",
            )


def lesson_without_questions(bank: LintBank, banks) -> Iterator[Finding]:
    mapped = {bank.lesson_of(question) for question in bank.questions}
    for lesson in bank.lessons:
        if lesson not in mapped:
            yield bank.whole(
                LANGUAGES[0],
                f"lesson '{lesson}' has no question; every lesson needs some, in proportion "
                "to its length",
            )


BANK_TO_DRAWN = 2.5


def bank_too_small(bank: LintBank, banks) -> Iterator[Finding]:
    # With a bank barely larger than a draw, two attempts ask nearly the same questions, and a
    # second attempt tests memory of the first rather than the course.
    needed = math.ceil(BANK_TO_DRAWN * bank.drawn)
    if len(bank.questions) < needed:
        yield bank.whole(
            LANGUAGES[0],
            f"the bank holds {len(bank.questions)} questions for {bank.drawn} drawn per "
            f"attempt; it needs at least {needed} ({BANK_TO_DRAWN} × the questions drawn)",
        )


# --- the two languages -------------------------------------------------------------------------


def language_pairs(bank: LintBank, banks) -> Iterator[Finding]:
    # Loading already refuses a pair that differs in type, choices, keys or weights, and a name
    # missing from one language; what remains is the order, which the two files must share.
    first, *others = LANGUAGES
    expected = [question.name for question in bank.questions]  # the first language's order
    for language in others:
        listed = sorted(bank.questions, key=lambda question: question.lines[language])
        for position, (question, name) in enumerate(zip(listed, expected, strict=True), 1):
            if question.name != name:
                yield bank.at(
                    question,
                    language,
                    f"comes at position {position} here, where the "
                    f"{LANGUAGE_NAMES[first]} bank has '{name}'; list the questions in the same "
                    "order in both files",
                )
                break
