"""Password rules: length and commonness, no composition rules; argon2id hashes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.people.passwords import (
    HashingParameters,
    PasswordContext,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)

CHEAP = HashingParameters(time_cost=1, memory_cost=8, parallelism=1)


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short", "at least 8"),
        ("1234567", "at least 8"),
        ("password", "most common"),
        ("qwerty123", "most common"),
        ("Password1", "most common"),
        ("x" * 1025, "at most 1024"),
    ],
)
def test_weak_passwords_are_refused(app_factory, password, expected):
    with app_factory().test_request_context(headers={"Accept-Language": "en"}):
        assert expected in password_problem(password)


@pytest.mark.parametrize(
    "password",
    ["lowercase only words", "ALLCAPSNODIGITS", "correct horse battery staple", "é" * 8, "y" * 200],
)
def test_no_composition_rules(app_factory, password):
    with app_factory().test_request_context():
        assert password_problem(password) is None


def test_email_as_password_is_refused(app_factory):
    with app_factory().test_request_context(headers={"Accept-Language": "en"}):
        assert "e-mail" in password_problem(
            "someone.long@relais.example", PasswordContext(email="someone.long@relais.example")
        )


@pytest.mark.parametrize(
    "password", ["relais2026", "Relais-demo-2026", "relaisrelais", "RÉLAIS 2026"]
)
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "must not contain the name of the site, Relais"), ("fr", "le nom du site, Relais")],
)
def test_the_site_name_is_refused(app_factory, password, language, expected):
    with app_factory().test_request_context(headers={"Accept-Language": language}):
        assert expected in password_problem(password)


@pytest.mark.parametrize("password", ["acme-forever-26", "Àcmé_2026_spring", "ilove.ACME"])
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "the company's name, Acmé"), ("fr", "le nom de l’entreprise, Acmé")],
)
def test_the_company_name_is_refused(app_factory, password, language, expected):
    with app_factory().test_request_context(headers={"Accept-Language": language}):
        assert expected in password_problem(password, PasswordContext(company="Acmé"))


CAMILLE = PasswordContext(email="camille.lefebvre@example.org", names=("Camille Lefèbvre",))


@pytest.mark.parametrize(
    "password",
    ["camille.lefebvre!", "CamilleLefebvre99", "LEFÈBVRE-2026-ok", "long-camille-summer"],
)
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "your name or your e-mail address"), ("fr", "ni votre nom ni votre adresse e-mail")],
)
def test_the_person_own_name_and_email_are_refused(app_factory, password, language, expected):
    with app_factory().test_request_context(headers={"Accept-Language": language}):
        assert expected in password_problem(password, CAMILLE)


def test_short_words_of_a_name_are_not_refused(app_factory):
    # "rh" or "ti" inside a passphrase would refuse far too much to be worth it.
    context = PasswordContext(email="rh@example.org", names=("Li Ng",))
    with app_factory().test_request_context():
        assert password_problem("three rhymes at ti-time", context) is None


def test_the_demo_password_passes_the_rules(app_factory):
    from app.people.demo import DEMO_PASSWORD

    context = PasswordContext(email="communication.quebec.1@demo.example", names=("Direction",))
    with app_factory().test_request_context():
        assert password_problem(DEMO_PASSWORD, context) is None


def test_hash_is_argon2id_and_verifies():
    hashed = hash_password("a long passphrase", CHEAP)
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long passphrase", CHEAP)
    assert not verify_password(hashed, "another passphrase", CHEAP)
    assert not verify_password(None, "anything at all", CHEAP)
    assert not verify_password("not a hash", "anything at all", CHEAP)


def test_changed_parameters_ask_for_a_rehash():
    hashed = hash_password("a long passphrase", CHEAP)
    assert not needs_rehash(hashed, CHEAP)
    assert needs_rehash(hashed, HashingParameters(2, 16, 1))


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_text_round_trips(password):
    hashed = hash_password(password, CHEAP)
    assert verify_password(hashed, password, CHEAP)
    assert not verify_password(hashed, password + "!", CHEAP)
