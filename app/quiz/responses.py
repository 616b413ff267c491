"""Turning the raw values of a quiz form into typed responses, refusing what no honest form sends.

A response is a plain value: ``int | None`` (one choice), ``frozenset[int]`` (several choices),
``bool | None`` (true/false), ``str`` (short answer, numerical) or ``dict[int, str]`` (matching).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_TEXT_LENGTH = 1000
QUOTED_LENGTH = 40  # how much of a refused value an error message repeats
# ASCII digits only, no leading zeros: int() would also take "٣", " 2" and "02".
INDEX = re.compile(r"0|[1-9][0-9]{0,5}")
# Characters no keyboard types and PostgreSQL cannot store (NUL, lone surrogates from JSON).
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
TRUTH_VALUES = {"true": True, "false": False}

Response = int | bool | str | frozenset[int] | dict[int, str] | None


def N_(message: str) -> str:
    """Mark a message for the catalogs without translating it: this module must not need Flask."""
    return message


class ResponseError(ValueError):
    """A response the question cannot take; ``template`` and ``params`` let a view translate it.

    A view shows ``gettext(error.template, **error.params)``; ``str(error)`` is the English text.
    """

    def __init__(self, template: str, **params: object):
        self.template = template
        self.params = params
        super().__init__(template % params)

    @property
    def message(self) -> str:
        return str(self)


def parse_multichoice(question: dict, raw: object) -> int | frozenset[int] | None:
    """One choice index (radio buttons) or a set of them (checkboxes)."""
    count = len(question["answers"])
    if question["single"]:
        return parse_single_choice(raw, count)
    return parse_choice_set(raw, count)


def parse_single_choice(raw: object, count: int) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, list | tuple):
        raise ResponseError(N_("This question takes one answer, not a list."))
    return choice_index(raw, count)


def parse_choice_set(raw: object, count: int) -> frozenset[int]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list | tuple):
        raise ResponseError(N_("This question takes a list of answers."))
    chosen: set[int] = set()
    for item in raw:
        index = choice_index(item, count)
        if index in chosen:
            raise ResponseError(N_("Answer %(index)d is chosen twice."), index=index)
        chosen.add(index)
    return frozenset(chosen)


def choice_index(raw: object, count: int) -> int:
    text = required_text(raw)
    if not INDEX.fullmatch(text):
        raise ResponseError(N_("“%(value)s” is not an answer number."), value=quoted(text))
    index = int(text)
    if index >= count:
        raise ResponseError(
            N_("There is no answer %(index)d: this question has %(count)d."),
            index=index,
            count=count,
        )
    return index


def parse_truefalse(question: dict, raw: object) -> bool | None:
    if raw is None or raw == "":
        return None
    text = required_text(raw)
    if text not in TRUTH_VALUES:
        raise ResponseError(N_("The answer must be “true” or “false”."))
    return TRUTH_VALUES[text]


def parse_text(question: dict, raw: object) -> str:
    """The typed text as it came (short answer, numerical): grading decides what it means."""
    if raw is None:
        return ""
    text = required_text(raw)
    if len(text) > MAX_TEXT_LENGTH:
        raise ResponseError(
            N_("The answer is too long: %(length)d characters, at most %(limit)d."),
            length=len(text),
            limit=MAX_TEXT_LENGTH,
        )
    if found := NOT_TEXT.search(text):
        raise ResponseError(
            N_("The answer contains a character that is not text (U+%(code)04X)."),
            code=ord(found.group()),
        )
    return text


def parse_matching(question: dict, raw: object) -> dict[int, str]:
    """Pair index → chosen answer text; a blank choice leaves the pair unanswered."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ResponseError(N_("This question takes one answer per item."))
    items, offered = matched_items(question), offered_answers(question)
    chosen: dict[int, str] = {}
    for key, value in raw.items():
        index = item_index(key, items)
        answer = required_text(value)
        if answer == "":
            continue
        if answer not in offered:
            raise ResponseError(
                N_("“%(value)s” is not one of the offered answers."), value=quoted(answer)
            )
        if index in chosen:
            raise ResponseError(N_("Item %(index)d is answered twice."), index=index)
        chosen[index] = answer
    return dict(sorted(chosen.items()))


def item_index(key: object, items: frozenset[int]) -> int:
    if isinstance(key, int) and not isinstance(key, bool):
        index = key
    elif isinstance(key, str) and INDEX.fullmatch(key):
        index = int(key)
    else:
        raise ResponseError(N_("“%(value)s” is not an item number."), value=quoted(str(key)))
    if index not in items:
        raise ResponseError(N_("There is no item %(index)d to match."), index=index)
    return index


def matched_items(question: dict) -> frozenset[int]:
    """Indices of the pairs to match; a pair with no question is only a distractor answer."""
    return frozenset(
        index for index, pair in enumerate(question["pairs"]) if pair["question"].strip()
    )


def offered_answers(question: dict) -> frozenset[str]:
    return frozenset(pair["answer"] for pair in question["pairs"])


def required_text(raw: object) -> str:
    if not isinstance(raw, str):
        raise ResponseError(N_("Each answer must be text."))
    return raw


def quoted(text: str) -> str:
    """Enough of a refused value to recognise it, never a whole megabyte of it."""
    if len(text) <= QUOTED_LENGTH:
        return text
    return text[: QUOTED_LENGTH - 1] + "…"
