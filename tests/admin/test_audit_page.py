"""The audit log page, through HTTP: who may read it, what a row shows, filter, pages, escaping."""

import pytest

from app.extensions import db
from tests.admin.tables import table_rows
from tests.factories import make_audit_event, make_person

PAGE_SIZE = 50
HOSTILE = "<script>alert('audit')</script>"


def audit_rows(client, **query) -> list[dict[str, str]]:
    response = client.get("/admin/audit", query_string=query)
    assert response.status_code == 200
    return table_rows(response.get_data(as_text=True))


def test_an_event_shows_who_did_what_to_whom_from_where(admin_client):
    actor = make_person(email="actor@relais.example")
    subject = make_person(email="subject@relais.example")
    make_audit_event(
        action="role.granted",
        actor_id=actor.id,
        subject_id=subject.id,
        details={"role": "hr"},
        ip="203.0.113.7",
        request_id="0b7c5b0e-request",
    )
    db.session.commit()
    [row] = audit_rows(admin_client)
    assert row["Action"] == "Role granted role.granted"  # the name, and the code in small type
    assert row["Who"] == "actor@relais.example"
    assert row["To whom"] == "subject@relais.example"
    assert row["Details"] == "role: hr"
    assert row["From"] == "203.0.113.7 0b7c5b0e-request"


def test_an_event_without_people_shows_dashes(admin_client):
    make_audit_event(action="office.created", details={"code": "paris"}, request_id="cli")
    db.session.commit()
    [row] = audit_rows(admin_client)
    assert (row["Who"], row["To whom"], row["Details"]) == ("—", "—", "code: paris")


def test_in_french_an_event_reads_as_words_with_its_code_kept_small(admin_client, app):
    make_audit_event(action="sign_in.success", details={"email": "a@relais.example", "count": 2})
    db.session.commit()
    admin_client.post("/language", data={"language": "fr"})
    [row] = audit_rows(admin_client)
    _when, action, _who, _whom, details, _from = row.values()
    assert action == "Connexion réussie sign_in.success"
    assert details == "e-mail : a@relais.example nombre : 2"  # the reader folds spaces
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "<li>e-mail\u202f: a@relais.example</li>" in page
    assert '<small class="code">sign_in.success</small>' in page


def test_newest_first(admin_client):
    for action in ("first.event", "second.event", "third.event"):
        make_audit_event(action=action)
    db.session.commit()
    actions = [row["Action"] for row in audit_rows(admin_client)]
    assert actions == ["third.event", "second.event", "first.event"]


def test_empty_log(admin_client):
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert table_rows(page) == []
    assert "0 events" in page
    assert "No event yet." in page
    assert "Older" not in page and "Newer" not in page


def test_filter_keeps_actions_that_start_with_the_text(admin_client):
    for action in ("password.changed", "password.reset", "sign_out", "role.granted"):
        make_audit_event(action=action)
    db.session.commit()
    actions = {row["Action"] for row in audit_rows(admin_client, action="password.")}
    assert actions == {"Password changed password.changed", "Password reset password.reset"}
    assert audit_rows(admin_client, action="granted") == []


@pytest.mark.parametrize("wildcard", ["%", "_", "sign_%"])
def test_filter_wildcards_are_plain_characters(admin_client, wildcard):
    make_audit_event(action="sign_out")
    make_audit_event(action="signXout")
    db.session.commit()
    assert audit_rows(admin_client, action=wildcard) == []


def test_pages_of_fifty_newest_first_with_links_both_ways(admin_client):
    for number in range(PAGE_SIZE + 3):
        make_audit_event(action=f"quiz.event{number:03d}")
    db.session.commit()
    first = admin_client.get("/admin/audit", query_string={"action": "quiz."})
    first_page = first.get_data(as_text=True)
    rows = table_rows(first_page)
    assert len(rows) == PAGE_SIZE
    assert rows[0]["Action"] == f"quiz.event{PAGE_SIZE + 2:03d}"
    assert f"{PAGE_SIZE + 3} events" in first_page
    assert 'href="/admin/audit?action=quiz.&amp;page=2">Older<' in first_page
    assert "Newer" not in first_page

    second_page = admin_client.get("/admin/audit?action=quiz.&page=2").get_data(as_text=True)
    actions = [row["Action"] for row in table_rows(second_page)]
    assert actions == ["quiz.event002", "quiz.event001", "quiz.event000"]
    assert 'href="/admin/audit?action=quiz.&amp;page=1">Newer<' in second_page
    assert "Older" not in second_page


@pytest.mark.parametrize(
    "asked",
    [
        "9223372036854775807",  # the audit's: an OverflowError and a 500
        "9",  # beyond the last page
        "0",
        "-3",
        "many",
        "",
        "1.5",
        " 1",
        "²",  # a digit to str.isdigit, not to int
        "1" * 10,
    ],
)
def test_a_page_that_does_not_exist_is_a_bad_request(admin_client, asked):
    make_audit_event()
    db.session.commit()
    response = admin_client.get("/admin/audit", query_string={"page": asked})
    assert response.status_code == 400
    assert "Bad request" in response.get_data(as_text=True)


def test_the_last_page_exists_and_the_one_after_does_not(admin_client):
    for _number in range(PAGE_SIZE + 1):
        make_audit_event()
    db.session.commit()
    assert len(audit_rows(admin_client, page="2")) == 1
    assert admin_client.get("/admin/audit?page=3").status_code == 400


def test_the_first_page_of_an_empty_log_exists(admin_client):
    assert audit_rows(admin_client, page="1") == []


def test_a_filter_holding_a_nul_character_is_a_bad_request(admin_client):
    assert admin_client.get("/admin/audit?action=sign%00").status_code == 400


def test_hostile_content_is_shown_as_text(admin_client):
    actor = make_person(email="o'brien+<b>@relais.example")
    make_audit_event(
        action=HOSTILE[:64],
        actor_id=actor.id,
        details={"<img src=x onerror=alert(1)>": HOSTILE},
        ip="<b>ip</b>",
        request_id='"><svg onload=alert(1)>',
    )
    db.session.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    [row] = table_rows(page)
    assert row["Action"] == HOSTILE
    assert row["Who"] == "o'brien+<b>@relais.example"
    assert row["Details"] == f"<img src=x onerror=alert(1)>: {HOSTILE}"
    assert row["From"] == '<b>ip</b> "><svg onload=alert(1)>'
    for raw in (HOSTILE, "<img src=x", "<svg", "<b>"):
        assert raw not in page


def test_the_filter_text_is_escaped_where_it_is_shown_again(admin_client):
    page = admin_client.get("/admin/audit", query_string={"action": '"><script>x</script>'})
    html = page.get_data(as_text=True)
    assert "<script>x</script>" not in html
    assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


@pytest.mark.parametrize("who", ["employee", "manager", "hr"])
def test_only_admins_may_read_the_log(client, login_as, who):
    make_audit_event(action="role.granted", details={"role": "admin"})
    db.session.commit()
    login_as(who)
    response = client.get("/admin/audit")
    assert response.status_code == 403
    assert "role.granted" not in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client, app):
    response = client.get("/admin/audit?action=role")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/admin/audit?action%3Drole"
