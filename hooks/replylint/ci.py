"""GitHub Actions: the logic behind action.yml, kept here so that it can be tested.

action.yml passes its inputs as environment variables only (never as `${{ }}` inside a
script) and runs `python -m replylint.ci`, which turns them into a `replylint check` with
`--github-action`. That check then writes:

- the text report to the log, with workflow commands switched off inside it, so that a
  file name or template line such as `::add-mask::` stays text;
- annotations, capped as GitHub caps them (10 errors and 10 warnings per step; the rest
  would be dropped silently), and a notice saying how many were not shown;
- the SARIF report, to the `sarif-file` input or to the runner's temporary folder;
- a Markdown job summary ($GITHUB_STEP_SUMMARY): counts per rule and per file, the first
  findings, and every finding not shown as an annotation;
- the step's outputs ($GITHUB_OUTPUT);

and exits per `fail-on`. Outside the Action, with GITHUB_ACTIONS=true and no --format, a
plain `replylint check` writes the text report and the annotations (INTERFACE.md).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shlex
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from replylint.cli import EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, UsageError
from replylint.engine import Report
from replylint.model import Finding, Severity
from replylint.reporters import Options, renderer
from replylint.reporters.common import help_uri, repository_path
from replylint.reporters.github_format import (
    ANNOTATION_LIMITS,
    capped_annotations,
    command,
    without_commands,
)

FAIL_ON = ("error", "warning", "never")
FIRST_FINDINGS = 20
# GitHub refuses a step summary over 1 MiB; stay well below, whatever the findings say.
SUMMARY_BUDGET = 900_000
# What Markdown (with GitHub's extensions: tables, math, mentions) could read as syntax.
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>|#~!&@{}()$])")

Writer = Callable[[str, "str | None"], None]


@dataclass(frozen=True, slots=True)
class Settings:
    """What the Action asks for, read from the environment action.yml sets."""

    fail_on: str = "error"
    sarif_file: Path | None = None
    summary_file: Path | None = None
    output_file: Path | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        fail_on = environ.get("REPLYLINT_FAIL_ON", "").strip().lower() or "error"
        if fail_on not in FAIL_ON:
            raise UsageError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        sarif = environ.get("REPLYLINT_SARIF_FILE", "")
        if not sarif:
            sarif = str(Path(environ.get("RUNNER_TEMP") or ".", "replylint.sarif"))
        return cls(
            fail_on=fail_on,
            sarif_file=Path(sarif).resolve(),
            summary_file=_path(environ.get("GITHUB_STEP_SUMMARY")),
            output_file=_path(environ.get("GITHUB_OUTPUT")),
        )


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


# --- the entry point action.yml runs -----------------------------------------------------


def check_arguments(environ: Mapping[str, str]) -> list[str]:
    """The `replylint check` command line the Action's inputs ask for.

    `paths` and `args` are split like a shell splits words (quotes group, nothing expands);
    the paths come after `--`, so a file named `--format` is a file.
    """
    try:
        paths = shlex.split(environ.get("REPLYLINT_PATHS", ""))
        extra = shlex.split(environ.get("REPLYLINT_ARGS", ""))
    except ValueError as exc:
        raise UsageError(f"cannot split the paths or args input: {exc}") from None
    arguments = ["check", *extra, "--github-action"]
    changed = environ.get("REPLYLINT_CHANGED_SINCE", "").strip()
    if changed:
        arguments.append(f"--changed-since={changed}")
    return [*arguments, "--", *(paths or ["."])]


def main(environ: Mapping[str, str] | None = None) -> int:
    from replylint import cli

    environ = os.environ if environ is None else environ
    try:
        Settings.from_environ(environ)
        arguments = check_arguments(environ)
    except UsageError as exc:
        print(command("error", f"replylint: {exc}", [("title", "replylint")]))
        return EXIT_FAILURE
    return cli.main(arguments)


# --- what `replylint check` does in GitHub Actions -----------------------------------------


def report_to_github(
    report: Report, options: Options, args: argparse.Namespace, write_output: Writer
) -> int:
    """Write the report for GitHub Actions; the exit code of the check."""
    if not args.github_action:
        text = renderer(args.format or "text")(report, options)
        write_output(text if args.output else without_commands(text), args.output)
        _print_annotations(report)
        strict = args.strict and report.count(Severity.WARNING)
        return EXIT_FINDINGS if report.count(Severity.ERROR) or strict else EXIT_CLEAN

    settings = Settings.from_environ(os.environ)
    log_options = Options(color=False, quiet=options.quiet, statistics=True)
    sys.stdout.write(without_commands(renderer("text")(report, log_options)))
    if args.output:  # a further report the `args` input asked for (e.g. junit)
        write_output(renderer(args.format or "text")(report, options), args.output)
    hidden = _print_annotations(report)
    if settings.sarif_file is not None:
        _write_sarif(report, settings.sarif_file)
    if settings.summary_file is not None:
        with settings.summary_file.open("a", encoding="utf-8") as handle:
            handle.write(summary(report, hidden, args.changed_since))
    if settings.output_file is not None:
        outputs = {
            "sarif-file": str(settings.sarif_file or ""),
            "errors": str(report.count(Severity.ERROR)),
            "warnings": str(report.count(Severity.WARNING)),
            "findings": str(len(report.findings)),
            "templates": str(report.templates),
            "files": str(report.files),
            "not-annotated": str(len(hidden)),
        }
        with settings.output_file.open("a", encoding="utf-8") as handle:
            handle.write(format_outputs(outputs))
    fail_on = "warning" if args.strict and settings.fail_on == "error" else settings.fail_on
    return exit_code(report, fail_on)


def exit_code(report: Report, fail_on: str) -> int:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    if fail_on == "error" and errors:
        return EXIT_FINDINGS
    if fail_on == "warning" and (errors or warnings):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _print_annotations(report: Report) -> list[Finding]:
    shown, hidden = capped_annotations(report.findings)
    lines = list(shown)
    if hidden:
        lines.append(
            command(
                "notice",
                f"{_plural(len(hidden), 'more finding')} not shown as annotations "
                f"(GitHub shows {_limits()} per step): the job summary lists them",
                [("title", "replylint")],
            )
        )
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    sys.stdout.flush()
    return hidden


def _write_sarif(report: Report, path: Path) -> None:
    text = renderer("sarif")(report, Options())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the SARIF report to {path}: {exc.strerror}") from None


def format_outputs(outputs: Mapping[str, str]) -> str:
    """$GITHUB_OUTPUT lines; the `name<<DELIMITER` form, so no value can add an output."""
    lines = []
    for name, value in outputs.items():
        delimiter = f"replylint_{secrets.token_hex(8)}"
        while delimiter in value:  # pragma: no cover - 64 random bits
            delimiter = f"replylint_{secrets.token_hex(8)}"
        lines.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(lines)


# --- the job summary ---------------------------------------------------------------------


def markdown(text: str) -> str:
    """Text as it should read in Markdown: punctuation escaped, one line (for table cells)."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _limits() -> str:
    return " and ".join(
        _plural(limit, severity.value) for severity, limit in ANNOTATION_LIMITS.items()
    )


def _where(finding: Finding) -> str:
    start = finding.span.start
    return markdown(f"{repository_path(finding.path)}:{start.line}:{start.column}")


def _finding_rows(findings: Sequence[Finding], budget: int) -> tuple[list[str], int]:
    """Table rows for findings, as many as fit in `budget` bytes; and how many did not."""
    rows = ["| Where | Severity | Rule | Message |", "| --- | --- | --- | --- |"]
    used = sum(len(row) + 1 for row in rows)
    for count, finding in enumerate(findings):
        row = (
            f"| {_where(finding)} | {finding.severity.value} | "
            f"[{finding.rule}]({help_uri(finding.rule)}) | {markdown(finding.message)} |"
        )
        used += len(row.encode("utf-8", "surrogatepass")) + 1
        if used > budget:
            return rows, len(findings) - count
        rows.append(row)
    return rows, 0


def summary(report: Report, hidden: Sequence[Finding], changed_since: str | None) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    checked = f"{_plural(report.templates, 'template')} in {_plural(report.files, 'file')}"
    if errors or warnings:
        title = f"❌ {_plural(errors, 'error')} and {_plural(warnings, 'warning')}"
    else:
        title = "✅ no findings"
    lines = [f"## replylint: {title}", "", f"Checked {checked}."]
    if changed_since is not None:
        lines += [
            "",
            f"Only the templates changed since {markdown(changed_since)} were linted; "
            "duplicate\\-id and translation\\-drift compared them with every template of "
            "the repository.",
        ]
    if report.findings:
        per_rule = Counter((finding.rule, finding.severity) for finding in report.findings)
        lines += ["", "| Rule | Severity | Findings |", "| --- | --- | ---: |"]
        for (rule, severity), count in sorted(per_rule.items(), key=lambda i: (-i[1], i[0][0])):
            lines.append(f"| [{rule}]({help_uri(rule)}) | {severity.value} | {count} |")

        per_file: dict[str, Counter[Severity]] = {}
        for finding in report.findings:
            per_file.setdefault(finding.path, Counter())[finding.severity] += 1
        lines += ["", "| File | Errors | Warnings |", "| --- | ---: | ---: |"]
        for path, counts in sorted(per_file.items()):
            name = markdown(repository_path(path))
            lines.append(f"| {name} | {counts[Severity.ERROR]} | {counts[Severity.WARNING]} |")

        first = report.findings[:FIRST_FINDINGS]
        heading = (
            "First findings"
            if len(report.findings) <= FIRST_FINDINGS
            else f"First {len(first)} of {len(report.findings)} findings"
        )
        rows, _ = _finding_rows(first, SUMMARY_BUDGET // 4)
        lines += ["", f"### {heading}", "", *rows]
    if hidden:
        used = sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in lines)
        rows, left_out = _finding_rows(hidden, SUMMARY_BUDGET - used)
        lines += [
            "",
            f"> [!WARNING]\n> {_plural(len(hidden), 'finding')} not shown as annotations: "
            f"GitHub shows {_limits()} per step and drops the rest. They are listed below.",
            "",
            f"<details><summary>Not shown as annotations ({len(hidden)})</summary>",
            "",
            *rows,
        ]
        if left_out:
            lines += [
                "",
                f"{left_out} more do not fit in a job summary: the log and the SARIF report "
                "hold them all.",
            ]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n\n"


if __name__ == "__main__":
    raise SystemExit(main())
