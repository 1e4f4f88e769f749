"""A parsed template: its metadata with source locations, and the texts a buyer reads."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from replylint.source import SourceFile

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Text:
    """A text that rules read, with the file offset of each of its characters.

    `offsets` has one entry more than `value`: the offset just past the last character.
    Texts are not always contiguous in the file (a YAML block scalar drops its indentation),
    so rules report spans through `file_span` and never compute file offsets themselves.
    """

    value: str
    offsets: Sequence[int]

    @classmethod
    def contiguous(cls, value: str, file_start: int) -> Text:
        return cls(value, range(file_start, file_start + len(value) + 1))

    @classmethod
    def joined(cls, pieces: Sequence[tuple[str, int]], separator: str = "\n") -> Text:
        """Join (text, file offset) pieces; each separator maps to the end of its piece."""
        chars: list[str] = []
        offsets: list[int] = []
        for index, (piece, start) in enumerate(pieces):
            if index:
                chars.append(separator)
                offsets.append(offsets[-1] if offsets else start)
            chars.append(piece)
            offsets.extend(range(start, start + len(piece)))
            offsets.append(start + len(piece))
            offsets.pop()
        end = pieces[-1][1] + len(pieces[-1][0]) if pieces else 0
        offsets.append(end)
        return cls("".join(chars), offsets)

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets of the characters value[start:end]."""
        start = max(0, min(start, len(self.value)))
        end = max(start, min(end, len(self.value)))
        if end == start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def find_html_comments(text: str) -> list[tuple[int, int]]:
    """The [start, end) ranges of HTML comments (maintainer notes) in a text.

    An unclosed comment runs to the end, as a CommonMark HTML block does. str.find keeps this
    linear however many `<!--` the text holds.
    """
    ranges: list[tuple[int, int]] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        close = text.find("-->", start + 4)
        position = len(text) if close == -1 else close + 3
        ranges.append((start, position))
    return ranges


def mask(text: str, ranges: Sequence[tuple[int, int]]) -> str:
    """Blank out the ranges, keeping every offset and line break."""
    chars = list(text)
    for start, end in ranges:
        for index in range(start, end):
            if chars[index] not in "\r\n":
                chars[index] = " "
    return "".join(chars)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a metadata key and its value stand in the file, as offsets [start, end)."""

    key: tuple[int, int] | None
    value: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Template:
    """One template. `meta` is plain JSON data (dicts, lists, str, int, float, bool, None).

    `anchor` is where the template starts (its first key), the place for findings about the
    template as a whole. `body` is the message with maintainer notes blanked out (None when a
    YAML template has no body field, which the schema check reports).
    """

    source: SourceFile
    meta: Mapping[str, Any]
    locations: Mapping[JsonPath, Location]
    body: Text | None
    subject: Text | None
    anchor: tuple[int, int]
    notes: tuple[tuple[int, int], ...] = ()
    """Ranges of `body.value` that hold maintainer notes (HTML comments), blanked in the body."""
    locale_aliases: Mapping[str, str] = field(default_factory=dict)
    """The configuration's `locale-aliases`: locale tag (or language) -> language."""

    @property
    def path(self) -> str:
        return self.source.path

    def _string(self, key: str) -> str | None:
        value = self.meta.get(key)
        return value if isinstance(value, str) else None

    @property
    def id(self) -> str | None:
        return self._string("id")

    @property
    def locale(self) -> str | None:
        return self._string("locale")

    @property
    def language(self) -> str | None:
        """The locale's language subtag, lower-cased (`de-DE` -> `de`), or the language the
        configuration's `locale-aliases` give the locale (`gsw-CH: de`) or its subtag."""
        locale = self.locale
        if not locale:
            return None
        subtag = locale.split("-")[0]
        alias = self.locale_aliases.get(locale) or self.locale_aliases.get(subtag)
        return (alias or subtag).lower()

    @property
    def region(self) -> str | None:
        """The locale's region subtag, upper-cased (`de-DE` -> `DE`), if it has one."""
        locale = self.locale
        parts = locale.split("-") if locale else []
        return parts[1].upper() if len(parts) > 1 else None

    @property
    def purpose(self) -> str | None:
        return self._string("purpose")

    @property
    def kind(self) -> str:
        return self._string("kind") or "reply"

    @property
    def variables(self) -> dict[str, Mapping[str, Any]]:
        """Declared variables; entries that are not mappings count as declared, with no data."""
        declared = self.meta.get("variables")
        if not isinstance(declared, Mapping):
            return {}
        return {
            str(name): (spec if isinstance(spec, Mapping) else {})
            for name, spec in declared.items()
        }

    def texts(self) -> Iterator[Text]:
        """What the buyer reads: the subject (if any), then the body."""
        if self.subject is not None:
            yield self.subject
        if self.body is not None:
            yield self.body

    def message(self) -> str:
        """The body as the buyer receives it: maintainer notes removed, not blanked."""
        if self.body is None:
            return ""
        value, pieces, position = self.body.value, [], 0
        for start, end in self.notes:
            pieces.append(value[position:start])
            position = end
        pieces.append(value[position:])
        return "".join(pieces)

    def key_span(self, path: JsonPath) -> tuple[int, int]:
        """The key at `path`, or the nearest enclosing one that has a location."""
        location = self._nearest(path)
        if location is None:
            return self.anchor
        return location.key or location.value

    def value_span(self, path: JsonPath) -> tuple[int, int]:
        """The value at `path`, or the nearest enclosing one that has a location."""
        location = self._nearest(path)
        return self.anchor if location is None else location.value

    def _nearest(self, path: JsonPath) -> Location | None:
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return None
