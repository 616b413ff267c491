"""The demo organisation: three offices and about sixty people in a realistic reporting tree.

Display names describe a post rather than invent people; every demo account shares one password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from app.database import utcnow
from app.extensions import db
from app.people.models import Office, Person, PersonRole
from app.people.passwords import hash_password
from app.people.roles import Role
from app.people.services import hashing_parameters

DEMO_PASSWORD = "bonjour-demo-2026"  # noqa: S105 (printed on purpose: demo data only)
DEMO_DOMAIN = "demo.example"

OFFICES = (
    ("quebec", "Québec", "CA", "America/Toronto"),
    ("louvain-la-neuve", "Louvain-la-Neuve", "BE", "Europe/Brussels"),
    ("paris", "Paris", "FR", "Europe/Paris"),
)
OFFICE_LABELS = {"quebec": "Québec", "louvain-la-neuve": "Louvain-la-Neuve", "paris": "Paris"}
TEAMS = (
    ("communication", "Communication"),
    ("marketing", "Marketing"),
    ("sales", "Ventes"),
    ("customer-service", "Service client"),
)
MEMBERS_PER_TEAM = 3


class DemoRefused(Exception):
    """The demo cannot be seeded here (production)."""


class DemoAlreadySeeded(DemoRefused):
    """People already exist: the demo only seeds an empty database."""


@dataclass(frozen=True)
class DemoSignIn:
    label: str
    email: str


def seed_demo(production: bool) -> list[DemoSignIn]:
    """Create the offices and people; refuse in production or on a database that has people."""
    if production:
        raise DemoRefused("the demo organisation is never seeded in production")
    if db.session.scalar(select(func.count(Person.id))):
        raise DemoAlreadySeeded("people already exist; the demo only seeds an empty database")
    offices = {
        code: Office(code=code, name=n, country=c, timezone=tz) for code, n, c, tz in OFFICES
    }
    db.session.add_all(offices.values())
    password_hash = hash_password(DEMO_PASSWORD, hashing_parameters())
    builder = _TreeBuilder(offices, password_hash)
    builder.build()
    db.session.flush()
    return builder.sign_ins


class _TreeBuilder:
    def __init__(self, offices: dict[str, Office], password_hash: str):
        self.offices = offices
        self.password_hash = password_hash
        self.sign_ins: list[DemoSignIn] = []
        self.today = utcnow().date()

    def person(self, local, name, department, office, manager=None, language="fr", hired=None):
        person = Person(
            email=f"{local}@{DEMO_DOMAIN}",
            display_name=name,
            department=department,
            office=self.offices[office],
            manager=manager,
            language=language,
            password_hash=self.password_hash,
            password_changed_at=utcnow(),
            hired_on=hired or date(2019, 9, 1),
        )
        db.session.add(person)
        return person

    def build(self) -> None:
        ceo = self.person("direction", "Direction générale", "leadership", "quebec")
        hr = self.person("rh", "Responsable RH", "hr", "paris", ceo)
        hr.granted_roles.append(PersonRole(role=Role.HR.value))
        self.person("rh.assistance", "Assistance RH Québec", "hr", "quebec", hr)
        it = self.person("ti", "Responsable TI (administration)", "it", "louvain-la-neuve", ceo)
        it.granted_roles.append(PersonRole(role=Role.ADMIN.value))
        self.person("ti.support", "Support TI Paris", "it", "paris", it, language="en")
        social = self.person(
            "communication", "Responsable médias sociaux", "communication", "quebec", ceo
        )
        for code, label in OFFICE_LABELS.items():
            self.person(
                f"cm.{code}", f"Gestion de communauté {label}", "communication", code, social
            )
        for code in self.offices:
            self.office_branch(code, ceo)
        self.sign_ins = [
            DemoSignIn("HR", hr.email),
            DemoSignIn("admin", it.email),
            DemoSignIn("manager", "direction.quebec@" + DEMO_DOMAIN),
            DemoSignIn("employee", "communication.quebec.1@" + DEMO_DOMAIN),
        ]

    def office_branch(self, code: str, ceo: Person) -> None:
        label = OFFICE_LABELS[code]
        director = self.person(f"direction.{code}", f"Direction {label}", "leadership", code, ceo)
        for team, team_label in TEAMS:
            lead = self.person(
                f"{team}.{code}.lead", f"{team_label} {label} (resp.)", team, code, director
            )
            for n in range(1, MEMBERS_PER_TEAM + 1):
                recent = n == MEMBERS_PER_TEAM and team in {"sales", "marketing"}
                hired = self.today - timedelta(days=20) if recent else None
                language = "en" if (n == 2 and code == "louvain-la-neuve") else "fr"
                member = self.person(
                    f"{team}.{code}.{n}",
                    f"{team_label} {label} {n}",
                    team,
                    code,
                    lead,
                    language,
                    hired,
                )
                if code == "paris" and team == "sales" and n == 1:
                    member.active = False  # a leaver: kept for HR, cannot sign in
                    member.deactivated_at = utcnow()
