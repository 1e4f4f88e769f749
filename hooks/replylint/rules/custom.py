"""Custom rules declared in the configuration (`rules:`), Vale-style: phrases or patterns.

A custom rule becomes an ordinary `Rule`, so `replylint rules`, `replylint rule ID`, every
output format, `--select`, suppressions and the baseline treat it like a built-in one.
Patterns run on Python's backtracking engine, so each is checked when the configuration is
loaded and refused if it could take more than linear time (see `linear_time_problem`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from replylint.language import compile_phrases, normalize
from replylint.model import Hit, Severity
from replylint.rules.base import Context, Rule
from replylint.template import Template

if hasattr(re, "_parser"):  # Python 3.11+
    _parser: Any = re._parser
else:  # pragma: no cover - Python 3.10
    import sre_parse as _parser


class CustomRuleError(Exception):
    def __init__(self, path: Sequence[str | int], message: str) -> None:
        super().__init__(message)
        self.path = list(path)


def linear_time_problem(pattern: str) -> str | None:
    """Why a regular expression could backtrack badly, or None when it is safe.

    Conservative: refuses backreferences, conditionals, lookaround, and any repetition whose
    body repeats again or offers a choice between longer alternatives. A choice between single
    characters (`(?:a|-)+`) is a character class and allowed.
    """
    try:
        tree = _parser.parse(pattern)
    except re.error as exc:
        return f"is not a valid regular expression: {exc}"
    return _walk(tree, inside_repeat=False)


def _is_repeat(op: Any, args: Any) -> bool:
    """A repetition that can match its body a varying number of times (`a*`, `a{1,3}`)."""
    return str(op) in _REPEATS and args[0] != args[1]


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_SINGLE = ("LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY", "RANGE")


def _single_character(items: Any) -> bool:
    return len(items) == 1 and str(items[0][0]) in _SINGLE


def _walk(items: Any, inside_repeat: bool) -> str | None:
    for op, args in items:
        name = str(op)
        if name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE"):
            return "uses a backreference or conditional, which can take exponential time"
        if name in ("ASSERT", "ASSERT_NOT"):
            return "uses lookaround, which is refused in custom rules; match the text itself"
        if _is_repeat(op, args):
            if inside_repeat:
                return (
                    "repeats a repetition (like `(a+)+`), which can take exponential time; "
                    "repeat once"
                )
            problem = _walk(args[2], inside_repeat=True)
            if problem:
                return problem
        elif name in _REPEATS:  # a fixed count (`a{3}`) is a sequence, not a choice
            problem = _walk(args[2], inside_repeat)
            if problem:
                return problem
        elif name == "SUBPATTERN":
            problem = _walk(args[-1], inside_repeat)
            if problem:
                return problem
        elif name == "ATOMIC_GROUP":
            problem = _walk(args, inside_repeat)
            if problem:
                return problem
        elif name == "BRANCH":
            alternatives = args[1]
            if inside_repeat and not all(_single_character(alt) for alt in alternatives):
                return (
                    "repeats a choice between alternatives (like `(a|ab)*`), which can take "
                    "exponential time; use a character class or repeat outside the group"
                )
            for alternative in alternatives:
                problem = _walk(alternative, inside_repeat)
                if problem:
                    return problem
    return None


def build_rule(spec: Mapping[str, Any], source: Path | None) -> Rule:
    """A Rule from one `rules:` entry (already validated against the config schema)."""
    from replylint.rules import BY_ID

    rule_id: str = spec["id"]
    prefix = rule_id.split("-", maxsplit=1)[0]
    if prefix != "custom" and any(built.split("-")[0] == prefix for built in BY_ID):
        raise CustomRuleError(
            ["id"],
            f"'{rule_id}' looks like a built-in rule's id; start it with 'custom-' or your "
            "team's prefix",
        )
    patterns: list[re.Pattern[str]] = []
    for index, pattern in enumerate(spec.get("patterns", [])):
        problem = linear_time_problem(pattern)
        if problem:
            raise CustomRuleError(["patterns", index], f"pattern '{pattern}' {problem}")
        patterns.append(re.compile(pattern))
    phrases: tuple[str, ...] = tuple(spec.get("phrases", []))
    languages = frozenset(spec.get("languages", ()))
    message: str = spec["message"]
    replacement: str | None = spec.get("replacement")
    suggestion = f"write '{replacement}' instead" if replacement is not None else None

    def check(template: Template, context: Context) -> Iterator[Hit]:
        language = template.language or ""
        if languages and language not in languages:
            return
        for text in template.texts():
            if phrases:
                normalized = normalize(text.value)
                for match in _compiled(phrases, language).finditer(normalized.value):
                    start, end = normalized.original_span(*match.span())
                    yield Hit(*text.file_span(start, end), message, suggestion)
            for pattern in patterns:
                for match in pattern.finditer(text.value):
                    if match.end() > match.start():
                        yield Hit(*text.file_span(*match.span()), message, suggestion)

    severity = Severity(spec.get("severity", "warning"))
    return Rule(
        rule_id, severity, spec.get("summary", message), _doc(spec, source), check, custom=True
    )


@cache
def _compiled(phrases: tuple[str, ...], language: str) -> re.Pattern[str]:
    return compile_phrases(phrases, language)


def _doc(spec: Mapping[str, Any], source: Path | None) -> str:
    where = f"`{source.name}`" if source else "the configuration"
    matched = (
        "the phrases " + ", ".join(f"`{p}`" for p in spec["phrases"])
        if "phrases" in spec
        else "the patterns " + ", ".join(f"`{p}`" for p in spec["patterns"])
    )
    languages = ", ".join(spec.get("languages", ())) or "every language"
    replacement = (
        f"\n\nSuggested replacement: `{spec['replacement']}`." if "replacement" in spec else ""
    )
    return (
        f"## What it does\nReports {matched} in the subject and body ({languages}): "
        f'"{spec["message"]}"{replacement}\n\n'
        f"## Why it matters\n{spec.get('description') or 'A rule of this repository.'}\n\n"
        f"## Example\nA template whose text holds one of the {matched.split()[1]} above.\n\n"
        f"## Use instead\nThe text without them.\n\n"
        f"## Options\nA custom rule, declared under `rules:` in {where}."
    )
