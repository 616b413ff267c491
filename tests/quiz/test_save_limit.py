"""Answer saves are limited per person: generous for a learner, a wall for a script."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.conftest import empty_all_tables, sign_in
from tests.factories import make_person
from tests.quiz.attempt_helpers import answers, reload, save, start
from tests.quiz.quiz_content import sync_quiz


@pytest.fixture
def limited_app(app_factory, tmp_path):
    app = app_factory(WTF_CSRF_ENABLED=False, QUIZ_SAVE_LIMIT_PER_PERSON="3 per minute")
    with app.app_context():
        empty_all_tables()
        sync_quiz(tmp_path / "c")
        yield app


def sign_in_learner(app):
    person = make_person(language="en")
    db.session.commit()
    client = app.test_client()
    assert sign_in(client, person.email).status_code == 302
    return client


def test_saves_past_the_limit_are_refused_and_not_written(limited_app):
    client = sign_in_learner(limited_app)
    attempt = start(client)
    for _ in range(3):
        assert save(client, reload(attempt), {}, json=True).status_code == 200
    revision = reload(attempt).revision
    refused = save(client, reload(attempt), answers(reload(attempt)), json=True)
    assert refused.status_code == 429
    assert refused.get_json()["error"]["message"].startswith("Wait ")
    assert reload(attempt).revision == revision
    assert [slot.response for slot in reload(attempt).slots] == [None] * 6


def test_one_learner_s_saves_do_not_count_against_another(limited_app):
    first, second = sign_in_learner(limited_app), sign_in_learner(limited_app)
    mine, theirs = start(first), start(second)
    for _ in range(4):
        save(first, reload(mine), {}, json=True)
    assert save(second, reload(theirs), {}, json=True).status_code == 200


def test_a_learner_answering_quickly_never_meets_the_default_limit(quiz_app, client, login_as):
    login_as("employee", language="en")
    attempt = start(client)
    for _ in range(60):  # a save a second for a whole minute of typing
        assert save(client, reload(attempt), {}, json=True).status_code == 200


@pytest.fixture
def quiz_app(app, tmp_path):
    sync_quiz(tmp_path / "c")
    return app
