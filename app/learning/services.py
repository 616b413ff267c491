"""What a person's home page shows: who they are in the organisation and who reports to them."""

from __future__ import annotations

from dataclasses import dataclass

from app.people.models import Person
from app.people.services import direct_reports


@dataclass(frozen=True)
class HomePage:
    person: Person
    reports: list[Person]


def home_page_for(person: Person) -> HomePage:
    return HomePage(person=person, reports=[p for p in direct_reports(person) if p.active])
