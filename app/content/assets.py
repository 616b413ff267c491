"""Links and images in lessons: where they point, and the course files they bring along.

A target is resolved against the lesson's folder (``courses/<course>/lessons/``) and must stay
inside the course folder; the files it names are stored with the course at sync, so pages never
read the disk and never serve anything from outside a course.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import quote, unquote

from app.content.markdown import EXTERNAL_SCHEMES, references, render
from app.content.problems import ContentProblem
from app.content.specs import Asset

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
MAX_ASSET_BYTES = 5 * 1024 * 1024
MAX_PATH_LENGTH = 300  # the column that stores a course file's path
LESSON_FILE = re.compile(r"^lessons/([a-z0-9]+(?:-[a-z0-9]+)*)\.(fr|en)\.md$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# What Werkzeug's path converter leaves unquoted: a file's URL reads as the route would build it.
URL_PATH_SAFE = "!$&'()*+,/:;=@"


def course_path(target: str) -> str | None:
    """The path inside the course folder that a lesson's relative target names, or None."""
    target = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not target or target.startswith(("/", "\\")) or "\\" in target or SCHEME.match(target):
        return None
    resolved = posixpath.normpath(posixpath.join("lessons", target))
    if resolved == ".." or resolved.startswith("../") or resolved == ".":
        return None
    return resolved


def lesson_link(path: str) -> str | None:
    """The lesson id when a course path names a lesson file."""
    found = LESSON_FILE.match(path)
    return found.group(1) if found else None


def page_target(kind: str, target: str) -> str | None:
    """Where a lesson's link or image points from the lesson's page, or None to drop it.

    A lesson is served at ``/courses/<course>/lessons/<lesson>`` and a course file at
    ``/courses/<course>/files/<path>``, so a URL relative to the page names both without the
    site's address or the course: the HTML is built once at sync and holds wherever the site is
    mounted."""
    if target.startswith("#") or (kind == "link" and target.lower().startswith(EXTERNAL_SCHEMES)):
        return target
    path = course_path(target)
    if path is None:
        return None
    if (lesson_slug := lesson_link(path)) is not None:
        return lesson_slug
    return "../files/" + quote(path, safe=URL_PATH_SAFE)


def lesson_html(body: dict[str, str]) -> dict[str, str]:
    """The lesson's Markdown, per language, as the sanitised HTML its page shows."""
    return {language: render(text, page_target) for language, text in body.items()}


def reference_problem(course_dir: Path, kind: str, target: str) -> str | None:
    """Why a link or image cannot work, or None when it is fine."""
    if target.startswith("#"):
        return None
    if target.lower().startswith(EXTERNAL_SCHEMES):
        if kind == "image":
            return f"image '{target}' is on the internet; put the file in the course folder"
        return None
    if SCHEME.match(target):
        allowed = "only https:, http: and mailto: links"
        return f"{kind} '{target}' uses a scheme that is not allowed ({allowed})"
    path = course_path(target)
    if path is None:
        return (
            f"{kind} '{target}' points outside the course folder; "
            "use a path relative to the lesson, inside the course folder"
        )
    if not (course_dir / path).resolve().is_relative_to(course_dir.resolve()):
        return f"{kind} '{target}' is a link to a file outside the course folder"
    if not (course_dir / path).is_file():
        return f"{kind} '{target}' points nowhere: courses/{course_dir.name}/{path} does not exist"
    if lesson_link(path) is None and posixpath.splitext(path)[1].lower() not in MEDIA_TYPES:
        allowed = ", ".join(MEDIA_TYPES)
        return f"{kind} '{target}' has a file type that cannot be served (allowed: {allowed})"
    if kind == "image" and not path.lower().endswith(IMAGE_SUFFIXES):
        return f"image '{target}' is not an image file"
    return size_problem(course_dir / path, path)


def size_problem(file: Path, path: str) -> str | None:
    if len(path) > MAX_PATH_LENGTH:
        return (
            f"the path {path} is {len(path)} characters long; at most {MAX_PATH_LENGTH} are allowed"
        )
    size = file.stat().st_size
    if size > MAX_ASSET_BYTES:
        return f"{path} is {size / 1024 / 1024:.1f} MB; files must stay under 5 MB"
    return None


def check_references(course_dir: Path, body: str, body_line: int, shown: str, problems) -> set[str]:
    """Record a problem for each bad link or image; return the course files the lesson uses."""
    used = set()
    for reference in references(body):
        problem = reference_problem(course_dir, reference.kind, reference.target)
        if problem:
            problems.append(ContentProblem(shown, body_line + reference.line - 1, problem))
        elif (path := course_path(reference.target)) and lesson_link(path) is None:
            used.add(path)
    return used


def collect_assets(course_dir: Path, used: set[str]) -> tuple[Asset, ...]:
    """The files the lessons use; check_references has vouched for each of them."""
    return tuple(
        Asset(
            path, MEDIA_TYPES[posixpath.splitext(path)[1].lower()], (course_dir / path).read_bytes()
        )
        for path in sorted(used)
    )
