"""The outbox page, through HTTP: who may read it, what a message shows, the limit, escaping."""

from datetime import UTC, datetime, timedelta

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
    make_outbox_message(
        recipient="sent@relais.example", subject="Reset", state="sent", sent_at=datetime.now(UTC)
    )
    make_outbox_message(
        recipient="retries@relais.example",
        subject="Reminder",
        attempts=3,
        last_error="SMTPDataError: (451, b'try later')",
    )
    make_outbox_message(
        recipient="failed@relais.example",
        subject="Overdue",
        state="failed",
        attempts=10,
        last_error="SMTPRecipientsRefused: mailbox unavailable",
    )
    db.session.commit()
    rows = outbox_rows(admin_client)
    assert [
        (row["To"], row["Subject"], row["Status"], row["Attempts"], row["Last error"])
        for row in rows
    ] == [
        (
            "failed@relais.example",
            "Overdue",
            "failed",
            "10",
            "SMTPRecipientsRefused: mailbox unavailable",
        ),
        (
            "retries@relais.example",
            "Reminder",
            "waiting to retry",
            "3",
            "SMTPDataError: (451, b'try later')",
        ),
        ("sent@relais.example", "Reset", "sent", "0", "—"),
        ("waits@relais.example", "Your track", "waiting", "0", "—"),
    ]


def test_a_pending_message_shows_its_next_attempt_and_others_none(admin_client):
    due = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
    make_outbox_message(subject="Later", attempts=1, next_attempt_at=due)
    make_outbox_message(subject="Done", state="sent", sent_at=due)
    db.session.commit()
    page = admin_client.get("/admin/outbox").get_data(as_text=True)
    done, later = table_rows(page)  # newest first
    # The admin works in Québec: 14:30 UTC is 9:30 there.
    # The table reader folds the no-break space before AM into a space.
    assert later["Next attempt"] == "Dec 1, 2026, 9:30 AM (Eastern Standard Time)"
    assert f'datetime="{due.isoformat()}"' in page
    assert done["Next attempt"] == "—"


def test_a_message_claimed_by_a_sender_shows_as_being_sent(admin_client):
    make_outbox_message(
        subject="Now", attempts=1, claimed_until=datetime.now(UTC) + timedelta(minutes=5)
    )
    make_outbox_message(
        subject="Lapsed", attempts=1, claimed_until=datetime.now(UTC) - timedelta(minutes=5)
    )
    db.session.commit()
    lapsed, now = outbox_rows(admin_client)
    assert (now["Subject"], now["Status"]) == ("Now", "sending")
    assert (lapsed["Subject"], lapsed["Status"]) == ("Lapsed", "waiting to retry")


def test_addresses_in_copy_are_shown_with_the_recipient(admin_client):
    make_outbox_message(recipient="learner@relais.example", cc="manager@relais.example")
    db.session.commit()
    [row] = outbox_rows(admin_client)
    assert row["To"] == "learner@relais.exampleCc: manager@relais.example"  # one per line


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
    assert (row["To"], row["Subject"], row["Last error"]) == (
        "<b>x</b>@relais.example",
        HOSTILE,
        HOSTILE,
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
