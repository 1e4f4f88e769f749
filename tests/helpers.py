"""Shared test helpers: lint files in-process, and read a fixture's inline expectations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from replylint.config import Config
from replylint.engine import Report, lint
from replylint.parsing import parse_bytes
from replylint.repository import Repository

FIXTURES = Path(__file__).parent / "fixtures"
# `<!-- expect: link, html@12 -->` or `# expect: schema`; `expect@LINE:` names another line;
# a note in parentheses may follow the rule list.
EXPECT = re.compile(
    r"expect(?:@(?P<line>\d+))?:\s*(?P<rules>[a-z0-9@, -]+?)\s*(?:\([^)]*\))?\s*(?:-->|$)"
)


@dataclass(frozen=True, order=True)
class Expected:
    line: int
    rule: str
    column: int | None = None


def lint_file(path: Path, config: Config | None = None) -> Report:
    """Lint one file alone: the repository holds just its own templates."""
    parsed = parse_bytes(path.name, path.read_bytes())
    repository = Repository([(path, template) for template in parsed.templates])
    return lint([parsed], config or Config(), repository)


def expectations(path: Path) -> list[Expected]:
    found = []
    # errors="replace": the parse-error fixtures hold bytes that are not UTF-8 on purpose.
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, start=1):
        for match in EXPECT.finditer(line):
            target = int(match.group("line") or number)
            for item in match.group("rules").split(","):
                rule, _, column = item.strip().partition("@")
                found.append(Expected(target, rule, int(column) if column else None))
    return sorted(found)


def fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in {".md", ".yaml", ".yml"})
