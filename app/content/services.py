"""Looking content up for the domains that show it (learning, quiz)."""

from __future__ import annotations

from sqlalchemy import select

from app.content.models import Course
from app.extensions import db


def find_course(slug: str) -> Course | None:
    """The course with this slug, unless it was retired."""
    return db.session.scalar(select(Course).where(Course.slug == slug, Course.retired_at.is_(None)))
