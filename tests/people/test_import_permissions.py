"""Who may change whom through the people import: HR leaves admins alone, an admin always remains.

Each refused file in tests/data/people/refused is imported by the person it names (HR, an admin
or the command line) and must be refused with exactly its problems, nothing changed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.people.models import Person, SignInSession
from tests.conftest import sign_in
from tests.factories import make_person
from tests.people.test_import import (
    DATA,
    database_state,
    people_csv,
    person,
    problems_of,
    run_import,
    seed_offices,
)

RH = "rh@relais.example,RH,rh,quebec,,hr,fr"
DIRECTION = "direction@relais.example,Direction,direction,quebec,,,fr"
ADMIN = "admin@relais.example,Admin,it,quebec,direction@relais.example,admin,fr"
SECURITY = "securite@relais.example,Sécurité,it,quebec,,admin,fr"


def only_an_admin_may_deactivate(email: str) -> str:
    return (
        f"administrator {email} is not in this file, so they would be deactivated, and only an "
        "administrator may deactivate an administrator; add a row for them"
    )


def no_admin_left(email: str) -> str:
    return (
        f"{email} is not in this file, so they would be deactivated and Relais would have no "
        "active administrator left; add a row for them"
    )


LAST_ADMIN_ROLE = (
    "this removes the admin role from the last active administrator; keep admin in this row, "
    "or make someone else an administrator in the same file"
)

# file → (who imports it, whether "deactivate missing" is ticked, the problems, exactly)
REFUSED = {
    "hr_leaves_the_admins_out.csv": (
        "hr",
        True,
        [
            (1, None, only_an_admin_may_deactivate("admin@relais.example")),
            (1, None, only_an_admin_may_deactivate("securite@relais.example")),
        ],
    ),
    "hr_reactivates_an_admin.csv": (
        "hr",
        False,
        [
            (
                6,
                None,
                "this person is a deactivated administrator and only an administrator may "
                "reactivate them; remove this row",
            )
        ],
    ),
    "hr_changes_an_admins_roles.csv": (
        "hr",
        False,
        [
            (
                4,
                "roles",
                "this person is an administrator and only an administrator may change their "
                "roles; keep them as they are: admin",
            )
        ],
    ),
    "hr_changes_an_admins_manager.csv": (
        "hr",
        False,
        [
            (
                4,
                "manager_email",
                "this person is an administrator and only an administrator may change their "
                "manager; keep direction@relais.example",
            )
        ],
    ),
    "hr_gives_an_admin_a_manager.csv": (
        "hr",
        False,
        [
            (
                5,
                "manager_email",
                "this person is an administrator and only an administrator may change their "
                "manager; leave this cell empty",
            )
        ],
    ),
    "command_leaves_every_admin_out.csv": (
        "command line",
        True,
        [
            (1, None, no_admin_left("admin@relais.example")),
            (1, None, no_admin_left("securite@relais.example")),
        ],
    ),
    "command_removes_every_admin_role.csv": (
        "command line",
        False,
        [(4, "roles", LAST_ADMIN_ROLE), (5, "roles", LAST_ADMIN_ROLE)],
    ),
    "admin_leaves_every_admin_out.csv": (
        "admin",
        True,
        [
            (
                1,
                None,
                "you (admin@relais.example) are not in this file, so you would be deactivated; "
                "add a row for yourself",
            ),
            (1, None, no_admin_left("securite@relais.example")),
        ],
    ),
    "admin_removes_own_admin_role.csv": (
        "admin",
        False,
        [(4, "roles", "you cannot remove your own admin role; add admin to your row")],
    ),
}


def seed_people() -> dict[str, Person | None]:
    """Offices, HR, two active admins (one with a manager) and a deactivated admin.

    Each is stored as the rows above write them, so a row copied unchanged changes nothing.
    """
    seed_offices()
    direction = make_person(
        email="direction@relais.example", display_name="Direction", department="direction"
    )
    hr = make_person(email="rh@relais.example", display_name="RH", department="rh", roles=("hr",))
    admin = make_person(
        email="admin@relais.example",
        display_name="Admin",
        department="it",
        manager=direction,
        roles=("admin",),
    )
    make_person(
        email="securite@relais.example", display_name="Sécurité", department="it", roles=("admin",)
    )
    make_person(
        email="ancien.admin@relais.example",
        display_name="Ancien admin",
        department="it",
        roles=("admin",),
        active=False,
    )
    db.session.commit()
    return {"hr": hr, "admin": admin, "command line": None}


def test_every_refused_file_has_its_expected_problems():
    on_disk = sorted(path.name for path in (DATA / "refused").glob("*.csv"))
    assert on_disk == sorted(REFUSED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_change_beyond_the_importers_rights_is_refused_and_nothing_changes(app, name):
    importers = seed_people()
    who, deactivate_missing, expected = REFUSED[name]
    before = database_state()
    data = (DATA / "refused" / name).read_bytes()

    assert problems_of(data, importers[who], deactivate_missing=deactivate_missing) == expected

    db.session.rollback()
    assert database_state() == before


def test_the_same_file_as_a_dry_run_is_refused_too(app):
    importers = seed_people()
    data = (DATA / "refused" / "hr_leaves_the_admins_out.csv").read_bytes()
    problems = problems_of(data, importers["hr"], deactivate_missing=True, dry_run=True)
    assert [message for _row, _column, message in problems] == [
        only_an_admin_may_deactivate("admin@relais.example"),
        only_an_admin_may_deactivate("securite@relais.example"),
    ]


def test_hr_may_still_deactivate_people_who_are_not_admins(app):
    importers = seed_people()
    make_person(email="depart@relais.example")
    db.session.commit()

    summary = run_import(
        people_csv(RH, DIRECTION, ADMIN, SECURITY), importers["hr"], deactivate_missing=True
    )
    db.session.commit()

    assert summary.deactivated == ["depart@relais.example"]
    assert summary.unchanged == [
        "rh@relais.example",
        "direction@relais.example",
        "admin@relais.example",
        "securite@relais.example",
    ]
    assert person("admin@relais.example").active and person("securite@relais.example").active


def test_an_admin_may_deactivate_another_admin_while_one_remains(app):
    importers = seed_people()

    summary = run_import(
        people_csv(RH, DIRECTION, ADMIN), importers["admin"], deactivate_missing=True
    )
    db.session.commit()

    assert summary.deactivated == ["securite@relais.example"]
    assert not person("securite@relais.example").active


def test_an_admin_may_change_an_admins_roles_and_manager(app):
    importers = seed_people()
    data = people_csv(
        RH, DIRECTION, ADMIN, "securite@relais.example,Sécurité,it,quebec,rh@relais.example,hr,fr"
    )

    summary = run_import(data, importers["admin"])
    db.session.commit()

    assert summary.updated == ["securite@relais.example"]
    security = person("securite@relais.example")
    assert security.role_names == {"employee", "hr"}
    assert security.manager.email == "rh@relais.example"


def test_the_command_line_may_remove_an_admin_when_another_one_is_made(app):
    seed_people()
    data = people_csv(
        RH.replace(",hr,", ",hr admin,"),
        DIRECTION,
        "admin@relais.example,Admin,it,quebec,direction@relais.example,,fr",
    )

    summary = run_import(data, deactivate_missing=True)
    db.session.commit()

    assert summary.deactivated == ["securite@relais.example"]
    assert person("rh@relais.example").role_names == {"employee", "hr", "admin"}
    assert person("admin@relais.example").role_names == {"employee"}


def test_the_command_line_may_reactivate_an_admin(app):
    seed_people()
    data = people_csv("ancien.admin@relais.example,Ancien admin,it,quebec,,admin,fr")

    summary = run_import(data)
    db.session.commit()

    assert summary.updated == ["ancien.admin@relais.example"]
    assert person("ancien.admin@relais.example").active


def test_a_refused_import_leaves_the_admin_signed_in(app, client):
    importers = seed_people()
    assert sign_in(client, "admin@relais.example").status_code == 302
    data = (DATA / "refused" / "hr_leaves_the_admins_out.csv").read_bytes()

    problems_of(data, importers["hr"], deactivate_missing=True)
    db.session.rollback()

    assert client.get("/").status_code == 200
    assert db.session.scalar(select(SignInSession.ended_at)) is None
