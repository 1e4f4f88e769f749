"""`--format json`: the machine-readable contract of INTERFACE.md, version 1."""

from __future__ import annotations

import json

from replylint.engine import Report
from replylint.model import Severity
from replylint.reporters import Options


def render(report: Report, options: Options) -> str:
    document = {
        "version": 1,
        "findings": [
            {
                "path": finding.path,
                "line": finding.span.start.line,
                "column": finding.span.start.column,
                "end_line": finding.span.end.line,
                "end_column": finding.span.end.column,
                "rule": finding.rule,
                "severity": finding.severity.value,
                "message": finding.message,
                "template": finding.template_id,
            }
            for finding in report.findings
        ],
        "summary": {
            "files": report.files,
            "templates": report.templates,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
