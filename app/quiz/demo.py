"""The demo's quiz results: some people pass some quizzes, through the same start, submit and
grading a learner's browser goes through, so that their course and track completions (and the
cycles they close) are recorded by completion itself. Demo data only."""

from __future__ import annotations

from collections.abc import Iterable

from werkzeug.datastructures import MultiDict

from app.audit.origin import RequestOrigin
from app.content.models import Course
from app.people.models import Person
from app.quiz.answers import SEQUENCE_FIELD
from app.quiz.attempts import start_attempt, submit_attempt
from app.quiz.models import AttemptSlot


def right_answer(slot: AttemptSlot) -> dict[str, object]:
    """The form fields answering one slot rightly, in shown positions (as the page sends)."""
    question, name = next(iter(slot.question.values())), f"q{slot.position}"
    kind = question["type"]
    if kind == "multichoice":
        fractions = [
            question["answers"][original]["fraction"] for original in slot.order["answers"]
        ]
        if question["single"]:
            return {name: str(fractions.index(max(fractions)))}
        return {name: [str(shown) for shown, value in enumerate(fractions) if value > 0]}
    if kind == "truefalse":
        return {name: "true" if question["correct"] else "false"}
    if kind in ("shortanswer", "numerical"):
        best = max(question["answers"], key=lambda answer: answer["fraction"])
        text = best.get("text", best.get("value", best.get("min")))
        return {name: str(text).replace("*", "")}
    if kind == "matching":
        pairs, options = question["pairs"], slot.order["options"]
        wanted = [pairs[option]["answer"] for option in options]
        return {
            f"{name}-{shown}": str(wanted.index(pairs[item]["answer"]))
            for shown, item in enumerate(slot.order["items"])
        }
    return {}


def pass_quiz(person: Person, course: Course, *, origin: RequestOrigin) -> bool:
    """Start the person's attempt at the course's quiz and submit every right answer; whether
    the graded attempt passed. Flush only."""
    attempt = start_attempt(person, course, origin=origin)
    form = MultiDict()
    for slot in attempt.slots:
        form.add(SEQUENCE_FIELD.format(name=f"q{slot.position}"), str(slot.sequence))
        for field, value in right_answer(slot).items():
            for item in value if isinstance(value, list) else [value]:
                form.add(field, item)
    submit_attempt(attempt, form, origin=origin)
    return bool(attempt.passed)


def pass_quizzes(passes: Iterable[tuple[Person, Course]], *, origin: RequestOrigin) -> int:
    """Pass each (person, course) quiz in turn; how many passed."""
    return sum(pass_quiz(person, course, origin=origin) for person, course in passes)
