"""The review of a graded attempt, showing only what the quiz's review options allow.

Two moments, as in Moodle: right after submitting, and once the quiz is over for this learner
(no attempt left, or passed). Each moment lists what may be shown: the score, whether each
answer is right, the feedback, and the right answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.content.models import Course
from app.quiz.answers import reviewed_grade
from app.quiz.models import GRADED, QuizAttempt
from app.quiz.pages import SlotView, in_language, slot_view
from app.quiz.results import Standing
from app.quiz.types import Labels, question_type
from app.quiz.types.answer import text_html

AFTER_SUBMIT, AFTER_CLOSE = "after_submit", "after_close"


@dataclass(frozen=True)
class SlotReview:
    view: SlotView
    outcome: str | None  # right | partial | wrong, when correctness may be shown
    unanswered: bool  # a question that takes an answer, left blank
    score: float | None
    mark: float
    feedback: list[str]  # safe HTML, each in its own format
    right_answers: list[str]  # safe HTML


@dataclass(frozen=True)
class ReviewPage:
    course: Course
    attempt: QuizAttempt
    shows: frozenset[str]
    slots: list[SlotReview]
    overall_feedback: str | None
    percent: float | None
    time_taken: timedelta | None  # from the start to the submission

    @property
    def score(self) -> float | None:
        return self.attempt.score if self.percent is not None else None

    @property
    def max_score(self) -> float | None:
        return self.attempt.max_score if self.percent is not None else None


def quiz_over(course: Course, standing: Standing) -> bool:
    allowed = course.quiz.get("attempts_allowed") or 0
    return standing.passed or bool(allowed and standing.attempts >= allowed)


def review_shows(attempt: QuizAttempt, course: Course, standing: Standing) -> frozenset[str]:
    if attempt.state != GRADED:
        return frozenset()
    moment = AFTER_CLOSE if quiz_over(course, standing) else AFTER_SUBMIT
    return frozenset(attempt.settings.get("review", {}).get(moment, ()))


# Moodle's tolerance for a question's state: three right answers at %33.33333% add up to
# 0.9999999, and whoever ticked all three is right, not partly right.
FULL_MARKS_FROM = 0.999999
NO_MARKS_BELOW = 0.000001


def outcome_of(fraction: float) -> str:
    if fraction > FULL_MARKS_FROM:
        return "right"
    return "partial" if fraction >= NO_MARKS_BELOW else "wrong"


def slot_review(slot, language: str, shows: frozenset[str], labels: Labels) -> SlotReview:
    question = in_language(slot.question, language)
    stored = slot.response["value"] if slot.response else None
    found = reviewed_grade(slot.question, stored, language)
    feedback = []
    if "feedback" in shows:
        feedback = list(found.html)
        if question.get("general_feedback"):
            feedback.append(text_html(question, "general_feedback", question))
    kind = question_type(question["type"])
    right = kind.right_answers(question, labels) if "correct_answers" in shows else []
    return SlotReview(
        view=slot_view(slot, language, labels),
        outcome=outcome_of(slot.fraction) if "correctness" in shows else None,
        unanswered=kind.graded and not kind.answered(stored),
        score=slot.score if "score" in shows else None,
        mark=slot.mark,
        feedback=feedback,
        right_answers=right,
    )


def overall_feedback(attempt: QuizAttempt, language: str) -> str | None:
    percent = (attempt.fraction or 0) * 100
    bands = sorted(
        attempt.settings.get("overall_feedback") or (),
        key=lambda band: band["from_percent"],
        reverse=True,
    )
    for band in bands:
        if percent + 1e-9 >= band["from_percent"]:
            return band["text"].get(language) or next(iter(band["text"].values()))
    return None


def review_page(
    course: Course, attempt: QuizAttempt, standing: Standing, language: str, labels: Labels
) -> ReviewPage:
    shows = review_shows(attempt, course, standing)
    slots = [slot_review(slot, language, shows, labels) for slot in attempt.slots]
    return ReviewPage(
        course=course,
        attempt=attempt,
        shows=shows,
        slots=slots,
        overall_feedback=overall_feedback(attempt, language) if "feedback" in shows else None,
        percent=round((attempt.fraction or 0) * 100, 2) if "score" in shows else None,
        time_taken=time_taken(attempt),
    )


def time_taken(attempt: QuizAttempt) -> timedelta | None:
    if attempt.submitted_at is None:
        return None
    return max(attempt.submitted_at - attempt.started_at, timedelta(0))
