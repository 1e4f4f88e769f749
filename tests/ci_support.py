"""Helpers for the CI tests: a template repository in tmp_path, the CLI as a subprocess, and
a reader of GitHub workflow commands that unescapes them as the Actions runner does."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
# The rules the sample repository exercises: other rules may be added later without
# changing the golden files.
SAMPLE_RULES = (
    "parse-error,schema,duplicate-id,undeclared-variable,unused-variable,"
    "missing-order-id,translation-drift"
)

SAMPLE_TEMPLATES = {
    "templates/en/order-late.md": """\
---
id: order-late
locale: en-US
purpose: order-issue
kind: proactive
100%off: yes
variables:
  - name
  - parcel
---
Hello {{name}}, your parcel {{parcel}} is late.
""",
    "templates/ja/order-late.md": """\
---
id: order-late
locale: ja-JP
purpose: order-issue
kind: proactive
variables:
  order_id: 注文番号
---
ご注文{{order_id}}の配送が遅れています。追跡番号は{{tracking}}です。
""",
    "templates/with, comma: 100%.md": """\
---
id: refund-issued
locale: en-GB
purpose: refund
---
Your refund has been issued and reaches your account within five days.
""",
    "templates/refunds.yaml": """\
templates:
  - id: refund-issued
    locale: en-GB
    purpose: refund
    body: |
      Your refund has been issued.
  - id: gift-wrap
    locale: en-GB
    purpose: product-question
    body: |
      Yes, we can gift-wrap your order at no extra cost.
""",
    "templates/clean.md": """\
---
id: delivery-window
locale: de-DE
purpose: shipping-update
---
Ihr Paket kommt am Donnerstag zwischen 9 und 12 Uhr.
""",
}


def git(repo: Path, *arguments: str) -> str:
    result = subprocess.run(
        ["git", *arguments], cwd=repo, capture_output=True, text=True, check=True
    )
    return result.stdout


def make_repo(root: Path, files: dict[str, str] | None = None) -> Path:
    """A git repository holding the templates, committed."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "ci@example.com")
    git(root, "config", "user.name", "CI")
    git(root, "config", "commit.gpgsign", "false")
    write(root, SAMPLE_TEMPLATES if files is None else files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "templates")
    return root


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def clean_environ(**extra: str) -> dict[str, str]:
    """The environment without anything a real CI run may have set."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GITHUB_", "RUNNER_", "REPLYLINT_", "INPUT_"))
        and key not in {"CI", "NO_COLOR", "FORCE_COLOR"}
    }
    environ.update(extra)
    return environ


def run_cli(
    repo: Path, *arguments: str, environ: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "replylint", *arguments],
        cwd=repo,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ if environ is not None else clean_environ(),
        check=False,
    )


@dataclass
class Command:
    name: str
    properties: dict[str, str]
    message: str


@dataclass
class Log:
    """What the runner makes of a step's output: the commands it runs, the text it shows."""

    commands: list[Command] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def named(self, *names: str) -> list[Command]:
        return [command for command in self.commands if command.name in names]


def _unescape(value: str, mappings: tuple[tuple[str, str], ...]) -> str:
    # The runner replaces the escapes in this order (ActionCommand.cs).
    for escaped, plain in mappings:
        value = value.replace(escaped, plain)
    return value


DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def read_log(output: str) -> Log:
    """Parse a step's output as the Actions runner does, honouring `::stop-commands::`."""
    log = Log()
    resume: str | None = None
    for line in output.splitlines():
        if resume is not None:
            if line == f"::{resume}::":
                resume = None
            else:
                log.text.append(line)
            continue
        if not line.startswith("::") or "::" not in line[2:]:
            log.text.append(line)
            continue
        info, _, message = line[2:].partition("::")
        name, _, raw_properties = info.partition(" ")
        if name == "stop-commands":
            resume = message
            continue
        properties = {}
        for item in raw_properties.split(","):
            if item:
                key, _, value = item.partition("=")
                properties[key] = _unescape(value, PROPERTY_ESCAPES)
        log.commands.append(Command(name, properties, _unescape(message, DATA_ESCAPES)))
    return log
