"""Lesson and charter Markdown turned into safe HTML in the reader's language."""

from __future__ import annotations

from flask import url_for

from app.content.assets import EXTERNAL_SCHEMES, course_path, lesson_link
from app.content.markdown import render
from app.content.models import Charter, Lesson
from app.learning.localized import localized


def render_lesson(lesson: Lesson) -> str:
    slug = lesson.course.slug

    def rewrite(kind: str, target: str) -> str | None:
        if target.startswith("#") or (
            kind == "link" and target.lower().startswith(EXTERNAL_SCHEMES)
        ):
            return target
        path = course_path(target)
        if path is None:
            return None
        if (lesson_slug := lesson_link(path)) is not None:
            return url_for("learning.lesson", slug=slug, lesson_slug=lesson_slug)
        return url_for("learning.course_file", slug=slug, path=path)

    return render(localized(lesson.body), rewrite)


def render_charter(charter: Charter) -> str:
    def rewrite(kind: str, target: str) -> str | None:
        external = kind == "link" and target.lower().startswith(EXTERNAL_SCHEMES)
        return target if external or target.startswith("#") else None

    return render(localized(charter.body), rewrite)
