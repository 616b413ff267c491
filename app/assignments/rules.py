"""Who a rule matches, as one select of person ids per rule, and the due date it gives them.

A rule's criteria combine with AND; the values inside one criterion with OR; an empty criterion
accepts everyone. Only active people match.

Due dates (the last day allowed, in the person's office zone):

- ``fixed``: the rule's date, for everyone.
- ``after_matching``: the day the rule first matched the person (the day their assignment
  opens) + N days.
- ``after_joining``: max(the day they joined, the day the rule first matched them) + N days.
  The day they joined is ``hired_on``, else the day their account was created. Taking the later
  of the two means a rule never hands someone an assignment that is already late: an employee
  hired in 2019 whom a new rule matches today gets N days from today, like a newcomer; someone
  imported ahead of their first day gets N days from that first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, literal, select, union_all
from sqlalchemy.orm import aliased

from app.assignments.models import AFTER_JOINING, AFTER_MATCHING, FIXED, AssignmentRule
from app.people.models import Office, Person, PersonRole
from app.people.reporting import reporting_line
from app.people.roles import Role

__all__ = ["AFTER_JOINING", "AFTER_MATCHING", "FIXED", "Match", "due_date", "matches_select"]


@dataclass(frozen=True)
class Match:
    """A rule (by its position in the list given) matching a person, with what its due date
    needs to know of them."""

    rule_index: int
    person_id: int
    hired_on: date | None
    created_at: datetime
    timezone: str | None


def criteria(rule: AssignmentRule) -> list:
    """The WHERE clauses of ``rule`` on ``Person`` (and ``Office``, outer-joined)."""
    clauses = [Person.active.is_(True)]
    if rule.departments:
        wanted = sorted({value.strip().lower() for value in rule.departments})
        clauses.append(func.lower(func.trim(Person.department)).in_(wanted))
    if rule.offices:
        clauses.append(Office.code.in_(list(rule.offices)))
    if rule.languages:
        clauses.append(Person.language.in_(list(rule.languages)))
    if rule.manager_id is not None:
        clauses.append(Person.id.in_(reporting_line(rule.manager_id)))
    roles = set(rule.roles or ())
    if roles and Role.EMPLOYEE.value not in roles:  # everyone is an employee
        clauses.append(role_clause(roles))
    return clauses


def role_clause(roles: set[str]):
    """Holds any of ``roles``: a manager has an active report; HR and admin are granted."""
    report = aliased(Person)
    either = []
    if Role.MANAGER.value in roles:
        either.append(exists().where(report.manager_id == Person.id, report.active.is_(True)))
    granted = sorted(roles & {Role.HR.value, Role.ADMIN.value})
    if granted:
        either.append(
            exists().where(PersonRole.person_id == Person.id, PersonRole.role.in_(granted))
        )
    return either[0] if len(either) == 1 else either[0] | either[1]


def rule_select(index: int, rule: AssignmentRule, people=None):
    """The people ``rule`` matches (among ``people``, ids or a select of ids, when given)."""
    query = (
        select(
            literal(index).label("rule_index"),
            Person.id.label("person_id"),
            Person.hired_on,
            Person.created_at,
            Office.timezone,
        )
        .select_from(Person)
        .outerjoin(Office, Office.id == Person.office_id)
        .where(*criteria(rule))
    )
    return query if people is None else query.where(Person.id.in_(people))


def matches_select(rules: list[AssignmentRule], people=None):
    """Every rule's matches as one statement (a UNION ALL of one select per rule), rows of
    (rule_index, person_id, hired_on, created_at, timezone); None without rules."""
    if not rules:
        return None
    selects = [rule_select(index, rule, people) for index, rule in enumerate(rules)]
    return selects[0] if len(selects) == 1 else union_all(*selects)


def due_date(rule: AssignmentRule, match: Match, now: datetime, default_zone: str) -> date:
    """The due date ``rule`` gives the person of ``match`` when it first matches them ``now``."""
    if rule.due_kind == FIXED:
        return rule.due_on
    zone = ZoneInfo(match.timezone or default_zone)
    matched_on = now.astimezone(zone).date()
    start = matched_on
    if rule.due_kind == AFTER_JOINING:
        joined = match.hired_on or match.created_at.astimezone(zone).date()
        start = max(joined, matched_on)
    return start + timedelta(days=rule.due_days or 0)
