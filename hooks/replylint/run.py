"""One lint run: find the files, read them, run the rules. The CLI's `check` in one call."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

from replylint.config import Config
from replylint.discover import Candidate, find_templates, git_files, git_root, wanted
from replylint.engine import Report, lint
from replylint.parsing import ParsedFile, parse_bytes
from replylint.repository import Repository
from replylint.source import SourceFile


def read(candidate: Candidate) -> ParsedFile:
    try:
        data = candidate.path.read_bytes()
    except OSError as exc:
        parsed = ParsedFile(SourceFile(candidate.display, ""))
        reason = exc.strerror or str(exc)
        parsed.problem("parse-error", 0, 0, f"cannot read the file: {reason}")
        return parsed
    return parse_bytes(candidate.display, data)


def with_aliases(parsed: ParsedFile, config: Config) -> ParsedFile:
    """Give templates the configured locale aliases, so `Template.language` honours them."""
    if config.locale_aliases:
        parsed.templates = [
            dataclasses.replace(template, locale_aliases=config.locale_aliases)
            for template in parsed.templates
        ]
    return parsed


def check(paths: Sequence[str], config: Config) -> Report:
    cwd = Path.cwd()
    root = git_root(cwd)
    # Globs are relative to the configuration's folder, else to the repository root.
    base = config.root or root or cwd.resolve()
    candidates = find_templates(paths, config, base)
    parsed = [with_aliases(read(candidate), config) for candidate in candidates]

    def others() -> Iterator[Path]:
        if root is not None:
            yield from (path for path in git_files(root) if wanted(path, base, config))

    checked = [
        (candidate.path, template)
        for candidate, file in zip(candidates, parsed, strict=True)
        for template in file.templates
    ]
    return lint(parsed, config, Repository(checked, others), base)
