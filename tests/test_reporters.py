"""The machine-readable formats: golden files, and each format's schema or required fields.

The CLI runs as a subprocess in a git repository in tmp_path holding a few templates with
errors and warnings, a Japanese body (columns past multi-byte characters), and a file name
with a comma, a colon and a percent sign (escaping). To refresh the golden files after an
intended change: REPLYLINT_UPDATE_GOLDEN=1 pytest tests/test_reporters.py, and read the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ci_support import GOLDEN, SAMPLE_RULES, make_repo, read_log, run_cli
from replylint import __version__
from replylint.model import Finding, Position, Severity, Span
from replylint.reporters.github_format import (
    annotation,
    capped_annotations,
    escape_data,
    escape_property,
    without_commands,
)
from replylint.rules import BY_ID

GOLDEN_FILES = {
    "github": "github.txt",
    "sarif": "sarif.json",
    "junit": "junit.xml",
    "gitlab": "gitlab.json",
    "rdjson": "rdjson.json",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("reporters") / "repo")


@pytest.fixture(scope="module")
def outputs(repo: Path) -> dict[str, str]:
    found = {}
    for name in GOLDEN_FILES:
        result = run_cli(repo, "check", "--format", name, "--select", SAMPLE_RULES, "templates")
        assert result.returncode == 1, result.stderr
        assert result.stderr == ""
        found[name] = result.stdout
    return found


@pytest.mark.parametrize("name", sorted(GOLDEN_FILES))
def test_golden(name: str, outputs: dict[str, str]) -> None:
    text = outputs[name].replace(f'"{__version__}"', '"VERSION"')
    golden = GOLDEN / GOLDEN_FILES[name]
    if os.environ.get("REPLYLINT_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


# --- SARIF 2.1.0 and GitHub code scanning ---------------------------------------------------

# The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) that this output uses: the
# required properties, types and enumerations, and no property the schema does not define.
_TEXT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
SARIF_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "runs"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/run"}},
    },
    "$defs": {
        "run": {
            "type": "object",
            "required": ["tool"],
            "additionalProperties": False,
            "properties": {
                "tool": {
                    "type": "object",
                    "required": ["driver"],
                    "additionalProperties": False,
                    "properties": {"driver": {"$ref": "#/$defs/toolComponent"}},
                },
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
            },
        },
        "toolComponent": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "semanticVersion": {"type": "string"},
                "informationUri": {"type": "string", "format": "uri"},
                "rules": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"$ref": "#/$defs/reportingDescriptor"},
                },
            },
        },
        "reportingDescriptor": {
            "type": "object",
            "required": ["id"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "shortDescription": _TEXT,
                "fullDescription": _TEXT,
                "help": {
                    **_TEXT,
                    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}},
                },
                "helpUri": {"type": "string", "format": "uri"},
                "defaultConfiguration": {
                    "type": "object",
                    "properties": {"level": {"enum": ["none", "note", "warning", "error"]}},
                },
                "properties": {
                    "type": "object",
                    "properties": {
                        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
                    },
                },
            },
        },
        "result": {
            "type": "object",
            "required": ["message"],
            "additionalProperties": False,
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": -1},
                "level": {"enum": ["none", "note", "warning", "error"]},
                "message": _TEXT,
                "locations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"physicalLocation": {"$ref": "#/$defs/physicalLocation"}},
                    },
                },
                "partialFingerprints": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                },
                "properties": {"type": "object"},
            },
        },
        "physicalLocation": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "artifactLocation": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "uri": {"type": "string", "format": "uri-reference"},
                        "uriBaseId": {"type": "string"},
                    },
                },
                "region": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        name: {"type": "integer", "minimum": 1}
                        for name in ("startLine", "startColumn", "endLine", "endColumn")
                    },
                },
            },
        },
    },
}


def test_sarif_follows_the_schema(outputs: dict[str, str]) -> None:
    document = json.loads(outputs["sarif"])
    validator = jsonschema.Draft202012Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [error.message for error in validator.iter_errors(document)] == []


def test_sarif_meets_github_code_scanning(outputs: dict[str, str]) -> None:
    """What GitHub's upload reads: rules with help, resolvable rule ids, relative URIs."""
    run = json.loads(outputs["sarif"])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [r for r in BY_ID if r in SAMPLE_RULES.split(",")]
    for rule in rules:
        assert rule["helpUri"].endswith(f"docs/rules.md#{rule['id']}")
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["fullDescription"]["text"] and rule["shortDescription"]["text"]
        assert len(rule["properties"]["tags"]) <= 20
        assert "/tmp" not in json.dumps(rule) and "/work" not in json.dumps(rule)
    results = run["results"]
    assert len(results) == 11
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning"}
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert not uri.startswith("/") and ":" not in uri and " " not in uri, uri
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) <= (
            region["endLine"],
            region["endColumn"],
        )
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["replylint/v1"])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "templates/with%2C%20comma%3A%20100%25.md" in uris
    fingerprints = [result["partialFingerprints"]["replylint/v1"] for result in results]
    assert len(set(fingerprints)) == len(fingerprints)


def _fingerprints(repo: Path) -> dict[tuple[str, str], set[str]]:
    result = run_cli(repo, "check", "--format", "sarif", "--select", SAMPLE_RULES, "templates")
    found: dict[tuple[str, str], set[str]] = {}
    for item in json.loads(result.stdout)["runs"][0]["results"]:
        uri = item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        found.setdefault((uri, item["ruleId"]), set()).add(
            item["partialFingerprints"]["replylint/v1"]
        )
    return found


def test_fingerprints_survive_unrelated_edits(repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(repo, copy)
    before = _fingerprints(copy)
    # Lines added above the findings, and a new finding elsewhere: the old ones keep theirs.
    path = copy / "templates/en/order-late.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("kind: proactive\n", "# a maintainer's note\nkind: proactive\n")
    text = text.replace("Hello", "Thanks for waiting.\n\nHello {{parcel}} and")
    path.write_text(text, encoding="utf-8")
    after = _fingerprints(copy)
    for key, prints in before.items():
        assert prints <= after[key], key
    # The repeated {{parcel}} is a second finding with a fingerprint of its own.
    key = ("templates/en/order-late.md", "undeclared-variable")
    assert len(after[key]) == len(before[key]) + 1


# --- GitHub workflow commands ---------------------------------------------------------------


def _finding(message: str, path: str, start: tuple[int, int], end: tuple[int, int]) -> Finding:
    return Finding(
        rule="schema",
        severity=Severity.ERROR,
        message=message,
        path=path,
        span=Span(Position(*start), Position(*end)),
        template_id="t",
        excerpt="x",
    )


def test_github_escaping_round_trips_through_the_runner() -> None:
    message = "100% sure:\r\nline two, %0A stays text ::warning::no"
    path = "odd, name: 50%\n::error::x.md"
    log = read_log(annotation(_finding(message, path, (3, 4), (3, 9))) + "\n")
    assert len(log.commands) == 1, log
    command = log.commands[0]
    assert command.name == "error"
    assert command.message == message
    assert command.properties == {
        "file": path,
        "line": "3",
        "col": "4",
        "endColumn": "9",
        "title": "replylint schema",
    }
    assert escape_data("%\r\n") == "%25%0D%0A"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_columns_only_on_one_line() -> None:
    line = annotation(_finding("m", "a.md", (3, 4), (5, 2)))
    properties = read_log(line).commands[0].properties
    assert properties["line"] == "3" and properties["endLine"] == "5"
    assert "col" not in properties and "endColumn" not in properties


def test_github_annotations_are_capped_per_severity() -> None:
    findings = [
        Finding(
            "schema",
            severity,
            f"m{index}",
            "a.md",
            Span(Position(index, 1), Position(index, 2)),
            "t",
        )
        for index in range(1, 13)
        for severity in (Severity.ERROR, Severity.WARNING)
    ]
    shown, hidden = capped_annotations(findings)
    assert len(shown) == 20
    assert [finding.severity for finding in hidden] == [Severity.ERROR, Severity.WARNING] * 2


def test_without_commands_keeps_log_text_inert() -> None:
    wrapped = without_commands("::add-mask::secret\n::error::not a finding\n")
    log = read_log(wrapped + "::notice::after\n")
    assert log.text == ["::add-mask::secret", "::error::not a finding"]
    assert [command.name for command in log.commands] == ["notice"]


def test_github_format_is_one_command_per_finding(outputs: dict[str, str]) -> None:
    log = read_log(outputs["github"])
    assert log.text == []
    assert len(log.named("error")) == 8 and len(log.named("warning")) == 3
    files = {command.properties["file"] for command in log.commands}
    assert "templates/with, comma: 100%.md" in files


# --- JUnit, GitLab Code Quality, reviewdog ----------------------------------------------------


def test_junit_required_fields(outputs: dict[str, str]) -> None:
    root = ET.fromstring(outputs["junit"].encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    for element, required in (
        (root, ("name", "tests", "failures")),
        (suite, ("name", "tests", "failures", "errors")),
    ):
        assert all(element.get(name) is not None for name in required)
    assert int(suite.get("tests", "")) == len(cases) == 6  # one per template
    failures = [failure for case in cases for failure in case.findall("failure")]
    assert int(suite.get("failures", "")) == len(failures) == 11
    for case in cases:
        assert case.get("name") and case.get("classname")
    for failure in failures:
        assert failure.get("message") and failure.get("type") and failure.text
    clean = [case for case in cases if not case.findall("failure")]
    assert [case.get("name") for case in clean] == ["delivery-window", "gift-wrap"]


GITLAB_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_code_quality_required_fields(outputs: dict[str, str]) -> None:
    issues = json.loads(outputs["gitlab"])
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert len(issues) == 11
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)  # GitLab merges repeats
    assert {issue["severity"] for issue in issues} == {"major", "minor"}


# reviewdog's rdjson (DiagnosticResult of reviewdog/proto/rdf), the parts this output uses.
_POSITION = {
    "type": "object",
    "required": ["line", "column"],
    "properties": {
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
    },
}
RDJSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["diagnostics"],
    "properties": {
        "source": {"type": "object", "required": ["name"]},
        "diagnostics": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["message", "location"],
                "properties": {
                    "message": {"type": "string"},
                    "location": {
                        "type": "object",
                        "required": ["path"],
                        "properties": {
                            "path": {"type": "string"},
                            "range": {
                                "type": "object",
                                "required": ["start"],
                                "properties": {"start": _POSITION, "end": _POSITION},
                            },
                        },
                    },
                    "severity": {"enum": ["UNKNOWN_SEVERITY", "ERROR", "WARNING", "INFO"]},
                    "code": {"type": "object", "required": ["value"]},
                },
            },
        },
    },
}


def test_rdjson_required_fields_and_byte_columns(outputs: dict[str, str]) -> None:
    document = json.loads(outputs["rdjson"])
    jsonschema.validate(document, RDJSON_SCHEMA)
    tracking = next(
        diagnostic
        for diagnostic in document["diagnostics"]
        if "'tracking'" in diagnostic["message"]
    )
    # reviewdog counts UTF-8 bytes: 31 characters before {{tracking}}, 19 of them 3 bytes wide.
    start = tracking["location"]["range"]["start"]
    assert start == {
        "line": 9,
        "column": len("ご注文{{order_id}}の配送が遅れています。追跡番号は".encode()) + 1,
    }
