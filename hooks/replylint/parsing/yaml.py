"""YAML templates, and the YAML reading shared with Markdown front matter and configuration.

`load` keeps the line and column of every key and value (ruamel.yaml composes the document);
this module turns them into file offsets (`Location`s keyed by JSON path) and turns the
loaded data into plain JSON values for schema validation.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from replylint.parsing import ParsedFile
from replylint.source import SourceFile
from replylint.template import JsonPath, Location, Template, Text, find_html_comments, mask

if TYPE_CHECKING:
    from ruamel.yaml import YAML

TEMPLATE_KEYS = frozenset({"id", "locale", "purpose", "body"})
COLLECTION_KEYS = ("defaults", "templates")
BLOCK_HEADER = re.compile(r"[|>][0-9+-]{0,2}[ \t]*(?:#[^\n]*)?\r?$")


class YamlError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class Positions:
    """0-based line and column of a mapping's keys and values or a list's items, and of the
    collection itself: the `lc` interface of ruamel's round-trip types."""

    def __init__(self, line: int, col: int) -> None:
        self.line, self.col = line, col
        self.keys: dict[Any, tuple[int, int]] = {}
        self.values: dict[Any, tuple[int, int]] = {}
        self.items: list[tuple[int, int]] = []

    def key(self, key: Any) -> tuple[int, int]:
        return self.keys[key]

    def value(self, key: Any) -> tuple[int, int]:
        return self.values[key]

    def item(self, index: int) -> tuple[int, int]:
        return self.items[index]


class PositionedMap(dict[Any, Any]):
    lc: Positions


class PositionedList(list[Any]):
    lc: Positions


@cache
def _loader(pure: bool) -> YAML:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=pure)


def load(text: str) -> Any:
    """Load one YAML document with positions; raise YamlError with a 0-based position.

    ruamel's round-trip loader keeps positions but is pure Python and the slowest part of a
    run; composing the document and building the values here keeps the positions at a
    fraction of the cost. libyaml's parser (ruamel.yaml.clib) is tried first; it follows YAML
    1.1 and refuses a few YAML 1.2 forms (`[http://x]`), so a document it refuses is read
    again by ruamel's own parser, whose verdict and error message stand.
    """
    from ruamel.yaml.error import YAMLError

    try:
        return _compose_and_build(text, pure=False)
    except (YAMLError, YamlError):
        return _compose_and_build(text, pure=True)


def _compose_and_build(text: str, pure: bool) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    loader = _loader(pure)
    try:
        node = loader.compose(text)
        return None if node is None else _build(node, loader.constructor)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        line, column = (mark.line, mark.column) if mark else (0, 0)
        raise YamlError(f"YAML syntax error: {what}", line, column) from None
    except YAMLError as exc:
        raise YamlError(f"YAML error: {exc}", 0, 0) from None


def _build(node: Any, constructor: Any) -> Any:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    mark = node.start_mark
    if isinstance(node, SequenceNode):
        items = PositionedList(_build(item, constructor) for item in node.value)
        items.lc = Positions(mark.line, mark.column)
        items.lc.items = [(item.start_mark.line, item.start_mark.column) for item in node.value]
        return items
    if isinstance(node, MappingNode):
        mapping = PositionedMap()
        mapping.lc = Positions(mark.line, mark.column)
        written: set[Any] = set()  # keys the mapping sets itself, as opposed to merged ones
        for key_node, value_node in node.value:
            if str(getattr(key_node.tag, "value", key_node.tag)).endswith(":merge"):
                # `<<: *anchor`: the merged mappings fill in what this mapping does not set
                merged = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in (_build(m, constructor) for m in merged):
                    for name, value in source.items():
                        if name not in mapping:
                            mapping[name] = value
                            mapping.lc.keys[name] = source.lc.keys[name]
                            mapping.lc.values[name] = source.lc.values[name]
                continue
            key = _build(key_node, constructor)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in written:
                raise YamlError(
                    f"YAML syntax error: duplicate key '{key}'",
                    key_node.start_mark.line,
                    key_node.start_mark.column,
                )
            written.add(key)
            mapping[key] = _build(value_node, constructor)
            mapping.lc.keys[key] = (key_node.start_mark.line, key_node.start_mark.column)
            mapping.lc.values[key] = (value_node.start_mark.line, value_node.start_mark.column)
        return mapping
    return constructor.construct_object(node, deep=True)


def to_plain(node: Any) -> Any:
    """Loaded YAML to plain JSON data (dates become ISO strings)."""
    if isinstance(node, Mapping):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    return str(node)


class Locator:
    """Maps ruamel positions in a YAML text that starts at `line_offset` of the file."""

    def __init__(self, source: SourceFile, line_offset: int = 0) -> None:
        self.source = source
        self.line_offset = line_offset

    def offset(self, line: int, column: int) -> int:
        return self.source.offset(line + self.line_offset, column)

    def locations(self, node: Any, path: JsonPath = ()) -> dict[JsonPath, Location]:
        found: dict[JsonPath, Location] = {}
        self._walk(node, path, found)
        return found

    def _walk(self, node: Any, path: JsonPath, found: dict[JsonPath, Location]) -> None:
        lc = getattr(node, "lc", None)
        if lc is None:
            return
        if isinstance(node, Mapping):
            for key, value in node.items():
                try:
                    key_line, key_column = lc.key(key)
                    value_line, value_column = lc.value(key)
                except (KeyError, TypeError):
                    continue
                key_start = self.offset(key_line, key_column)
                key_end = min(key_start + len(str(key)), self.source.line_end(key_start))
                value_start = self.offset(value_line, value_column)
                key_path = (*path, str(key))
                found[key_path] = Location(
                    (key_start, key_end), (value_start, self._value_end(value_start, value))
                )
                self._walk(value, key_path, found)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                try:
                    item_line, item_column = lc.item(index)
                except (KeyError, TypeError):
                    continue
                start = self.offset(item_line, item_column)
                item_path = (*path, index)
                found[item_path] = Location(None, (start, self._value_end(start, item)))
                self._walk(item, item_path, found)

    def _value_end(self, start: int, value: Any) -> int:
        text = self.source.text
        line_end = self.source.line_end(start)
        if start >= len(text):
            return start
        first = text[start]
        if first in "\"'":
            close = text.find(first, start + 1, line_end)
            return line_end if close == -1 else close + 1
        if first in "|>" and isinstance(value, str):
            block = self.block_text(start)
            return block.offsets[-1] if block.value else line_end
        if isinstance(value, (Mapping, list)):
            return line_end if first in "[{" else start + 1
        return min(start + max(1, len(str(value))), line_end)

    def block_text(self, indicator: int) -> Text:
        """The content of a block scalar (`|` or `>`) whose indicator is at `indicator`.

        Lines keep their breaks and lose the block's indentation, so every character maps
        back to the file; a folded block reads with line breaks where the buyer sees spaces,
        which no rule depends on.
        """
        source = self.source
        line = source.position(indicator).line  # 1-based line of the indicator
        pieces: list[tuple[str, int]] = []
        indent: int | None = None
        for number in range(line + 1, len(source.line_starts) + 1):
            raw = source.line_text(number)
            stripped = raw.lstrip(" ")
            start = source.line_starts[number - 1]
            if not stripped.strip():
                pieces.append(("", start + len(raw)))
                continue
            depth = len(raw) - len(stripped)
            if indent is None:
                indent = depth
            if depth < indent or depth == 0:
                break
            pieces.append((raw[indent:], start + indent))
        while pieces and not pieces[-1][0]:
            pieces.pop()
        if not pieces:
            return Text.contiguous("", indicator)
        return Text.joined(pieces)

    def scalar_text(self, start: int, value: str) -> Text:
        """A string scalar as a Text mapped to the file, whatever its style."""
        text = self.source.text
        header_end = self.source.line_end(start)
        if text[start : start + 1] in ("|", ">") and BLOCK_HEADER.match(text, start, header_end):
            return self.block_text(start)
        content = start + 1 if text[start : start + 1] in ("'", '"') else start
        if text.startswith(value, content):
            return Text.contiguous(value, content)
        # Escapes or a multi-line flow scalar: keep the value, point every character at its start.
        return Text(value, [start] * (len(value) + 1))


def scalar_field(locator: Locator, node: PositionedMap, key: str) -> Text | None:
    value = node.get(key)
    if not isinstance(value, str):
        return None  # absent, or not text: the schema rule says so
    line, column = node.lc.value(key)
    return locator.scalar_text(locator.offset(line, column), value)


def build_template(
    locator: Locator,
    node: PositionedMap,
    path: JsonPath,
    defaults: PositionedMap | None = None,
    body: Text | None = None,
) -> Template:
    """A template from one mapping (`path` is its JSON path in the document).

    Fields missing from the mapping come from `defaults`, located where the defaults say them.
    `body` is given for Markdown, whose message follows the front matter.
    """
    if defaults is None:
        defaults = PositionedMap()
    if body is None:
        body = scalar_field(locator, node if "body" in node else defaults, "body")
    notes = tuple(find_html_comments(body.value)) if body else ()
    locations = {
        **locator.locations(defaults),
        **{key[len(path) :]: loc for key, loc in locator.locations(node, path).items()},
    }
    lc = node.lc
    anchor_start = locator.offset(lc.line, lc.col)
    return Template(
        source=locator.source,
        meta={**to_plain(defaults), **to_plain(node)},
        locations=locations,
        body=Text(mask(body.value, notes), body.offsets) if body else None,
        subject=scalar_field(locator, node if "subject" in node else defaults, "subject"),
        anchor=(anchor_start, locator.source.line_end(anchor_start)),
        notes=notes,
    )


def parse(source: SourceFile) -> ParsedFile:
    parsed = ParsedFile(source)
    locator = Locator(source)
    try:
        document = load(source.text)
    except YamlError as exc:
        offset = locator.offset(exc.line, exc.column)
        parsed.problem("parse-error", offset, offset + 1, str(exc))
        return parsed
    if not isinstance(document, PositionedMap):
        parsed.problem(
            "parse-error",
            0,
            source.line_end(0),
            "not a template: a YAML template file holds a mapping with the template's fields, "
            "or a 'templates:' list",
        )
        return parsed
    if "templates" in document:
        parse_collection(parsed, locator, document)
    elif TEMPLATE_KEYS & set(map(str, document)):
        add_template(parsed, build_template(locator, document, ()))
    else:
        parsed.problem(
            "parse-error",
            0,
            source.line_end(0),
            "not a template: expected the fields id, locale, purpose and body, "
            "or a 'templates:' list",
        )
    return parsed


def parse_collection(parsed: ParsedFile, locator: Locator, document: PositionedMap) -> None:
    lc = document.lc

    def key_span(key: str) -> tuple[int, int]:
        line, column = lc.key(key)
        start = locator.offset(line, column)
        return start, start + len(key)

    for key in document:
        if str(key) not in COLLECTION_KEYS and not str(key).startswith("x-"):
            parsed.problem(
                "schema",
                *key_span(str(key)),
                f"unknown top-level key '{key}' in a templates file; expected 'defaults' "
                "and 'templates'",
            )
    defaults = document.get("defaults")
    if defaults is not None and not isinstance(defaults, PositionedMap):
        parsed.problem("schema", *key_span("defaults"), "'defaults' must be a mapping of fields")
        defaults = None
    entries = document["templates"]
    if not isinstance(entries, PositionedList):
        parsed.problem("schema", *key_span("templates"), "'templates' must be a list of templates")
        return
    for index, entry in enumerate(entries):
        if not isinstance(entry, PositionedMap):
            line, column = entries.lc.item(index)
            start = locator.offset(line, column)
            parsed.problem(
                "schema",
                start,
                locator.source.line_end(start),
                f"templates[{index}] must be a mapping of template fields",
            )
            continue
        add_template(parsed, build_template(locator, entry, ("templates", index), defaults))


def add_template(parsed: ParsedFile, template: Template) -> None:
    """Keep a YAML template; one without a body is reported here (the schema cannot know
    that a Markdown template's body lives outside its metadata)."""
    if "body" not in template.meta:
        parsed.problem("schema", *template.anchor, "missing required field 'body'", template.id)
    parsed.templates.append(template)
