"""Reading the raw values of a quiz form, refusing what no honest form sends.

Form values name shown positions (see each type's ``choice_order``); what a type stores names
original indices. Pure: no Flask, no database.
"""

from __future__ import annotations

import re

MAX_TEXT_LENGTH = 1000
QUOTED_LENGTH = 40  # how much of a refused value an error message repeats
# ASCII digits only, no leading zeros: int() would also take "٣", " 2" and "02".
INDEX = re.compile(r"0|[1-9][0-9]{0,5}")
# Characters no keyboard types and PostgreSQL cannot store (NUL, lone surrogates from JSON).
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


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


def single_value(form, name: str) -> str | None:
    values = form.getlist(name)
    if len(values) > 1:
        raise ResponseError(N_("This question takes one answer, not a list."))
    return values[0] if values else None


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


def typed_text(raw: object) -> str:
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


def required_text(raw: object) -> str:
    if not isinstance(raw, str):
        raise ResponseError(N_("Each answer must be text."))
    return raw


def quoted(text: str) -> str:
    """Enough of a refused value to recognise it, never a whole megabyte of it."""
    if len(text) <= QUOTED_LENGTH:
        return text
    return text[: QUOTED_LENGTH - 1] + "…"
