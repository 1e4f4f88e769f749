"""Which files are templates: expand folders, honour include/exclude, skip non-templates.

README files, changelogs and tool configuration live next to templates in most repositories;
they are skipped unless they plainly are templates (front matter, or template keys).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from replylint.config import Config
from replylint.parsing import MARKDOWN_SUFFIXES, TEMPLATE_SUFFIXES

# Files that are documentation or configuration, never templates, unless they look like one.
NOT_TEMPLATES = (
    "README*", "CHANGELOG*", "CHANGES*", "HISTORY*", "CONTRIBUTING*", "CODE_OF_CONDUCT*",
    "LICENSE*", "SECURITY*", "AUTHORS*", "SUPPORT*", ".*", "action.yml", "action.yaml",
    "mkdocs.yml", "mkdocs.yaml", "docker-compose*.yml", "docker-compose*.yaml", "codecov.yml",
    "renovate.json", "dependabot.yml", "pnpm-workspace.yaml", "environment.yml",
)  # fmt: skip
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
TEMPLATE_KEY_LINE = re.compile(rb"^(?:templates|id|purpose|body)[ \t]*:", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Candidate:
    display: str  # the path as findings show it
    path: Path


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-style glob: `*` within a folder, `**` across folders; no `/` = any folder."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    anchor = "" if "/" in pattern.rstrip("/") else "(?:.*/)?"
    return re.compile(anchor + "".join(parts).rstrip("/") + "(?:/.*)?")


def matches(relative: str, patterns: Iterable[str]) -> bool:
    return any(glob_regex(pattern.removeprefix("/")).fullmatch(relative) for pattern in patterns)


def looks_like_template(path: Path) -> bool:
    """A Markdown file opening with front matter, or a YAML file with template keys."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return True  # let the reader report why it cannot be read
    head = head.removeprefix(b"\xef\xbb\xbf")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return head.startswith(b"---")
    return TEMPLATE_KEY_LINE.search(head) is not None


def relative_to(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def wanted(path: Path, base: Path, config: Config) -> bool:
    """Whether a file should be linted, by the config's globs and the built-in skip list."""
    relative = relative_to(path, base)
    if config.include and not matches(relative, config.include):
        return False
    if matches(relative, config.exclude):
        return False
    if matches(relative, NOT_TEMPLATES):
        return looks_like_template(path)
    return True


def _walk(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(
            name for name in folders if not name.startswith(".") and name not in SKIPPED_FOLDERS
        )
        for name in sorted(files):
            if name.lower().endswith(TEMPLATE_SUFFIXES):
                yield Path(root, name)


def find_templates(arguments: Iterable[str], config: Config, base: Path) -> list[Candidate]:
    """The template files named by the arguments (files as given, folders searched).

    A named file is checked whatever its suffix, unless config or the skip list exclude it;
    `base` is the folder the include/exclude globs are relative to.
    """
    found: dict[Path, Candidate] = {}
    cwd = Path.cwd()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            for file in _walk(path):
                if wanted(file, base, config):
                    display = os.path.relpath(file, cwd) if not path.is_absolute() else str(file)
                    found.setdefault(file.resolve(), Candidate(Path(display).as_posix(), file))
        elif wanted(path, base, config) or not path.exists():
            found.setdefault(path.resolve(), Candidate(argument, path))
    return list(found.values())


def git_root(folder: Path) -> Path | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return Path(result.stdout.strip()).resolve() if result.returncode == 0 else None


def git_files(root: Path) -> list[Path]:
    """Template files git tracks under `root`, as they are in the working tree."""
    patterns = [f"*{suffix}" for suffix in TEMPLATE_SUFFIXES]
    result = subprocess.run(
        ["git", "ls-files", "-z", "--", *patterns],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        return []
    names = result.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    return [root / PurePosixPath(name) for name in names if name]
