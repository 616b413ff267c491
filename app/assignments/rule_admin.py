"""The rules pages' services: the choices the form offers, checking what an admin typed, the
preview of a change (what reconcile would do on the rule's track), and saving or deleting a
rule: audited with its before and after, then applied at once to everyone it concerns."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.assignments.models import FIXED, AssignmentRule
from app.assignments.reconcile import ReconcileCounts, reconcile
from app.assignments.rule_preview import RulePreview, preview_change
from app.audit.origin import RequestOrigin
from app.audit.services import record_event
from app.content.models import Track
from app.extensions import db
from app.people.departments import DEPARTMENT_NAMES
from app.people.models import Office, Person
from app.people.services import find_person_by_email


@dataclass(frozen=True)
class RuleValues:
    """What the form gives, normalised; its fingerprint ties a confirmation to its preview."""

    track_id: int
    name: str
    departments: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    manager_email: str = ""
    due_kind: str = FIXED
    due_days: int | None = None
    due_on: date | None = None

    def fingerprint(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class FormChoices:
    tracks: list[tuple[int, str]]
    departments: list[tuple[str, str]]
    offices: list[tuple[str, str]]


@dataclass
class RuleOutcome:
    """Problems (field → message, nothing saved), or a preview to confirm, or the rule saved."""

    problems: dict[str, str] = field(default_factory=dict)
    preview: RulePreview | None = None
    fingerprint: str = ""
    stale: bool = False  # "Confirm" came with values other than the ones previewed
    saved: AssignmentRule | None = None
    counts: ReconcileCounts | None = None


def form_choices(language: str, rule: AssignmentRule | None = None) -> FormChoices:
    """The active tracks, the departments (the known codes, those people have, those the rule
    names) and the offices, for the form's lists."""
    tracks = db.session.scalars(
        select(Track).where(Track.retired_at.is_(None)).order_by(Track.position)
    )
    in_use = db.session.scalars(select(func.lower(func.trim(Person.department))).distinct())
    named = {value.strip().lower() for value in (rule.departments if rule else ())}
    codes = sorted(({*DEPARTMENT_NAMES, *in_use, *named}) - {""})
    offices = db.session.execute(select(Office.code, Office.name).order_by(Office.name))
    return FormChoices(
        tracks=[(track.id, track.title.get(language) or track.slug) for track in tracks],
        departments=[(code, department_label(code)) for code in codes],
        offices=[(code, name) for code, name in offices],
    )


def department_label(code: str) -> str:
    known = DEPARTMENT_NAMES.get(code)
    return _(known) if known else code


def rule_values_of(rule: AssignmentRule) -> dict:
    """The form's data for an existing rule."""
    manager = db.session.get(Person, rule.manager_id) if rule.manager_id else None
    return {
        "track": rule.track_id,
        "name": rule.name,
        "departments": sorted({value.strip().lower() for value in rule.departments}),
        "offices": list(rule.offices),
        "roles": list(rule.roles),
        "languages": list(rule.languages),
        "manager_email": manager.email if manager else "",
        "due_kind": rule.due_kind,
        "due_days": rule.due_days,
        "due_on": rule.due_on,
    }


def live_rule(rule_id: int) -> AssignmentRule | None:
    rule = db.session.get(AssignmentRule, rule_id)
    return rule if rule is not None and rule.deleted_at is None else None


def submit_rule(
    rule: AssignmentRule | None,
    values: RuleValues,
    *,
    confirmed: bool,
    previewed: str,
    actor: Person,
    origin: RequestOrigin,
    now: datetime,
    today: date,
) -> RuleOutcome:
    """Check ``values`` for a new rule (``rule`` None) or a change; preview what saving would
    do, or save when the admin confirmed exactly what they previewed."""
    problems, manager_id = rule_problems(values, rule, today)
    if problems:
        return RuleOutcome(problems=problems)
    proposed = rule_from(values, manager_id, rule.id if rule else None)
    fingerprint = values.fingerprint()
    if confirmed and previewed == fingerprint:
        saved, counts = save_rule(rule, proposed, actor, origin, now)
        return RuleOutcome(saved=saved, counts=counts)
    preview = preview_change(rule, proposed, now)
    return RuleOutcome(preview=preview, fingerprint=fingerprint, stale=confirmed)


def rule_problems(values: RuleValues, rule, today: date) -> tuple[dict[str, str], int | None]:
    """What the form alone cannot check: the track, the manager, a date already passed (one
    the rule already had may stay, so that its other fields can still be changed)."""
    problems: dict[str, str] = {}
    track = db.session.get(Track, values.track_id)
    if track is None or track.retired_at is not None:
        problems["track"] = _("Choose one of the tracks listed.")
    manager = find_person_by_email(values.manager_email) if values.manager_email else None
    if values.manager_email and (manager is None or not manager.active):
        problems["manager_email"] = _(
            "No active person in Relais has the address %(email)s; check it or leave it empty.",
            email=values.manager_email,
        )
    kept = rule is not None and rule.due_on == values.due_on
    if values.due_kind == FIXED and values.due_on < today and not kept:
        problems["due_on"] = _("This date has passed; choose today or a later date.")
    return problems, manager.id if manager else None


def rule_from(values: RuleValues, manager_id: int | None, rule_id: int | None) -> AssignmentRule:
    """The rule as it would be, outside the session (a preview must not write it)."""
    fixed = values.due_kind == FIXED
    return AssignmentRule(
        id=rule_id,
        track_id=values.track_id,
        name=values.name,
        departments=list(values.departments),
        offices=list(values.offices),
        roles=list(values.roles),
        languages=list(values.languages),
        manager_id=manager_id,
        due_kind=values.due_kind,
        due_days=None if fixed else values.due_days,
        due_on=values.due_on if fixed else None,
    )


def described(rule: AssignmentRule) -> dict:
    """A rule as the audit log keeps it."""
    return {
        "name": rule.name,
        "track": rule.track_id,
        "departments": list(rule.departments),
        "offices": list(rule.offices),
        "roles": list(rule.roles),
        "languages": list(rule.languages),
        "manager": rule.manager_id,
        "due_kind": rule.due_kind,
        "due_days": rule.due_days,
        "due_on": rule.due_on.isoformat() if rule.due_on else None,
    }


EDITABLE = (
    "track_id",
    "name",
    "departments",
    "offices",
    "roles",
    "languages",
    "manager_id",
    "due_kind",
    "due_days",
    "due_on",
)


def save_rule(rule, proposed: AssignmentRule, actor: Person, origin: RequestOrigin, now):
    """Create or change the rule, audit it, and apply the rules of its track(s) at once."""
    before = described(rule) if rule is not None else None
    tracks = {proposed.track_id} | ({rule.track_id} if rule is not None else set())
    if rule is None:
        rule = AssignmentRule(created_by_id=actor.id, created_at=now)
        db.session.add(rule)
    for name in EDITABLE:
        setattr(rule, name, getattr(proposed, name))
    rule.updated_at = now
    db.session.flush()
    action = "rule.create" if before is None else "rule.update"
    details = {"rule": rule.id, "before": before, "after": described(rule)}
    record_event(action, origin=origin, actor=actor, details=details)
    return rule, reconcile(origin=origin, track_ids=tracks, now=now)


def delete_rule(rule: AssignmentRule, *, actor: Person, origin: RequestOrigin, now):
    """Mark the rule deleted (once: a second click finds it gone and returns None), audit it,
    and withdraw what it alone gave that is not started."""
    statement = (
        update(AssignmentRule)
        .where(AssignmentRule.id == rule.id, AssignmentRule.deleted_at.is_(None))
        .values(deleted_at=now, updated_at=now)
    )
    if db.session.execute(statement).rowcount != 1:
        return None
    details = {"rule": rule.id, "before": described(rule)}
    record_event("rule.delete", origin=origin, actor=actor, details=details)
    return reconcile(origin=origin, track_ids={rule.track_id}, now=now)


@dataclass(frozen=True)
class RuleRow:
    rule: AssignmentRule
    track_title: str
    manager_email: str | None
    departments: list[str]


def rules_list(language: str) -> list[RuleRow]:
    """The live rules, by track, with their track's title and manager's address (one query)."""
    query = (
        select(AssignmentRule, Track.title, Track.slug, Person.email)
        .join(Track, Track.id == AssignmentRule.track_id)
        .outerjoin(Person, Person.id == AssignmentRule.manager_id)
        .where(AssignmentRule.deleted_at.is_(None))
        .order_by(Track.position, AssignmentRule.id)
    )
    return [
        RuleRow(
            rule,
            title.get(language) or slug,
            email,
            [department_label(d) for d in rule.departments],
        )
        for rule, title, slug, email in db.session.execute(query)
    ]
