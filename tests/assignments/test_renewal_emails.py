"""A renewal's e-mails through ``notify`` and ``outbox send`` to a real SMTP server: the window
is open, the certificate expires in 30 and in 7 days, it has expired (the manager in copy) —
each once, in the holder's language, text and HTML, linking to the public site; and none of
the assignment's own "assigned", "due soon" or "overdue" e-mails beside them."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.learning.cycles import (
    BY_RENEWAL,
    WITHDRAWN,
    NewAssignment,
    close_assignment,
    open_assignments,
)
from app.notify.models import MessageLog
from app.outbox.models import OutboxMessage
from tests.assignments.notify_helpers import (
    LINK,
    at,
    deliver,
    make_track,
    notify,
    notify_output,
    text_and_html,
)
from tests.assignments.renewal_helpers import (
    ISSUED,
    VALID_UNTIL,
    WINDOW_OPENS,
    issue_on,
    renewals,
)
from tests.factories import make_office, make_person

OPEN_NOTICE, SOON, EXPIRED = "renewal_window_open", "renewal_expires_soon", "renewal_expired"


@pytest.fixture
def track(app):
    return make_track()


@pytest.fixture
def manager(app):
    return make_person(display_name="Marie Tremblay", email="marie@relais.example")


def holder_in(language: str, manager):
    return make_person(
        display_name="Léa Martin",
        email="lea@relais.example",
        language=language,
        manager=manager,
        office=make_office("paris"),
    )


def queued(app, day, hour: int = 12) -> Counter:
    """The e-mails one run queued, only the kinds it queued any of."""
    return Counter({kind: n for kind, n in notify(app, at(day, hour)).items() if n})


def test_each_renewal_e_mail_goes_once_on_its_day_and_no_assignment_e_mail(app, track, manager):
    issue_on(holder_in("fr", manager), track, ISSUED)
    days = {
        WINDOW_OPENS - timedelta(days=1): {},
        WINDOW_OPENS: {OPEN_NOTICE: 1},
        WINDOW_OPENS + timedelta(days=1): {},
        VALID_UNTIL - timedelta(days=31): {},
        VALID_UNTIL - timedelta(days=30): {SOON: 1},
        VALID_UNTIL - timedelta(days=29): {},
        VALID_UNTIL - timedelta(days=8): {},
        VALID_UNTIL - timedelta(days=7): {SOON: 1},
        VALID_UNTIL - timedelta(days=1): {},
        VALID_UNTIL: {},
        VALID_UNTIL + timedelta(days=1): {EXPIRED: 1},
        VALID_UNTIL + timedelta(days=2): {},
        VALID_UNTIL + timedelta(days=8): {},
        VALID_UNTIL + timedelta(days=40): {},
    }
    for day, expected in days.items():
        assert queued(app, day) == Counter(expected), day
        assert queued(app, day, hour=18) == Counter(), f"{day}, a second run"
    kinds = Counter(db.session.scalars(select(MessageLog.kind)))
    assert kinds == Counter({OPEN_NOTICE: 1, SOON: 2, EXPIRED: 1})


def test_a_missed_run_sends_the_closest_reminder_once(app, track, manager):
    issue_on(holder_in("fr", manager), track, ISSUED)
    assert queued(app, WINDOW_OPENS) == Counter({OPEN_NOTICE: 1})
    # Nobody ran notify for weeks: 5 days before the expiry, only the 7-day reminder goes.
    assert queued(app, VALID_UNTIL - timedelta(days=5)) == Counter({SOON: 1})
    [reminder] = db.session.scalars(select(MessageLog.key).where(MessageLog.kind == SOON))
    assert reminder.endswith("|n:7")


def test_the_window_open_e_mail_in_french_says_the_serial_the_date_and_links(
    app, smtp_server, track, manager
):
    certificate = issue_on(holder_in("fr", manager), track, ISSUED)
    notify(app, at(WINDOW_OPENS))
    handler, _result = deliver(app, smtp_server, at(WINDOW_OPENS))
    [mail] = handler.received()
    assert mail["To"] == "lea@relais.example" and mail["Cc"] is None
    assert mail["Subject"] == "Il est temps de renouveler votre certificat\u202f: Employés"
    text, html = text_and_html(mail)
    for body in (text, html):
        assert certificate.serial in body
        assert "9 janvier 2029" in body
        assert "https://relais.example/tracks/employees" in body
    assert "Open the track" not in text
    assert LINK.findall(text) == ["https://relais.example/tracks/employees"]


def test_the_30_day_reminder_in_english_counts_the_days(app, smtp_server, track, manager):
    issue_on(holder_in("en", manager), track, ISSUED)
    notify(app, at(WINDOW_OPENS))
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    notify(app, at(VALID_UNTIL - timedelta(days=30)))
    handler, _result = deliver(app, smtp_server, at(VALID_UNTIL - timedelta(days=30)))
    [mail] = handler.received()
    assert mail["Subject"] == "Your certificate expires in 30 days: Employees"
    text, html = text_and_html(mail)
    assert "is valid until January 9, 2029, 30 more days" in text
    assert "January 9, 2029" in html and "<a href=" in html


def test_the_expired_e_mail_copies_the_manager(app, smtp_server, track, manager):
    issue_on(holder_in("en", manager), track, ISSUED)
    notify(app, at(WINDOW_OPENS))
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    notify(app, at(VALID_UNTIL + timedelta(days=1)))
    handler, _result = deliver(app, smtp_server, at(VALID_UNTIL + timedelta(days=1)))
    [envelope] = handler.envelopes
    [mail] = handler.received()
    assert mail["Subject"] == "Your certificate has expired: Employees"
    assert mail["Cc"] == "marie@relais.example"
    assert sorted(envelope.rcpt_tos) == ["lea@relais.example", "marie@relais.example"]
    text, html = text_and_html(mail)
    assert "was valid until January 9, 2029 and has expired" in text
    assert "Marie Tremblay, your manager, receives a copy" in text
    assert "https://relais.example/team" in html


def test_a_renewal_opened_after_the_expiry_says_so_and_sends_no_second_expiry_e_mail(
    app, smtp_server, track, manager
):
    issue_on(holder_in("en", manager), track, ISSUED)
    late = VALID_UNTIL + timedelta(days=3)
    assert notify_output(app, at(late))["renewals opened"] == 1
    assert Counter(db.session.scalars(select(MessageLog.kind))) == Counter({OPEN_NOTICE: 1})
    handler, _result = deliver(app, smtp_server, at(late))
    [mail] = handler.received()
    assert "was valid until January 9, 2029 and has expired" in text_and_html(mail)[0]


def test_a_renewal_withdrawn_and_opened_again_does_not_announce_the_same_expiry_twice(
    app, track, manager
):
    issue_on(holder_in("en", manager), track, ISSUED)
    assert queued(app, WINDOW_OPENS) == Counter({OPEN_NOTICE: 1})
    [renewal] = renewals()
    close_assignment(renewal.id, WITHDRAWN, closed_by_id=manager.id, reason="by mistake")
    db.session.commit()
    # A manager gives the renewal back the same day: it is about the same certificate.
    open_assignments(
        [
            NewAssignment(
                renewal.person_id,
                renewal.track_id,
                BY_RENEWAL,
                due_on=renewal.due_on,
                renews_certificate_id=renewal.renews_certificate_id,
            )
        ],
        now=at(WINDOW_OPENS, 13),
    )
    db.session.commit()
    assert queued(app, WINDOW_OPENS, hour=14) == Counter()
