"""People of the champions tests: champions in two offices and both languages, some listed in
the directory and some not, with the certificates that give them their level."""

from __future__ import annotations

from dataclasses import dataclass

from app.champions.models import ChampionListing
from app.extensions import db
from app.people.models import Person
from tests.champions.certificates import make_certificate, track
from tests.factories import make_office, make_person


def listed(person: Person) -> Person:
    db.session.add(ChampionListing(person_id=person.id))
    db.session.flush()
    return person


def champion(name: str, office: str, language: str, *slugs: str, **overrides) -> Person:
    person = make_person(
        display_name=name, office=make_office(office), language=language, **overrides
    )
    for slug in slugs:
        make_certificate(person, track(slug))
    return person


@dataclass
class Network:
    ana: Person  # Québec, fr, community managers: Ambassadeur, listed
    ben: Person  # Paris, en, employees: Relais, listed
    chloe: Person  # Paris, fr, all three tracks: Champion, listed
    dan: Person  # Québec, en, employees: Relais, NOT listed
    eve: Person  # Paris, fr, no certificate: listed, but below the first level
    fay: Person  # Québec, fr, employees revoked: listed, no credits


def make_network() -> Network:
    ana = listed(champion("Ana Arsenault", "quebec", "fr", "community-managers"))
    ben = listed(champion("Ben Brown", "paris", "en", "employees"))
    chloe = listed(
        champion("Chloé Chevalier", "paris", "fr", "employees", "executives", "community-managers")
    )
    dan = champion("Dan Dubois", "quebec", "en", "employees")
    eve = listed(champion("Ève Eustache", "paris", "fr"))
    fay = listed(champion("Fay Fontaine", "quebec", "fr"))
    make_certificate(fay, track("employees"), revoked=True)
    db.session.commit()
    return Network(ana, ben, chloe, dan, eve, fay)
