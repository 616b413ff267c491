"""What a person's home page shows: their tracks, who they are in the organisation, their team."""

from __future__ import annotations

from dataclasses import dataclass

from app.learning.catalog import TrackCard, catalog_for
from app.people.models import Person
from app.people.services import direct_reports


@dataclass(frozen=True)
class HomePage:
    person: Person
    reports: list[Person]
    tracks: list[TrackCard]  # the person's own tracks, to resume where they left off


def home_page_for(person: Person) -> HomePage:
    return HomePage(
        person=person,
        reports=[p for p in direct_reports(person) if p.active],
        tracks=[card for card in catalog_for(person) if card.mine],
    )
