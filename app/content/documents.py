"""Reading YAML files and Markdown front matter safely, remembering the line of every value.

Authors need ``path:line:`` in every message, so mappings come back as ``LineMap``: a dict that
also knows the line of each key. Only YAML's safe subset is read: a ``!!python/...`` tag is a
problem reported at its line, never executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from app.content.problems import ContentError, ContentProblem

BOOL_TAG = "tag:yaml.org,2002:bool"


class LineMap(dict):
    """A YAML mapping with ``line`` (where it starts) and ``key_lines`` (where each key is)."""

    line: int = 1
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence with the line of the list and of each item."""

    line: int = 1
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records lines; it keeps SafeLoader's refusal of every unsafe tag."""

    def construct_mapping(self, node, deep=False):
        mapping = LineMap(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str | int | float | bool) or key is None:
                mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node, deep=False):
        items = LineList(super().construct_sequence(node, deep=True))
        items.line = node.start_mark.line + 1
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        return items

    def construct_yaml_timestamp(self, node):
        # "2027-02-30" looks like a date but is none: kept as text, so the field that wants a
        # date reports it at its line instead of the whole file failing to load.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


# YAML 1.2's booleans: only true and false. YAML 1.1 also reads yes/no/on/off as booleans, so
# a due date's key ``on:`` would arrive as ``True``.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence
)


def load_yaml(text: str, path: str, first_line: int = 1):
    """Parse ``text`` (safe subset only); raise ContentError at the offending line."""
    # Leading blank lines make every recorded line a line of the whole file (front matter).
    padded = "\n" * (first_line - 1) + text
    try:
        return yaml.load(padded, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else first_line
        raise ContentError([ContentProblem(path, line, yaml_message(error))]) from None
    except yaml.YAMLError as error:
        raise ContentError([ContentProblem(path, first_line, f"invalid YAML: {error}")]) from None


def yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "invalid YAML"
    if "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip().strip("'")
        return f"the tag {tag} is not allowed: content files hold plain data only"
    context = f"{error.context}, " if error.context else ""
    return f"invalid YAML: {context}{problem}"


def read_text(path, shown: str) -> str:
    """A content file as text: UTF-8 with or without BOM, any line ending."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = "the file is not UTF-8; save it as UTF-8 and try again"
        raise ContentError([ContentProblem(shown, line, message)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class MarkdownDocument:
    front: LineMap
    body: str
    body_line: int  # the file line where the body starts


def split_front_matter(text: str, path: str) -> MarkdownDocument:
    """``---`` YAML ``---`` then Markdown; the front matter is required."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        message = "the file must start with a front matter: a line '---', then 'title: ...', '---'"
        raise ContentError([ContentProblem(path, 1, message)])
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = load_yaml("\n".join(lines[1:index]), path, first_line=2)
            if not isinstance(front, LineMap):
                message = "the front matter must be 'key: value' lines (title, minutes)"
                raise ContentError([ContentProblem(path, 2, message)])
            return MarkdownDocument(front, "\n".join(lines[index + 1 :]), index + 2)
    raise ContentError([ContentProblem(path, 1, "the front matter is not closed by a '---' line")])
