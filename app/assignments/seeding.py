"""The default rules tracks.yml proposes (``Track.default_rules``), seeded into the database once
per ``seed_key`` (``<track slug>#<index>``). After that the database is the truth: an admin may
change a seeded rule, and one they deleted stays deleted (its row keeps the key).

The entries are read defensively: one that is not a rule (a wrong type, an unknown role or
language, a due date that says nothing usable) is skipped, not guessed at, and seeded once
tracks.yml is corrected. ``content sync`` stores each entry with the rule's own columns
(``app/content/track_rules.py``)::

    {"departments": [], "offices": [], "roles": [], "languages": [],
     "due_kind": "after_joining" | "after_matching" | "fixed", "due_days": 30, "due_on": None}

and the shape tracks.yml is written in is read too, for content synced by hand::

    {..., "due": {"days_after": "joining" | "matching", "days": 30}}
    {..., "due": {"on": "2027-01-31"}}
"""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from app.assignments.models import AFTER_JOINING, AFTER_MATCHING, FIXED, AssignmentRule
from app.content.models import Track
from app.extensions import db
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.people.roles import Role

CRITERIA = ("departments", "offices", "roles", "languages")
DAYS_AFTER = {"joining": AFTER_JOINING, "matching": AFTER_MATCHING}
KNOWN_VALUES = {"roles": {str(role) for role in Role}, "languages": set(LANGUAGES)}
MAX_DAYS = 3650


def seed_default_rules() -> int:
    """Add the rules of tracks.yml not seeded yet; how many were added. One insert whose
    conflict on the seed key skips, so two servers seeding at once add each rule once."""
    tracks = db.session.scalars(select(Track).where(Track.retired_at.is_(None)))
    seeded = set(
        db.session.scalars(
            select(AssignmentRule.seed_key).where(AssignmentRule.seed_key.is_not(None))
        )
    )
    rows = []
    for track in tracks:
        for index, entry in enumerate(track.default_rules or []):
            key = f"{track.slug}#{index}"
            values = rule_values(entry)
            if key not in seeded and values is not None:
                rows.append(
                    {
                        **values,
                        "track_id": track.id,
                        "seed_key": key,
                        "name": seeded_name(track, index),
                    }
                )
    if not rows:
        return 0
    dialect = sqlite if db.engine.dialect.name == "sqlite" else postgresql
    statement = dialect.insert(AssignmentRule).on_conflict_do_nothing(index_elements=["seed_key"])
    return len(db.session.execute(statement.returning(AssignmentRule.id), rows).all())


def seeded_name(track: Track, index: int) -> str:
    title = (track.title or {}).get(DEFAULT_LANGUAGE) or track.slug
    with force_locale(DEFAULT_LANGUAGE):
        return _("%(track)s: default rule %(number)d", track=title, number=index + 1)[:200]


def rule_values(entry) -> dict | None:
    """The columns of a rule from one tracks.yml entry, or None if it is not a usable rule."""
    if not isinstance(entry, dict):
        return None
    values: dict = {}
    for key in CRITERIA:
        raw = entry.get(key) or []
        raw = [raw] if isinstance(raw, str) else raw
        if not isinstance(raw, list) or not all(isinstance(value, str) for value in raw):
            return None
        values[key] = [value.strip() for value in raw if value.strip()]
        if key == "departments":  # matched case-insensitively; stored as the form offers them
            values[key] = sorted({value.lower() for value in values[key]})
        if key in KNOWN_VALUES and not set(values[key]) <= KNOWN_VALUES[key]:
            return None
    due = due_values(entry["due"] if "due" in entry else stored_due(entry))
    return None if due is None else values | due


def stored_due(entry: dict) -> dict:
    """The due date of an entry as content sync stores it, in the shape ``due_values`` reads."""
    due = {"kind": entry.get("due_kind"), "days": entry.get("due_days")}
    return due | {"on": entry["due_on"]} if entry.get("due_on") is not None else due


def due_values(due) -> dict | None:
    """``{"on": date}`` → fixed; ``{"days_after": "joining"|"matching", "days": N}`` (or
    ``{"kind": "after_joining", "days": N}``) → relative."""
    if not isinstance(due, dict):
        return None
    kind = due.get("kind") or DAYS_AFTER.get(due.get("days_after"))
    if "on" in due or kind == FIXED:
        on = parsed_date(due.get("on"))
        return None if on is None else {"due_kind": FIXED, "due_on": on, "due_days": None}
    days = due.get("days")
    valid_days = isinstance(days, int) and not isinstance(days, bool) and 0 <= days <= MAX_DAYS
    if kind not in (AFTER_JOINING, AFTER_MATCHING) or not valid_days:
        return None
    return {"due_kind": kind, "due_days": days, "due_on": None}


def parsed_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
