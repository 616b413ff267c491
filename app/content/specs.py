"""The content as plain values, read from files and checked; ``sync`` writes them."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date

# Slugs name URLs and database rows (80 characters at most there).
SLUG = re.compile(r"^(?=.{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_RULE = "must be lowercase letters, digits and '-', at most 80 characters"
AUDIENCES = ("executives", "community-managers", "employees")
GRADING_METHODS = ("highest", "last", "first", "average")
REVIEW_ITEMS = ("score", "correctness", "feedback", "correct_answers")
REVIEW_MOMENTS = ("after_submit", "after_close")
DEFAULT_REVIEW = {
    "after_submit": ("score", "correctness", "feedback"),
    "after_close": ("score", "correctness", "feedback", "correct_answers"),
}


@dataclass(frozen=True)
class ScoreBand:
    """Overall feedback shown to whoever scores at least ``from_percent``."""

    from_percent: int
    text: dict[str, str]


@dataclass(frozen=True)
class QuizSettings:
    bank: str
    pass_mark: int
    questions_per_attempt: int | None = None  # None: every question of the bank
    draw: dict[str, int] = field(default_factory=dict)  # per $CATEGORY, instead of the total
    attempts_allowed: int = 0  # 0: unlimited
    delay_minutes: int = 0
    time_limit_minutes: int = 0  # 0: no limit
    shuffle_choices: bool = True
    grading_method: str = "highest"
    review: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_REVIEW))
    overall_feedback: tuple[ScoreBand, ...] = ()

    def as_json(self) -> dict:
        return json.loads(json.dumps(asdict(self)))


@dataclass(frozen=True)
class Asset:
    path: str  # relative to the course folder, with forward slashes
    media_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    title: dict[str, str]
    minutes: int
    body: dict[str, str]  # Markdown, per language


@dataclass(frozen=True)
class BankQuestion:
    """One question of a bank in both languages, paired by its ``::name::``."""

    name: str
    category: str | None
    type: str
    data: dict[str, dict]  # the parser's JSON, per language
    # Where the question starts in each language's file, for the quality lint's warnings; not
    # content a learner sees, so it changes neither the fingerprint nor equality.
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: dict[str, str]
    summary: dict[str, str]
    lessons: tuple[LessonSpec, ...]
    quiz: QuizSettings
    questions: tuple[BankQuestion, ...]
    assets: tuple[Asset, ...] = ()

    def fingerprint(self) -> str:
        """A hash of everything a learner sees: a change makes a new content version."""
        digest = hashlib.sha256()
        payload = {
            "title": self.title,
            "summary": self.summary,
            "lessons": [asdict(lesson) for lesson in self.lessons],
            "quiz": self.quiz.as_json(),
            "questions": [question_payload(question) for question in self.questions],
            "assets": sorted((asset.path, asset.sha256) for asset in self.assets),
        }
        digest.update(json.dumps(payload, sort_keys=True, default=str).encode())
        return digest.hexdigest()


def question_payload(question: BankQuestion) -> dict:
    return {key: value for key, value in asdict(question).items() if key != "lines"}


@dataclass(frozen=True)
class TrackCourseSpec:
    course: str
    required: bool


@dataclass(frozen=True)
class TrackSpec:
    slug: str
    audience: str
    title: dict[str, str]
    summary: dict[str, str]
    requires_charter: bool
    validity_months: int
    champion_credits: int
    courses: tuple[TrackCourseSpec, ...]
    self_enrol: bool = False  # anyone may start it
    # Default assignment rules, normalised (app.content.track_rules): every key present.
    rules: tuple[dict, ...] = ()
    renewal_days: int = 60  # the renewal window before a certificate expires
    colour: str = "#1f5f8b"  # the certificate's accent colour


@dataclass(frozen=True)
class CharterSpec:
    version: int
    effective: date
    title: dict[str, str]
    body: dict[str, str]


@dataclass(frozen=True)
class LevelSpec:
    """A level of the champions programme (courses/champions.yml): reached at ``credits``."""

    slug: str
    name: dict[str, str]
    credits: int
    line: int = field(default=1, compare=False)  # where it is declared, for messages


@dataclass(frozen=True)
class Content:
    tracks: tuple[TrackSpec, ...]
    courses: tuple[CourseSpec, ...]
    charter: CharterSpec | None
    levels: tuple[LevelSpec, ...] = ()  # the champions programme's, lowest first

    def questions_by_type(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for course in self.courses:
            for question in course.questions:
                counts[question.type] = counts.get(question.type, 0) + 1
        return dict(sorted(counts.items()))
