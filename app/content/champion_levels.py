"""The champions programme's levels in ``courses/champions.yml``: a name in each language and
the credits that reach it, checked like the rest of the content (``path:line:`` for each
problem). The file is optional: a content tree without it has a programme with no levels."""

from __future__ import annotations

from pathlib import Path

from app.content.courses import read_yaml_file
from app.content.documents import LineMap
from app.content.fields import FieldReader
from app.content.problems import ContentProblem
from app.content.specs import SLUG, SLUG_RULE, LevelSpec, TrackSpec

LEVELS_FILE = "courses/champions.yml"
LEVEL_KEYS = ("slug", "name", "credits")
MOST_CREDITS = 100_000


def load_levels(
    root: Path, tracks: list[TrackSpec], problems: list[ContentProblem]
) -> tuple[LevelSpec, ...]:
    """The levels, lowest first; () when the file is absent or has a problem (reported)."""
    if not (root / LEVELS_FILE).is_file():
        return ()
    document = read_yaml_file(root, LEVELS_FILE, problems)
    if document is None:
        return ()
    before = len(problems)
    reader = FieldReader(LEVELS_FILE, problems)
    reader.unknown_keys(document, ("levels",), "champions.yml")
    if document.get("levels") is None:
        reader.problem(
            document.line, "'levels' is missing: list the programme's levels, lowest first"
        )
        return ()
    listed = reader.items(document["levels"], document.line_of("levels"), "'levels'")
    levels = []
    for index, entry in enumerate(listed or []):
        entry = reader.mapping(entry, listed.line_of(index), "each level")
        level = entry and read_level(reader, entry)
        if level is not None:
            check_order(reader, entry, level, levels)
            levels.append(level)
    if listed is not None and not listed:
        reader.problem(listed.line, "the programme needs at least one level")
    if levels and len(problems) == before:
        check_reachable(reader, document, levels[-1], tracks)
    return tuple(levels) if len(problems) == before else ()


def read_level(reader: FieldReader, entry: LineMap) -> LevelSpec | None:
    before = len(reader.problems)
    reader.unknown_keys(entry, LEVEL_KEYS, "a level")
    slug = reader.text(entry, "slug")
    if slug is not None and not SLUG.match(slug):
        reader.problem(entry.line_of("slug"), f"level slug '{slug}' {SLUG_RULE}")
    name = reader.translated(entry, "name")
    credits = reader.integer(entry, "credits", minimum=1, maximum=MOST_CREDITS)
    if len(reader.problems) > before:
        return None
    return LevelSpec(slug, name, credits, line=entry.line)


def check_order(reader: FieldReader, entry: LineMap, level: LevelSpec, levels: list) -> None:
    """Levels climb: each needs more credits than the one before, and no two share a slug."""
    for earlier in levels:
        if earlier.slug == level.slug:
            reader.problem(
                entry.line_of("slug"),
                f"level '{level.slug}' is declared twice (first at line {earlier.line})",
            )
    if levels and level.credits <= levels[-1].credits:
        reader.problem(
            entry.line_of("credits"),
            f"level '{level.slug}' needs {level.credits} credits, which must be more than the "
            f"{levels[-1].credits} of '{levels[-1].slug}' before it: list levels lowest first",
        )


def check_reachable(reader: FieldReader, document: LineMap, top: LevelSpec, tracks) -> None:
    """A level above every track's credits together could never be reached."""
    total = sum(track.champion_credits for track in tracks)
    if tracks and top.credits > total:
        reader.problem(
            top.line,
            f"level '{top.slug}' needs {top.credits} credits, but all the tracks together give "
            f"{total} (tracks.yml, 'champion_credits'): no one could reach it",
        )
