"""Which e-mails an open assignment is due on a day (the pure core of ``notify``), and the
settings that steer it, refused by name when they cannot work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.assignments.schedule import (
    ASSIGNED,
    DUE_SOON,
    OVERDUE,
    Notice,
    NoticeSettings,
    notices_due,
)
from app.config import UnsafeConfigurationError, settings_from_environment

SETTINGS = NoticeSettings(
    notice_days=14, due_soon_days=(7, 1), overdue_repeat_days=7, overdue_max=4
)
DUE = date(2026, 12, 1)


def due_on_day(today: date, *, assigned_on=date(2026, 10, 1), due_on=DUE, self_enrolled=False):
    assigned_at = datetime(assigned_on.year, assigned_on.month, assigned_on.day, 9, tzinfo=UTC)
    now = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    return notices_due(
        self_enrolled=self_enrolled,
        assigned_at=assigned_at,
        assigned_on=assigned_on,
        due_on=due_on,
        today=today,
        now=now,
        settings=SETTINGS,
    )


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [
        (8, []),
        (7, [Notice(DUE_SOON, 7)]),
        (2, [Notice(DUE_SOON, 7)]),
        (1, [Notice(DUE_SOON, 1)]),
        (0, [Notice(DUE_SOON, 1)]),
    ],
    ids=["8-days", "7-days", "2-days", "1-day", "due-day"],
)
def test_the_closest_reminder_whose_day_has_come(days_before, expected):
    assert due_on_day(DUE - timedelta(days=days_before)) == expected


@pytest.mark.parametrize(
    ("days_late", "occurrence"),
    [(1, 1), (7, 1), (8, 2), (15, 3), (22, 4), (28, 4), (29, None)],
    ids=["day-after", "end-of-first-week", "second", "third", "fourth", "last-day", "past-cap"],
)
def test_the_overdue_notice_of_the_week_until_the_cap(days_late, occurrence):
    expected = [Notice(OVERDUE, occurrence)] if occurrence else []
    assert due_on_day(DUE + timedelta(days=days_late)) == expected


def test_a_new_assignment_is_announced_and_not_reminded_of_what_it_was_too_late_for():
    today = DUE - timedelta(days=3)
    assert due_on_day(today, assigned_on=today) == [Notice(ASSIGNED)]


def test_an_assignment_opened_already_late_waits_for_the_next_overdue_notice():
    opened = DUE + timedelta(days=1)
    assert due_on_day(opened, assigned_on=opened) == [Notice(ASSIGNED)]
    # (the notice is due again on every run of the notice days; the message log sends it once)
    assert due_on_day(DUE + timedelta(days=8), assigned_on=opened) == [
        Notice(ASSIGNED),
        Notice(OVERDUE, 2),
    ]


def test_a_self_enrolment_without_due_date_is_due_nothing():
    today = date(2026, 11, 10)
    assert due_on_day(today, assigned_on=today, due_on=None, self_enrolled=True) == []


def test_the_notice_is_for_assignments_opened_within_the_notice_days():
    assert due_on_day(date(2026, 11, 24), assigned_on=date(2026, 11, 10), due_on=None) == []
    assert due_on_day(date(2026, 11, 23), assigned_on=date(2026, 11, 10), due_on=None) == [
        Notice(ASSIGNED)
    ]


def test_the_settings_come_from_the_environment(tmp_path):
    environ = {
        "ASSIGNMENT_NOTICE_DAYS": "3",
        "ASSIGNMENT_DUE_SOON_DAYS": " 1, 14,7,7 ",
        "ASSIGNMENT_OVERDUE_REPEAT_DAYS": "2",
        "ASSIGNMENT_OVERDUE_MAX": "9",
        "RENEWAL_REMINDER_DAYS": "7, 45",
    }
    settings = settings_from_environment(tmp_path, environ)
    assert {name: settings[name] for name in environ} == {
        "ASSIGNMENT_NOTICE_DAYS": 3,
        "ASSIGNMENT_DUE_SOON_DAYS": (14, 7, 1),
        "ASSIGNMENT_OVERDUE_REPEAT_DAYS": 2,
        "ASSIGNMENT_OVERDUE_MAX": 9,
        "RENEWAL_REMINDER_DAYS": (45, 7),
    }


def test_the_settings_have_defaults(tmp_path):
    settings = settings_from_environment(tmp_path, {})
    assert NoticeSettings.from_config(settings) == SETTINGS


DAYS_REFUSAL = (
    "ASSIGNMENT_DUE_SOON_DAYS must list whole numbers of days, each at least 1, separated by"
    " commas (like 7,1), not {!r}"
)

RENEWAL_REFUSAL = (
    "RENEWAL_REMINDER_DAYS must list whole numbers of days, each at least 1, separated by"
    " commas (like 30,7), not {!r}"
)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ASSIGNMENT_NOTICE_DAYS", "0", "ASSIGNMENT_NOTICE_DAYS must be at least 1, not 0"),
        ("ASSIGNMENT_OVERDUE_MAX", "-1", "ASSIGNMENT_OVERDUE_MAX must be at least 1, not -1"),
        (
            "ASSIGNMENT_OVERDUE_REPEAT_DAYS",
            "weekly",
            "ASSIGNMENT_OVERDUE_REPEAT_DAYS must be a whole number, not 'weekly'",
        ),
        ("ASSIGNMENT_DUE_SOON_DAYS", "7,x", DAYS_REFUSAL.format("7,x")),
        ("ASSIGNMENT_DUE_SOON_DAYS", "7,0", DAYS_REFUSAL.format("7,0")),
        ("ASSIGNMENT_DUE_SOON_DAYS", "7;1", DAYS_REFUSAL.format("7;1")),
        ("ASSIGNMENT_DUE_SOON_DAYS", "7,,1", DAYS_REFUSAL.format("7,,1")),
        ("RENEWAL_REMINDER_DAYS", "30,x", RENEWAL_REFUSAL.format("30,x")),
        ("RENEWAL_REMINDER_DAYS", "30,0", RENEWAL_REFUSAL.format("30,0")),
        ("RENEWAL_REMINDER_DAYS", "30;7", RENEWAL_REFUSAL.format("30;7")),
    ],
    ids=[
        "no-notice-days",
        "negative-cap",
        "repeat-in-words",
        "a-word",
        "zero",
        "semicolon",
        "empty-item",
        "renewal-a-word",
        "renewal-zero",
        "renewal-semicolon",
    ],
)
def test_settings_that_cannot_work_are_refused_by_name(tmp_path, name, value, message):
    with pytest.raises(UnsafeConfigurationError) as refusal:
        settings_from_environment(tmp_path, {name: value})
    assert refusal.value.messages() == [f"Refusing to start: {message}"]
