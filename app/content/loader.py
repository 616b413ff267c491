"""Reading the whole content tree (tracks, courses, charter), reporting every problem at once."""

from __future__ import annotations

import re
from pathlib import Path

from app.content.assets import check_references
from app.content.champion_levels import load_levels
from app.content.courses import load_course, read_yaml_file
from app.content.documents import LineMap, read_text
from app.content.fields import FieldReader
from app.content.problems import ContentError, ContentProblem
from app.content.specs import (
    AUDIENCES,
    SLUG,
    SLUG_RULE,
    CharterSpec,
    Content,
    TrackCourseSpec,
    TrackSpec,
)
from app.content.track_rules import read_rules
from app.i18n import LANGUAGES

TRACKS_FILE = "courses/tracks.yml"
CHARTER_FOLDER = "charter"
TRACK_KEYS = (
    "slug",
    "audience",
    "title",
    "summary",
    "requires_charter",
    "self_enrol",
    "certificate",
    "courses",
    "rules",
)


def load_content(root: Path) -> Content:
    """Everything under ``root`` (which holds courses/ and quizzes/), or ContentError."""
    problems: list[ContentProblem] = []
    courses = {
        folder: load_course(root, folder, problems) for folder in course_folders(root, problems)
    }
    charter = load_charter(root, problems)
    tracks = load_tracks(root, courses, charter, problems)
    levels = load_levels(root, tracks, problems)
    if problems:
        raise ContentError(problems)
    return Content(tuple(tracks), tuple(courses.values()), charter, levels)


def course_folders(root: Path, problems: list[ContentProblem]) -> list[str]:
    base = root / "courses"
    if not base.is_dir():
        problems.append(ContentProblem("courses", 1, "there is no courses/ folder here"))
        return []
    folders = []
    for path in sorted(p for p in base.iterdir() if p.is_dir() and p.name != CHARTER_FOLDER):
        shown = f"courses/{path.name}/course.yml"
        if not SLUG.match(path.name):
            message = f"folder name '{path.name}' {SLUG_RULE}"
            problems.append(ContentProblem(shown, 1, message))
        elif not (path / "course.yml").is_file():
            problems.append(ContentProblem(shown, 1, "this course folder has no course.yml"))
        else:
            folders.append(path.name)
    return folders


def load_tracks(root, courses: dict, charter, problems) -> list[TrackSpec]:
    document = read_yaml_file(root, TRACKS_FILE, problems)
    if document is None:
        return []
    reader = FieldReader(TRACKS_FILE, problems)
    reader.unknown_keys(document, ("tracks",), "tracks.yml")
    listed = reader.items(document.get("tracks"), document.line_of("tracks"), "'tracks'")
    tracks, seen = [], {}
    for index, entry in enumerate(listed or []):
        entry = reader.mapping(entry, listed.line_of(index), "each track")
        track = entry and read_track(reader, entry, courses, charter)
        if track is None:
            continue
        if track.slug in seen:
            reader.problem(
                entry.line_of("slug"),
                f"track '{track.slug}' is declared twice (first at line {seen[track.slug]})",
            )
            continue
        seen[track.slug] = entry.line_of("slug")
        tracks.append(track)
    return tracks


def read_track(reader: FieldReader, entry: LineMap, courses: dict, charter) -> TrackSpec | None:
    before = len(reader.problems)
    reader.unknown_keys(entry, TRACK_KEYS, "a track")
    slug = reader.text(entry, "slug")
    if slug is not None and not SLUG.match(slug):
        reader.problem(
            entry.line_of("slug"),
            f"track slug '{slug}' {SLUG_RULE}",
        )
    audience = reader.choice(entry, "audience", AUDIENCES)
    title, summary = reader.translated(entry, "title"), reader.translated(entry, "summary")
    requires_charter = reader.boolean(entry, "requires_charter", default=False)
    self_enrol = reader.boolean(entry, "self_enrol", default=False)
    if requires_charter and charter is None:
        reader.problem(
            entry.line_of("requires_charter"),
            "this track requires the charter, "
            f"but courses/{CHARTER_FOLDER}/charter.yml cannot be read",
        )
    certificate = reader.mapping(
        entry.get("certificate"), entry.line_of("certificate"), "'certificate'"
    )
    validity = credits = renewal = colour = None
    if certificate is not None:
        validity, credits, renewal, colour = read_certificate(reader, certificate)
    track_courses = read_track_courses(reader, entry, courses)
    rules = read_rules(reader, entry)
    if len(reader.problems) > before:
        return None
    return TrackSpec(
        slug,
        audience,
        title,
        summary,
        requires_charter,
        validity,
        credits,
        track_courses,
        self_enrol=self_enrol,
        rules=rules,
        renewal_days=renewal,
        colour=colour,
    )


CERTIFICATE_KEYS = ("validity_months", "champion_credits", "renewal_days", "colour")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def read_certificate(reader: FieldReader, certificate: LineMap):
    """A track's certificate: validity in months, champion credits, the renewal window in days
    before expiry (60 unless said, and shorter than the validity) and the accent colour."""
    reader.unknown_keys(certificate, CERTIFICATE_KEYS, "'certificate'")
    validity = reader.integer(certificate, "validity_months", minimum=1, maximum=120)
    credits = reader.integer(certificate, "champion_credits", minimum=0, maximum=1000)
    renewal = reader.integer(certificate, "renewal_days", minimum=0, maximum=365, default=60)
    if validity is not None and renewal is not None and renewal >= validity * 28:
        reader.problem(
            certificate.line_of("renewal_days"),
            f"'renewal_days' ({renewal}) must be shorter than the validity "
            f"({validity} months): the renewal window opens before the certificate expires",
        )
        renewal = None
    colour = reader.text(certificate, "colour", required=False) or "#1f5f8b"
    if not COLOUR.fullmatch(colour):
        reader.problem(
            certificate.line_of("colour"),
            f"'colour' must be written #rrggbb (six hexadecimal digits), not {colour!r}",
        )
        colour = None
    return validity, credits, renewal, colour.lower() if colour else None


def read_track_courses(reader: FieldReader, entry: LineMap, courses: dict):
    listed = reader.items(entry.get("courses"), entry.line_of("courses"), "'courses'")
    found, seen = [], set()
    for index, item in enumerate(listed or []):
        item = reader.mapping(item, listed.line_of(index), "each course of a track")
        if item is None:
            continue
        reader.unknown_keys(item, ("course", "required"), "a track's course")
        slug = reader.text(item, "course")
        required = reader.boolean(item, "required", default=True)
        if slug is None or required is None:
            continue
        if slug not in courses:
            reader.problem(
                item.line_of("course"),
                f"course '{slug}' does not exist: there is no courses/{slug}/course.yml",
            )
        elif slug in seen:
            reader.problem(item.line_of("course"), f"course '{slug}' is listed twice in this track")
        seen.add(slug)
        found.append(TrackCourseSpec(slug, required))
    if listed is not None and not listed:
        reader.problem(listed.line, "a track needs at least one course")
    return tuple(found)


def load_charter(root: Path, problems: list[ContentProblem]) -> CharterSpec | None:
    shown = f"courses/{CHARTER_FOLDER}/charter.yml"
    if not (root / shown).is_file():
        return None
    document = read_yaml_file(root, shown, problems)
    if document is None:
        return None
    reader = FieldReader(shown, problems)
    before = len(problems)
    reader.unknown_keys(document, ("version", "effective", "title"), "charter.yml")
    version = reader.integer(document, "version", minimum=1)
    effective = reader.date(document, "effective")
    title = reader.translated(document, "title")
    bodies = {language: charter_body(root, language, reader) for language in LANGUAGES}
    if len(problems) > before:
        return None
    return CharterSpec(version, effective, title, bodies)


def charter_body(root: Path, language: str, reader: FieldReader) -> str | None:
    shown = f"courses/{CHARTER_FOLDER}/charter.{language}.md"
    if not (root / shown).is_file():
        reader.problem(1, f"the charter has no '{language}' version: {shown} is missing")
        return None
    try:
        body = read_text(root / shown, shown)
    except ContentError as error:
        reader.problems.extend(error.problems)
        return None
    if not body.strip():
        reader.problems.append(ContentProblem(shown, 1, "the charter has no text"))
    if check_references(root / "courses" / CHARTER_FOLDER, body, 1, shown, reader.problems):
        reader.problems.append(
            ContentProblem(shown, 1, "the charter links to files; it must stand alone")
        )
    return body
