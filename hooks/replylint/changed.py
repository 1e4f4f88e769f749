"""`--changed-since REF`: the templates a pull request touches.

Only these are linted; the rules that compare templates (`duplicate-id`, `translation-drift`)
still read every tracked template of the repository, as they always do (see repository.py).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from replylint.cli import UsageError
from replylint.config import Config
from replylint.discover import git_root, wanted
from replylint.parsing import TEMPLATE_SUFFIXES


def _git(root: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *arguments], cwd=root, capture_output=True, check=False)


def _names(output: bytes) -> list[str]:
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]


def _within(path: Path, scopes: Sequence[Path]) -> bool:
    return any(path == scope or scope in path.parents for scope in scopes)


def changed_since(ref: str, arguments: Sequence[str], config: Config) -> list[str]:
    """Template files changed since `ref` (committed, staged, unstaged or new), under `arguments`.

    The comparison starts from the merge base of `ref` and HEAD, as a pull request's diff
    does; in a shallow clone without that history it starts from `ref` itself.
    """
    cwd = Path.cwd()
    root = git_root(cwd)
    if root is None:
        raise UsageError("--changed-since needs a git repository")
    if not ref or ref.startswith("-"):  # never let a revision be read as an option
        raise UsageError(f"--changed-since: {ref!r} is not a git revision")
    resolved = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if resolved.returncode != 0:
        raise UsageError(
            f"--changed-since: unknown git revision {ref!r} (in CI, fetch it: "
            "actions/checkout with fetch-depth: 0)"
        )
    commit = resolved.stdout.decode().strip()
    merge_base = _git(root, "merge-base", commit, "HEAD")
    base = merge_base.stdout.decode().strip() if merge_base.returncode == 0 else commit

    diff = _git(root, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", base, "--")
    if diff.returncode != 0:
        raise UsageError(f"--changed-since: git diff failed: {diff.stderr.decode().strip()}")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard")
    names = set(_names(diff.stdout)) | set(_names(untracked.stdout))

    scopes = [Path(argument).resolve() for argument in arguments]
    found = []
    for name in sorted(names):
        path = root / name
        if (
            name.lower().endswith(TEMPLATE_SUFFIXES)
            and path.is_file()
            and _within(path.resolve(), scopes)
            and wanted(path, root, config)
        ):
            found.append(Path(os.path.relpath(path, cwd)).as_posix())
    return found
