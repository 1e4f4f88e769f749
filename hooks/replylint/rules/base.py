"""What a rule is, and what it is given to look at."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from replylint.config import Config
from replylint.model import Hit, Severity
from replylint.template import Template

if TYPE_CHECKING:
    from replylint.repository import Repository


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a rule may consult besides the template itself."""

    config: Config
    repository: Repository


Check = Callable[[Template, Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: a stable id, a default severity, a one-line summary and its documentation.

    `check` is None for the rules the reader reports itself (`parse-error`, and the
    structural part of `schema`), which no template-level check could see.
    """

    id: str
    severity: Severity
    summary: str
    doc: str
    check: Check | None
    custom: bool = False
    """Declared in the configuration (`rules:`) rather than built in."""


def rule(rule_id: str, severity: Severity, summary: str) -> Callable[[Check], Rule]:
    """Declare a rule; the decorated function's docstring is its documentation."""

    def declare(check: Check) -> Rule:
        return Rule(rule_id, severity, summary, inspect.cleandoc(check.__doc__ or ""), check)

    return declare
