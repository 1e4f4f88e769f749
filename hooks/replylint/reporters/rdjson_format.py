"""`--format rdjson`: reviewdog's Diagnostic JSON (`reviewdog -f=rdjson`).

reviewdog counts columns in UTF-8 bytes (1-based, the end exclusive), so character
columns are converted with the source line.
"""

from __future__ import annotations

import json
from typing import Any

from replylint.engine import Report
from replylint.model import Finding, Position, Severity
from replylint.reporters import Options
from replylint.reporters.common import PROJECT_URL, full_message, help_uri

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING"}


def _position(report: Report, path: str, position: Position) -> dict[str, int]:
    source = report.sources.get(path)
    column = position.column
    if source is not None and position.line <= len(source.line_starts):
        before = source.line_text(position.line)[: position.column - 1]
        column = len(before.encode("utf-8", "surrogatepass")) + 1
    return {"line": position.line, "column": column}


def _diagnostic(report: Report, finding: Finding) -> dict[str, Any]:
    return {
        "message": full_message(finding),
        "location": {
            "path": finding.path,
            "range": {
                "start": _position(report, finding.path, finding.span.start),
                "end": _position(report, finding.path, finding.span.end),
            },
        },
        "severity": SEVERITIES[finding.severity],
        "code": {"value": finding.rule, "url": help_uri(finding.rule)},
    }


def render(report: Report, options: Options) -> str:
    document = {
        "source": {"name": "replylint", "url": PROJECT_URL},
        "diagnostics": [_diagnostic(report, finding) for finding in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
