"""The data that flows through replylint: positions, spans, hits and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A 1-based line and column; columns count characters."""

    line: int
    column: int


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: Position
    end: Position


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: file offsets [start, end) and a message.

    Rules never know the path or their own severity; the engine adds both.
    """

    start: int
    end: int
    message: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    path: str
    span: Span
    template_id: str | None
    suggestion: str | None = None
    # The flagged text itself: what baselines and fingerprints key on instead of line numbers.
    excerpt: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.start.line, self.span.start.column, self.rule)
