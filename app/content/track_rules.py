"""A track's default assignment rules in tracks.yml (``rules:``), checked and normalised into
the plain dicts ``Track.default_rules`` stores, from which the assignments domain seeds its
rules."""

from __future__ import annotations

from app.content.documents import LineMap
from app.content.fields import FieldReader
from app.i18n import LANGUAGES

# The people module's roles, spelled out: content may not import people (same layer).
ROLES = ("employee", "manager", "hr", "admin")
RULE_KEYS = ("departments", "offices", "roles", "languages", "due")
DUE_KEYS = ("days_after", "days", "on")
# ``days_after`` as written → the due kind an assignment rule stores.
DAYS_AFTER = {"joining": "after_joining", "matching": "after_matching"}
FIXED = "fixed"
MOST_DAYS = 3660  # ten years: a larger number is a typo


def read_rules(reader: FieldReader, entry: LineMap) -> tuple[dict, ...] | None:
    """The track's ``rules`` (none when the key is missing), or None when one is wrong."""
    if entry.get("rules") is None:
        return ()
    listed = reader.items(entry["rules"], entry.line_of("rules"), "'rules'")
    if listed is None:
        return None
    rules = []
    for index, item in enumerate(listed):
        item = reader.mapping(item, listed.line_of(index), "each rule")
        rules.append(item and read_rule(reader, item))
    return tuple(rules) if None not in rules else None


def read_rule(reader: FieldReader, item: LineMap) -> dict | None:
    """One rule: whom it matches (each criterion a list; empty or missing matches everyone)
    and when the track is due."""
    reader.unknown_keys(item, RULE_KEYS, "a rule")
    criteria = {
        "departments": reader.texts(item, "departments"),
        "offices": reader.texts(item, "offices"),
        "roles": reader.texts(item, "roles", ROLES),
        "languages": reader.texts(item, "languages", LANGUAGES),
    }
    due = read_due(reader, item)
    if due is None or None in criteria.values() or set(item) - set(RULE_KEYS):
        return None
    return {**criteria, **due}


def read_due(reader: FieldReader, item: LineMap) -> dict | None:
    """``due: {days_after: joining|matching, days: N}`` or ``due: {on: YYYY-MM-DD}``."""
    if item.get("due") is None:
        reader.problem(
            item.line, "'due' is missing: give {days_after: joining, days: N} or {on: YYYY-MM-DD}"
        )
        return None
    due = reader.mapping(item["due"], item.line_of("due"), "'due'")
    if due is None:
        return None
    before = len(reader.problems)
    reader.unknown_keys(due, DUE_KEYS, "'due'")
    if "on" in due and ("days_after" in due or "days" in due):
        reader.problem(due.line, "give either 'on' (a date) or 'days_after' and 'days', not both")
        return None
    if "on" in due:
        on = reader.date(due, "on")
        found = {"due_kind": FIXED, "due_days": None, "due_on": on and on.isoformat()}
    else:
        kind = reader.choice(due, "days_after", tuple(DAYS_AFTER))
        days = reader.integer(due, "days", minimum=0, maximum=MOST_DAYS)
        found = {"due_kind": DAYS_AFTER.get(kind), "due_days": days, "due_on": None}
    return found if len(reader.problems) == before else None
