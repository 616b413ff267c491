"""Graded quiz attempts per second with the pure grader: no Flask, no database, no requests.

Each attempt is twelve questions, two of each auto-graded type, answered from the values a
form would post: reading the form, grading and the attempt's fraction are all counted, on the
path a submission takes.
"""

from __future__ import annotations

import random
import statistics
import time

from werkzeug.datastructures import MultiDict

from app.quiz.answers import SlotForm, grade_stored, read_answers
from app.quiz.draw import choice_order
from app.quiz.grading import attempt_fraction

SEED = 2026  # the same attempts on every run, so runs compare
DISTINCT_ATTEMPTS = 500


def choice(text: str, fraction: float, feedback: str = "") -> dict:
    return {"text": text, "fraction": fraction, "feedback": feedback}


def multichoice(question_id: str, single: bool, fractions: list[float]) -> dict:
    answers = [choice(f"answer {n}", f, f"feedback {n}") for n, f in enumerate(fractions)]
    return {"id": question_id, "type": "multichoice", "single": single, "answers": answers}


def bank() -> list[dict]:
    """Twelve questions shaped as the GIFT parser produces them, two of each graded type."""
    pairs = [
        {"question": "Structure", "answer": "Who produces content?"},
        {"question": "Measurement", "answer": "Linked to objectives?"},
        {"question": "Mindsets", "answer": "Ready to act live?"},
        {"question": "", "answer": "How big is the budget?"},
    ]
    number = {"value": 6, "tolerance": 0, "fraction": 1.0, "feedback": "Six."}
    wrong_number = {"fraction": 0.0, "feedback": "Count again."}
    return [
        multichoice("stalls", True, [0.0, 0.0, 1.0, 0.0]),
        multichoice("train", True, [1.0, 0.0, -0.5]),
        multichoice("relaunch", False, [0.25, 0.25, 0.25, 0.25, -0.5, -0.5]),
        multichoice("coaching", False, [0.5, 0.5, -0.5, -0.5]),
        {"id": "live", "type": "truefalse", "correct": True, "feedback_right": "Right."},
        {"id": "push", "type": "truefalse", "correct": False, "feedback_wrong": "No."},
        {
            "id": "team",
            "type": "shortanswer",
            "answers": [choice("Équipe communauté", 1.0), choice("*", 0.0, "No.")],
        },
        {"id": "pull", "type": "shortanswer", "answers": [choice("pull*", 1.0, "Yes.")]},
        {"id": "foundations", "type": "numerical", "answers": [number, wrong_number]},
        {
            "id": "share",
            "type": "numerical",
            "answers": [{"min": 10, "max": 12.5, "fraction": 1.0, "feedback": ""}, wrong_number],
        },
        {"id": "foundations-matching", "type": "matching", "pairs": pairs},
        {"id": "pillars-matching", "type": "matching", "pairs": pairs[:3]},
    ]


def form_values(slot: SlotForm, rng: random.Random) -> list[tuple[str, str]]:
    """What a learner's form could post for a slot: right, wrong or blank."""
    kind, order = slot.question["type"], slot.order
    if kind == "multichoice":
        shown = [str(n) for n in range(len(order["answers"]))]
        if slot.question["single"]:
            return [(slot.name, rng.choice(["", *shown]))]
        return [(slot.name, value) for value in rng.sample(shown, rng.randint(0, len(shown)))]
    if kind == "truefalse":
        return [(slot.name, rng.choice(["true", "false", ""]))]
    if kind == "shortanswer":
        typed = ["equipe  communaute", "Équipe Communauté", "pull marketing", "push", ""]
        return [(slot.name, rng.choice(typed))]
    if kind == "numerical":
        return [(slot.name, rng.choice(["6", "6,0", " 11.5 ", "12,5", "seven", "1e1", ""]))]
    options = ["", *(str(n) for n in range(len(order["options"])))]
    return [(field, rng.choice(options)) for field in sorted(slot.field_names())]


def attempt_slots(questions: list[dict], rng: random.Random) -> list[SlotForm]:
    return [
        SlotForm(position, question, choice_order(question, True, rng))
        for position, question in enumerate(questions, start=1)
    ]


def grade_attempt(slots: list[SlotForm], form: MultiDict) -> float:
    answers = read_answers(slots, form)
    return attempt_fraction([grade_stored(slot.question, answers[slot.position]) for slot in slots])


def grading_throughput(seconds: float = 2.0) -> dict:
    """Grade twelve-question attempts for about ``seconds``; a row as ``python -m bench`` prints."""
    questions, rng = bank(), random.Random(SEED)
    attempts = []
    for _ in range(DISTINCT_ATTEMPTS):
        slots = attempt_slots(questions, rng)
        form = MultiDict([value for slot in slots for value in form_values(slot, rng)])
        attempts.append((slots, form))
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(timings) < 20:
        slots, form = attempts[len(timings) % DISTINCT_ATTEMPTS]
        started = time.perf_counter()
        grade_attempt(slots, form)
        timings.append(time.perf_counter() - started)
    return {
        "name": "grading (12-question attempts)",
        "per_second": len(timings) / sum(timings),
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": statistics.quantiles(timings, n=20)[18] * 1000,
        "p99_ms": statistics.quantiles(timings, n=100)[98] * 1000,
        "attempts": len(timings),
    }


if __name__ == "__main__":
    row = grading_throughput()
    print(f"{'what':<32} {'attempts/s':>10} {'p50 ms':>8} {'p95 ms':>8}")
    print(
        f"{row['name']:<32} {row['per_second']:>10.0f} {row['p50_ms']:>8.3f} {row['p95_ms']:>8.3f}"
    )
