"""Inline suppressions through the real CLI, and the suppression parser on hostile input.

The forms themselves are shown by tests/fixtures/unused-suppression/.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from replylint import suppress
from replylint.config import _has_tool_section
from replylint.parsing import parse_bytes

from clirepo import Repo, template

SUPPRESSED = template(
    "greeting",
    "<!-- replylint-disable-next-line undeclared-variable -- the shop fills it in -->\n"
    "Hello {{name}}.\n"
    "<!-- replylint-disable-next-line undeclared-variable -->\n"
    "Bye {{agent}}.",
)


@pytest.fixture
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return Repo(tmp_path_factory.mktemp("repo"))


def test_suppressions_in_the_cli(repo: Repo) -> None:
    repo.write("greeting.md", SUPPRESSED)
    result = repo.check()
    assert result.code == 1
    assert [(f["line"], f["rule"]) for f in result.findings()] == [
        (8, "unused-suppression"),
        (9, "undeclared-variable"),
    ]
    assert "gives no reason" in result.findings()[0]["message"]
    repo.write(".replylint.yaml", "ignore: [unused-suppression]\n")
    assert repo.check().rules() == ["undeclared-variable"]
    # A suppression of a rule that is not run is not reported: it is needed when the rule runs.
    repo.write("greeting.md", SUPPRESSED.replace("{{name}}", "there"))
    repo.write(".replylint.yaml", "ignore: [undeclared-variable]\n")
    assert repo.check().rules() == ["unused-suppression"]  # the one without a reason


def test_yaml_comment_above_a_block_body(repo: Repo) -> None:
    repo.write(
        "replies.yaml",
        """
        id: yaml-reply
        locale: en-US
        purpose: customer-service
        # replylint: disable=undeclared-variable -- our shop system fills in both
        body: |
          Hello {{name}},
          # replylint: disable=schema -- message text, not a comment
          thank you, {{agent}}
        """.replace("\n        ", "\n"),
    )
    assert repo.check().rules() == []


def _fast(function: object, *args: object) -> None:
    started = time.perf_counter()
    assert callable(function)
    function(*args)
    assert time.perf_counter() - started < 1.0


def test_directive_parsing_stays_linear() -> None:
    front = "id: x\nlocale: en-US\npurpose: refund\n" + "# replylint: " * 20000 + "\n"
    body = "<!-- replylint-" * 20000 + "x" + " --" * 20000 + "\n<!-- " + "-" * 40000
    for text in (
        f"---\n{front}---\n{body}\n",
        front + "body: |\n  " + body.replace("\n", "\n  ") + "\n",
    ):
        name = "hostile.md" if text.startswith("---") else "hostile.yaml"
        parsed = parse_bytes(name, text.encode())
        assert parsed.templates
        _fast(suppress.find, parsed)
    _fast(suppress._parse, "a," * 20000 + "--" * 20000)


def test_pyproject_detection_stays_linear(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[ tool " * 20000 + "\n" + " " * 50000 + "[tool.replylint]\n")
    _fast(_has_tool_section, path)
