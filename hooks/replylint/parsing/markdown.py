"""Markdown templates: YAML front matter between `---` lines, then the message body.

The front matter is split off by hand rather than with a markdown-it plugin: the plugin yields
nothing for an unclosed block, and splitting on the lines keeps every offset exact.
"""

from __future__ import annotations

from replylint.parsing import ParsedFile
from replylint.parsing.yaml import Locator, PositionedMap, YamlError, build_template, load
from replylint.source import SourceFile
from replylint.template import Text

OPENING = "---"
CLOSINGS = ("---", "...")


def parse(source: SourceFile) -> ParsedFile:
    parsed = ParsedFile(source)
    lines = source.text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != OPENING:
        parsed.problem(
            "parse-error",
            0,
            source.line_end(0),
            "no front matter: a Markdown template starts with a '---' line, its fields "
            "(id, locale, purpose, ...), and another '---' line before the message",
        )
        return parsed
    closing = next(
        (index for index in range(1, len(lines)) if lines[index].rstrip() in CLOSINGS), None
    )
    if closing is None:
        parsed.problem(
            "parse-error",
            0,
            3,
            "the front matter opened on line 1 is never closed: add a '---' line after the "
            "fields, before the message",
        )
        return parsed
    front_matter = "".join(lines[1:closing])
    locator = Locator(source, line_offset=1)
    try:
        document = load(front_matter)
    except YamlError as exc:
        offset = locator.offset(exc.line, exc.column)
        parsed.problem("parse-error", offset, offset + 1, f"front matter: {exc}")
        return parsed
    if not isinstance(document, PositionedMap):
        start = source.line_starts[1] if len(source.line_starts) > 1 else 0
        parsed.problem(
            "parse-error",
            start,
            source.line_end(start),
            "the front matter must be a mapping of fields (id: ..., locale: ..., purpose: ...)",
        )
        return parsed
    if "body" in document:
        line, column = document.lc.key("body")
        start = locator.offset(line, column)
        parsed.problem(
            "schema",
            start,
            start + 4,
            "'body' is for YAML templates: in a Markdown template the message follows the "
            "front matter",
        )
    body_start = source.line_starts[closing + 1] if closing + 1 < len(lines) else len(source.text)
    body = Text.contiguous(source.text[body_start:], body_start)
    parsed.templates.append(build_template(locator, document, (), body=body))
    return parsed
