"""Malformed content, one case each: edits to the minimal tree and the exact problems expected.

The minimal tree (tests/data/content/minimal) is valid; each case breaks it in one way.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

MINIMAL = Path(__file__).resolve().parent.parent / "data" / "content" / "minimal"

TRACKS = "courses/tracks.yml"
COURSE = "courses/basics/course.yml"
LESSON_FR = "courses/basics/lessons/01-first.fr.md"
LESSON_EN = "courses/basics/lessons/01-first.en.md"
BANK_FR = "quizzes/basics.fr.gift"
BANK_EN = "quizzes/basics.en.gift"
CHARTER = "courses/charter/charter.yml"


@dataclass(frozen=True)
class Replace:
    path: str
    old: str
    new: str

    def apply(self, root: Path) -> None:
        text = (root / self.path).read_text(encoding="utf-8")
        assert self.old in text, f"{self.old!r} not in {self.path}"
        (root / self.path).write_text(text.replace(self.old, self.new, 1), encoding="utf-8")


@dataclass(frozen=True)
class Write:
    path: str
    data: bytes | str

    def apply(self, root: Path) -> None:
        (root / self.path).parent.mkdir(parents=True, exist_ok=True)
        data = self.data.encode() if isinstance(self.data, str) else self.data
        (root / self.path).write_bytes(data)


@dataclass(frozen=True)
class Delete:
    path: str

    def apply(self, root: Path) -> None:
        (root / self.path).unlink()


def minimal_tree(destination: Path, *edits) -> Path:
    shutil.copytree(MINIMAL, destination)
    for edit in edits:
        edit.apply(destination)
    return destination


LAST_COURSE = "      - {course: basics, required: true}\n"


def with_rules(rules: str) -> list[Replace]:
    """The minimal track with ``rules:`` after its courses (line 10; a first rule at 11)."""
    return [Replace(TRACKS, LAST_COURSE, LAST_COURSE + "    rules:" + rules + "\n")]


RULE_KEYS = "(known: departments, offices, roles, languages, due)"
LONG_FILE = "d" * 100 + "/" + "e" * 100 + "/" + "f" * 90 + ".png"  # 296 characters
FRONT = '---\ntitle: "Première leçon"\nminutes: 3\n---\n'

# id: (edits, expected problems as printed)
BAD_CONTENT = {
    "yaml_syntax_error": (
        [Replace(TRACKS, "    audience: employees", "    audience: [employees")],
        [
            f"{TRACKS}:4: invalid YAML: while parsing a flow sequence, "
            "expected ',' or ']', but got ':'"
        ],
    ),
    "python_tag_refused": (
        [
            Replace(
                COURSE,
                'title: {fr: "Les bases", en: "The basics"}',
                'title: !!python/object/apply:os.system ["echo owned"]',
            )
        ],
        [
            f"{COURSE}:2: the tag tag:yaml.org,2002:python/object/apply:os.system is not allowed: "
            "content files hold plain data only"
        ],
    ),
    "tracks_file_missing": ([Delete(TRACKS)], [f"{TRACKS}:1: this file is missing"]),
    "tracks_not_a_list": (
        [Write(TRACKS, "tracks:\n  slug: employees\n")],
        [f"{TRACKS}:2: 'tracks' must be a list of '- ...' items"],
    ),
    "course_file_is_a_list": (
        [Write(COURSE, "- slug: basics\n")],
        [
            f"{COURSE}:1: the file must be a mapping of 'key: value' lines",
        ],
    ),
    "track_title_missing": (
        [Replace(TRACKS, '    title: {fr: "Collaborateurs", en: "Employees"}\n', "")],
        [f"{TRACKS}:2: 'title' is missing"],
    ),
    "track_title_without_english": (
        [Replace(TRACKS, ', en: "Employees"', "")],
        [f"{TRACKS}:4: 'title' has no 'en' translation"],
    ),
    "track_summary_empty_translation": (
        [Replace(TRACKS, 'en: "The track for everyone."', 'en: "  "')],
        [f"{TRACKS}:5: 'en' must be a non-empty text"],
    ),
    "track_translation_in_unknown_language": (
        [Replace(TRACKS, 'en: "Employees"', 'en: "Employees", de: "Mitarbeitende"')],
        [f"{TRACKS}:4: unknown key 'de' in 'title' (known: fr, en)"],
    ),
    "track_unknown_audience": (
        [Replace(TRACKS, "audience: employees", "audience: everyone")],
        [
            f"{TRACKS}:3: 'audience' must be one of executives, community-managers, employees, "
            "not 'everyone'"
        ],
    ),
    "track_unknown_key": (
        [
            Replace(
                TRACKS,
                "    requires_charter: true\n",
                "    requires_charter: true\n    colour: blue\n",
            )
        ],
        [
            f"{TRACKS}:7: unknown key 'colour' in a track (known: slug, audience, title, summary, "
            "requires_charter, self_enrol, certificate, courses, rules)"
        ],
    ),
    "track_lists_unknown_course": (
        [Replace(TRACKS, "{course: basics, required: true}", "{course: advanced, required: true}")],
        [f"{TRACKS}:9: course 'advanced' does not exist: there is no courses/advanced/course.yml"],
    ),
    "track_lists_course_twice": (
        [
            Replace(
                TRACKS,
                "      - {course: basics, required: true}",
                "      - {course: basics, required: true}\n      - {course: basics}",
            )
        ],
        [f"{TRACKS}:10: course 'basics' is listed twice in this track"],
    ),
    "track_declared_twice": (
        [Replace(TRACKS, "tracks:\n", "tracks:\n" + (MINIMAL / TRACKS).read_text()[8:])],
        [f"{TRACKS}:10: track 'employees' is declared twice (first at line 2)"],
    ),
    "validity_months_not_a_number": (
        [Replace(TRACKS, "validity_months: 24", 'validity_months: "24 months"')],
        [f"{TRACKS}:7: 'validity_months' must be a whole number, not '24 months'"],
    ),
    "validity_months_zero": (
        [Replace(TRACKS, "validity_months: 24", "validity_months: 0")],
        [f"{TRACKS}:7: 'validity_months' must be between 1 and 120, not 0"],
    ),
    "requires_charter_not_a_boolean": (
        [Replace(TRACKS, "requires_charter: true", "requires_charter: maybe")],
        [f"{TRACKS}:6: 'requires_charter' must be true or false, not 'maybe'"],
    ),
    "course_slug_not_the_folder": (
        [Replace(COURSE, "slug: basics", "slug: basic")],
        [f"{COURSE}:1: the slug 'basic' must be the folder's name, 'basics'"],
    ),
    "course_without_quiz": (
        [Replace(COURSE, "quiz:\n  pass_mark: 50\n  questions_per_attempt: 2\n", "")],
        [f"{COURSE}:1: 'quiz' is missing: every course ends with a quiz"],
    ),
    "pass_mark_over_100": (
        [Replace(COURSE, "pass_mark: 50", "pass_mark: 120")],
        [f"{COURSE}:8: 'pass_mark' must be between 0 and 100, not 120"],
    ),
    "more_questions_than_the_bank": (
        [Replace(COURSE, "questions_per_attempt: 2", "questions_per_attempt: 5")],
        [f"{COURSE}:9: 'questions_per_attempt' is 5 but the bank has 3 questions"],
    ),
    "draw_from_a_category_too_small": (
        [
            Replace(
                COURSE, "questions_per_attempt: 2", "draw: {basics/reflexes: 2, basics/other: 1}"
            )
        ],
        [f"{COURSE}:9: 'draw' asks 1 question from category 'basics/other', which has 0"],
    ),
    "draw_and_questions_per_attempt": (
        [
            Replace(
                COURSE,
                "questions_per_attempt: 2",
                "questions_per_attempt: 2\n  draw: {basics/reflexes: 2}",
            )
        ],
        [
            f"{COURSE}:10: give either 'questions_per_attempt' or 'draw' (questions per category), "
            "not both"
        ],
    ),
    "unknown_grading_method": (
        [Replace(COURSE, "pass_mark: 50", "pass_mark: 50\n  grading_method: best")],
        [f"{COURSE}:9: 'grading_method' must be one of highest, last, first, average, not 'best'"],
    ),
    "unknown_review_option": (
        [
            Replace(
                COURSE, "pass_mark: 50", "pass_mark: 50\n  review: {after_submit: [score, answers]}"
            )
        ],
        [
            f"{COURSE}:9: 'after_submit' must be a list of: score, correctness, feedback, "
            "correct_answers"
        ],
    ),
    "score_bands_going_down": (
        [
            Replace(
                COURSE,
                "pass_mark: 50",
                "pass_mark: 50\n  overall_feedback:\n"
                "    - {from: 80, text: {fr: Bravo, en: Well done}}\n"
                "    - {from: 0, text: {fr: Relisez, en: Read again}}",
            )
        ],
        [f"{COURSE}:10: overall feedback bands must go up: each 'from' above the last"],
    ),
    "lesson_without_english": (
        [Delete(LESSON_EN)],
        [f"{COURSE}:5: lesson '01-first' has no 'en' version: {LESSON_EN} is missing"],
    ),
    "lesson_file_not_listed": (
        [Write("courses/basics/lessons/03-third.fr.md", FRONT + "Texte.\n")],
        [f"{COURSE}:4: lessons/03-third.fr.md is not listed in 'lessons'; add it or delete it"],
    ),
    "lesson_listed_twice": (
        [Replace(COURSE, "  - 02-second\n", "  - 02-second\n  - 01-first\n")],
        [f"{COURSE}:7: lesson '01-first' is listed twice (first at line 5)"],
    ),
    "lesson_id_with_capitals": (
        [Replace(COURSE, "  - 02-second\n", "  - 02-second\n  - Third\n")],
        [
            f"{COURSE}:7: lesson id 'Third' must be lowercase letters, digits and '-', "
            "at most 80 characters"
        ],
    ),
    "lesson_without_front_matter": (
        [Replace(LESSON_FR, FRONT, "")],
        [
            f"{LESSON_FR}:1: the file must start with a front matter: a line '---', then "
            "'title: ...', '---'"
        ],
    ),
    "lesson_front_matter_not_closed": (
        [Replace(LESSON_FR, "minutes: 3\n---\n", "minutes: 3\n")],
        [f"{LESSON_FR}:1: the front matter is not closed by a '---' line"],
    ),
    "lesson_minutes_not_a_number": (
        [Replace(LESSON_FR, "minutes: 3", "minutes: trois")],
        [f"{LESSON_FR}:3: 'minutes' must be a whole number, not 'trois'"],
    ),
    "lesson_without_text": (
        [Write(LESSON_FR, FRONT + "\n")],
        [f"{LESSON_FR}:5: the lesson has no text after its front matter"],
    ),
    "lesson_minutes_differ_between_languages": (
        [Replace(LESSON_EN, "minutes: 3", "minutes: 5")],
        [f"{COURSE}:5: lesson '01-first' gives different 'minutes' in its two languages"],
    ),
    "lesson_not_utf8": (
        [Write(LESSON_FR, (FRONT + "Caf\xe9 cr\xe8me\n").encode("latin-1"))],
        [f"{LESSON_FR}:2: the file is not UTF-8; save it as UTF-8 and try again"],
    ),
    "link_to_nowhere": (
        [Replace(LESSON_FR, "(02-second.fr.md)", "(03-third.fr.md)")],
        [
            f"{LESSON_FR}:7: link '03-third.fr.md' points nowhere: "
            "courses/basics/lessons/03-third.fr.md does not exist"
        ],
    ),
    "image_outside_the_course_folder": (
        [Replace(LESSON_FR, "(../images/schema.png)", "(../../../quizzes/basics.fr.gift)")],
        [
            f"{LESSON_FR}:9: image '../../../quizzes/basics.fr.gift' points outside the course "
            "folder; use a path relative to the lesson, inside the course folder"
        ],
    ),
    "image_with_an_absolute_path": (
        [Replace(LESSON_FR, "(../images/schema.png)", "(/etc/passwd)")],
        [
            f"{LESSON_FR}:9: image '/etc/passwd' points outside the course folder; use a path "
            "relative to the lesson, inside the course folder"
        ],
    ),
    "image_on_the_internet": (
        [Replace(LESSON_FR, "(../images/schema.png)", "(https://example.com/a.png)")],
        [
            f"{LESSON_FR}:9: image 'https://example.com/a.png' is on the internet; put the file in "
            "the course folder"
        ],
    ),
    "image_too_large": (
        [Write("courses/basics/images/schema.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1))],
        [
            f"{LESSON_EN}:9: images/schema.png is 5.0 MB; files must stay under 5 MB",
            f"{LESSON_FR}:9: images/schema.png is 5.0 MB; files must stay under 5 MB",
        ],
    ),
    "image_path_too_long": (
        [
            Write(f"courses/basics/images/{LONG_FILE}", b"\x89PNG"),
            Replace(LESSON_FR, "(../images/schema.png)", f"(../images/{LONG_FILE})"),
        ],
        [
            f"{LESSON_FR}:9: the path images/{LONG_FILE} is 303 characters long; "
            "at most 300 are allowed"
        ],
    ),
    "link_with_another_scheme": (
        [Replace(LESSON_FR, "(02-second.fr.md)", "(ftp://example.com/notes.txt)")],
        [
            f"{LESSON_FR}:7: link 'ftp://example.com/notes.txt' uses a scheme that is not allowed "
            "(only https:, http: and mailto: links)"
        ],
    ),
    "attachment_of_an_unservable_type": (
        [
            Write("courses/basics/files/tool.exe", b"MZ"),
            Replace(LESSON_FR, "(02-second.fr.md)", "(../files/tool.exe)"),
        ],
        [
            f"{LESSON_FR}:7: link '../files/tool.exe' has a file type that cannot be served "
            "(allowed: .png, .jpg, .jpeg, .gif, .webp, .svg, .pdf)"
        ],
    ),
    "bank_in_english_missing": (
        [Delete(BANK_EN)],
        [f"{COURSE}:7: the English question bank {BANK_EN} is missing"],
    ),
    "bank_question_without_english_version": (
        [Replace(BANK_EN, "::team-name::", "::team::")],
        [
            f"{BANK_EN}:10: question 'team' has no French version in {BANK_FR} "
            "(the same ::name:: pairs the two)",
            f"{BANK_FR}:10: question 'team-name' has no English version in {BANK_EN} "
            "(the same ::name:: pairs the two)",
        ],
    ),
    "bank_weights_differ_between_languages": (
        [Replace(BANK_EN, "=%50%community#", "=%25%community#")],
        [
            f"{BANK_EN}:10: question 'team-name' does not have the same answer weights as its "
            "French version ([1.0, 0.25] here, [1.0, 0.5] there); "
            "the two languages must have the same answers in the same order"
        ],
    ),
    "bank_right_answer_differs_between_languages": (
        [Replace(BANK_EN, "{T#Yes you do", "{F#Yes you do")],
        [
            f"{BANK_EN}:8: question 'report-complaint' does not have the same right answer as its "
            "French version (False here, True there); "
            "the two languages must have the same answers in the same order"
        ],
    ),
    "bank_with_an_essay": (
        [
            Replace(BANK_FR, "::team-name::", "::opinion::Votre avis ?{}\n\n::team-name::"),
            Replace(BANK_EN, "::team-name::", "::opinion::Your view?{}\n\n::team-name::"),
        ],
        [
            f"{BANK_EN}:10: question 'opinion' is an essay, which cannot be graded automatically; "
            "remove it from this bank",
            f"{BANK_FR}:10: question 'opinion' is an essay, which cannot be graded automatically; "
            "remove it from this bank",
        ],
    ),
    "bank_with_a_description": (
        [
            Replace(BANK_FR, "::team-name::", "::intro::Trois questions suivent.\n\n::team-name::"),
            Replace(BANK_EN, "::team-name::", "::intro::Three questions follow.\n\n::team-name::"),
        ],
        [
            f"{BANK_EN}:10: question 'intro' is a description (text with no answer), which "
            "carries no mark; remove it from this bank",
            f"{BANK_FR}:10: question 'intro' is a description (text with no answer), which "
            "carries no mark; remove it from this bank",
        ],
    ),
    "bank_question_name_too_long": (
        [
            Replace(BANK_FR, "::team-name::", "::" + "n" * 201 + "::"),
            Replace(BANK_EN, "::team-name::", "::" + "n" * 201 + "::"),
        ],
        [
            f"{BANK_EN}:10: the question's name is 201 characters long; at most 200 are allowed",
            f"{BANK_FR}:10: the question's name is 201 characters long; at most 200 are allowed",
        ],
    ),
    "bank_category_too_long": (
        [
            Replace(BANK_FR, "$CATEGORY: basics/reflexes", "$CATEGORY: " + "c" * 201),
            Replace(BANK_EN, "$CATEGORY: basics/reflexes", "$CATEGORY: " + "c" * 201),
        ],
        [
            f"{BANK_EN}:3: the question's category is 201 characters long; at most 200 are allowed",
            f"{BANK_FR}:3: the question's category is 201 characters long; at most 200 are allowed",
        ],
    ),
    "quiz_bank_outside_quizzes": (
        [Replace(COURSE, "  pass_mark: 50", "  bank: ../courses/basics\n  pass_mark: 50")],
        [
            f"{COURSE}:8: 'bank' is '../courses/basics': it must be the name of a file in "
            "quizzes/ without '.fr.gift' (lowercase letters, digits and '-', at most 80 "
            "characters)"
        ],
    ),
    "track_slug_too_long": (
        [Replace(TRACKS, "slug: employees", "slug: " + "t" * 81)],
        [
            f"{TRACKS}:2: track slug '{'t' * 81}' must be lowercase letters, digits and '-', "
            "at most 80 characters"
        ],
    ),
    "charter_without_text": (
        [Write("courses/charter/charter.en.md", "\n  \n")],
        [
            "courses/charter/charter.en.md:1: the charter has no text",
            f"{TRACKS}:6: this track requires the charter, but courses/charter/charter.yml cannot "
            "be read",
        ],
    ),
    "lesson_file_in_an_unknown_language": (
        [Write("courses/basics/lessons/01-first.de.md", FRONT + "## Zuerst zuhören\n")],
        [
            "courses/basics/lessons/01-first.de.md:1: a lesson file is named <lesson>.fr.md or "
            "<lesson>.en.md; rename this one or delete it"
        ],
    ),
    "lesson_with_a_first_level_heading": (
        [Replace(LESSON_EN, "## Listen first", "# Listen first")],
        [
            f"{LESSON_EN}:5: a lesson's sections start at '## ' (its title comes from the front "
            "matter); change '# ' to '## '"
        ],
    ),
    "charter_without_english": (
        [Delete("courses/charter/charter.en.md")],
        [
            f"{CHARTER}:1: the charter has no 'en' version: "
            "courses/charter/charter.en.md is missing",
            f"{TRACKS}:6: this track requires the charter, but courses/charter/charter.yml cannot "
            "be read",
        ],
    ),
    "charter_effective_not_a_date": (
        [Replace(CHARTER, "effective: 2026-09-01", "effective: soon")],
        [
            f"{CHARTER}:2: 'effective' must be a date written YYYY-MM-DD, not 'soon'",
            f"{TRACKS}:6: this track requires the charter, but courses/charter/charter.yml cannot "
            "be read",
        ],
    ),
    "charter_version_zero": (
        [Replace(CHARTER, "version: 1", "version: 0")],
        [
            f"{CHARTER}:1: 'version' must be 1 or more, not 0",
            f"{TRACKS}:6: this track requires the charter, but courses/charter/charter.yml cannot "
            "be read",
        ],
    ),
    "course_folder_without_course_yml": (
        [Write("courses/drafts/notes.md", "todo\n")],
        ["courses/drafts/course.yml:1: this course folder has no course.yml"],
    ),
    "course_folder_with_capitals": (
        [Write("courses/Basics2/course.yml", "slug: Basics2\n")],
        [
            "courses/Basics2/course.yml:1: folder name 'Basics2' must be lowercase letters, digits "
            "and '-', at most 80 characters"
        ],
    ),
    "self_enrol_not_a_boolean": (
        [Replace(TRACKS, "requires_charter: true", "requires_charter: true\n    self_enrol: yes")],
        [f"{TRACKS}:7: 'self_enrol' must be true or false, not 'yes'"],
    ),
    "rules_not_a_list": (
        with_rules(" everyone"),
        [f"{TRACKS}:10: 'rules' must be a list of '- ...' items"],
    ),
    "rule_not_a_mapping": (
        with_rules("\n      - everyone"),
        [f"{TRACKS}:11: each rule must be a mapping of 'key: value' lines"],
    ),
    "rule_unknown_key": (
        with_rules("\n      - {department: [communication], due: {on: 2027-01-31}}"),
        [f"{TRACKS}:11: unknown key 'department' in a rule {RULE_KEYS}"],
    ),
    "rule_criterion_not_a_list": (
        with_rules("\n      - {departments: communication, due: {on: 2027-01-31}}"),
        [f"{TRACKS}:11: 'departments' must be a list of '- ...' items"],
    ),
    "rule_criterion_not_a_text": (
        with_rules("\n      - {offices: [quebec, 3], due: {on: 2027-01-31}}"),
        [f"{TRACKS}:11: each of 'offices' must be a non-empty text, not 3"],
    ),
    "rule_unknown_role": (
        with_rules("\n      - {roles: [manager, boss], due: {on: 2027-01-31}}"),
        [f"{TRACKS}:11: 'roles' may hold employee, manager, hr, admin, not 'boss'"],
    ),
    "rule_unknown_language": (
        with_rules("\n      - {languages: [de], due: {on: 2027-01-31}}"),
        [f"{TRACKS}:11: 'languages' may hold fr, en, not 'de'"],
    ),
    "rule_without_due": (
        with_rules("\n      - {departments: [communication]}"),
        [
            f"{TRACKS}:11: 'due' is missing: give {{days_after: joining, days: N}} or "
            "{on: YYYY-MM-DD}"
        ],
    ),
    "rule_due_not_a_mapping": (
        with_rules("\n      - {due: 30}"),
        [f"{TRACKS}:11: 'due' must be a mapping of 'key: value' lines"],
    ),
    "rule_unknown_due_kind": (
        with_rules("\n      - {due: {days_after: hiring, days: 30}}"),
        [f"{TRACKS}:11: 'days_after' must be one of joining, matching, not 'hiring'"],
    ),
    "rule_due_without_days_after": (
        with_rules("\n      - {due: {days: 30}}"),
        [f"{TRACKS}:11: 'days_after' is missing"],
    ),
    "rule_negative_days": (
        with_rules(
            "\n      - departments: [communication]\n        due:\n"
            "          days_after: matching\n          days: -5"
        ),
        [f"{TRACKS}:14: 'days' must be between 0 and 3660, not -5"],
    ),
    "rule_days_not_a_number": (
        with_rules("\n      - {due: {days_after: joining, days: thirty}}"),
        [f"{TRACKS}:11: 'days' must be a whole number, not 'thirty'"],
    ),
    "rule_date_that_does_not_exist": (
        with_rules("\n      - {due: {on: 2027-02-30}}"),
        [f"{TRACKS}:11: 'on' must be a date written YYYY-MM-DD, not '2027-02-30'"],
    ),
    "rule_date_in_words": (
        with_rules("\n      - {due: {on: next spring}}"),
        [f"{TRACKS}:11: 'on' must be a date written YYYY-MM-DD, not 'next spring'"],
    ),
    "rule_due_date_and_days": (
        with_rules("\n      - {due: {on: 2027-01-31, days_after: joining, days: 30}}"),
        [f"{TRACKS}:11: give either 'on' (a date) or 'days_after' and 'days', not both"],
    ),
    "rule_due_unknown_key": (
        with_rules("\n      - {due: {days_after: joining, weeks: 2}}"),
        [
            f"{TRACKS}:11: 'days' is missing",
            f"{TRACKS}:11: unknown key 'weeks' in 'due' (known: days_after, days, on)",
        ],
    ),
}
