"""`--format gitlab`: a GitLab Code Quality report (a JSON array of Code Climate issues).

GitLab needs description, check_name, fingerprint, severity and location.path with
location.lines.begin; it merges issues with the same fingerprint, so each is unique.
"""

from __future__ import annotations

import json
from typing import Any

from replylint.engine import Report
from replylint.model import Finding, Severity
from replylint.reporters import Options
from replylint.reporters.common import fingerprints, full_message, help_uri, repository_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}
CATEGORIES = {Severity.ERROR: "Bug Risk", Severity.WARNING: "Clarity"}


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": finding.rule,
        "description": f"{finding.rule}: {finding.message}",
        "content": {"body": f"{full_message(finding)}\n\nSee {help_uri(finding.rule)}"},
        "categories": [CATEGORIES[finding.severity]],
        "severity": SEVERITIES[finding.severity],
        "fingerprint": fingerprint,
        "location": {
            "path": repository_path(finding.path),
            "lines": {"begin": finding.span.start.line, "end": finding.span.end.line},
        },
        "engine_name": "replylint",
    }


def render(report: Report, options: Options) -> str:
    issues = [
        _issue(finding, fingerprint)
        for finding, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
