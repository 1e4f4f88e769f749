"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

The runner reads every line of a step's log that starts with `::` as a command, so the
values are escaped as the runner unescapes them: `%`, CR and LF everywhere, and `:` and `,`
too in the properties (a file named `a,line=1.md` must not add a property).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence

from replylint.engine import Report
from replylint.model import Finding, Severity
from replylint.reporters import Options
from replylint.reporters.common import full_message, repository_path

# GitHub shows at most this many annotations of each kind per step and drops the rest silently.
ANNOTATION_LIMITS: Mapping[Severity, int] = {Severity.ERROR: 10, Severity.WARNING: 10}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, properties: Iterable[tuple[str, str]] = ()) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(finding: Finding) -> str:
    start, end = finding.span.start, finding.span.end
    properties = [("file", repository_path(finding.path)), ("line", str(start.line))]
    if end.line == start.line:
        # Columns only for a finding on one line: GitHub ignores or misplaces them otherwise.
        properties.append(("col", str(start.column)))
        if end.column > start.column:
            properties.append(("endColumn", str(end.column)))
    else:
        properties.append(("endLine", str(end.line)))
    properties.append(("title", f"replylint {finding.rule}"))
    return command(finding.severity.value, full_message(finding), properties)


def capped_annotations(
    findings: Sequence[Finding], limits: Mapping[Severity, int] | None = None
) -> tuple[list[str], list[Finding]]:
    """The annotations GitHub will show, and the findings beyond its per-step limits."""
    left = dict(limits or ANNOTATION_LIMITS)
    shown: list[str] = []
    hidden: list[Finding] = []
    for finding in findings:
        if left.get(finding.severity, 0) > 0:
            left[finding.severity] -= 1
            shown.append(annotation(finding))
        else:
            hidden.append(finding)
    return shown, hidden


def without_commands(log: str) -> str:
    """Wrap text for the log so that nothing in it is run as a workflow command.

    Template text and file names reach the log; a line such as `::add-mask::` in them must
    stay text. `stop-commands` pauses command processing until its random token comes back.
    """
    if not log:
        return log
    token = secrets.token_hex(16)
    if not log.endswith("\n"):
        log += "\n"
    return f"::stop-commands::{token}\n{log}::{token}::\n"


def render(report: Report, options: Options) -> str:
    lines = [annotation(finding) for finding in report.findings]
    return "\n".join(lines) + "\n" if lines else ""
