"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning accepts it.

Paths are URIs relative to the repository root (`%SRCROOT%`); columns count characters,
as `columnKind` says; `partialFingerprints` key on the flagged text, so an alert survives
edits that only move it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from replylint import __version__
from replylint.engine import Report
from replylint.model import Finding, Severity
from replylint.reporters import Options
from replylint.reporters.common import (
    FINGERPRINT_KEY,
    PROJECT_URL,
    fingerprints,
    full_message,
    help_uri,
    repository_path,
)
from replylint.rules import BY_ID, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}
SECTION = re.compile(r"^## What it does\s*\n(?P<text>.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def _what_it_does(rule: Rule) -> str:
    match = SECTION.search(rule.doc)
    text = " ".join(match.group("text").split()) if match else ""
    return text or rule.summary


def _rule_name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _rule(rule: Rule) -> dict[str, Any]:
    level = LEVELS[rule.severity]
    doc = f"# {rule.id}\n\n{rule.summary}\n\n{rule.doc}"
    described: dict[str, Any] = {
        "id": rule.id,
        "name": _rule_name(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _what_it_does(rule)},
        "help": {"text": doc, "markdown": doc},
        "helpUri": help_uri(rule.id),
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["amazon-messaging", "templates"], "problem.severity": level},
    }
    if rule.custom:  # documented in the repository's configuration, not in docs/rules.md
        del described["helpUri"]
        described["properties"]["tags"].append("custom")
    return described


def _result(finding: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    start, end = finding.span.start, finding.span.end
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": full_message(finding)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": quote(repository_path(finding.path), safe="/"),
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.template_id is not None:
        result["properties"] = {"template": finding.template_id}
    return result


def document(report: Report) -> dict[str, Any]:
    # The rules that ran, and any other rule a finding names (listed once, in registry order).
    named = {finding.rule for finding in report.findings}
    catalog = report.catalog or BY_ID  # custom rules from the configuration included
    rule_ids = [rule_id for rule_id in catalog if rule_id in report.rules or rule_id in named]
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    results = [
        _result(finding, index[finding.rule], fingerprint)
        for finding, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "replylint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [_rule(catalog[rule_id]) for rule_id in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, options: Options) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2) + "\n"
