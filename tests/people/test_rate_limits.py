"""Login rate limits per account and per address; 429 pages that say when to retry."""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from app.extensions import db
from tests.conftest import sign_in
from tests.factories import make_person
from tests.live_server import live_server

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def test_account_is_limited_after_five_failures(client, app):
    person = make_person()
    db.session.commit()
    for _ in range(5):
        assert sign_in(client, person.email, "wrong guess").status_code == 400
    response = sign_in(client, person.email)  # even the right password waits now
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert re.search(r"Attendez \d+ secondes", page)


def client_at(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_stranger_failures_do_not_lock_the_owner_out(app):
    person = make_person()
    db.session.commit()
    attacker, owner = client_at(app, "203.0.113.66"), client_at(app, "198.51.100.10")
    for _ in range(5):
        assert sign_in(attacker, person.email, "wrong guess").status_code == 400
    assert sign_in(attacker, person.email).status_code == 429  # the attacker's client waits
    assert sign_in(owner, person.email).status_code == 302  # the owner's does not


def test_every_client_together_meets_a_slower_ceiling(app):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_ALL_CLIENTS"] = "12 per hour"
    person = make_person()
    db.session.commit()
    for n in range(4):  # four clients, three failures each: under each client's own limit
        client = client_at(app, f"203.0.113.{n}")
        for _ in range(3):
            assert sign_in(client, person.email, "wrong guess").status_code == 400
    fifth = client_at(app, "203.0.113.99")
    assert sign_in(fifth, person.email, "wrong guess").status_code == 429


def device_cookie(client, app):
    cookie = client.get_cookie(app.config["DEVICE_COOKIE_NAME"])
    return cookie.value if cookie else None


def test_the_owner_browser_signs_in_beside_a_stranger_on_the_same_address(app):
    person = make_person()
    db.session.commit()
    owner = client_at(app, "192.0.2.1")  # one office address for everyone behind it
    assert sign_in(owner, person.email).status_code == 302
    owner.post("/logout")
    attacker = client_at(app, "192.0.2.1")
    for _ in range(5):
        sign_in(attacker, person.email, "wrong guess")
    assert sign_in(attacker, person.email).status_code == 429
    assert sign_in(owner, person.email).status_code == 302  # its device cookie counts apart


def test_a_known_device_is_never_stopped_by_the_ceiling(app):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_ALL_CLIENTS"] = "6 per hour"
    person = make_person()
    db.session.commit()
    owner = client_at(app, "198.51.100.10")
    sign_in(owner, person.email)
    owner.post("/logout")
    for n in range(3):
        stranger = client_at(app, f"203.0.113.{n}")
        for _ in range(2):
            sign_in(stranger, person.email, "wrong guess")
    assert sign_in(client_at(app, "203.0.113.50"), person.email).status_code == 429
    assert sign_in(owner, person.email).status_code == 302


def test_a_device_cookie_counts_only_for_its_own_account(app):
    victim, attacker_account = make_person(), make_person()
    db.session.commit()
    attacker = client_at(app, "203.0.113.66")
    sign_in(attacker, attacker_account.email)  # a genuine cookie, for the attacker's account
    attacker.post("/logout")
    assert device_cookie(attacker, app)
    for _ in range(5):
        sign_in(attacker, victim.email, "wrong guess")
    assert sign_in(attacker, victim.email).status_code == 429


def test_a_forged_device_cookie_is_ignored(app):
    person = make_person()
    db.session.commit()
    attacker = client_at(app, "203.0.113.66")
    for n in range(5):
        attacker.set_cookie(app.config["DEVICE_COOKIE_NAME"], f"forged-{n}")
        sign_in(attacker, person.email, "wrong guess")
    assert sign_in(attacker, person.email).status_code == 429


def test_the_device_cookie_is_http_only_and_not_the_address(client, app):
    person = make_person()
    db.session.commit()
    response = sign_in(client, person.email)
    header = next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("relais_device=")
    )
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert person.email.split("@")[0] not in header


def test_the_default_ceiling_is_slower_than_one_client_limit(app):
    assert app.config["LOGIN_LIMIT_PER_ACCOUNT"] == "5 per minute;20 per hour"
    assert app.config["LOGIN_LIMIT_PER_ACCOUNT_ALL_CLIENTS"] == "60 per hour"


def test_account_limit_counts_failures_only(client, app):
    person = make_person()
    db.session.commit()
    for _ in range(6):
        assert sign_in(client, person.email).status_code == 302
        client.post("/logout")


def test_limit_on_one_account_leaves_others_alone(client, app):
    target, other = make_person(), make_person()
    db.session.commit()
    for _ in range(6):
        sign_in(client, target.email, "wrong guess")
    assert sign_in(client, other.email).status_code == 302


def test_address_is_limited_across_accounts(client, app):
    for n in range(20):
        sign_in(client, f"guess{n}@relais.example", "wrong guess")
    response = sign_in(client, "guess-last@relais.example", "wrong guess")
    assert response.status_code == 429


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, app):
    for n in range(20):
        headers = {"X-Forwarded-For": f"203.0.113.{n}"}
        client.post(
            "/login", data={"email": f"g{n}@relais.example", "password": "x" * 9}, headers=headers
        )
    response = client.post(
        "/login",
        data={"email": "z@relais.example", "password": "x" * 9},
        headers={"X-Forwarded-For": "198.51.100.7"},
    )
    assert response.status_code == 429


def test_trusted_proxy_forwards_the_client_address(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False, TRUSTED_PROXIES="127.0.0.1/32")
    client = app.test_client()
    for n in range(25):  # 25 different clients behind the proxy, one attempt each
        response = client.post(
            "/login",
            data={"email": f"g{n}@relais.example", "password": "x" * 9},
            headers={"X-Forwarded-For": f"198.51.100.200, 203.0.113.{n}"},
        )
        assert response.status_code == 400


def _post_login(opener, base_url, email, password):
    data = urllib.parse.urlencode({"email": email, "password": password}).encode()
    try:
        with opener.open(base_url + "/login", data=data, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


@pytest.mark.redis
@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL is not set (no Redis to share)")
def test_two_servers_share_the_account_limit_through_redis(app, database_url):
    person = make_person()
    db.session.commit()
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": TEST_REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"relais-test-{uuid.uuid4().hex}",
    }
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with live_server(settings) as first, live_server(settings) as second:
        statuses = [
            _post_login(opener, url, person.email, "wrong guess")
            for url in (first, second, first, second, first)
        ]
        assert statuses == [400] * 5
        assert _post_login(opener, second, person.email, "wrong guess") == 429
        assert _post_login(opener, first, person.email, "wrong guess") == 429
