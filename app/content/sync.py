"""Writing checked content to the database: all of it in the caller's transaction, idempotently.

Each course gets a new content version when anything a learner sees changes; earlier versions
stay in ``course_version`` so completions keep naming the version they were earned on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.content.assets import lesson_html
from app.content.models import (
    Charter,
    Course,
    CourseAsset,
    CourseVersion,
    Lesson,
    Question,
    Track,
    TrackCourse,
)
from app.content.problems import ContentError, ContentProblem
from app.content.specs import CharterSpec, Content, CourseSpec, TrackSpec
from app.database import utcnow
from app.extensions import db

CHARTER_FILE = "courses/charter/charter.yml"


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class SyncReport:
    tracks: Changes = field(default_factory=Changes)
    courses: Changes = field(default_factory=Changes)
    lessons: Changes = field(default_factory=Changes)
    questions: Changes = field(default_factory=Changes)
    files: Changes = field(default_factory=Changes)
    charter: str | None = None

    def kinds(self) -> dict[str, Changes]:
        return {
            "tracks": self.tracks,
            "courses": self.courses,
            "lessons": self.lessons,
            "questions": self.questions,
            "files": self.files,
        }

    def __bool__(self) -> bool:
        return any(self.kinds().values()) or self.charter is not None


def sync_content(content: Content) -> SyncReport:
    """Bring the database to ``content`` (flush only; the caller commits once)."""
    report = SyncReport()
    courses = {}
    for course in content.courses:
        courses[course.slug] = sync_course(course, report)
    retire_missing(Course, "slug", courses, report.courses)
    tracks = {}
    for position, track in enumerate(content.tracks):
        tracks[track.slug] = sync_track(track, position, courses, report)
    retire_missing(Track, "slug", tracks, report.tracks)
    if content.charter is not None:
        report.charter = sync_charter(content.charter)
    db.session.flush()
    return report


def update_row(row, values: dict) -> bool:
    """Set the values that differ; True when any did, or when the row comes back from retirement."""
    changed = getattr(row, "retired_at", None) is not None
    if changed:
        row.retired_at = None
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def upsert(model, row, values: dict, label: str, changes: Changes, **keys):
    if row is None:
        row = model(**keys, **values)
        db.session.add(row)
        changes.added.append(label)
    elif update_row(row, values):
        changes.changed.append(label)
    return row


def retire_missing(model, key: str, kept, changes: Changes) -> None:
    """Top-level rows (tracks, courses) no longer in the files: retired, never deleted."""
    for row in db.session.scalars(select(model).where(model.retired_at.is_(None))):
        if getattr(row, key) not in kept:
            row.retired_at = utcnow()
            changes.removed.append(getattr(row, key))


def sync_course(spec: CourseSpec, report: SyncReport) -> Course:
    row = db.session.scalar(select(Course).where(Course.slug == spec.slug))
    values = {"title": spec.title, "summary": spec.summary, "quiz": spec.quiz.as_json()}
    fingerprint = spec.fingerprint()
    if row is None:
        row = upsert(
            Course,
            None,
            {**values, "fingerprint": fingerprint},
            spec.slug,
            report.courses,
            slug=spec.slug,
            version=1,
        )
        db.session.flush()
        db.session.add(CourseVersion(course_id=row.id, version=1, fingerprint=fingerprint))
    elif row.fingerprint != fingerprint or row.retired_at is not None:
        if row.fingerprint != fingerprint:
            row.version += 1
            db.session.add(
                CourseVersion(course_id=row.id, version=row.version, fingerprint=fingerprint)
            )
        update_row(row, {**values, "fingerprint": fingerprint})
        report.courses.changed.append(f"{spec.slug} (version {row.version})")
    sync_lessons(row, spec, report.lessons)
    sync_questions(row, spec, report.questions)
    sync_assets(row, spec, report.files)
    return row


def sync_children(model, key: str, course: Course, wanted: dict[str, dict], changes: Changes):
    """Lessons or questions of a course: added, updated, or retired when gone from the files."""
    existing = {
        getattr(row, key): row
        for row in db.session.scalars(select(model).where(model.course_id == course.id))
    }
    for name, values in wanted.items():
        label = f"{course.slug}/{name}"
        upsert(
            model, existing.get(name), values, label, changes, course_id=course.id, **{key: name}
        )
    for name, row in existing.items():
        if name not in wanted and row.retired_at is None:
            row.retired_at = utcnow()
            changes.removed.append(f"{course.slug}/{name}")


def sync_lessons(course: Course, spec: CourseSpec, changes: Changes) -> None:
    wanted = {
        lesson.slug: {
            "position": position,
            "title": lesson.title,
            "minutes": lesson.minutes,
            "body": lesson.body,
            # Rebuilt at every sync, so a change to the renderer reaches every lesson then.
            "html": lesson_html(lesson.body),
        }
        for position, lesson in enumerate(spec.lessons)
    }
    sync_children(Lesson, "slug", course, wanted, changes)


def sync_questions(course: Course, spec: CourseSpec, changes: Changes) -> None:
    wanted = {
        question.name: {
            "position": position,
            "category": question.category,
            "type": question.type,
            "data": question.data,
        }
        for position, question in enumerate(spec.questions)
    }
    sync_children(Question, "name", course, wanted, changes)


def sync_assets(course: Course, spec: CourseSpec, changes: Changes) -> None:
    existing = {
        asset.path: asset
        for asset in db.session.scalars(
            select(CourseAsset).where(CourseAsset.course_id == course.id)
        )
    }
    for asset in spec.assets:
        values = {"media_type": asset.media_type, "sha256": asset.sha256, "data": asset.data}
        row = existing.get(asset.path)
        if row is not None and row.sha256 == asset.sha256 and row.media_type == asset.media_type:
            continue
        upsert(
            CourseAsset,
            row,
            values,
            f"{spec.slug}/{asset.path}",
            changes,
            course_id=course.id,
            path=asset.path,
        )
    wanted = {asset.path for asset in spec.assets}
    for path, row in existing.items():
        if path not in wanted:  # files hold no history anyone points at: they can go
            db.session.delete(row)
            changes.removed.append(f"{spec.slug}/{path}")


def sync_track(spec: TrackSpec, position: int, courses: dict, report: SyncReport) -> Track:
    row = db.session.scalar(select(Track).where(Track.slug == spec.slug))
    values = {
        "audience": spec.audience,
        "title": spec.title,
        "summary": spec.summary,
        "requires_charter": spec.requires_charter,
        "self_enrol": spec.self_enrol,
        "default_rules": [dict(rule) for rule in spec.rules],
        "validity_months": spec.validity_months,
        "champion_credits": spec.champion_credits,
        "renewal_days": spec.renewal_days,
        "colour": spec.colour,
        "position": position,
    }
    before = len(report.tracks.added) + len(report.tracks.changed)
    row = upsert(Track, row, values, spec.slug, report.tracks, slug=spec.slug)
    wanted = [(courses[item.course].id, item.required) for item in spec.courses]
    db.session.flush()
    current = [(link.course_id, link.required) for link in row.track_courses]
    if current != wanted:
        row.track_courses.clear()
        db.session.flush()
        for index, (course_id, required) in enumerate(wanted):
            row.track_courses.append(
                TrackCourse(course_id=course_id, position=index, required=required)
            )
        if len(report.tracks.added) + len(report.tracks.changed) == before:
            report.tracks.changed.append(spec.slug)
    return row


def sync_charter(spec: CharterSpec) -> str | None:
    """Publish a new version; an edited text under a published version number is refused."""
    latest = db.session.scalar(select(Charter).order_by(Charter.version.desc()).limit(1))
    values = {"effective": spec.effective, "title": spec.title, "body": spec.body}
    if latest is None or spec.version > latest.version:
        db.session.add(Charter(version=spec.version, **values))
        return f"version {spec.version} published"
    if spec.version < latest.version:
        refuse_charter(
            f"version {spec.version} is older than the published version {latest.version}"
        )
    if any(getattr(latest, name) != value for name, value in values.items()):
        refuse_charter(
            f"version {spec.version} is already published with other text; "
            f"raise 'version' to {latest.version + 1} so everyone is asked to accept it again"
        )
    return None


def refuse_charter(message: str) -> None:
    raise ContentError([ContentProblem(CHARTER_FILE, 1, message)])
