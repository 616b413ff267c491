"""The outbox page, through HTTP: who may read it, what a message shows, the limit, escaping."""

from datetime import UTC, datetime

import pytest

from app.extensions import db
from tests.admin.tables import table_rows
from tests.factories import make_outbox_message

SHOWN = 100
HOSTILE = "<script>alert('outbox')</script>"


def outbox_rows(client) -> list[dict[str, str]]:
    response = client.get("/admin/outbox")
    assert response.status_code == 200
    return table_rows(response.get_data(as_text=True))


def test_each_message_shows_recipient_subject_and_status(admin_client):
    make_outbox_message(recipient="waits@relais.example", subject="Your track")
    make_outbox_message(recipient="sent@relais.example", subject="Reset", sent_at=datetime.now(UTC))
    make_outbox_message(
        recipient="failed@relais.example",
        subject="Reminder",
        attempts=3,
        last_error="SMTPRecipientsRefused: mailbox unavailable",
    )
    db.session.commit()
    rows = outbox_rows(admin_client)
    assert [(row["To"], row["Subject"], row["Status"]) for row in rows] == [
        ("failed@relais.example", "Reminder", "failed: SMTPRecipientsRefused: mailbox unavailable"),
        ("sent@relais.example", "Reset", "sent"),
        ("waits@relais.example", "Your track", "waiting"),
    ]


def test_a_sensitive_body_is_never_shown(admin_client):
    link = "https://relais.example/reset/secret-token-0123456789"
    make_outbox_message(subject="Password reset", body=f"Open {link}", sensitive=True)
    db.session.commit()
    page = admin_client.get("/admin/outbox").get_data(as_text=True)
    assert "Password reset" in page
    assert "secret-token" not in page


def test_empty_outbox(admin_client):
    assert outbox_rows(admin_client) == []


def test_an_empty_outbox_says_so_and_names_the_command_without_backticks(admin_client):
    page = admin_client.get("/admin/outbox").get_data(as_text=True)
    assert "No e-mail in the outbox." in page
    assert "<code>flask outbox send</code>" in page
    assert "`" not in page


def test_the_newest_hundred_are_shown(admin_client):
    for number in range(SHOWN + 1):
        make_outbox_message(subject=f"Message {number:03d}")
    db.session.commit()
    subjects = [row["Subject"] for row in outbox_rows(admin_client)]
    assert len(subjects) == SHOWN
    assert subjects[0] == f"Message {SHOWN:03d}"
    assert "Message 000" not in subjects


def test_hostile_content_is_shown_as_text(admin_client):
    make_outbox_message(recipient="<b>x</b>@relais.example", subject=HOSTILE, last_error=HOSTILE)
    db.session.commit()
    page = admin_client.get("/admin/outbox").get_data(as_text=True)
    [row] = table_rows(page)
    assert (row["To"], row["Subject"], row["Status"]) == (
        "<b>x</b>@relais.example",
        HOSTILE,
        f"failed: {HOSTILE}",
    )
    assert HOSTILE not in page and "<b>x</b>" not in page


@pytest.mark.parametrize("who", ["employee", "manager", "hr"])
def test_only_admins_may_read_the_outbox(client, login_as, who):
    make_outbox_message(subject="Confidential subject")
    db.session.commit()
    login_as(who)
    response = client.get("/admin/outbox")
    assert response.status_code == 403
    assert "Confidential subject" not in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client, app):
    response = client.get("/admin/outbox")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/admin/outbox"
