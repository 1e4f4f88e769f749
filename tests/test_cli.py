"""The command line: exit codes, the JSON contract, the text format, the flags."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from replylint import __version__
from replylint.cli import main

CLEAN = """---
id: {id}
locale: en-US
purpose: shipping-update
---
Your parcel left our warehouse today and arrives on Thursday.
"""
BROKEN = """---
id: broken-template
locale: en-US
purpose: shipping-update
variables:
  carrier: {example: UPS}
---
Hello {{buyer}}, your parcel is on its way.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository as the current folder."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_exits_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "a.md", CLEAN.format(id="clean-a"))
    code, out, _ = run(["check", "a.md"], capsys)
    assert code == 0
    assert out == "All clean: 1 template in 1 file checked.\n"


def test_error_exits_1_and_json_is_exact(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "t" / "broken.md", BROKEN)
    code, out, _ = run(["check", "--format", "json", "t/broken.md"], capsys)
    assert code == 1
    assert json.loads(out) == {
        "version": 1,
        "findings": [
            {
                "path": "t/broken.md",
                "line": 6,
                "column": 3,
                "end_line": 6,
                "end_column": 10,
                "rule": "unused-variable",
                "severity": "warning",
                "message": "variable 'carrier' is declared but used nowhere; use it or remove it",
                "template": "broken-template",
            },
            {
                "path": "t/broken.md",
                "line": 8,
                "column": 7,
                "end_line": 8,
                "end_column": 16,
                "rule": "undeclared-variable",
                "severity": "error",
                "message": "placeholder 'buyer' is not declared under variables",
                "template": "broken-template",
            },
        ],
        "summary": {"files": 1, "templates": 1, "errors": 1, "warnings": 1},
    }


def test_warnings_pass_unless_strict(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        repo / "w.md", CLEAN.format(id="warn").replace("---\nYour", "variables: {x: }\n---\nYour")
    )
    assert run(["check", "w.md"], capsys)[0] == 0
    assert run(["check", "--strict", "w.md"], capsys)[0] == 1


def test_text_format_shows_the_line_and_a_caret(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "broken.md", BROKEN)
    code, out, _ = run(["check", "--no-color", "broken.md"], capsys)
    assert code == 1
    lines = out.splitlines()
    i = lines.index(
        "broken.md:8:7: error undeclared-variable "
        "placeholder 'buyer' is not declared under variables"
    )
    assert lines[i + 1] == " 8 | Hello {{buyer}}, your parcel is on its way."
    assert lines[i + 2] == "   |       ^^^^^^^^^"
    assert lines[-1] == "Found 1 error and 1 warning in 1 template in 1 file."


def test_quiet_and_statistics(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "broken.md", BROKEN)
    _, out, _ = run(["check", "--quiet", "broken.md"], capsys)
    assert len(out.splitlines()) == 2
    _, out, _ = run(["check", "--quiet", "--statistics", "broken.md"], capsys)
    assert "    1  undeclared-variable      [error]" in out


def test_select_and_ignore(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "broken.md", BROKEN)
    code, out, _ = run(["check", "--format", "json", "--ignore", "undeclared-variable"], capsys)
    assert code == 0
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["unused-variable"]
    code, out, _ = run(["check", "--format", "json", "--select", "undeclared-variable"], capsys)
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["undeclared-variable"]


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--select", "lnk"],
        ["check", "--format", "xml"],
        ["rule", "no-such-rule"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_arguments_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err and err.strip()


def test_unknown_rule_names_the_closest(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(["check", "--ignore", "unused-variabel"], capsys)
    assert "did you mean 'unused-variable'?" in err


def test_unreadable_or_broken_files_are_findings_not_failures(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "good.md", CLEAN.format(id="still-checked"))
    (repo / "bad.yaml").write_bytes(b"id: [unclosed\n")
    code, out, _ = run(["check", "--format", "json", "good.md", "bad.yaml", "gone.md"], capsys)
    assert code == 1
    report = json.loads(out)
    assert [(f["path"], f["rule"]) for f in report["findings"]] == [
        ("bad.yaml", "parse-error"),
        ("gone.md", "parse-error"),
    ]
    assert report["summary"]["templates"] == 1


def test_internal_error_exits_2_without_traceback(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import replylint.run

    def explode(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(replylint.run, "check", explode)
    code, _, err = run(["check"], capsys)
    assert code == 2
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err
    code, _, err = run(["--debug", "check"], capsys)
    assert "Traceback" in err


def test_output_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "broken.md", BROKEN)
    code, out, _ = run(["check", "--format", "json", "--output", "report.json"], capsys)
    assert code == 1 and out == ""
    assert json.loads((repo / "report.json").read_text(encoding="utf-8"))["summary"]["errors"] == 1
    assert run(["check", "--output", "no/such/folder/r.txt"], capsys)[0] == 2


def test_folder_search_skips_docs_and_tool_config(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "README.md", "# Our templates\n")
    write(repo / "CHANGELOG.md", "## 1.0\n")
    write(repo / ".github" / "workflows" / "ci.yml", "on: push\n")
    write(repo / ".pre-commit-config.yaml", "repos: []\n")
    write(repo / "templates" / "a.md", CLEAN.format(id="search-a"))
    write(repo / "templates" / "notes.md", "Just notes, no front matter.\n")
    code, out, _ = run(["check", "--format", "json"], capsys)
    report = json.loads(out)
    assert [(f["path"], f["rule"]) for f in report["findings"]] == [
        ("templates/notes.md", "parse-error")
    ]
    assert report["summary"]["files"] == 2
    assert code == 1


def test_readme_that_is_a_template_is_checked(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "README.md", BROKEN)
    code, out, _ = run(["check", "--format", "json", "README.md"], capsys)
    assert code == 1
    assert json.loads(out)["summary"]["templates"] == 1


def test_duplicate_id_sees_the_whole_repository(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "one.md", CLEAN.format(id="same-id"))
    write(repo / "sub" / "two.md", CLEAN.format(id="same-id"))
    subprocess.run(["git", "add", "."], check=True)
    code, out, _ = run(["check", "--format", "json", "one.md"], capsys)
    (finding,) = json.loads(out)["findings"]
    assert code == 1
    assert finding["rule"] == "duplicate-id"
    assert "sub/two.md:2" in finding["message"]


def test_rules_and_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "--format", "json"], capsys)
    rows = json.loads(out)
    assert code == 0
    assert {"id": "schema", "severity": "error", "summary": rows[1]["summary"]} in rows
    code, out, _ = run(["rule", "too-long"], capsys)
    assert code == 0
    assert out.startswith("# too-long (warning)\n") and "## Why it matters" in out


def test_version_and_module_entry_point(repo: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "replylint", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"replylint {__version__}"


def test_color_only_on_a_terminal(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "broken.md", BROKEN)
    _, out, _ = run(["check", "broken.md"], capsys)
    assert "\033[" not in out
    os.environ["FORCE_COLOR"] = "1"
    try:
        _, out, _ = run(["check", "broken.md"], capsys)
        assert "\033[31merror" in out
        os.environ["NO_COLOR"] = "1"
        _, out, _ = run(["check", "broken.md"], capsys)
        assert "\033[" not in out
    finally:
        os.environ.pop("FORCE_COLOR", None)
        os.environ.pop("NO_COLOR", None)


def test_long_lines_are_shown_around_the_finding(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = "word " * 60
    write(repo / "long.md", BROKEN.replace("Hello {{buyer}},", f"{words}{{{{buyer}}}} {words}"))
    _, out, _ = run(["check", "--no-color", "--select", "undeclared-variable", "long.md"], capsys)
    excerpt, caret = out.splitlines()[1:3]
    assert excerpt.startswith(" 8 | …word") and excerpt.endswith("…")
    assert len(excerpt) < 120
    assert excerpt[caret.index("^") :].startswith("{{buyer}}")
