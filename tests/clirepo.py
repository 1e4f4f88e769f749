"""A throwaway git repository in tmp_path and the real CLI run in it as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOOKS = Path(__file__).resolve().parents[1] / "hooks"


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    def findings(self) -> list[dict[str, Any]]:
        findings: list[dict[str, Any]] = json.loads(self.stdout)["findings"]
        return findings

    def rules(self) -> list[str]:
        return [finding["rule"] for finding in self.findings()]


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        subprocess.run(["git", "init", "-q", str(root)], check=True)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def run(self, *args: str, cwd: Path | None = None) -> Result:
        environment = {**os.environ, "PYTHONPATH": str(HOOKS), "NO_COLOR": "1"}
        environment.pop("GITHUB_ACTIONS", None)
        completed = subprocess.run(
            [sys.executable, "-m", "replylint", *args],
            cwd=cwd or self.root,
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    def check(self, *args: str, cwd: Path | None = None) -> Result:
        """`replylint check --format json ARGS`; the JSON report is in stdout."""
        return self.run("check", "--format", "json", *args, cwd=cwd)


def template(
    template_id: str, body: str, locale: str = "en-US", purpose: str = "customer-service"
) -> str:
    """A Markdown template with the given body."""
    return f"---\nid: {template_id}\nlocale: {locale}\npurpose: {purpose}\n---\n{body}\n"
