"""The command line: `replylint check|rules|rule`. Argument handling only; no lint logic."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from replylint import __version__
from replylint.config import Config
from replylint.model import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
CHECK_FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab", "rdjson")


class UsageError(Exception):
    """The tool cannot do its job as asked: bad arguments or configuration (exit 2)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="replylint",
        description="Lint Amazon Buyer-Seller Messaging reply templates.",
    )
    parser.add_argument("--version", action="version", version=f"replylint {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser("check", help="lint template files and folders")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    check.add_argument("--format", choices=CHECK_FORMATS, help="output format (default: text)")
    check.add_argument("--output", metavar="FILE", help="write the report to FILE")
    check.add_argument("--select", metavar="ID,...", help="run only these rules")
    check.add_argument("--ignore", metavar="ID,...", help="skip these rules")
    check.add_argument("--strict", action="store_true", help="warnings fail the run too")
    check.add_argument("--quiet", action="store_true", help="print findings and nothing else")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--no-color", action="store_true", help="no colours (NO_COLOR works too)")
    check.add_argument(
        "--changed-since", metavar="REF", help="lint only the templates changed since git REF"
    )
    # The GitHub Action's step (action.yml): log, annotations, summary, SARIF; see replylint.ci.
    check.add_argument("--github-action", action="store_true", help=argparse.SUPPRESS)
    check.add_argument("--version", action="version", version=f"replylint {__version__}")
    # SUPPRESS as default: without the flag here, `replylint --debug check` keeps its value.
    check.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    check.set_defaults(handler=run_check)

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(handler=run_rules)

    rule = commands.add_parser("rule", help="print one rule's documentation")
    rule.add_argument("id", metavar="ID")
    rule.set_defaults(handler=run_rule)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # argparse: --help, --version, or a usage error (2)
        return exit.code if isinstance(exit.code, int) else EXIT_FAILURE
    try:
        code: int = args.handler(args)
        return code
    except UsageError as exc:
        print(f"replylint: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # `replylint rule link | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("replylint: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # an internal fault: say so plainly, exit 2
        if args.debug:
            traceback.print_exc()
        print(
            f"replylint: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_FAILURE


def rule_ids(value: str | None) -> frozenset[str] | None:
    """Parse `--select`/`--ignore`; an unknown id is a usage error naming the closest one."""
    if value is None:
        return None
    from replylint.rules import BY_ID

    ids = frozenset(part.strip() for part in value.split(",") if part.strip())
    for rule_id in sorted(ids - BY_ID.keys()):
        close = difflib.get_close_matches(rule_id, list(BY_ID), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else " (see 'replylint rules')"
        raise UsageError(f"unknown rule id '{rule_id}'{hint}")
    return ids


def use_color(args: argparse.Namespace) -> bool:
    if args.no_color or args.output or "NO_COLOR" in os.environ:
        return False
    return "FORCE_COLOR" in os.environ or sys.stdout.isatty()


def write_output(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    # Write beside the target and rename, so a failed run never leaves half a report.
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    except OSError as exc:
        raise UsageError(f"cannot write the report to {output}: {exc.strerror}") from None


def run_check(args: argparse.Namespace) -> int:
    from replylint import run
    from replylint.reporters import Options, renderer

    config = Config(select=rule_ids(args.select), ignore=rule_ids(args.ignore) or frozenset())
    paths = args.paths or ["."]
    if args.changed_since is not None:
        from replylint.changed import changed_since

        paths = changed_since(args.changed_since, paths, config)
    report = run.check(paths, config)
    options = Options(color=use_color(args), quiet=args.quiet, statistics=args.statistics)
    if args.github_action or (args.format is None and os.environ.get("GITHUB_ACTIONS") == "true"):
        from replylint import ci

        return ci.report_to_github(report, options, args, write_output)
    write_output(renderer(args.format or "text")(report, options), args.output)
    if report.count(Severity.ERROR) or (args.strict and report.count(Severity.WARNING)):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def run_rules(args: argparse.Namespace) -> int:
    from replylint.rules import ALL_RULES

    if args.format == "json":
        rows = [
            {"id": rule.id, "severity": rule.severity.value, "summary": rule.summary}
            for rule in ALL_RULES
        ]
        print(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    width = max(len(rule.id) for rule in ALL_RULES)
    for rule in ALL_RULES:
        print(f"{rule.id:{width}}  {rule.severity.value:7}  {rule.summary}")
    return EXIT_CLEAN


def run_rule(args: argparse.Namespace) -> int:
    from replylint.rules import BY_ID

    rule_ids(args.id)
    rule = BY_ID[args.id]
    print(f"# {rule.id} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.doc}")
    return EXIT_CLEAN
