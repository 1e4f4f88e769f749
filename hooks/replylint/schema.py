"""Validate template metadata against schemas/template.schema.json, in an author's words."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from replylint.model import Hit
from replylint.resources import load_schema
from replylint.template import JsonPath, Template

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

TYPE_NAMES = {
    "string": "a string",
    "object": "a mapping",
    "array": "a list",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "empty",
}
PATTERN_ADVICE = {
    "id": "must be kebab-case: lowercase letters and digits joined by single hyphens",
    "locale": "must be a language tag such as en-US, de-DE, ja-JP or a bare language such as de",
}


@cache
def validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema("template.schema.json"))


def check(template: Template) -> Iterator[Hit]:
    """One hit per schema problem, at the offending key or value."""
    for error in validator().iter_errors(dict(template.meta)):
        if tuple(error.absolute_path) == ("locale",) and template.locale in template.locale_aliases:
            continue  # a tag the configuration declares under locale-aliases
        yield from _explain(template, error)


def _field(path: JsonPath) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "the template"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    for type_name, python_types in (
        ("string", str),
        ("object", dict),
        ("array", list),
        ("number", (int, float)),
    ):
        if isinstance(value, python_types):
            return TYPE_NAMES[type_name]
    return "empty"


def _closest(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _explain(template: Template, error: ValidationError) -> Iterator[Hit]:
    path: JsonPath = tuple(error.absolute_path)
    name = _field(path)
    # A bad key under propertyNames arrives as a pattern error on the key itself.
    keyword = "propertyNames" if "propertyNames" in error.schema_path else error.validator
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        for field in missing or ["?"]:
            where = "" if not path else f" in {name}"
            yield Hit(*template.anchor, f"missing required field '{field}'{where}")
    elif keyword == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        instance = error.instance if isinstance(error.instance, dict) else {}
        for key in instance:
            if key in known or any(p.search(key) for p in patterns):
                continue
            where = "" if not path else f" in {name}"
            yield Hit(
                *template.key_span((*path, key)),
                f"unknown field '{key}'{where}{_closest(key, known)}",
            )
    elif keyword == "enum":
        choices = [str(choice) for choice in schema.get("enum", [])]
        value = error.instance
        shown = ", ".join(choices) if len(choices) <= 8 else ", ".join(choices[:8]) + ", ..."
        suggestion = _closest(str(value), choices) if isinstance(value, str) else ""
        yield Hit(
            *template.value_span(path),
            f"{name} '{value}' is not allowed{suggestion} (expected one of: {shown})",
        )
    elif keyword == "pattern":
        advice = PATTERN_ADVICE.get(str(path[-1]) if path else "", "has the wrong form")
        hint = ""
        if path == ("locale",) and isinstance(error.instance, str):
            fixed = _fix_locale(error.instance)
            hint = f"; did you mean '{fixed}'?" if fixed != error.instance else ""
        yield Hit(*template.value_span(path), f"{name} '{error.instance}' {advice}{hint}")
    elif keyword == "propertyNames":
        bad = str(error.instance)
        yield Hit(
            *template.key_span((*path, bad)),
            f"variable name '{bad}' must be lowercase letters, digits and underscores, "
            "starting with a letter",
        )
    elif keyword == "type":
        wanted = schema.get("type")
        types = wanted if isinstance(wanted, list) else [wanted]
        expected = " or ".join(TYPE_NAMES.get(str(t), str(t)) for t in types)
        yield Hit(
            *template.value_span(path),
            f"{name} must be {expected}, not {_describe(error.instance)}",
        )
    else:
        yield Hit(*template.value_span(path), f"{name}: {error.message}")


def _fix_locale(locale: str) -> str:
    parts = re.split(r"[-_]", locale)
    if len(parts) == 2 and parts[0].isalpha() and parts[1].isalpha():
        return f"{parts[0].lower()}-{parts[1].upper()}"
    return locale.lower() if locale.isalpha() else locale
