"""Levels from credits, a pure function: a table of the cases that matter at each threshold,
and properties that hold for any levels and any credits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.champions.levels import (
    TrackOffer,
    level_for,
    level_range,
    next_level,
    standing_of,
)
from app.content.specs import LevelSpec

RELAIS = LevelSpec("relais", {"fr": "Relais", "en": "Relay"}, 10)
AMBASSADEUR = LevelSpec("ambassadeur", {"fr": "Ambassadeur", "en": "Ambassador"}, 40)
CHAMPION = LevelSpec("champion", {"fr": "Champion", "en": "Champion"}, 80)
LEVELS = (RELAIS, AMBASSADEUR, CHAMPION)
EMPLOYEES = TrackOffer("employees", {"fr": "Collaborateurs", "en": "Employees"}, 10)
EXECUTIVES = TrackOffer("executives", {"fr": "Dirigeants", "en": "Executives"}, 30)
COMMUNITY = TrackOffer("community-managers", {"fr": "CM", "en": "CM"}, 40)


@pytest.mark.parametrize(
    ("credits", "level", "upcoming", "missing"),
    [
        (0, None, RELAIS, 10),
        (9, None, RELAIS, 1),
        (10, RELAIS, AMBASSADEUR, 30),
        (39, RELAIS, AMBASSADEUR, 1),
        (40, AMBASSADEUR, CHAMPION, 40),
        (50, AMBASSADEUR, CHAMPION, 30),
        (79, AMBASSADEUR, CHAMPION, 1),
        (80, CHAMPION, None, 0),
        (500, CHAMPION, None, 0),
    ],
)
def test_level_and_what_the_next_one_needs(credits, level, upcoming, missing):
    standing = standing_of(credits, LEVELS)
    assert (level_for(credits, LEVELS), next_level(credits, LEVELS)) == (level, upcoming)
    assert (standing.level, standing.next, standing.missing) == (level, upcoming, missing)


def test_no_levels_means_no_level_and_nothing_to_reach():
    standing = standing_of(120, ())
    assert (standing.level, standing.next, standing.missing, standing.offers) == (
        None,
        None,
        0,
        (),
    )


def test_the_tracks_that_close_the_gap_alone_come_first():
    # 10 credits (employees): Ambassador needs 30 more; community managers (40) and executives
    # (30) each close it; the larger first.
    standing = standing_of(10, LEVELS, [EXECUTIVES, COMMUNITY])
    assert standing.offers == (COMMUNITY, EXECUTIVES)
    # 40 credits (community managers): Champion needs 40 more; no single track gives it.
    standing = standing_of(40, LEVELS, [EMPLOYEES, EXECUTIVES])
    assert standing.offers == (EXECUTIVES, EMPLOYEES)
    # 30 (executives) needs 10 more: both tracks close the gap alone; the larger first.
    standing = standing_of(30, LEVELS, [EMPLOYEES, COMMUNITY])
    assert standing.offers == (COMMUNITY, EMPLOYEES)


def test_at_the_top_no_track_is_offered():
    assert standing_of(80, LEVELS, [EMPLOYEES]).offers == ()


def test_a_track_giving_no_credit_is_not_offered():
    nothing = TrackOffer("extra", {"fr": "x", "en": "x"}, 0)
    assert standing_of(0, LEVELS, [nothing, EMPLOYEES]).offers == (EMPLOYEES,)


@pytest.mark.parametrize(
    ("level", "expected"),
    [(RELAIS, (10, 39)), (AMBASSADEUR, (40, 79)), (CHAMPION, (80, None))],
)
def test_the_credits_of_people_at_exactly_a_level(level, expected):
    assert level_range(level, LEVELS) == expected


thresholds = st.lists(st.integers(1, 1000), min_size=1, max_size=6, unique=True).map(sorted)


def levels_of(values) -> tuple[LevelSpec, ...]:
    return tuple(LevelSpec(f"l{value}", {"fr": "x", "en": "x"}, value) for value in values)


@given(thresholds, st.integers(0, 2000))
def test_the_level_is_the_highest_threshold_reached(values, credits):
    levels = levels_of(values)
    level = level_for(credits, levels)
    reached = [value for value in values if value <= credits]
    assert (level.credits if level else None) == (max(reached) if reached else None)
    upcoming = next_level(credits, levels)
    assert upcoming is None or (upcoming.credits > credits and upcoming.credits not in reached)
    if level is not None:
        low, high = level_range(level, levels)
        assert low <= credits and (high is None or credits <= high)


@given(thresholds, st.integers(0, 2000), st.integers(0, 2000))
def test_more_credits_never_lower_the_level(values, credits, more):
    levels = levels_of(values)
    before, after = level_for(credits, levels), level_for(credits + more, levels)
    assert (before.credits if before else 0) <= (after.credits if after else 0)
