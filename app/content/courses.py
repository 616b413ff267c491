"""One course folder: ``course.yml``, its lessons in both languages, its files and its quiz."""

from __future__ import annotations

from pathlib import Path

from app.content.assets import check_references, collect_assets
from app.content.banks import read_course_banks
from app.content.documents import LineMap, load_yaml, read_text, split_front_matter
from app.content.fields import FieldReader
from app.content.markdown import title_heading_lines
from app.content.problems import ContentError, ContentProblem
from app.content.quiz_settings import check_settings_against_bank, read_quiz_settings
from app.content.specs import SLUG, SLUG_RULE, CourseSpec, LessonSpec
from app.i18n import LANGUAGES

COURSE_KEYS = ("slug", "title", "summary", "lessons", "quiz")
LESSON_KEYS = ("title", "minutes")


def read_yaml_file(root: Path, shown: str, problems: list[ContentProblem]) -> LineMap | None:
    """A YAML file whose top level must be a mapping; None when it cannot be used."""
    if not (root / shown).is_file():
        problems.append(ContentProblem(shown, 1, "this file is missing"))
        return None
    try:
        document = load_yaml(read_text(root / shown, shown), shown)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    if not isinstance(document, LineMap):
        problems.append(
            ContentProblem(shown, 1, "the file must be a mapping of 'key: value' lines")
        )
        return None
    return document


def load_course(root: Path, folder: str, problems: list[ContentProblem]) -> CourseSpec | None:
    shown = f"courses/{folder}/course.yml"
    document = read_yaml_file(root, shown, problems)
    if document is None:
        return None
    reader = FieldReader(shown, problems)
    before = len(problems)
    reader.unknown_keys(document, COURSE_KEYS, "course.yml")
    slug = reader.text(document, "slug")
    if slug is not None and slug != folder:
        reader.problem(
            document.line_of("slug"), f"the slug '{slug}' must be the folder's name, '{folder}'"
        )
    title, summary = reader.translated(document, "title"), reader.translated(document, "summary")
    used: set[str] = set()
    lessons = read_lessons(root, folder, reader, document, used)
    quiz_block = None
    if "quiz" not in document:
        reader.problem(document.line, "'quiz' is missing: every course ends with a quiz")
    else:
        quiz_block = reader.mapping(document["quiz"], document.line_of("quiz"), "'quiz'")
    settings = quiz_block and read_quiz_settings(reader, quiz_block, folder)
    questions = None
    if settings is not None:
        line = quiz_block.line_of("bank") if "bank" in quiz_block else document.line_of("quiz")
        at = ContentProblem(shown, line, "")
        questions = read_course_banks(root, settings.bank, at, problems)
        if questions is not None:
            categories = [question.category for question in questions]
            check_settings_against_bank(reader, quiz_block, settings, categories)
    assets = collect_assets(root / "courses" / folder, used)
    if len(problems) > before:
        return None
    return CourseSpec(folder, title, summary, lessons, settings, questions, assets)


def read_lessons(root: Path, folder: str, reader: FieldReader, document: LineMap, used: set):
    listed = reader.items(document.get("lessons"), document.line_of("lessons"), "'lessons'")
    if listed is None:
        return None
    lessons, seen = [], {}
    for index, lesson_id in enumerate(listed):
        line = listed.line_of(index)
        if not isinstance(lesson_id, str) or not SLUG.match(lesson_id):
            reader.problem(
                line,
                f"lesson id {lesson_id!r} {SLUG_RULE}",
            )
        elif lesson_id in seen:
            reader.problem(
                line, f"lesson '{lesson_id}' is listed twice (first at line {seen[lesson_id]})"
            )
        else:
            seen[lesson_id] = line
            lessons.append(read_lesson(root, folder, lesson_id, reader, line, used))
    if not listed:
        reader.problem(listed.line, "a course needs at least one lesson")
    report_unlisted_lessons(root, folder, seen, reader, document.line_of("lessons"))
    return tuple(lessons) if None not in lessons else None


def read_lesson(root: Path, folder: str, lesson_id: str, reader: FieldReader, line: int, used):
    titles, bodies, minutes = {}, {}, set()
    for language in LANGUAGES:
        shown = f"courses/{folder}/lessons/{lesson_id}.{language}.md"
        if not (root / shown).is_file():
            reader.problem(
                line, f"lesson '{lesson_id}' has no '{language}' version: {shown} is missing"
            )
            continue
        found = read_lesson_file(root, shown, reader.problems, used)
        if found is not None:
            titles[language], minutes_here, bodies[language] = found
            minutes.add(minutes_here)
    if len(bodies) < len(LANGUAGES):
        return None
    if len(minutes) > 1:
        reader.problem(line, f"lesson '{lesson_id}' gives different 'minutes' in its two languages")
        return None
    return LessonSpec(lesson_id, titles, minutes.pop(), bodies)


def read_lesson_file(root: Path, shown: str, problems: list[ContentProblem], used: set):
    try:
        document = split_front_matter(read_text(root / shown, shown), shown)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    reader = FieldReader(shown, problems)
    before = len(problems)
    reader.unknown_keys(document.front, LESSON_KEYS, "the front matter")
    title = reader.text(document.front, "title")
    minutes = reader.integer(document.front, "minutes", minimum=1, maximum=240)
    if not document.body.strip():
        reader.problem(document.body_line, "the lesson has no text after its front matter")
    for line in title_heading_lines(document.body):
        reader.problem(
            document.body_line + line - 1,
            "a lesson's sections start at '## ' (its title comes from the front matter); "
            "change '# ' to '## '",
        )
    course_dir = (root / shown).parent.parent
    used |= check_references(course_dir, document.body, document.body_line, shown, problems)
    if len(problems) > before:
        return None
    return title, minutes, document.body


def report_unlisted_lessons(root, folder, listed, reader: FieldReader, line: int) -> None:
    """A lesson file nobody lists is almost always a typo in course.yml."""
    lessons_dir = root / "courses" / folder / "lessons"
    if not lessons_dir.is_dir():
        return
    for path in sorted(lessons_dir.glob("*.md")):
        lesson_id, _, language = path.name.removesuffix(".md").partition(".")
        if language not in LANGUAGES:
            reader.problems.append(
                ContentProblem(
                    f"courses/{folder}/lessons/{path.name}",
                    1,
                    "a lesson file is named <lesson>.fr.md or <lesson>.en.md; "
                    "rename this one or delete it",
                )
            )
        elif lesson_id not in listed:
            reader.problem(
                line, f"lessons/{path.name} is not listed in 'lessons'; add it or delete it"
            )
