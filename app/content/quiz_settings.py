"""The ``quiz:`` block of a course.yml: settings that must work with the bank they draw from."""

from __future__ import annotations

from app.content.documents import LineMap
from app.content.fields import FieldReader
from app.content.problems import counted
from app.content.specs import (
    DEFAULT_REVIEW,
    GRADING_METHODS,
    REVIEW_ITEMS,
    REVIEW_MOMENTS,
    SLUG,
    QuizSettings,
    ScoreBand,
)

QUIZ_KEYS = (
    "bank",
    "pass_mark",
    "questions_per_attempt",
    "draw",
    "attempts_allowed",
    "delay_minutes",
    "time_limit_minutes",
    "shuffle_choices",
    "grading_method",
    "review",
    "overall_feedback",
)


def read_bank_name(reader: FieldReader, quiz: LineMap) -> str | None:
    """The bank's file name in quizzes/, without the language: a slug, so never a path."""
    bank = reader.text(quiz, "bank", required=False)
    if bank is not None and not SLUG.match(bank):
        reader.problem(
            quiz.line_of("bank"),
            f"'bank' is {bank!r}: it must be the name of a file in quizzes/ without "
            "'.fr.gift' (lowercase letters, digits and '-', at most 80 characters)",
        )
        return None
    return bank


def read_quiz_settings(reader: FieldReader, quiz: LineMap, course_slug: str) -> QuizSettings | None:
    reader.unknown_keys(quiz, QUIZ_KEYS, "quiz")
    before = len(reader.problems)
    settings = QuizSettings(
        bank=read_bank_name(reader, quiz) or course_slug,
        pass_mark=reader.integer(quiz, "pass_mark", minimum=0, maximum=100),
        questions_per_attempt=reader.integer(
            quiz, "questions_per_attempt", minimum=1, default=None
        ),
        draw=read_draw(reader, quiz),
        attempts_allowed=reader.integer(quiz, "attempts_allowed", minimum=0, default=0),
        delay_minutes=reader.integer(quiz, "delay_minutes", minimum=0, default=0),
        time_limit_minutes=reader.integer(quiz, "time_limit_minutes", minimum=0, default=0),
        shuffle_choices=reader.boolean(quiz, "shuffle_choices", default=True),
        grading_method=reader.choice(quiz, "grading_method", GRADING_METHODS, default="highest"),
        review=read_review(reader, quiz),
        overall_feedback=read_score_bands(reader, quiz),
    )
    if settings.draw and settings.questions_per_attempt is not None:
        reader.problem(
            quiz.line_of("draw"),
            "give either 'questions_per_attempt' or 'draw' (questions per category), not both",
        )
    return settings if len(reader.problems) == before else None


def read_draw(reader: FieldReader, quiz: LineMap) -> dict[str, int]:
    if quiz.get("draw") is None:
        return {}
    draw = reader.mapping(quiz["draw"], quiz.line_of("draw"), "'draw'")
    if draw is None:
        return {}
    counts = {}
    for category in draw:
        count = reader.integer(draw, category, minimum=1)
        if count is not None:
            counts[str(category)] = count
    return counts


def read_review(reader: FieldReader, quiz: LineMap) -> dict[str, tuple[str, ...]]:
    if quiz.get("review") is None:
        return dict(DEFAULT_REVIEW)
    review = reader.mapping(quiz["review"], quiz.line_of("review"), "'review'")
    if review is None:
        return dict(DEFAULT_REVIEW)
    reader.unknown_keys(review, REVIEW_MOMENTS, "'review'")
    moments = dict(DEFAULT_REVIEW)
    for moment in REVIEW_MOMENTS:
        if moment not in review:
            continue
        items = review[moment] or []
        if not isinstance(items, list) or any(item not in REVIEW_ITEMS for item in items):
            allowed = ", ".join(REVIEW_ITEMS)
            reader.problem(review.line_of(moment), f"'{moment}' must be a list of: {allowed}")
            continue
        moments[moment] = tuple(item for item in REVIEW_ITEMS if item in items)
    return moments


def read_score_bands(reader: FieldReader, quiz: LineMap) -> tuple[ScoreBand, ...]:
    if quiz.get("overall_feedback") is None:
        return ()
    bands = reader.items(
        quiz["overall_feedback"], quiz.line_of("overall_feedback"), "'overall_feedback'"
    )
    found = []
    for index, band in enumerate(bands or []):
        band = reader.mapping(band, bands.line_of(index), "each overall feedback")
        if band is None:
            continue
        reader.unknown_keys(band, ("from", "text"), "overall feedback")
        start = reader.integer(band, "from", minimum=0, maximum=100)
        text = reader.translated(band, "text")
        if start is not None and text is not None:
            found.append(ScoreBand(start, text))
    starts = [band.from_percent for band in found]
    if starts != sorted(set(starts)):
        reader.problem(bands.line, "overall feedback bands must go up: each 'from' above the last")
    return tuple(found)


def check_settings_against_bank(
    reader: FieldReader, quiz: LineMap, settings: QuizSettings, categories: list[str | None]
) -> None:
    """Settings that cannot work with this bank: drawing more questions than it holds."""
    wanted = settings.questions_per_attempt
    if wanted is not None and wanted > len(categories):
        reader.problem(
            quiz.line_of("questions_per_attempt"),
            f"'questions_per_attempt' is {wanted} but the bank has "
            f"{counted(len(categories), 'question')}",
        )
    for category, count in settings.draw.items():
        available = sum(1 for found in categories if found == category)
        if count > available:
            reader.problem(
                quiz["draw"].line_of(category),
                f"'draw' asks {counted(count, 'question')} from category '{category}', "
                f"which has {available}",
            )
