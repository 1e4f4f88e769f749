"""The rule registry: one tuple, read top to bottom, of every rule replylint has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from replylint.rules import (
    contact,
    courtesy,
    formatting,
    links,
    locale,
    metadata,
    promotion,
    reviews,
    suppression,
)
from replylint.rules.base import Context, Rule

if TYPE_CHECKING:
    from replylint.config import Config

ALL_RULES: tuple[Rule, ...] = (
    *metadata.RULES,
    *locale.RULES,
    *suppression.RULES,
    *reviews.RULES,
    *links.RULES,
    *contact.RULES,
    *promotion.RULES,
    *courtesy.RULES,
    *formatting.RULES,
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}
assert len(BY_ID) == len(ALL_RULES), "rule ids must be unique"


def registry(config: Config) -> dict[str, Rule]:
    """Every rule of a run: the built-in ones, then the configuration's custom rules."""
    return {**BY_ID, **{rule.id: rule for rule in config.custom_rules}}


__all__ = ["ALL_RULES", "BY_ID", "Context", "Rule", "registry"]
