"""Multiple choice: one right answer (radio buttons) or several weighted ones (checkboxes)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from app.quiz.types.answer import Answer, credit, read_answer, text_html
from app.quiz.types.base import NO_CREDIT, Choice, Grade, QuestionType, Tallied, arranged
from app.quiz.types.gift_syntax import GiftSyntaxError, Segment, percent, refuse_text_before
from app.quiz.types.responses import N_, ResponseError, choice_index, single_value

NO_FULL_MARK = (
    "no answer is worth 100%; mark the right answer with = or make the weights reach 100%"
)


@dataclass(frozen=True)
class MultipleChoice(QuestionType):
    name: ClassVar[str] = "multichoice"
    gift_order: ClassVar[int] = 40
    single: bool = True
    answers: tuple[Answer, ...] = ()

    @classmethod
    def reads(cls, answers: str | None) -> bool:
        return answers is not None and "~" in answers

    @classmethod
    def parse(cls, block: Segment, question_format: str = "moodle") -> MultipleChoice:
        lead, items = block.split("~=")
        refuse_text_before(lead, "answer", "start every answer with = (right) or ~ (wrong)")
        answers = tuple(
            read_answer(text, 1.0 if mark == "=" else 0.0, question_format) for mark, text in items
        )
        # Moodle's rule: one = anywhere makes it single-answer; all ~ lets learners pick several.
        question = cls(single=any(mark == "=" for mark, _ in items), answers=answers)
        question.check()
        return question

    def check(self) -> None:
        if len(self.answers) < 2:
            raise GiftSyntaxError(
                "a multiple-choice question needs at least two choices; "
                "add answers starting with ~ (wrong) or = (right)"
            )
        if all("->" in answer.text for answer in self.answers):
            raise GiftSyntaxError(
                "every choice contains ->, so this reads as a matching question written with ~; "
                "write matching items as =question -> answer (and = -> answer for an extra "
                "wrong answer)"
            )
        if self.single and not any(answer.fraction == 1.0 for answer in self.answers):
            raise GiftSyntaxError(NO_FULL_MARK)
        total = sum(answer.fraction for answer in self.answers if answer.fraction > 0)
        if not self.single and total == 0:
            raise GiftSyntaxError(NO_FULL_MARK)
        # Moodle's own check for multiple-answer questions: 3 x 33.33333% still counts as 100%.
        if not self.single and round(total, 2) != 1:
            raise GiftSyntaxError(
                f"the positive weights add up to {percent(total)}, not 100%; "
                "adjust the ~%weight% values or mark a single right answer with ="
            )

    def to_json(self) -> dict:
        return {"single": self.single, "answers": [answer.to_json() for answer in self.answers]}

    @classmethod
    def from_json(cls, data: dict) -> MultipleChoice:
        return cls(bool(data["single"]), tuple(Answer.from_json(a) for a in data["answers"]))

    def to_gift(self, question_format: str = "moodle") -> tuple[str, list[str]]:
        marks = ["=" if self.single and a.fraction == 1.0 else "~" for a in self.answers]
        if marks and "~" not in marks:
            marks[-1] = "~"  # GIFT reads a block without any ~ as a short answer
        items = [
            answer.to_gift(mark, 1.0 if mark == "=" else 0.0, question_format)
            for mark, answer in zip(marks, self.answers, strict=True)
        ]
        return "", items

    @classmethod
    def structure(cls, question: dict) -> dict[str, object]:
        return {
            "answer weights": [answer["fraction"] for answer in question["answers"]],
            "right answer": question["single"],
        }

    @classmethod
    def choice_order(cls, question: dict, shuffle: bool, rng) -> dict:
        return {"answers": arranged(range(len(question["answers"])), shuffle, rng)}

    @classmethod
    def read_form(cls, question: dict, order: dict, name: str, form) -> int | list[int] | None:
        """One original index (or None), or the sorted list of the chosen ones."""
        answers = order["answers"]
        if question["single"]:
            raw = single_value(form, name)
            return None if raw in (None, "") else answers[choice_index(raw, len(answers))]
        chosen = [answers[choice_index(raw, len(answers))] for raw in form.getlist(name)]
        if len(set(chosen)) != len(chosen):
            raise ResponseError(N_("The same answer is chosen twice."))
        return sorted(chosen)

    @classmethod
    def response(cls, question: dict, stored: object) -> int | frozenset[int] | None:
        return stored if question["single"] else frozenset(stored or ())

    @classmethod
    def grade(cls, question: dict, response: int | frozenset[int] | None) -> Grade:
        """One choice: its fraction. Several: the sum of theirs. Either way within [0, 1]."""
        answers = question["answers"]
        if response is None:
            return NO_CREDIT
        chosen = [response] if question["single"] else sorted(response)
        # fsum is exact, so the order the answers come in cannot change the sum.
        return credit(math.fsum(answers[index]["fraction"] for index in chosen), chosen, question)

    @classmethod
    def view(cls, question: dict, order: dict, stored: object, name: str, labels) -> dict:
        chosen = {stored} if question["single"] else set(stored or [])
        choices = [
            Choice(
                str(shown),
                text_html(answer, "text", question),
                original in chosen,
            )
            for shown, original in enumerate(order["answers"])
            for answer in [question["answers"][original]]
        ]
        return {"multiple": not question["single"], "choices": choices}

    @classmethod
    def right_answers(cls, question: dict, labels) -> list[str]:
        if question["single"]:
            full = [answer for answer in question["answers"] if answer["fraction"] >= 1]
        else:
            full = [answer for answer in question["answers"] if answer["fraction"] > 0]
        return [text_html(answer, "text", question) for answer in full]

    @classmethod
    def offered(cls, question: dict, labels) -> list[Tallied]:
        return [
            Tallied("", answer["text"], answer["fraction"] > 0) for answer in question["answers"]
        ]

    @classmethod
    def tallied(cls, question: dict, stored: object, labels) -> list[Tallied]:
        if stored is None:
            return []
        options = cls.offered(question, labels)
        chosen = [stored] if question["single"] else stored
        return [options[index] for index in chosen if 0 <= index < len(options)]
