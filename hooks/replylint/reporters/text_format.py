"""`--format text`: one line per finding, the source line with a caret underline, a summary."""

from __future__ import annotations

import unicodedata
from collections import Counter

from replylint.engine import Report
from replylint.model import Finding, Severity
from replylint.reporters import Options

RED, YELLOW, BOLD, DIM, RESET = "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"
SEVERITY_COLOR = {Severity.ERROR: RED, Severity.WARNING: YELLOW}
MAX_EXCERPT, CONTEXT = 100, 30  # long lines are shown around the finding


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _paint(text: str, code: str, options: Options) -> str:
    return f"{code}{text}{RESET}" if options.color else text


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line down to the part around [start, end), marking the cuts with '…'."""
    if _width(line) <= MAX_EXCERPT:
        return line, start, end
    left = max(0, min(start - CONTEXT, len(line) - MAX_EXCERPT))
    right = min(len(line), max(end + CONTEXT, left + MAX_EXCERPT))
    prefix, suffix = ("…" if left else ""), ("…" if right < len(line) else "")
    shift = len(prefix) - left
    return prefix + line[left:right] + suffix, start + shift, end + shift


def _excerpt(report: Report, finding: Finding, options: Options) -> list[str]:
    source = report.sources.get(finding.path)
    start, end = finding.span.start, finding.span.end
    if source is None or start.line > len(source.line_starts):
        return []
    line = source.line_text(start.line).replace("\t", " ")
    last = end.column - 1 if end.line == start.line else len(line)
    line, first, last = _window(line, start.column - 1, max(last, start.column))
    gutter = str(start.line)
    caret = "^" * max(1, _width(line[first:last]))
    return [
        f" {gutter} | {line}",
        f" {' ' * len(gutter)} | {' ' * _width(line[:first])}"
        + _paint(caret, SEVERITY_COLOR[finding.severity], options),
    ]


def render(report: Report, options: Options) -> str:
    lines: list[str] = []
    for finding in report.findings:
        where = f"{finding.path}:{finding.span.start.line}:{finding.span.start.column}:"
        severity = _paint(finding.severity.value, SEVERITY_COLOR[finding.severity], options)
        lines.append(
            f"{_paint(where, BOLD, options)} {severity} "
            f"{_paint(finding.rule, DIM, options)} {finding.message}"
        )
        if not options.quiet:
            lines.extend(_excerpt(report, finding, options))
            if finding.suggestion:
                lines.append(f"   = help: {finding.suggestion}")
    if options.statistics:
        lines.extend(statistics(report))
    if not options.quiet:
        lines.append(summary(report))
    return "\n".join(lines) + "\n" if lines else ""


def statistics(report: Report) -> list[str]:
    counts = Counter((finding.rule, finding.severity) for finding in report.findings)
    rows = [
        f"{count:5}  {rule:24} [{severity.value}]"
        for (rule, severity), count in sorted(
            counts.items(), key=lambda item: (-item[1], item[0][0])
        )
    ]
    checked = f"Checked {_plural(report.templates, 'template')} in {_plural(report.files, 'file')}."
    return ["", checked, *(["Findings per rule:", *rows] if rows else [])]


def summary(report: Report) -> str:
    checked = f"{_plural(report.templates, 'template')} in {_plural(report.files, 'file')}"
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    if not errors and not warnings:
        return f"All clean: {checked} checked."
    return f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {checked}."
