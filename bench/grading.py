"""Graded quiz attempts per second with the pure grader: no Flask, no database, no requests.

Each attempt is twelve questions, two of each auto-graded type, answered from the raw values a
form would post: parsing, grading and the attempt's fraction are all counted.
"""

from __future__ import annotations

import random
import statistics
import time

from app.quiz.grading import attempt_fraction, grade, parse_response

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


def raw_response(question: dict, rng: random.Random) -> object:
    """What a learner's form could post for ``question``: right, wrong or blank."""
    kind = question["type"]
    if kind == "multichoice":
        indices = [str(n) for n in range(len(question["answers"]))]
        if question["single"]:
            return rng.choice(["", *indices])
        return rng.sample(indices, rng.randint(0, len(indices)))
    if kind == "truefalse":
        return rng.choice(["true", "false", ""])
    if kind == "shortanswer":
        return rng.choice(["equipe  communaute", "Équipe Communauté", "pull marketing", "push", ""])
    if kind == "numerical":
        return rng.choice(["6", "6,0", " 11.5 ", "12,5", "seven", "1e1", ""])
    offered = sorted({pair["answer"] for pair in question["pairs"]})
    items = [str(n) for n, pair in enumerate(question["pairs"]) if pair["question"]]
    return {item: rng.choice(["", *offered]) for item in items}


def grade_attempt(questions: list[dict], raw_responses: list[object]) -> float:
    grades = [
        grade(question, parse_response(question, raw))
        for question, raw in zip(questions, raw_responses, strict=True)
    ]
    return attempt_fraction(grades)


def grading_throughput(seconds: float = 2.0) -> dict:
    """Grade twelve-question attempts for about ``seconds``; a row as ``python -m bench`` prints."""
    questions, rng = bank(), random.Random(SEED)
    attempts = [[raw_response(q, rng) for q in questions] for _ in range(DISTINCT_ATTEMPTS)]
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(timings) < 20:
        raw_responses = attempts[len(timings) % DISTINCT_ATTEMPTS]
        started = time.perf_counter()
        grade_attempt(questions, raw_responses)
        timings.append(time.perf_counter() - started)
    return {
        "name": "grading (12-question attempts)",
        "per_second": len(timings) / sum(timings),
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": statistics.quantiles(timings, n=20)[18] * 1000,
        "attempts": len(timings),
    }


if __name__ == "__main__":
    row = grading_throughput()
    print(f"{'what':<32} {'attempts/s':>10} {'p50 ms':>8} {'p95 ms':>8}")
    print(
        f"{row['name']:<32} {row['per_second']:>10.0f} {row['p50_ms']:>8.3f} {row['p95_ms']:>8.3f}"
    )
