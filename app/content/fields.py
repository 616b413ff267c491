"""Checking the values of one YAML file, collecting a ``path:line:`` problem for each bad one."""

from __future__ import annotations

from datetime import date, datetime

from app.content.documents import LineList, LineMap
from app.content.problems import ContentProblem
from app.i18n import LANGUAGES

_MISSING = object()


class FieldReader:
    """Reads typed values out of the mappings of one file; never raises, collects problems."""

    def __init__(self, path: str, problems: list[ContentProblem]):
        self.path = path
        self.problems = problems

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ContentProblem(self.path, line, message))

    def mapping(self, value, line: int, what: str) -> LineMap | None:
        if isinstance(value, LineMap):
            return value
        self.problem(
            getattr(value, "line", line), f"{what} must be a mapping of 'key: value' lines"
        )
        return None

    def items(self, value, line: int, what: str) -> LineList | None:
        if isinstance(value, LineList):
            return value
        self.problem(getattr(value, "line", line), f"{what} must be a list of '- ...' items")
        return None

    def unknown_keys(self, mapping: LineMap, allowed: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                known = ", ".join(allowed)
                self.problem(
                    mapping.line_of(key), f"unknown key '{key}' in {what} (known: {known})"
                )

    def _value(self, mapping: LineMap, key: str, required: bool):
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(mapping.line, f"'{key}' is missing")
            return _MISSING
        return mapping[key]

    def text(self, mapping: LineMap, key: str, *, required: bool = True) -> str | None:
        value = self._value(mapping, key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(mapping.line_of(key), f"'{key}' must be a non-empty text")
            return None
        return value.strip()

    def integer(
        self,
        mapping: LineMap,
        key: str,
        *,
        minimum: int,
        maximum: int | None = None,
        default=_MISSING,
    ) -> int | None:
        value = self._value(mapping, key, default is _MISSING)
        if value is _MISSING:
            return None if default is _MISSING else default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(mapping.line_of(key), f"'{key}' must be a whole number, not {value!r}")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            bounds = (
                f"between {minimum} and {maximum}" if maximum is not None else f"{minimum} or more"
            )
            self.problem(mapping.line_of(key), f"'{key}' must be {bounds}, not {value}")
            return None
        return value

    def boolean(self, mapping: LineMap, key: str, *, default=_MISSING) -> bool | None:
        value = self._value(mapping, key, default is _MISSING)
        if value is _MISSING:
            return None if default is _MISSING else default
        if not isinstance(value, bool):
            self.problem(mapping.line_of(key), f"'{key}' must be true or false, not {value!r}")
            return None
        return value

    def choice(self, mapping: LineMap, key: str, choices: tuple[str, ...], *, default=_MISSING):
        value = self._value(mapping, key, default is _MISSING)
        if value is _MISSING:
            return None if default is _MISSING else default
        if value not in choices:
            allowed = ", ".join(choices)
            self.problem(mapping.line_of(key), f"'{key}' must be one of {allowed}, not {value!r}")
            return None
        return value

    def date(self, mapping: LineMap, key: str) -> date | None:
        value = self._value(mapping, key, True)
        if value is _MISSING:
            return None
        if not isinstance(value, date) or isinstance(value, datetime):
            self.problem(
                mapping.line_of(key), f"'{key}' must be a date written YYYY-MM-DD, not {value!r}"
            )
            return None
        return value

    def texts(self, mapping: LineMap, key: str, choices: tuple[str, ...] = ()) -> list[str] | None:
        """``key: [a, b]``: a list of non-empty texts (each one of ``choices`` if given); an
        empty list when the key is missing."""
        if key not in mapping or mapping[key] is None:
            return []
        listed = self.items(mapping[key], mapping.line_of(key), f"'{key}'")
        if listed is None:
            return None
        found = []
        for index, value in enumerate(listed):
            line = listed.line_of(index)
            if not isinstance(value, str) or not value.strip():
                self.problem(line, f"each of '{key}' must be a non-empty text, not {value!r}")
            elif choices and value.strip() not in choices:
                allowed = ", ".join(choices)
                self.problem(line, f"'{key}' may hold {allowed}, not {value!r}")
            else:
                found.append(value.strip())
        return found if len(found) == len(listed) else None

    def translated(self, mapping: LineMap, key: str) -> dict[str, str] | None:
        """``key: {fr: ..., en: ...}``: both languages, each a non-empty text."""
        value = self._value(mapping, key, True)
        if value is _MISSING:
            return None
        texts = self.mapping(value, mapping.line_of(key), f"'{key}'")
        if texts is None:
            return None
        self.unknown_keys(texts, LANGUAGES, f"'{key}'")
        found = {}
        for language in LANGUAGES:
            if language not in texts:
                self.problem(texts.line, f"'{key}' has no '{language}' translation")
            elif text := self.text(texts, language):
                found[language] = text
        return found if len(found) == len(LANGUAGES) else None
