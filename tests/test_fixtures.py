"""Every fixture under tests/fixtures/<rule>/ gets exactly the findings written in it.

Expectations sit at the end of the offending line: `<!-- expect: rule -->` in Markdown and in
YAML block scalars, `# expect: rule` elsewhere in YAML; `rule@column` pins the column too. A
fixture without expectations must come out clean.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from helpers import FIXTURES, Expected, expectations, fixture_files, lint_file


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture(path: Path) -> None:
    wanted = expectations(path)
    report = lint_file(path)
    pinned = {(e.line, e.rule) for e in wanted if e.column is not None}
    got = sorted(
        Expected(
            f.span.start.line,
            f.rule,
            f.span.start.column if (f.span.start.line, f.rule) in pinned else None,
        )
        for f in report.findings
    )
    missing = list((Counter(wanted) - Counter(got)).elements())
    unexpected = list((Counter(got) - Counter(wanted)).elements())
    details = {
        (f.span.start.line, f.rule): f"{f.span.start.line}:{f.span.start.column} {f.message}"
        for f in report.findings
    }
    assert not missing and not unexpected, f"-missing {missing}\n+unexpected " + "; ".join(
        f"{g.rule} at {details[(g.line, g.rule)]}" for g in unexpected
    )
