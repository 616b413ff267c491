"""The preview of a rule change: what reconcile would do on the rule's track if the change were
saved, counted exactly, with the people it concerns listed (up to ``MAX_LISTED`` per change)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.assignments.models import AssignmentRule
from app.assignments.reconcile import live_rules, plan_reconcile
from app.assignments.rules import matches_select
from app.extensions import db
from app.people.models import Person

MAX_LISTED = 500  # people listed per kind of change in a preview; the counts are exact


@dataclass(frozen=True)
class PreviewPerson:
    name: str
    email: str
    change: str  # "assign" or "withdraw"


@dataclass
class RulePreview:
    assign: int = 0
    withdraw: int = 0
    already: int = 0
    completed: int = 0
    people: list[PreviewPerson] = field(default_factory=list)
    unlisted: int = 0


def preview_change(before: AssignmentRule | None, after: AssignmentRule | None, now) -> RulePreview:
    """What reconcile would do on the tracks of ``before`` and ``after`` if the first were
    replaced by the second (None: created, or deleted), and whom ``after`` matches who already
    has the track open or completed it. A fixed number of queries, however many people."""
    rules = [rule for rule in live_rules() if before is None or rule.id != before.id]
    rules += [after] if after is not None else []
    tracks = {rule.track_id for rule in (before, after) if rule is not None}
    plan = plan_reconcile(rules, track_ids=tracks, now=now)
    mine = matched_pairs(after)
    preview = RulePreview(
        assign=len(plan.to_open),
        withdraw=len(plan.to_withdraw),
        already=len(plan.already_open & mine),
        completed=len(plan.completed & mine),
    )
    assigned = [item.person_id for item in plan.to_open[:MAX_LISTED]]
    withdrawn = [item.person_id for item in plan.to_withdraw[:MAX_LISTED]]
    preview.people = listed_people(assigned, withdrawn)
    preview.unlisted = preview.assign + preview.withdraw - len(preview.people)
    return preview


def matched_pairs(rule: AssignmentRule | None) -> set[tuple[int, int]]:
    statement = matches_select([rule]) if rule is not None else None
    if statement is None:
        return set()
    return {(row.person_id, rule.track_id) for row in db.session.execute(statement)}


def listed_people(assigned: list[int], withdrawn: list[int]) -> list[PreviewPerson]:
    """The people of a preview, by name, in one query."""
    if not assigned and not withdrawn:
        return []
    query = select(Person.id, Person.display_name, Person.email).where(
        Person.id.in_(assigned + withdrawn)
    )
    rows = sorted(db.session.execute(query), key=lambda row: row.display_name.casefold())
    leaving = set(withdrawn)
    return [
        PreviewPerson(row.display_name, row.email, "withdraw" if row.id in leaving else "assign")
        for row in rows
    ]
