"""Lesson Markdown: one parser for checking links and for rendering, then nh3 sanitizing.

Raw HTML is off in the parser and nh3 cleans what comes out anyway, so a lesson can never put
a script, a style or an event handler on a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import nh3
from markdown_it import MarkdownIt

EXTERNAL_SCHEMES = ("https://", "http://", "mailto:")

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
    "s",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}


@dataclass(frozen=True)
class Reference:
    """A link or an image in a lesson, with the body line it is on (1-based)."""

    kind: str  # "link" | "image"
    target: str
    line: int


@cache
def parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": False, "linkify": False})
        .enable("table")
        .enable("strikethrough")
    )


def references(body: str) -> list[Reference]:
    found = []
    for block in parser().parse(body):
        line = block.map[0] + 1 if block.map else 1
        for token in block.children or ():
            if token.type == "link_open":
                found.append(Reference("link", str(token.attrGet("href") or ""), line))
            elif token.type == "image":
                found.append(Reference("image", str(token.attrGet("src") or ""), line))
    return found


def title_heading_lines(body: str) -> list[int]:
    """Body lines (1-based) of first-level headings: the page gives the lesson's title its h1."""
    return [
        token.map[0] + 1
        for token in parser().parse(body)
        if token.type == "heading_open" and token.tag == "h1" and token.map
    ]


def render(body: str, rewrite_url: Callable[[str, str], str | None]) -> str:
    """HTML for a page; ``rewrite_url(kind, target)`` maps a link to its URL (None drops it)."""
    tokens = parser().parse(body)
    for block in tokens:
        for token in block.children or ():
            attribute = {"link_open": "href", "image": "src"}.get(token.type)
            if attribute:
                kind = "image" if token.type == "image" else "link"
                url = rewrite_url(kind, str(token.attrGet(attribute) or ""))
                token.attrSet(attribute, url or "")
    html = parser().renderer.render(tokens, parser().options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )
