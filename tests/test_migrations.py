"""Migrations build the schema from empty, go back down, come up again, and match the models."""

import json
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.content.assets import lesson_html
from app.extensions import db
from tests.conftest import settings_for_tests
from tests.factories import make_person

SCHEMA = "relais_migration_check"
BEFORE_SEQUENCES = "b5869aac191c"  # the revision before slots had their own sequence
BEFORE_FLAGS = "3c1d2e9a7b40"  # the revision before slots had a flag


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with nothing in it, of the same kind as the test database."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    separator = "&" if "?" in database_url else "?"
    yield f"{database_url}{separator}options=-csearch_path%3D{SCHEMA}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def test_upgrade_downgrade_upgrade(empty_database_url):
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"person", "office", "sign_in_session", "audit_event"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            differences = compare_metadata(context, db.metadata)
        assert differences == [], "the models changed: add a migration (flask db migrate)"
        db.engine.dispose()


def new_person_id() -> int:
    """A person, committed; only their id is kept, and the session closed: an object read after
    the commit would open a transaction whose lock on ``person`` blocks a downgrade's DROP
    TABLE of a table that refers to it, on PostgreSQL."""
    person_id = make_person().id
    db.session.commit()
    db.session.remove()
    return person_id


def insert_course_with_a_question(connection) -> None:
    connection.execute(
        text(
            "INSERT INTO course (id, slug, title, summary, quiz, version, fingerprint)"
            " VALUES (1, 'basics', '{}', '{}', '{}', 1, 'f')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO question (id, course_id, name, position, type, data)"
            " VALUES (1, 1, 'q1', 0, 'truefalse', '{}')"
        )
    )


def slot_rows(connection) -> list[tuple]:
    return [
        tuple(row)
        for row in connection.execute(
            text("SELECT position, response FROM attempt_slot ORDER BY position")
        )
    ]


def insert_open_attempt(connection, person_id: int, sequence: int | None = None) -> None:
    """An open attempt, revision 3, of two slots: the first answered, the second not; their
    ``sequence`` where the schema has one."""
    connection.execute(
        text(
            "INSERT INTO quiz_attempt (id, person_id, course_id, number, course_version,"
            " settings, state, revision, started_at)"
            " SELECT 1, :person, id, 1, 1, '{}', 'open', 3, :now FROM course"
        ),
        {"person": person_id, "now": datetime(2026, 11, 30, 9, 0, tzinfo=UTC)},
    )
    insert = INSERT_SLOT if sequence is None else INSERT_SLOT_WITH_SEQUENCE
    for position, response in ((1, '{"value": "0"}'), (2, None)):
        connection.execute(
            insert, {"position": position, "response": response, "sequence": sequence}
        )


INSERT_SLOT = text(
    'INSERT INTO attempt_slot (attempt_id, position, question_id, question, "order", mark,'
    " response) SELECT 1, :position, min(id), '{}', '{}', 1.0, :response FROM question"
)
INSERT_SLOT_WITH_SEQUENCE = text(
    'INSERT INTO attempt_slot (attempt_id, position, question_id, question, "order", mark,'
    " response, sequence)"
    " SELECT 1, :position, min(id), '{}', '{}', 1.0, :response, :sequence FROM question"
)


def test_slots_take_their_attempt_s_revision_as_sequence_and_keep_their_answers(empty_database_url):
    """An attempt open across the upgrade: its page sends the attempt's revision for each
    question, which must still be current; the answers survive down and up again."""
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade(revision=BEFORE_SEQUENCES)
        person_id = new_person_id()
        with db.engine.begin() as connection:
            insert_course_with_a_question(connection)
            insert_open_attempt(connection, person_id)
            before = slot_rows(connection)
        upgrade()
        with db.engine.connect() as connection:
            assert slot_rows(connection) == before
            sequences = connection.execute(text("SELECT sequence, save_key FROM attempt_slot"))
            assert sequences.all() == [(3, None), (3, None)]
        downgrade(revision=BEFORE_SEQUENCES)
        with db.engine.connect() as connection:
            assert slot_rows(connection) == before
            revision = connection.scalar(text("SELECT revision FROM quiz_attempt"))
            assert revision == 3
        upgrade()
        with db.engine.connect() as connection:
            assert slot_rows(connection) == before
        db.session.remove()
        db.engine.dispose()


def test_slots_start_unflagged_and_keep_their_answers_down_and_up(empty_database_url):
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade(revision=BEFORE_FLAGS)
        person_id = new_person_id()
        with db.engine.begin() as connection:
            insert_course_with_a_question(connection)
            insert_open_attempt(connection, person_id, sequence=3)
            before = slot_rows(connection)
        upgrade()
        with db.engine.begin() as connection:
            assert slot_rows(connection) == before
            flags = connection.execute(text("SELECT flagged FROM attempt_slot ORDER BY position"))
            assert flags.scalars().all() == [False, False]
            connection.execute(text("UPDATE attempt_slot SET flagged = TRUE WHERE position = 2"))
        downgrade(revision=BEFORE_FLAGS)
        with db.engine.connect() as connection:
            assert slot_rows(connection) == before
            columns = {column["name"] for column in inspect(connection).get_columns("attempt_slot")}
            assert "flagged" not in columns and "sequence" in columns
        upgrade()
        with db.engine.connect() as connection:
            assert slot_rows(connection) == before
            flags = connection.execute(text("SELECT flagged FROM attempt_slot ORDER BY position"))
            assert flags.scalars().all() == [False, False]


BEFORE_LESSON_HTML = "5e2b7c9d1a04"  # the revision before lessons kept their HTML
LESSON_BODY = {
    "fr": "## Écouter\n\nVoir [la suite](02-second.fr.md) et ![le schéma](../images/s.png).",
    "en": "## Listen\n\nSee [what follows](02-second.en.md) and ![the diagram](../images/s.png).",
}


def lesson_rows(connection) -> list[tuple]:
    rows = connection.execute(text("SELECT id, slug, body FROM lesson ORDER BY id"))
    return [
        (id_, slug, json.loads(body) if isinstance(body, str) else body) for id_, slug, body in rows
    ]


def test_lessons_synced_before_the_upgrade_get_their_html_and_keep_their_body(empty_database_url):
    """A lesson synced before lessons kept their HTML gets the HTML the page showed (the same
    renderer), the content version starts at 1, and down and up again keep the lesson."""
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade(revision=BEFORE_LESSON_HTML)
        with db.engine.begin() as connection:
            insert_course_with_a_question(connection)
            connection.execute(
                text(
                    "INSERT INTO lesson (id, course_id, slug, position, title, minutes, body)"
                    " VALUES (1, 1, '01-first', 0, '{}', 5, :body)"
                ),
                {"body": json.dumps(LESSON_BODY)},
            )
            before = lesson_rows(connection)
        upgrade()
        with db.engine.connect() as connection:
            assert lesson_rows(connection) == before
            html = connection.scalar(text("SELECT html FROM lesson"))
            html = json.loads(html) if isinstance(html, str) else html
            assert html == lesson_html(LESSON_BODY)
            assert (
                '<a href="02-second"' in html["en"] and 'src="../files/images/s.png"' in html["fr"]
            )
            assert connection.scalar(text("SELECT version FROM content_version")) == 1
        downgrade(revision=BEFORE_LESSON_HTML)
        with db.engine.connect() as connection:
            assert lesson_rows(connection) == before
            assert "html" not in {c["name"] for c in inspect(connection).get_columns("lesson")}
            assert "content_version" not in inspect(connection).get_table_names()
        upgrade()
        with db.engine.connect() as connection:
            assert lesson_rows(connection) == before
            assert connection.scalar(text("SELECT count(*) FROM content_version")) == 1
        db.session.remove()
        db.engine.dispose()


BEFORE_CYCLES = "5a7e0c4d2f19"  # the revision before completions belonged to a cycle
COMPLETED_AT = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)


def insert_completions(connection, person_id: int) -> None:
    """A track holding the course, and the person's completion of both, as recorded before
    cycles existed."""
    connection.execute(
        text(
            "INSERT INTO track (id, slug, audience, title, summary, requires_charter,"
            " validity_months, champion_credits, position)"
            " VALUES (1, 'basics-track', 'employees', '{}', '{}', false, 12, 10, 0)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO course_completion (id, person_id, course_id, course_version, fraction,"
            " completed_at) VALUES (1, :person, 1, 1, 0.9, :at)"
        ),
        {"person": person_id, "at": COMPLETED_AT},
    )
    connection.execute(
        text(
            "INSERT INTO track_completion (id, person_id, track_id, completed_at)"
            " VALUES (1, :person, 1, :at)"
        ),
        {"person": person_id, "at": COMPLETED_AT},
    )


def completion_rows(connection) -> list[tuple]:
    return [
        *connection.execute(
            text("SELECT 'course', id, person_id, course_id FROM course_completion ORDER BY id")
        ),
        *connection.execute(
            text("SELECT 'track', id, person_id, track_id FROM track_completion ORDER BY id")
        ),
    ]


def test_completions_recorded_before_cycles_become_cycle_one_and_survive_down_and_up(
    empty_database_url,
):
    """Every completion recorded before assignments is cycle 1; a second cycle can then be
    recorded, a second cycle 1 cannot; going down keeps cycle 1 (and drops the later cycles the
    old unique keys cannot hold), and coming up again gives cycle 1 back."""
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade(revision=BEFORE_CYCLES)
        person_id = new_person_id()
        with db.engine.begin() as connection:
            insert_course_with_a_question(connection)
            insert_completions(connection, person_id)
            before = completion_rows(connection)
        upgrade()
        with db.engine.begin() as connection:
            assert completion_rows(connection) == before
            cycles = connection.execute(
                text(
                    "SELECT cycle FROM course_completion"
                    " UNION ALL SELECT cycle FROM track_completion"
                )
            )
            assert [cycle for (cycle,) in cycles] == [1, 1]
            connection.execute(
                text(
                    "INSERT INTO track_completion (id, person_id, track_id, cycle, completed_at)"
                    " VALUES (2, :person, 1, 2, :at)"
                ),
                {"person": person_id, "at": COMPLETED_AT},
            )
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO track_completion (id, person_id, track_id, cycle, completed_at)"
                    " VALUES (3, :person, 1, 1, :at)"
                ),
                {"person": person_id, "at": COMPLETED_AT},
            )
        downgrade(revision=BEFORE_CYCLES)
        with db.engine.connect() as connection:
            assert completion_rows(connection) == before
            assert "assignment" not in inspect(connection).get_table_names()
        upgrade()
        with db.engine.connect() as connection:
            assert completion_rows(connection) == before
            assert connection.scalar(text("SELECT cycle FROM track_completion")) == 1
        db.session.remove()
        db.engine.dispose()
