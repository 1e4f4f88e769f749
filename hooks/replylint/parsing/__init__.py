"""Turn a file's bytes into templates, or into findings that say why it could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from replylint.model import Hit
from replylint.source import DecodeError, SourceFile
from replylint.template import Template

MARKDOWN_SUFFIXES = (".md", ".markdown")
YAML_SUFFIXES = (".yaml", ".yml")
TEMPLATE_SUFFIXES = MARKDOWN_SUFFIXES + YAML_SUFFIXES


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding made while reading a file, before any rule runs."""

    rule: str
    hit: Hit
    template_id: str | None = None
    """The template it belongs to, when the reader knows (a YAML list entry without a body)."""


@dataclass(slots=True)
class ParsedFile:
    source: SourceFile
    templates: list[Template] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(
        self, rule: str, start: int, end: int, message: str, template_id: str | None = None
    ) -> None:
        self.problems.append(Problem(rule, Hit(start, end, message), template_id))


def parse_bytes(path: str, data: bytes) -> ParsedFile:
    """Parse a template file; every failure becomes a `parse-error` or `schema` problem."""
    try:
        source = SourceFile.from_bytes(path, data)
    except DecodeError as exc:
        # Keep the readable part so the finding can show the line and the position is right.
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        source = SourceFile(path, text)
        parsed = ParsedFile(source)
        offset = source.offset(exc.line - 1, exc.column - 1)
        parsed.problem("parse-error", offset, offset + 1, str(exc))
        return parsed
    return parse_source(source)


def parse_source(source: SourceFile) -> ParsedFile:
    from replylint.parsing import markdown, yaml

    suffix = PurePath(source.path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return markdown.parse(source)
    if suffix in YAML_SUFFIXES:
        return yaml.parse(source)
    parsed = ParsedFile(source)
    parsed.problem(
        "parse-error",
        0,
        0,
        f"not a template file: expected one of {', '.join(TEMPLATE_SUFFIXES)}",
    )
    return parsed
