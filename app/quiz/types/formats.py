"""Text formats as Moodle's GIFT names them: a leading ``[html]``, ``[plain]``, ``[moodle]`` or
``[markdown]`` on a question's text, its answers, feedbacks, matching items and general
feedback, and the safe HTML each format becomes on a page. Pure: no Flask, no database."""

from __future__ import annotations

import nh3
from markupsafe import escape

from app.content.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, parser, render

FORMATS = ("moodle", "html", "markdown", "plain")
DEFAULT_FORMAT = "moodle"


def format_tag(text: str) -> str | None:
    """The format a text's leading tag names, or None (Moodle leaves other brackets as text)."""
    if text.startswith("["):
        name = text[1 : text.find("]")] if "]" in text else None
        if name in FORMATS:
            return name
    return None


def take_format(text: str, default: str) -> tuple[str, str | None]:
    """A cleaned text without its leading tag, and the format the tag names when it differs
    from ``default`` (the question's format, which every untagged text keeps, as in Moodle)."""
    found = format_tag(text)
    if found is None:
        return text, None
    rest = text[len(found) + 2 :].strip(" \t\n\r\0\x0b")
    return rest, None if found == default else found


def tagged(text: str, own: str | None, default: str) -> str:
    """The tag to write before a text so that take_format reads back ``own`` and the text."""
    if own is not None and own != default:
        return f"[{own}]"
    # A text that starts like a tag keeps its own format only behind an explicit one.
    return f"[{default}]" if format_tag(text) is not None else ""


def own_formats(item: object, *keys: str) -> dict[str, str]:
    """The ``*_format`` fields of ``item`` that a tag set, for its stored JSON."""
    return {key: getattr(item, key) for key in keys if getattr(item, key) is not None}


def question_html(text: str, text_format: str) -> str:
    """A question's text as safe HTML (templates mark it ``| safe``): Markdown and HTML go
    through the sanitizer, anything else is escaped."""
    if text_format == "markdown":
        return render(text, lambda kind, target: target if kind == "link" else None)
    if text_format == "html":
        return nh3.clean(text, link_rel="noopener noreferrer")
    return "<br>".join(str(escape(line)) for line in text.split("\n"))


def inline_html(text: str, text_format: str) -> str:
    """An answer, an item or a feedback as safe HTML that fits inside a label or a paragraph."""
    if text_format == "markdown":
        html = parser().renderInline(text)
        return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    return question_html(text, text_format)
