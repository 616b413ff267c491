"""GIFT question banks (Moodle's plain-text quiz format): read them, reporting every problem,
store them as JSON, and check that a bank can be graded automatically."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from app.content.gift_export import export_gift
from app.content.gift_question import Question, QuestionSource, read_question, take_name
from app.content.problems import ContentError, ContentProblem
from app.quiz.types import question_type
from app.quiz.types.formats import DEFAULT_FORMAT, FORMATS
from app.quiz.types.gift_syntax import MISSING_WORD, SURROGATE, TRIM, GiftSyntaxError, Segment

__all__ = [
    "FORMATS",
    "MISSING_WORD",
    "Question",
    "export_gift",
    "parse_gift",
    "parse_gift_bytes",
    "question_from_json",
    "question_to_json",
]

CATEGORY = "$CATEGORY:"
NAME_REQUIRED = "every question needs a ::name::, since it pairs the French and English banks"


def parse_gift(text: str, path: str, *, require_names: bool = False) -> list[Question]:
    """Every question in a GIFT bank, or ContentError listing every problem in it.

    As Moodle's qformat_gift reads it: blank lines separate questions, whole ``//`` lines are
    comments, ``$CATEGORY:`` sets the category of the questions after it (an empty one goes
    back to none), ``::name::`` names a question and ``[html]`` and the like set the format of
    its text, and of an answer, a feedback, a matching item or the general feedback they lead
    (which otherwise take the question's). Where Moodle would quietly misread a question, it
    is reported instead.
    """
    bank = _Bank(path, require_names)
    for lines in _blocks(_numbered_lines(text)):
        bank.read(lines)
    if bank.problems:
        raise ContentError(bank.problems)
    return bank.questions


def parse_gift_bytes(data: bytes, path: str, *, require_names: bool = False) -> list[Question]:
    """Like parse_gift, from a file's bytes: UTF-8 with or without a byte order mark."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = (
            f"the file is not UTF-8 (byte 0x{data[error.start]:02X} cannot be read); "
            "save it as UTF-8"
        )
        raise ContentError([ContentProblem(path, line, message)]) from None
    return parse_gift(text, path, require_names=require_names)


def question_to_json(question: Question) -> dict:
    """The stable shape stored in the database and read by the grader."""
    found = {
        "id": question.id,
        "type": question.type,
        "text": question.text,
        "format": question.format,
        "category": question.category,
        "general_feedback": question.general_feedback,
        "line": question.line,
        **question.body.to_json(),
    }
    if question.general_feedback_format is not None:
        found["general_feedback_format"] = question.general_feedback_format
    return found


def question_from_json(data: dict) -> Question:
    return Question(
        text=data["text"],
        body=question_type(data["type"]).from_json(data),
        id=data.get("id"),
        format=data.get("format", DEFAULT_FORMAT),
        category=data.get("category"),
        general_feedback=data.get("general_feedback", ""),
        line=int(data.get("line", 0)),
        general_feedback_format=data.get("general_feedback_format"),
    )


def _about(name: str | None, message: str) -> str:
    return f"question '{name}': {message}" if name is not None else message


def _numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line endings, which Moodle also accepts
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.strip(TRIM)


def _blocks(lines: Iterable[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    """Runs of lines between blank lines, without their // comment lines."""
    block: list[tuple[int, str]] = []
    for number, line in [*lines, (0, "")]:
        if not line:
            if block:
                yield block
            block = []
        elif not line.startswith("//"):
            block.append((number, line))


@dataclass
class _Bank:
    path: str
    require_names: bool
    category: str | None = None
    questions: list[Question] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)

    def read(self, lines: list[tuple[int, str]]) -> None:
        if lines[0][1].startswith(CATEGORY):
            self.category = lines[0][1][len(CATEGORY) :].strip(TRIM) or None
            lines = lines[1:]
        if not lines:
            return
        for number, line in lines:
            if match := SURROGATE.search(line):
                self.report(
                    number,
                    f"the text holds U+{ord(match.group()):04X}, which is not "
                    "a character; save the file as UTF-8",
                )
                return
        source = QuestionSource.join(lines)
        try:
            name, rest = take_name(Segment(source.text, 0))
        except GiftSyntaxError as error:
            self.report(source.line_at(error.at), error.message)
            return
        self.check_name(name, source.numbers[0])
        try:
            question = read_question(rest, name, self.category, source.numbers[0])
        except GiftSyntaxError as error:
            self.report(source.line_at(error.at), _about(name, error.message))
            return
        # Only a question that reads well can lack a name: a stray "}" is not a question.
        if name is None and self.require_names:
            self.report(question.line, NAME_REQUIRED)
        self.questions.append(question)

    def check_name(self, name: str | None, line: int) -> None:
        if name is None:
            return
        if name in self.names:
            self.report(
                line,
                _about(
                    name,
                    f"the name is already used by the question on line {self.names[name]}; "
                    "give each question its own ::name::",
                ),
            )
        else:
            self.names[name] = line

    def report(self, line: int, message: str) -> None:
        self.problems.append(ContentProblem(self.path, line, message))
