"""The words of the item-analysis report, in the reader's language: question types, flags and
what they mean for an author, and the CSV file's columns and rows."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.quiz.item_analysis import CourseItemReport, ItemReport
from app.quiz.statistics import Flag

TYPE_NAMES = {
    "multichoice-single": _l("Multiple choice, one answer"),
    "multichoice-multiple": _l("Multiple choice, several answers"),
    "truefalse": _l("True or false"),
    "shortanswer": _l("Short answer"),
    "numerical": _l("Numerical"),
    "matching": _l("Matching"),
}
FLAG_NAMES = {
    Flag.EASY: _l("Too easy"),
    Flag.NOT_DISCRIMINATING: _l("Does not discriminate"),
}
FLAG_MEANINGS = {
    Flag.EASY: _l(
        "Nearly everyone gets it right (facility above 0.9), so it tells little about who "
        "learned the course. Check whether a cue gives the answer away: the longest option, "
        "an absolute word, words repeated from the question."
    ),
    Flag.NOT_DISCRIMINATING: _l(
        "Those who do well on the rest of the quiz do no better on this item (discrimination "
        "below 0.2, or a score that never varies). Check the key, a stem that can be read two "
        "ways, a distractor that is also right, or a question the lessons do not teach."
    ),
}


def type_name(kind: str) -> str:
    return str(TYPE_NAMES.get(kind, kind))


def csv_header() -> list[str]:
    return [
        _("Question"),
        _("Text"),
        _("Type"),
        _("Attempts"),
        _("Facility index"),
        _("Discrimination index"),
        _("Flags"),
        _("Part"),
        _("Response"),
        _("Right answer"),
        _("Chosen"),
        _("Share"),
    ]


def csv_rows(report: CourseItemReport) -> Iterator[list[object]]:
    """One row per response of each question (its figures repeated), so a spreadsheet can
    filter and pivot; a question nobody answered still has its row, "No answer"."""
    for item in report.items:
        figures = item_figures(item)
        for option in (option for part in item.responses.parts for option in part.options):
            share = None if option.share is None else round(option.share, 4)
            yes_no = _("yes") if option.right else _("no")
            yield [*figures, option.part, option.text, yes_no, option.chosen, share]
        if item.responses.unanswered or not item.responses.parts:
            unanswered = item.responses.unanswered
            share = (
                round(unanswered / item.responses.attempts, 4) if item.responses.attempts else None
            )
            yield [*figures, "", _("No answer"), _("no"), unanswered, share]


def item_figures(item: ItemReport) -> list[object]:
    statistics = item.statistics
    return [
        item.question.name,
        item.text,
        type_name(item.kind),
        statistics.attempts,
        statistics.facility,
        statistics.discrimination,
        "; ".join(str(FLAG_NAMES[flag]) for flag in statistics.flags),
    ]
