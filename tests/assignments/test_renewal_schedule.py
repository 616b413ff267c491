"""Which e-mails a renewal is due on a day (the pure core): the window open while recent, the
reminders before the certificate's last valid day, the expiry once and only soon after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.assignments.schedule import (
    RENEWAL_EXPIRED,
    RENEWAL_OPEN,
    RENEWAL_SOON,
    Notice,
    NoticeSettings,
    renewal_notices_due,
)

SETTINGS = NoticeSettings(
    notice_days=14, due_soon_days=(7, 1), overdue_repeat_days=7, overdue_max=4
)
EXPIRES = date(2029, 1, 9)
OPENED = EXPIRES - timedelta(days=60)


def due(today: date, opened: date = OPENED) -> list[Notice]:
    return renewal_notices_due(
        assigned_at=datetime(opened.year, opened.month, opened.day, 9, tzinfo=UTC),
        assigned_on=opened,
        expires_on=EXPIRES,
        today=today,
        now=datetime(today.year, today.month, today.day, 12, tzinfo=UTC),
        settings=SETTINGS,
    )


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [
        (60, [Notice(RENEWAL_OPEN)]),
        (47, [Notice(RENEWAL_OPEN)]),
        (46, []),
        (31, []),
        (30, [Notice(RENEWAL_SOON, 30)]),
        (8, [Notice(RENEWAL_SOON, 30)]),
        (7, [Notice(RENEWAL_SOON, 7)]),
        (0, [Notice(RENEWAL_SOON, 7)]),
        (-1, [Notice(RENEWAL_EXPIRED)]),
        (-14, [Notice(RENEWAL_EXPIRED)]),
        (-15, []),
    ],
)
def test_the_notice_of_each_day(days_before, expected):
    """What a run on that day would queue; the message log then keeps each key once."""
    assert due(EXPIRES - timedelta(days=days_before)) == expected


def test_the_default_reminders_are_30_and_7_days():
    assert SETTINGS.renewal_reminder_days == (30, 7)


def test_a_renewal_opened_inside_the_30_days_gets_only_the_7_day_reminder():
    opened = EXPIRES - timedelta(days=20)
    assert due(EXPIRES - timedelta(days=20), opened) == [Notice(RENEWAL_OPEN)]
    # Still within the notice days of the opening: the log has its key already.
    assert due(EXPIRES - timedelta(days=7), opened) == [
        Notice(RENEWAL_OPEN),
        Notice(RENEWAL_SOON, 7),
    ]
    assert due(EXPIRES - timedelta(days=5), opened - timedelta(days=10)) == [
        Notice(RENEWAL_SOON, 7)
    ]


def test_a_renewal_opened_after_the_expiry_sends_no_expiry_notice():
    opened = EXPIRES + timedelta(days=3)
    assert due(opened, opened) == [Notice(RENEWAL_OPEN)]
    assert due(opened + timedelta(days=1), opened) == [Notice(RENEWAL_OPEN)]


def test_the_window_reaches_the_reminders_due_dates():
    """The query of open assignments reads due dates up to the farthest reminder (and a day)."""
    first, last = SETTINGS.due_window(date(2028, 12, 1))
    assert last == date(2028, 12, 1) + timedelta(days=31)
    assert first == date(2028, 12, 1) - timedelta(days=29)
