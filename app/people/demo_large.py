"""A large organisation for scale: thousands of people in a reporting tree under one manager,
inserted level by level with one multi-row statement each, so that 10,000 people take seconds.

The tree is filled breadth first, at most ``SPAN`` reports per manager, so its depth grows
like a real company's (five or six levels at 10,000). Offices follow the branch under the top
manager and departments the branch below that, so that filters and rules have realistic sets
to match; one person in five reads in English, and one in twenty joined in the last 60 days.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select

from app.database import utcnow
from app.extensions import db
from app.people.models import Office, Person

SPAN = 8
DEPARTMENTS = (
    "communication",
    "marketing",
    "sales",
    "sales",
    "customer-service",
    "customer-service",
    "hr",
    "it",
)
LARGE_DOMAIN = "large.demo.example"


def add_people_tree(
    top_id: int, count: int, password_hash: str | None, today: date, prefix: str = "person"
) -> list[int]:
    """Add ``count`` active people below the person ``top_id``; their ids, in the order added
    (breadth first). Flush-free: plain inserts in the caller's transaction."""
    offices = list(db.session.scalars(select(Office.id).order_by(Office.id)))
    if not offices:
        raise ValueError("add offices before adding people")
    now = utcnow()
    added: list[int] = []
    level = [(top_id, None, None)]  # (manager id, office id, department) of each manager
    n = 0
    while n < count:
        rows, branches = [], []
        for manager_id, office_id, department in level:
            for slot in range(SPAN):
                if n >= count:
                    break
                n += 1
                office = office_id if office_id is not None else offices[slot % len(offices)]
                if department is None and office_id is not None:
                    branch_department = DEPARTMENTS[slot % len(DEPARTMENTS)]
                else:
                    branch_department = department
                rows.append(
                    person_row(
                        n, prefix, manager_id, office, branch_department, password_hash, today, now
                    )
                )
                branches.append((office, branch_department))
        statement = insert(Person).returning(Person.id, sort_by_parameter_order=True)
        ids = [row.id for row in db.session.execute(statement, rows)]
        added += ids
        level = [(pid, office, dep) for pid, (office, dep) in zip(ids, branches, strict=True)]
    return added


def person_row(n, prefix, manager_id, office_id, department, password_hash, today, now) -> dict:
    recent = n % 20 == 0
    hired = today - timedelta(days=(n % 60) if recent else 90 + (n * 37) % 2000)
    return {
        "email": f"{prefix}.{n}@{LARGE_DOMAIN}",
        "display_name": f"{prefix.capitalize()} {n}",
        # Managers of the first two levels are in leadership until their branch is named.
        "department": department or "leadership",
        "office_id": office_id,
        "language": "en" if n % 5 == 0 else "fr",
        "manager_id": manager_id,
        "active": True,
        "hired_on": hired,
        "password_hash": password_hash,
        "password_changed_at": now if password_hash else None,
        "created_at": now,
    }
