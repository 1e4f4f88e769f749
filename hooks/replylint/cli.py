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
from typing import TYPE_CHECKING

from replylint import __version__
from replylint.config import Config, ConfigError
from replylint.files import write_atomically
from replylint.model import Severity

if TYPE_CHECKING:
    from replylint.engine import Report

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

    # Every command reads the configuration: it declares custom rules and rule settings.
    settings = argparse.ArgumentParser(add_help=False)
    settings.add_argument(
        "--config", metavar="FILE", help="use this configuration file instead of searching"
    )
    settings.add_argument("--isolated", action="store_true", help="ignore every configuration file")

    check = commands.add_parser("check", help="lint template files and folders", parents=[settings])
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
    check.add_argument("--baseline", metavar="FILE", help="the baseline file to honour")
    check.add_argument("--no-baseline", action="store_true", help="report baselined findings too")
    check.set_defaults(handler=run_check)

    baseline = commands.add_parser(
        "baseline",
        help="accept the current findings: write them to .replylint-baseline.json",
        parents=[settings],
    )
    baseline.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    baseline.add_argument("--baseline", metavar="FILE", help="the baseline file to write")
    baseline.add_argument(
        "--prune", action="store_true", help="only drop entries that no longer occur"
    )
    baseline.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    baseline.set_defaults(handler=run_baseline)

    rules = commands.add_parser("rules", help="list every rule", parents=[settings])
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(handler=run_rules)

    rule = commands.add_parser("rule", help="print one rule's documentation", parents=[settings])
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
    except (UsageError, ConfigError) as exc:  # ConfigError covers a bad baseline too
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


def load_config(args: argparse.Namespace) -> Config:
    from replylint import config

    return config.load(args.config, args.isolated)


def rule_ids(value: str | None, config: Config) -> frozenset[str] | None:
    """Parse `--select`/`--ignore`; an unknown id is a usage error naming the closest one."""
    if value is None:
        return None
    from replylint.rules import registry

    known = registry(config)
    ids = frozenset(part.strip() for part in value.split(",") if part.strip())
    for rule_id in sorted(ids - known.keys()):
        close = difflib.get_close_matches(rule_id, list(known), n=1)
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
    try:
        write_atomically(Path(output), text)
    except OSError as exc:
        raise UsageError(f"cannot write the report to {output}: {exc.strerror}") from None


def run_check(args: argparse.Namespace) -> int:
    from replylint import run
    from replylint.reporters import Options, renderer

    config = load_config(args)
    config = config.with_flags(rule_ids(args.select, config), rule_ids(args.ignore, config))
    paths = args.paths or ["."]
    if args.changed_since is not None:
        from replylint.changed import changed_since

        paths = changed_since(args.changed_since, paths, config)
    report = run.check(paths, config)
    if not args.no_baseline:
        apply_baseline(report, config, args)
    options = Options(color=use_color(args), quiet=args.quiet, statistics=args.statistics)
    if args.github_action or (args.format is None and os.environ.get("GITHUB_ACTIONS") == "true"):
        from replylint import ci

        return ci.report_to_github(report, options, args, write_output)
    write_output(renderer(args.format or "text")(report, options), args.output)
    if report.count(Severity.ERROR) or (args.strict and report.count(Severity.WARNING)):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def baseline_path(config: Config, args: argparse.Namespace) -> Path:
    from replylint import baseline

    return Path(args.baseline) if args.baseline else baseline.default_path(config)


def apply_baseline(report: Report, config: Config, args: argparse.Namespace) -> None:
    """Leave out baselined findings; say on stderr how many, and how many entries are stale."""
    from replylint import baseline

    path = baseline_path(config, args)
    if args.baseline and not path.is_file():
        raise UsageError(f"baseline file not found: {args.baseline}")
    root = config.root or path.resolve().parent
    baseline.apply(report, baseline.read(path), root)
    notes = []
    if report.baselined and not args.quiet:
        notes.append(f"{report.baselined} baselined finding(s) not shown")
    if report.stale:
        entries = "entry no longer occurs" if report.stale == 1 else "entries no longer occur"
        notes.append(
            f"{report.stale} baseline {entries}: run 'replylint baseline --prune' to drop them"
        )
    if notes:
        print(f"replylint: {'; '.join(notes)}", file=sys.stderr)


def run_baseline(args: argparse.Namespace) -> int:
    from replylint import baseline, run

    config = load_config(args)
    path = baseline_path(config, args)
    report = run.check(args.paths or ["."], config)
    root = config.root or path.resolve().parent
    entries, dropped = baseline.updated(report, baseline.read(path), root, args.prune)
    baseline.write(path, entries)
    total = sum(entry.count for entry in entries)
    shown = os.path.relpath(path)
    if args.prune:
        entries_word = "entry" if dropped == 1 else "entries"
        print(f"replylint: pruned {dropped} {entries_word}; {shown} holds {total} finding(s)")
    else:
        print(f"replylint: wrote {total} finding(s) to {shown}")
    return EXIT_CLEAN


def run_rules(args: argparse.Namespace) -> int:
    from replylint.rules import registry

    config = load_config(args)
    rules = list(registry(config).values())
    if args.format == "json":
        rows = [
            {"id": rule.id, "severity": rule.severity.value, "summary": rule.summary}
            for rule in rules
        ]
        print(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    width = max(len(rule.id) for rule in rules)
    for rule in rules:
        print(f"{rule.id:{width}}  {rule.severity.value:7}  {rule.summary}")
    return EXIT_CLEAN


def run_rule(args: argparse.Namespace) -> int:
    from replylint.rules import registry

    config = load_config(args)
    rule_ids(args.id, config)
    rule = registry(config)[args.id]
    print(f"# {rule.id} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.doc}")
    return EXIT_CLEAN
