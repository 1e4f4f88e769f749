"""The rule registry: one tuple, read top to bottom, of every rule replylint has."""

from __future__ import annotations

from replylint.rules import (
    contact,
    courtesy,
    formatting,
    links,
    locale,
    metadata,
    promotion,
    reviews,
)
from replylint.rules.base import Context, Rule

ALL_RULES: tuple[Rule, ...] = (
    *metadata.RULES,
    *locale.RULES,
    *reviews.RULES,
    *links.RULES,
    *contact.RULES,
    *promotion.RULES,
    *courtesy.RULES,
    *formatting.RULES,
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}
assert len(BY_ID) == len(ALL_RULES), "rule ids must be unique"

__all__ = ["ALL_RULES", "BY_ID", "Context", "Rule"]
