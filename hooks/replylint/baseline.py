"""The baseline: findings a repository had when it adopted replylint, accepted for now.

`replylint baseline` writes the current findings to `.replylint-baseline.json`; `check` then
reports only findings that are not in it. Entries are fingerprints of the rule, the template id
(the file's path when there is none) and the flagged text with its white space collapsed, never
line numbers, so edits elsewhere in a file do not bring old findings back. An entry counts how
many findings share its fingerprint, so a second copy of an accepted problem is still new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replylint.config import Config, ConfigError
from replylint.discover import git_root, relative_to
from replylint.files import write_atomically
from replylint.model import Finding

if TYPE_CHECKING:
    from replylint.engine import Report

VERSION = 1
EXCERPT_LIMIT = 120


class BaselineError(ConfigError):
    """The baseline file cannot be read or written: like a bad configuration, it stops the run."""


@dataclass(frozen=True, slots=True)
class Entry:
    fingerprint: str
    rule: str
    template: str | None
    path: str
    """Where the finding was, relative to the project root: for readers and for pruning."""
    excerpt: str
    count: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "template": self.template,
            "path": self.path,
            "excerpt": self.excerpt,
            "count": self.count,
        }


def fingerprint(finding: Finding, relative_path: str) -> str:
    """Stable across unrelated edits: rule, template id (or path), the flagged text."""
    owner = finding.template_id if finding.template_id is not None else f"path:{relative_path}"
    text = " ".join(finding.excerpt.split())
    digest = hashlib.sha256(f"{finding.rule}\0{owner}\0{text}".encode())
    return digest.hexdigest()[:24]


def default_path(config: Config) -> Path:
    """The baseline file: beside the configuration, else at the repository root."""
    root = config.root or git_root(Path.cwd()) or Path.cwd().resolve()
    return root / config.baseline


def read(path: Path) -> list[Entry]:
    """The entries of a baseline file; none when it does not exist."""
    if not path.exists():
        return []
    shown = os.path.relpath(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{shown}: cannot read the baseline: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(
            f"{shown}: the baseline is not valid JSON ({exc}); "
            "recreate it with 'replylint baseline'"
        ) from None
    try:
        if document.get("version") != VERSION:
            raise ValueError(f"unknown version {document.get('version')!r}")
        return [
            Entry(
                str(item["fingerprint"]),
                str(item["rule"]),
                None if item.get("template") is None else str(item["template"]),
                str(item.get("path", "")),
                str(item.get("excerpt", "")),
                int(item.get("count", 1)),
            )
            for item in document["entries"]
        ]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise BaselineError(
            f"{shown}: not a replylint baseline ({exc}); recreate it with 'replylint baseline'"
        ) from None


def write(path: Path, entries: Iterable[Entry]) -> None:
    ordered = sorted(entries, key=lambda e: (e.path, e.rule, e.template or "", e.fingerprint))
    document = {
        "version": VERSION,
        "tool": "replylint",
        "entries": [entry.to_json() for entry in ordered],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise BaselineError(f"cannot write the baseline {path}: {exc.strerror}") from None


def entries_of(report: Report, root: Path) -> list[Entry]:
    """The report's findings as baseline entries, one per fingerprint with its count."""
    found: dict[str, Entry] = {}
    for finding in report.findings:
        relative = relative_to(Path(finding.path), root)
        key = fingerprint(finding, relative)
        old = found.get(key)
        if old is not None:
            found[key] = Entry(key, old.rule, old.template, old.path, old.excerpt, old.count + 1)
            continue
        excerpt = " ".join(finding.excerpt.split())
        if len(excerpt) > EXCERPT_LIMIT:
            excerpt = excerpt[: EXCERPT_LIMIT - 1] + "…"
        found[key] = Entry(key, finding.rule, finding.template_id, relative, excerpt)
    return list(found.values())


def _checked(report: Report, root: Path) -> set[str]:
    return {relative_to(Path(path), root) for path in report.sources}


def _gone(entry: Entry, checked: set[str], root: Path) -> bool:
    """Whether the run could have seen this entry's finding: its file was checked, or is gone."""
    return entry.path in checked or not (root / entry.path).exists()


def apply(report: Report, entries: Iterable[Entry], root: Path) -> None:
    """Leave out the findings the baseline holds; count entries that no longer occur."""
    remaining: Counter[str] = Counter()
    for entry in entries:
        remaining[entry.fingerprint] += entry.count
    if not remaining:
        return
    kept: list[Finding] = []
    for finding in report.findings:
        key = fingerprint(finding, relative_to(Path(finding.path), root))
        if remaining[key] > 0:
            remaining[key] -= 1
            report.baselined += 1
        else:
            kept.append(finding)
    report.findings = kept
    checked = _checked(report, root)
    report.stale = sum(
        min(entry.count, remaining[entry.fingerprint])
        for entry in entries
        if _gone(entry, checked, root)
    )


def updated(
    report: Report, existing: Iterable[Entry], root: Path, prune: bool
) -> tuple[list[Entry], int]:
    """The new baseline, and how many findings it dropped.

    Without `prune`: the current findings, plus the old entries of files this run did not
    check. With `prune`: the old entries less those that no longer occur; nothing is added.
    """
    current = {entry.fingerprint: entry for entry in entries_of(report, root)}
    checked = _checked(report, root)
    old = list(existing)
    kept: list[Entry] = []
    dropped = 0
    for entry in old:
        if not _gone(entry, checked, root):
            kept.append(entry)
            continue
        if prune:
            now = current.get(entry.fingerprint)
            count = min(entry.count, now.count if now else 0)
            dropped += entry.count - count
            if count:
                kept.append(Entry(*_fields(entry), count))
        else:
            dropped += max(0, entry.count - _count(current, entry.fingerprint))
    if not prune:
        kept.extend(current.values())
    return kept, dropped


def _fields(entry: Entry) -> tuple[str, str, str | None, str, str]:
    return entry.fingerprint, entry.rule, entry.template, entry.path, entry.excerpt


def _count(entries: Mapping[str, Entry], key: str) -> int:
    entry = entries.get(key)
    return entry.count if entry else 0
