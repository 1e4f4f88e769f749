"""Find placeholders (`{{name}}`) in a text, and the near-misses that are malformed.

One linear scan: each run of opening delimiters, a short name-like run, and the closing
delimiters is classified as a placeholder, a malformed one, or plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True, slots=True)
class Style:
    """A placeholder syntax: `opener * count`, name, `closer * count`."""

    opener: str
    closer: str
    count: int
    padding: bool  # `{{ name }}` may pad the name with spaces
    single_is_typo: bool  # `{name}` is a broken `{{name}}` rather than plain text

    @property
    def example(self) -> str:
        return f"{self.opener * self.count}name{self.closer * self.count}"


STYLES: Mapping[str, Style] = {
    "mustache": Style("{", "}", 2, padding=True, single_is_typo=True),
    "brackets": Style("[", "]", 2, padding=True, single_is_typo=False),
    "percent": Style("%", "%", 2, padding=False, single_is_typo=False),
    "hash": Style("#", "#", 1, padding=False, single_is_typo=False),
}


@dataclass(frozen=True, slots=True)
class Placeholder:
    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class Malformed:
    start: int
    end: int
    message: str


@cache
def _scanner(style: Style) -> re.Pattern[str]:
    opener, closer = re.escape(style.opener), re.escape(style.closer)
    inner = r"[ \w.-]*" if style.padding else r"[\w.-]*"
    if style.opener == style.closer:
        return re.compile(rf"(?P<open>{opener}+)(?P<inner>{inner})(?P<close>{closer}*)")
    return re.compile(
        rf"(?P<open>{opener}+)(?P<inner>{inner})(?P<close>{closer}*)|(?P<stray>{closer}+)"
    )


def scan(text: str, style: Style) -> Iterator[Placeholder | Malformed]:
    for match in _scanner(style).finditer(text):
        start, end = match.span()
        if match.lastgroup == "stray" or match.group("open") is None:
            if end - start >= style.count > 1:
                yield Malformed(
                    start,
                    end,
                    f"'{match.group()}' closes a placeholder that was never opened; "
                    f"write {style.example}",
                )
            continue
        opened, closed = len(match.group("open")), len(match.group("close"))
        inner = match.group("inner")
        name = inner.strip()
        if opened == closed == style.count and NAME.fullmatch(name):
            yield Placeholder(start, end, name)
        elif max(opened, closed) < style.count or (opened == closed == 1 and style.count == 1):
            if style.single_is_typo and opened == closed == 1 and NAME.fullmatch(inner.lower()):
                yield Malformed(
                    start,
                    end,
                    f"'{match.group()}' has single delimiters; write "
                    f"{style.opener * style.count}{inner}{style.closer * style.count}",
                )
        elif not name:
            # With one delimiter character for both ends, a bare run such as `%%` is just text.
            if style.opener != style.closer:
                yield Malformed(start, end, f"empty placeholder '{match.group()}'")
        elif opened != style.count or closed != style.count:
            yield Malformed(
                start,
                end,
                f"unbalanced placeholder '{match.group()}'; write "
                f"{style.opener * style.count}{name}{style.closer * style.count}",
            )
        else:
            yield Malformed(
                start,
                end,
                f"placeholder name '{name}' must be lowercase letters, digits and underscores, "
                "starting with a letter",
            )


def render(text: str, style: Style, variables: Mapping[str, Mapping[str, Any]]) -> str:
    """The text with each placeholder whose variable has an example replaced by it."""
    pieces: list[str] = []
    position = 0
    for found in scan(text, style):
        if isinstance(found, Placeholder):
            example = variables.get(found.name, {}).get("example")
            if example is not None:
                pieces.append(text[position : found.start])
                pieces.append(str(example))
                position = found.end
    pieces.append(text[position:])
    return "".join(pieces)
