"""The demo organisation: three offices, about sixty people, a tree without loops."""

from sqlalchemy import func, select

from app.extensions import db
from app.people.models import Office, Person
from tests.conftest import empty_all_tables
from tests.factories import SIGNING_KEY


def test_demo_seeds_offices_people_and_prints_sign_ins(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "rh@demo.example" in result.output and "bonjour-demo-2026" in result.output
    assert {o.name for o in db.session.scalars(select(Office))} == {
        "Québec",
        "Louvain-la-Neuve",
        "Paris",
    }
    people = db.session.scalars(select(Person)).all()
    assert 55 <= len(people) <= 70
    departments = {p.department for p in people}
    assert {
        "communication",
        "marketing",
        "sales",
        "customer-service",
        "hr",
        "it",
        "leadership",
    } <= departments
    assert sum(p.has_granted_role("hr") for p in people) == 1
    assert sum(p.has_granted_role("admin") for p in people) == 1
    roots = [p for p in people if p.manager_id is None]
    assert len(roots) == 1
    managers = {p.id: p.manager_id for p in people}
    for person in people:  # every chain reaches the root without a loop
        seen, current = set(), person.id
        while current is not None:
            assert current not in seen
            seen.add(current)
            current = managers[current]


def test_demo_sign_in_works(app, client):
    app.test_cli_runner().invoke(args=["demo"])
    response = client.post(
        "/login", data={"email": "rh@demo.example", "password": "bonjour-demo-2026"}
    )
    assert response.status_code == 302


def test_demo_refuses_a_database_with_people(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    count = db.session.scalar(select(func.count(Person.id)))
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 1
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0
    assert db.session.scalar(select(func.count(Person.id))) == count


def test_demo_refuses_in_production(app_factory):
    app = app_factory(
        RELAIS_ENV="production",
        CERTIFICATE_SIGNING_KEY=SIGNING_KEY,
        ALLOW_SQLITE_IN_PRODUCTION=True,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
    )
    with app.app_context():
        empty_all_tables()
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 1
        assert "never seeded in production" in result.output
        assert db.session.scalar(select(func.count(Person.id))) == 0


def test_demo_refuses_an_unknown_size_and_seeds_nothing(app):
    result = app.test_cli_runner().invoke(args=["demo", "--size", "huge"])
    assert result.exit_code == 2
    assert "Invalid value for '--size'" in result.output
    assert "'huge' is not one of 'normal', 'large'" in result.output
    assert db.session.scalar(select(func.count(Person.id))) == 0


def test_demo_without_content_to_sync_says_why_and_seeds_nothing(app_factory, tmp_path):
    app = app_factory(CONTENT_ROOT=str(tmp_path))
    with app.app_context():
        empty_all_tables()
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 1
        assert "there is no courses/ folder here" in result.output
        assert "Demo not seeded: the content it needs could not be synced." in result.output
        assert db.session.scalar(select(func.count(Person.id))) == 0
