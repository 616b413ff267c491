"""The programme's levels as this process knows them: ``courses/champions.yml`` of the content
root, read once per process at first use and kept.

Levels are read, not synced: nothing stored refers to them (a level is worked out from credits
each time it is shown, so changing a threshold changes no record and leaves no history to
keep), and every server of a release reads the same file shipped with its code. ``content
check`` and ``content sync`` check the file with the rest of the content, so a broken one is
refused before it is deployed; a process that finds one anyway fails loudly.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from app.content.champion_levels import load_levels
from app.content.problems import ContentError, ContentProblem
from app.content.specs import LevelSpec

LEVELS = "relais.champion_levels"  # the key of the process's levels in app.extensions


def programme_levels(app: Flask | None = None) -> tuple[LevelSpec, ...]:
    """The levels, lowest first (() when the content has no champions.yml)."""
    app = app or current_app._get_current_object()
    if LEVELS not in app.extensions:
        app.extensions[LEVELS] = read_levels(Path(app.config["CONTENT_ROOT"]))
    return app.extensions[LEVELS]


def read_levels(root: Path) -> tuple[LevelSpec, ...]:
    """The levels of the content at ``root``; ContentError if the file has a problem. The
    check against the tracks' credits is ``content check``'s, which has the tracks."""
    problems: list[ContentProblem] = []
    levels = load_levels(root, [], problems)
    if problems:
        raise ContentError(problems)
    return levels
