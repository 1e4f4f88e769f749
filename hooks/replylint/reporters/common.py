"""What the machine-readable formats share: repository paths, rule links, fingerprints."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from replylint.model import Finding

# The project's home; rule links point at the rule's section of its documentation.
PROJECT_URL = "https://github.com/replylint/replylint"
FINGERPRINT_KEY = "replylint/v1"


def help_uri(rule_id: str) -> str:
    return f"{PROJECT_URL}/blob/main/docs/rules.md#{rule_id}"


def full_message(finding: Finding) -> str:
    """The message, and the suggestion on a line of its own where there is one."""
    if finding.suggestion:
        return f"{finding.message}\nhelp: {finding.suggestion}"
    return finding.message


@lru_cache(maxsize=8)
def _git_root(cwd: str) -> Path | None:
    from replylint.discover import git_root

    return git_root(Path(cwd))


def repository_path(path: str) -> str:
    """A finding's path from the root of its git repository, with `/`, as code hosts name files.

    Outside a repository (or for a file outside it) the path stays as given.
    """
    cwd = str(Path.cwd())
    root = _git_root(cwd)
    if root is not None:
        try:
            return Path(cwd, path).resolve().relative_to(root).as_posix()
        except (ValueError, OSError):
            pass
    return Path(path).as_posix()


def _stable_text(finding: Finding) -> str:
    """What a fingerprint keys on: the flagged text, never a line number.

    A finding without text (a missing field) falls back to its message with numbers blanked,
    since messages may name the line of another template.
    """
    if finding.excerpt.strip():
        return " ".join(finding.excerpt.split())
    return re.sub(r"\d+", "#", finding.message)


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding that survives edits elsewhere in the file (line moves).

    It hashes the rule, the template id, the flagged text and the path; the n-th repeat of
    the same text gets its own counter, so two identical findings stay distinct.
    """
    occurrences: Counter[tuple[str, ...]] = Counter()
    found = []
    for finding in findings:
        key = (
            finding.rule,
            finding.template_id or "",
            _stable_text(finding),
            repository_path(finding.path),
        )
        occurrences[key] += 1
        data = "\0".join((*key, str(occurrences[key]))).encode("utf-8", "surrogateescape")
        found.append(hashlib.sha256(data).hexdigest()[:32])
    return found
