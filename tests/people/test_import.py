"""The people import service: each bad file refused with its exact problems; good ones applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.audit.origin import COMMAND_LINE
from app.extensions import db
from app.people import importer as importer_module
from app.people.import_csv import ImportLimits
from app.people.import_plan import validate_people_csv
from app.people.import_rows import ExistingPerson, ImportRules, Snapshot, office_keys
from app.people.importer import (
    ImportProblem,
    ImportSummary,
    PeopleImportError,
    describe_problem,
    import_people,
)
from app.people.models import Office, Person, PersonRole, SignInSession
from app.people.permissions import COMMAND_LINE_ACTOR
from tests.conftest import sign_in
from tests.factories import make_office, make_person

DATA = Path(__file__).resolve().parent.parent / "data" / "people"
HEADER = "email,name,department,office,manager_email,roles,language"
OFFICE_CODES = ("quebec", "louvain-la-neuve", "paris")

COLUMNS = "email, name, department, office, manager_email, roles, language"
OFFICES = "louvain-la-neuve, paris, quebec"
NOT_UTF8 = 'the file is not UTF-8; save it from your spreadsheet as "CSV UTF-8" and upload it again'
ROLES = "(allowed: employee, manager, hr, admin)"
SALES, MARKETING, SUPPORT = (
    "ventes.conseil@relais.example",
    "marketing.chargee@relais.example",
    "support.client@relais.example",
)


def cells(found: int, separator: str = ",") -> str:
    noun = "cell" if found == 1 else "cells"
    return (
        f"this row has {found} {noun} but the header has 7; separate cells with "
        f'"{separator}" as the header does, and put quotes around a cell that contains it'
    )


def invalid_email(value: str) -> str:
    return f'"{value}" is not a valid e-mail address; write it like name@company.com'


def loop(*emails: str) -> str:
    chain = " → ".join(emails)
    return f"the reporting line goes round in a circle: {chain}; change one of these managers"


# One malformed file per case in tests/data/people/bad; the problems each must produce, exactly.
EXPECTED_PROBLEMS = {
    "empty.csv": [(1, None, f"the file is empty; its first row must name the columns: {COLUMNS}")],
    "header_only.csv": [
        (2, None, "the file lists nobody; add one row per person below the header")
    ],
    "only_blank_rows.csv": [
        (2, None, "the file lists nobody; add one row per person below the header")
    ],
    "blank_first_row.csv": [
        (1, None, f"the first row is empty; it must name the columns: {COLUMNS}")
    ],
    "missing_column.csv": [
        (1, "language", f"this column is missing; the first row must name: {COLUMNS}")
    ],
    "unknown_column.csv": [(1, "phone", f"unknown column; the columns are: {COLUMNS}")],
    "duplicate_column.csv": [(1, "name", "this column appears twice; keep only one")],
    "unnamed_column.csv": [(1, None, "column 8 has no name; name it or delete it")],
    "latin1.csv": [(3, None, NOT_UTF8)],
    "utf16.csv": [(1, None, NOT_UTF8)],
    "nul_byte.csv": [
        (
            2,
            None,
            'the file contains a NUL byte, so it is not a text CSV; save it as "CSV UTF-8" '
            "and upload it again",
        )
    ],
    "unterminated_quote.csv": [
        (3, None, 'a quote (") opens in this row and is never closed; close it or remove it')
    ],
    "text_after_quote.csv": [
        (
            2,
            None,
            'text follows a closing quote ("); put the whole cell in quotes and double every '
            "quote inside it",
        )
    ],
    "too_many_cells.csv": [(2, None, cells(8))],
    "too_few_cells.csv": [(2, None, cells(6))],
    "mixed_delimiters.csv": [(2, None, cells(1, ";")), (3, None, cells(1, ";"))],
    "missing_email.csv": [(2, "email", "the e-mail address is missing; every person needs one")],
    "malformed_email.csv": [(2, "email", invalid_email("ventes.conseil.relais.example"))],
    "email_with_spaces.csv": [(2, "email", invalid_email("ventes conseil@relais.example"))],
    "duplicate_email.csv": [
        (4, "email", "this e-mail address is already on row 2; list each person once")
    ],
    "duplicate_email_case.csv": [
        (3, "email", "this e-mail address is already on row 2; list each person once")
    ],
    "missing_name.csv": [
        (2, "name", "the name is missing; write it as it should appear in Relais")
    ],
    "name_too_long.csv": [(2, "name", "201 characters is too long; shorten it to 200 at most")],
    "name_control_character.csv": [
        (2, "name", "it contains a control character (a tab, a line break...); remove it")
    ],
    "department_too_long.csv": [
        (2, "department", "101 characters is too long; shorten it to 100 at most")
    ],
    "missing_office.csv": [(2, "office", f"the office is missing; use one of: {OFFICES}")],
    "unknown_office.csv": [(2, "office", f'unknown office "montreal"; use one of: {OFFICES}')],
    "unknown_office_name.csv": [(2, "office", f'unknown office "Montréal"; use one of: {OFFICES}')],
    "unknown_language.csv": [
        (2, "language", 'unknown language "de"; use fr or en, or leave it empty for fr')
    ],
    "unknown_role.csv": [(2, "roles", f"unknown role superuser {ROLES}")],
    "role_beyond_remit.csv": [
        (2, "roles", "you may not grant admin; remove it from this row or ask an administrator")
    ],
    "unknown_manager.csv": [
        (
            2,
            "manager_email",
            "manager personne@relais.example is neither in this file nor in Relais; "
            "add a row for them or correct the address",
        )
    ],
    "manager_malformed_email.csv": [(2, "manager_email", invalid_email("chef(at)relais.example"))],
    "self_manager.csv": [
        (
            2,
            "manager_email",
            "a person cannot be their own manager; leave the cell empty or name their manager",
        )
    ],
    "cycle_of_two.csv": [
        (2, "manager_email", loop(SALES, MARKETING, SALES)),
        (3, "manager_email", loop(MARKETING, SALES, MARKETING)),
    ],
    "cycle_of_three.csv": [
        (2, "manager_email", loop(SALES, MARKETING, SUPPORT, SALES)),
        (3, "manager_email", loop(MARKETING, SUPPORT, SALES, MARKETING)),
        (4, "manager_email", loop(SUPPORT, SALES, MARKETING, SUPPORT)),
    ],
    "cycle_through_database.csv": [
        (
            2,
            "manager_email",
            loop("adjoint@relais.example", "direction@relais.example", "adjoint@relais.example"),
        )
    ],
    "inactive_manager.csv": [
        (
            2,
            "manager_email",
            "manager ancien@relais.example is deactivated; name an active manager, "
            "or add a row for them to reactivate them",
        )
    ],
    # A quoted cell over two lines is one row; the blank line still counts.
    "row_numbering.csv": [(4, "office", f'unknown office "lyon"; use one of: {OFFICES}')],
    "several_problems.csv": [
        (3, "email", invalid_email("not-an-address")),
        (3, "name", "the name is missing; write it as it should appear in Relais"),
        (3, "office", f'unknown office "lyon"; use one of: {OFFICES}'),
        (
            4,
            "manager_email",
            "manager absent@relais.example is neither in this file nor in Relais; "
            "add a row for them or correct the address",
        ),
        (4, "roles", f"unknown role root {ROLES}"),
        (4, "language", 'unknown language "es"; use fr or en, or leave it empty for fr'),
        (5, "email", "this e-mail address is already on row 2; list each person once"),
    ],
}


# --- helpers ---------------------------------------------------------------------------------


def seed_offices() -> None:
    for code in OFFICE_CODES:
        make_office(code)


def seed_organisation() -> Person:
    """Offices, a two-person reporting line, a leaver and an HR importer, who is returned."""
    seed_offices()
    adjoint = make_person(email="adjoint@relais.example")
    make_person(email="direction@relais.example", manager=adjoint)
    make_person(email="ancien@relais.example", active=False)
    importer = make_person(
        email="rh@relais.example", display_name="RH", department="rh", roles=("hr",)
    )
    db.session.commit()
    return importer


def people_csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def run_import(data: bytes, importer=None, **options) -> ImportSummary:
    options = {"deactivate_missing": False, "dry_run": False, **options}
    return import_people(data, importer=importer, origin=COMMAND_LINE, **options)


def problems_of(data: bytes, importer=None, **options) -> list[tuple]:
    with pytest.raises(PeopleImportError) as refused:
        run_import(data, importer, **options)
    return [(p.row, p.column, p.message) for p in refused.value.problems]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def database_state() -> dict:
    """Counts, and every person's and role's values: equal states mean nothing changed."""
    people = select(
        Person.email,
        Person.display_name,
        Person.department,
        Person.office_id,
        Person.manager_id,
        Person.language,
        Person.active,
        Person.deactivated_at,
    )
    return {
        "counts": [count(m) for m in (Person, PersonRole, Office, AuditEvent, SignInSession)],
        "people": sorted(db.session.execute(people).all()),
        "roles": sorted(db.session.execute(select(PersonRole.person_id, PersonRole.role)).all()),
        "open sessions": db.session.scalar(
            select(func.count(SignInSession.id)).where(SignInSession.ended_at.is_(None))
        ),
    }


def person(email: str) -> Person:
    return db.session.scalar(select(Person).where(Person.email == email))


def people_table() -> set[tuple]:
    return {
        (
            p.email,
            p.display_name,
            p.department,
            p.office.code,
            p.manager.email if p.manager else None,
            p.language,
            p.active,
            frozenset(p.role_names),
        )
        for p in db.session.scalars(select(Person))
    }


def events(after_id: int = 0) -> list[tuple]:
    """(action, subject's e-mail, details) of the events recorded after ``after_id``."""
    emails = dict(db.session.execute(select(Person.id, Person.email)).all())
    query = select(AuditEvent).where(AuditEvent.id > after_id).order_by(AuditEvent.id)
    return [(e.action, emails.get(e.subject_id), e.details) for e in db.session.scalars(query)]


def last_event_id() -> int:
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


# --- malformed files -------------------------------------------------------------------------


def test_every_bad_file_has_its_expected_problems():
    on_disk = sorted(path.name for path in (DATA / "bad").glob("*.csv"))
    assert on_disk == sorted(EXPECTED_PROBLEMS)
    assert len(on_disk) >= 34


@pytest.mark.parametrize("name", sorted(EXPECTED_PROBLEMS))
def test_a_bad_file_is_refused_with_every_problem_and_nothing_changes(app, name):
    importer = seed_organisation()
    before = database_state()
    data = (DATA / "bad" / name).read_bytes()

    assert problems_of(data, importer) == EXPECTED_PROBLEMS[name]

    assert not (db.session.new or db.session.dirty or db.session.deleted)
    db.session.rollback()  # as the page and the command do
    assert database_state() == before


def test_an_hr_importer_must_be_in_the_file_when_missing_people_are_deactivated(app):
    importer = seed_organisation()
    data = people_csv(f"{SALES},Conseil Ventes,communication,quebec,,,fr")
    assert problems_of(data, importer, deactivate_missing=True) == [
        (
            1,
            None,
            "you (rh@relais.example) are not in this file, so you would be deactivated; "
            "add a row for yourself",
        )
    ]


def test_a_manager_left_out_of_the_file_would_be_deactivated(app):
    seed_organisation()
    data = people_csv(f"{SALES},Conseil Ventes,communication,quebec,adjoint@relais.example,,fr")
    assert problems_of(data, deactivate_missing=True) == [
        (
            2,
            "manager_email",
            "manager adjoint@relais.example is not in this file and would be deactivated; "
            "add a row for them",
        )
    ]


def test_an_admin_cannot_remove_their_own_admin_role(app):
    seed_offices()
    admin = make_person(email="admin@relais.example", roles=("admin",))
    data = people_csv("admin@relais.example,Admin,it,quebec,,hr,fr")
    assert problems_of(data, admin) == [
        (2, "roles", "you cannot remove your own admin role; add admin to your row")
    ]
    assert person("admin@relais.example").role_names == {"employee", "admin"}


def test_describe_problem_names_the_row_and_the_column():
    assert (
        describe_problem(ImportProblem(3, "office", "unknown")) == "row 3, column office: unknown"
    )
    assert describe_problem(ImportProblem(1, None, "empty")) == "row 1: empty"


SNAPSHOT = Snapshot(
    offices={"quebec": "quebec"},
    people={
        "chef@relais.example": ExistingPerson("Chef", "", "quebec", "fr", None, frozenset(), True)
    },
)


@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda text: (HEADER + text).encode()))
def test_any_bytes_give_a_plan_or_problems_that_point_at_a_row(data):
    rules = ImportRules(
        importer=COMMAND_LINE_ACTOR, remit=frozenset({"hr", "admin"}), deactivate_missing=True
    )
    try:
        plan = validate_people_csv(data, SNAPSHOT, rules, ImportLimits(rows=10, cell=50))
    except PeopleImportError as error:
        assert error.problems
        assert all(problem.row >= 1 and problem.message for problem in error.problems)
    else:
        assert plan.rows


# --- good files ------------------------------------------------------------------------------

EMPLOYEE = frozenset({"employee"})
THREE_PEOPLE = {
    (
        "direction@relais.example",
        "Direction générale",
        "direction",
        "quebec",
        None,
        "fr",
        True,
        EMPLOYEE,
    ),
    (
        MARKETING,
        "Chargée Marketing",
        "marketing",
        "paris",
        "direction@relais.example",
        "en",
        True,
        EMPLOYEE,
    ),
    (SALES, "Conseil Ventes", "communication", "louvain-la-neuve", MARKETING, "fr", True, EMPLOYEE),
}


@pytest.mark.parametrize("name", ["comma.csv", "semicolon.csv", "with_bom.csv"])
def test_each_file_format_imports_the_same_people(app, name):
    seed_offices()
    summary = run_import((DATA / "good" / name).read_bytes())
    db.session.commit()
    assert summary == ImportSummary(created=["direction@relais.example", MARKETING, SALES])
    assert people_table() == THREE_PEOPLE
    assert all(p.password_hash is None for p in db.session.scalars(select(Person)))


# The Québec office's code is quebec and its name Québec: either, in any case, with or without
# the accent.
@pytest.mark.parametrize("written", ["quebec", "QUEBEC", "Quebec", "Québec", "québec", "QUÉBEC"])
def test_an_office_is_found_by_its_code_or_its_name_whatever_the_case_and_accents(app, written):
    seed_offices()
    summary = run_import(people_csv(f"{SALES},Conseil Ventes,communication,{written},,,fr"))
    db.session.commit()
    assert summary.created == [SALES]
    assert person(SALES).office.code == "quebec"


@pytest.mark.parametrize("written", ["Montréal", "montreal", "MONTRÉAL", "mtl"])
def test_an_office_whose_name_is_not_its_code_is_found_by_either(app, written):
    seed_offices()
    make_office("mtl", name="Montréal", country="CA", timezone="America/Toronto")
    run_import(people_csv(f"{SALES},Conseil Ventes,communication,{written},,,fr"))
    db.session.commit()
    assert person(SALES).office.code == "mtl"


def test_a_name_two_offices_share_or_another_office_code_gives_is_not_guessed():
    keys = office_keys([("hq", "Siège"), ("annexe", "Siege"), ("paris", "Paris")])
    assert keys == {"hq": "hq", "annexe": "annexe", "paris": "paris"}
    keys = office_keys([("quebec", "Québec"), ("siege", "Quebec")])
    assert keys == {"quebec": "quebec", "siege": "siege"}


def test_a_manager_may_come_after_their_reports(app):
    seed_offices()
    summary = run_import((DATA / "good" / "tree.csv").read_bytes())
    db.session.commit()
    assert summary.created == [SALES, SUPPORT, MARKETING, "direction@relais.example"]
    assert person(SALES).manager.email == MARKETING
    assert person(SUPPORT).manager.email == MARKETING
    assert person(MARKETING).manager.email == "direction@relais.example"
    assert person("direction@relais.example").manager is None


def test_importing_the_same_file_twice_changes_nothing_the_second_time(app):
    importer = seed_organisation()
    data = (DATA / "good" / "tree.csv").read_bytes()
    run_import(data, importer)
    db.session.commit()
    before, last = database_state(), last_event_id()

    summary = run_import(data, importer)
    db.session.commit()

    assert summary == ImportSummary(
        unchanged=[SALES, SUPPORT, MARKETING, "direction@relais.example"]
    )
    details = {"created": 0, "updated": 0, "unchanged": 4, "deactivated": 0, "dry_run": False}
    assert events(last) == [("people.import", None, details)]
    assert db.session.get(AuditEvent, last_event_id()).actor_id == importer.id
    after = database_state()
    assert after["people"] == before["people"] and after["roles"] == before["roles"]


def test_changed_rows_update_people_and_the_same_rows_leave_them_alone(app):
    seed_offices()
    paris = make_office("paris")
    make_person(
        email=SALES, display_name="Conseil Ventes renommé", department="ventes", office=paris
    )
    make_person(email=SUPPORT, display_name="Support Client", department="ventes", office=paris)
    db.session.commit()
    data = people_csv(
        f"VENTES.CONSEIL@relais.example,Conseil Ventes,communication,quebec,{SUPPORT},,en",
        f"{SUPPORT},Support Client,ventes,paris,,,fr",
        f"{MARKETING},Chargée Marketing,marketing,paris,{SUPPORT},,",
    )

    summary = run_import(data)
    db.session.commit()

    assert summary == ImportSummary(created=[MARKETING], updated=[SALES], unchanged=[SUPPORT])
    sales = person(SALES)
    assert (sales.display_name, sales.department, sales.office.code, sales.language) == (
        "Conseil Ventes",
        "communication",
        "quebec",
        "en",
    )
    assert sales.manager.email == SUPPORT
    assert sales.password_hash is not None  # an update never touches the password


def test_a_deactivated_person_listed_in_the_file_is_reactivated(app):
    importer = seed_organisation()
    last = last_event_id()
    data = people_csv(
        "ancien@relais.example,Ancien,communication,quebec,,,fr",
        f"{SALES},Conseil Ventes,communication,quebec,ancien@relais.example,,fr",
    )

    summary = run_import(data, importer)
    db.session.commit()

    assert summary.updated == ["ancien@relais.example"] and summary.created == [SALES]
    ancien = person("ancien@relais.example")
    assert ancien.active and ancien.deactivated_at is None
    assert ("person.reactivated", "ancien@relais.example", {}) in events(last)


def test_deactivating_missing_people_ends_their_sessions(app, client):
    importer = seed_organisation()
    leaver = make_person(email="depart@relais.example")
    db.session.commit()
    assert sign_in(client, leaver.email).status_code == 302
    assert client.get("/").status_code == 200
    data = people_csv("rh@relais.example,RH,rh,quebec,,hr,fr")

    summary = run_import(data, importer, deactivate_missing=True)
    db.session.commit()

    assert summary.deactivated == [
        "adjoint@relais.example",
        "depart@relais.example",
        "direction@relais.example",
    ]
    assert "ancien@relais.example" not in summary.deactivated  # already inactive
    assert not person("depart@relais.example").active
    session_record = db.session.scalar(select(SignInSession))
    assert session_record.end_reason == "deactivated"
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_dry_run_reports_what_would_happen_and_changes_nothing(app):
    importer = seed_organisation()
    before = database_state()
    data = people_csv(
        "rh@relais.example,Ressources humaines,rh,quebec,,hr,fr",  # renamed
        "ancien@relais.example,Ancien,communication,quebec,,,fr",
        f"{SALES},Conseil Ventes,communication,quebec,rh@relais.example,hr,fr",
    )

    summary = run_import(data, importer, deactivate_missing=True, dry_run=True)

    assert summary == ImportSummary(
        created=[SALES],
        updated=["rh@relais.example", "ancien@relais.example"],
        deactivated=["adjoint@relais.example", "direction@relais.example"],
        dry_run=True,
    )
    assert not (db.session.new or db.session.dirty or db.session.deleted)
    db.session.commit()
    assert database_state() == before


def test_a_name_that_looks_like_html_is_stored_as_written(app):
    seed_offices()
    run_import((DATA / "good" / "xss.csv").read_bytes())
    db.session.commit()
    curious = person("curieux@relais.example")
    assert curious.display_name == "<img src=x onerror=alert(1)>"
    assert curious.department == '<script>alert("x")</script>'


def test_roles_within_the_remit_are_set_and_the_others_left_alone(app):
    importer = seed_organisation()
    make_person(email="a.rh@relais.example", roles=("hr",), display_name="A")
    make_person(email="b@relais.example", display_name="B")
    make_person(email="c.admin@relais.example", roles=("admin",), display_name="C")
    make_person(email="d.admin@relais.example", roles=("admin",), display_name="D")
    db.session.commit()
    last = last_event_id()
    data = people_csv(
        "rh@relais.example,RH,rh,quebec,,hr,fr",
        "a.rh@relais.example,A,communication,quebec,,employee,fr",
        "b@relais.example,B,communication,quebec,,hr,fr",
        "c.admin@relais.example,C,communication,quebec,,admin,fr",
        "d.admin@relais.example,D,communication,quebec,,,fr",
        "e@relais.example,E,communication,quebec,,employee|hr manager,fr",
    )

    summary = run_import(data, importer)
    db.session.commit()

    assert summary.updated == ["a.rh@relais.example", "b@relais.example"]
    assert summary.created == ["e@relais.example"]
    assert summary.unchanged == [
        "rh@relais.example",
        "c.admin@relais.example",
        "d.admin@relais.example",
    ]
    assert person("a.rh@relais.example").role_names == {"employee"}
    assert person("b@relais.example").role_names == {"employee", "hr"}
    assert person("c.admin@relais.example").role_names == {"employee", "admin"}
    assert person("d.admin@relais.example").role_names == {"employee", "admin"}  # beyond HR's remit
    assert person("e@relais.example").role_names == {"employee", "hr"}
    role_events = [e for e in events(last) if e[0].startswith("role.")]
    assert role_events == [
        ("role.revoked", "a.rh@relais.example", {"role": "hr"}),
        ("role.granted", "b@relais.example", {"role": "hr"}),
        ("role.granted", "e@relais.example", {"role": "hr"}),
    ]
    actors = db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.id > last))
    assert set(actors) == {importer.id}


def test_an_admin_may_grant_and_revoke_admin(app):
    seed_offices()
    admin = make_person(email="admin@relais.example", roles=("admin",), display_name="Admin")
    make_person(email="ex.admin@relais.example", roles=("admin",), display_name="Ex")
    db.session.commit()
    data = people_csv(
        "admin@relais.example,Admin,communication,quebec,,admin,fr",
        "ex.admin@relais.example,Ex,communication,quebec,,,fr",
        f"{SALES},Conseil Ventes,communication,quebec,,admin hr,fr",
    )
    run_import(data, admin)
    db.session.commit()
    assert person("ex.admin@relais.example").role_names == {"employee"}
    assert person(SALES).role_names == {"employee", "hr", "admin"}


def test_the_command_line_may_grant_every_role(app):
    seed_offices()
    run_import(people_csv(f"{SALES},Conseil Ventes,communication,quebec,,admin|HR,fr"))
    db.session.commit()
    assert person(SALES).role_names == {"employee", "hr", "admin"}


def test_a_person_added_elsewhere_during_the_import_refuses_it_whole(app, monkeypatch):
    """Validation reads a snapshot; if someone adds one of the file's people before the write,
    the unique email wins, the import is refused with a message and nothing of it is kept."""
    seed_offices()
    db.session.commit()
    take_snapshot = importer_module.people_by_email

    def snapshot_then_someone_adds_the_same_person():
        people = take_snapshot()
        with Session(db.engine) as elsewhere:
            office = elsewhere.scalar(select(Office).where(Office.code == "paris"))
            elsewhere.add(Person(email=SALES, display_name="Ajout parallèle", office=office))
            elsewhere.commit()
        return people

    monkeypatch.setattr(
        importer_module, "people_by_email", snapshot_then_someone_adds_the_same_person
    )
    data = people_csv(
        f"{MARKETING},Chargée Marketing,marketing,paris,,,fr",
        f"{SALES},Conseil Ventes,communication,quebec,,,fr",
    )
    with pytest.raises(PeopleImportError) as refused:
        run_import(data)
    db.session.rollback()

    assert [describe_problem(p) for p in refused.value.problems] == [
        "row 1: people changed in Relais while this file was imported; import it again"
    ]
    assert sorted(db.session.scalars(select(Person.email))) == [SALES]
    assert person(SALES).display_name == "Ajout parallèle"
    assert count(AuditEvent) == 0
