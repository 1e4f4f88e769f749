"""The README's configuration reference, generated from schemas/config.schema.json.

`python -m replylint.docs` rewrites the part of README.md between the reference markers, with
the rest of the generated documentation; a test checks that the README is current.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from replylint.resources import load_schema

START = "<!-- config-reference:start (generated from schemas/config.schema.json) -->"
END = "<!-- config-reference:end -->"


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> dict[str, Any]:
    """The node with its `$ref` (to `#/$defs/...`) merged in."""
    merged = dict(node)
    while "$ref" in merged:
        name = merged.pop("$ref").rsplit("/", 1)[-1]
        merged = {**schema["$defs"][name], **merged}
    return merged


def _type(schema: Mapping[str, Any], node: Mapping[str, Any]) -> str:
    node = _resolve(schema, node)
    if "title" in node:
        return str(node["title"])
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    kind = node.get("type")
    if kind == "array":
        items = _resolve(schema, node.get("items", {}))
        if items.get("type") == "object":
            return "list of entries (see below)"
        return f"list of {_type(schema, items).removeprefix('a ')}s"
    if kind == "object":
        values = node.get("additionalProperties")
        if isinstance(values, Mapping):
            keys = _resolve(schema, node.get("propertyNames", {}))
            key_kind = "purpose or `default`" if "enum" in keys else "key"
            return f"mapping of {key_kind} to {_type(schema, values)}"
        return "mapping"
    return {"string": "a string", "integer": "a whole number"}.get(str(kind), str(kind))


def _table(schema: Mapping[str, Any], properties: Mapping[str, Any]) -> list[str]:
    rows = ["| option | value | meaning |", "|---|---|---|"]
    for name, node in properties.items():
        resolved = _resolve(schema, node)
        described = resolved.get("description") or "As at the top level."
        meaning = " ".join(str(described).split())
        rows.append(f"| `{name}` | {_type(schema, node)} | {meaning} |")
    return rows


def reference() -> str:
    schema = load_schema("config.schema.json")
    per_file = schema["properties"]["per-file"]["items"]
    rule = schema["$defs"]["customRule"]
    lines = [
        START,
        "",
        *_table(schema, schema["properties"]),
        "",
        "Each `per-file` entry (`files` is required; the other keys as above):",
        "",
        *_table(schema, per_file["properties"]),
        "",
        "Each entry of `rules` (`id` and `message` are required, and exactly one of `phrases` "
        "and `patterns`):",
        "",
        *_table(schema, rule["properties"]),
        "",
        END,
    ]
    return "\n".join(lines)


def update(readme: str) -> str:
    """The README text with its reference replaced by the current one."""
    start, end = readme.index(START), readme.index(END) + len(END)
    return readme[:start] + reference() + readme[end:]
