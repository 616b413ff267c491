"""Driving attempts through HTTP as a learner would: start, read the page, answer, submit."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.quiz.models import QuizAttempt

SEQUENCE = re.compile(r'name="(q\d+-sequence)" value="(\d+)"')


def start(client, slug: str = "basics") -> QuizAttempt:
    response = client.post(f"/courses/{slug}/quiz/start")
    assert response.status_code == 303, response.get_data(as_text=True)
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return db.session.get(QuizAttempt, attempt_id)


def reload(attempt: QuizAttempt) -> QuizAttempt:
    db.session.expire_all()
    return db.session.get(QuizAttempt, attempt.id)


def attempts() -> list[QuizAttempt]:
    db.session.expire_all()
    return list(db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id)))


def sequences_on(html: str) -> dict[str, str]:
    """The sequence fields of an attempt page, as its form sends them."""
    found = dict(SEQUENCE.findall(html))
    assert found, "no sequence field on the page"
    return found


def shown(order: list[int], original: int) -> str:
    return str(order.index(original))


def answer_slot(slot, right: bool) -> dict[str, object]:
    """Form fields answering one slot rightly or wrongly, in shown positions."""
    question, name = slot.question["en"], f"q{slot.position}"
    kind = question["type"]
    if kind == "multichoice":
        order = slot.order["answers"]
        if question["single"]:
            wanted = [i for i, a in enumerate(question["answers"]) if (a["fraction"] == 1) == right]
            return {name: shown(order, wanted[0])}
        wanted = [i for i, a in enumerate(question["answers"]) if (a["fraction"] > 0) == right]
        return {name: [shown(order, i) for i in wanted]}
    if kind == "truefalse":
        return {name: "true" if question["correct"] == right else "false"}
    if kind == "shortanswer":
        return {name: question["answers"][0]["text"] if right else "not the word"}
    if kind == "numerical":
        return {name: "31" if right else "1000"}
    pairs, options = question["pairs"], slot.order["options"]
    fields = {}
    for position, item in enumerate(slot.order["items"]):
        matching = [
            j for j, pair in enumerate(options) if pairs[pair]["answer"] == pairs[item]["answer"]
        ]
        other = [j for j in range(len(options)) if j not in matching]
        fields[f"{name}-{position}"] = str(matching[0] if right else other[0])
    return fields


def answers(attempt: QuizAttempt, right: bool = True, only=None) -> dict[str, object]:
    fields: dict[str, object] = {}
    for slot in attempt.slots:
        if only is None or slot.position in only:
            fields.update(answer_slot(slot, right))
    return fields


def sequence_fields(attempt: QuizAttempt, sequence=None) -> dict[str, str]:
    """Every question's sequence field: as stored, or ``sequence`` for all of them."""
    db.session.refresh(attempt)
    return {
        f"q{slot.position}-sequence": str(slot.sequence if sequence is None else sequence)
        for slot in attempt.slots
    }


def submit(client, attempt: QuizAttempt, fields: dict, sequence=None):
    data = {**sequence_fields(attempt, sequence), **fields}
    return client.post(f"/quiz/attempts/{attempt.id}/submit", data=data)


def save(client, attempt: QuizAttempt, fields: dict, sequence=None, json: bool = False):
    data = {**sequence_fields(attempt, sequence), **fields}
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/quiz/attempts/{attempt.id}/save", data=data, headers=headers)
