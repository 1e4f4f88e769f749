"""End to end with the real tools: pre-commit installs this checkout's hook into a template
repository, and `git commit` is refused for a broken template and accepted for a good one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHIPPED = ["pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "hooks", "schemas"]
GOOD = """---
id: parcel-on-its-way
locale: en-US
purpose: shipping-update
---
Your parcel left our warehouse today and arrives on Thursday.
"""
BAD = """---
id: parcel-with-typo
locale: en-US
purpose: shipping-update
---
Your parcel is on its way. See {{tracking}} for details.
"""

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None, reason="needs pre-commit")


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A snapshot of this checkout (uncommitted edits included) as a git repository."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in SHIPPED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", ".")
    assert git(snapshot, "commit", "-q", "-m", "snapshot").returncode == 0
    return snapshot, git(snapshot, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def template_repo(
    tmp_path: Path, hook_repo: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    path, rev = hook_repo
    repo = tmp_path / "templates"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: replylint\n",
        encoding="utf-8",
    )
    (repo / "README.md").write_text("# Our reply templates\n", encoding="utf-8")
    home = tmp_path_factory.getbasetemp() / "pre-commit-home"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    installed = subprocess.run(
        ["pre-commit", "install"], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert installed.returncode == 0, installed.stderr
    return repo, env


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-m", message],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_commit_of_a_broken_template_is_refused(template_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = template_repo
    git(repo, "add", ".pre-commit-config.yaml", "README.md")
    first = commit(repo, env, "set up")
    assert first.returncode == 0, first.stdout + first.stderr

    (repo / "good.md").write_text(GOOD, encoding="utf-8")
    git(repo, "add", "good.md")
    accepted = commit(repo, env, "a good template")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    (repo / "bad.md").write_text(BAD, encoding="utf-8")
    git(repo, "add", "bad.md")
    refused = commit(repo, env, "a broken template")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "bad.md:6:32: error undeclared-variable" in output
    assert git(repo, "log", "--format=%s").stdout.split("\n")[0] == "a good template"


def test_run_all_files(template_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = template_repo
    (repo / "good.md").write_text(GOOD, encoding="utf-8")
    git(repo, "add", ".")
    result = subprocess.run(
        ["pre-commit", "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "replylint" in result.stdout and "Passed" in result.stdout
