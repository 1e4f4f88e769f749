"""`--changed-since REF`, `--statistics`, and the CLI's behaviour inside GitHub Actions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ci_support import clean_environ, git, make_repo, read_log, run_cli, write


def template(template_id: str, locale: str, purpose: str = "shipping-update") -> str:
    return (
        f"---\nid: {template_id}\nlocale: {locale}\npurpose: {purpose}\n---\n"
        "Your parcel left our warehouse today.\n"
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(
        tmp_path / "repo",
        {
            "templates/en/parcel.md": template("parcel-sent", "en-US"),
            "templates/en/other.md": template("other-news", "en-US"),
            "templates/de/parcel.md": template("parcel-sent", "de-DE"),
            "templates/fr/gone.md": template("gone", "fr-FR"),
            "README.md": "# Our templates\n",
        },
    )
    git(root, "checkout", "-q", "-b", "feature")
    return root


def findings(repo: Path, *arguments: str) -> Any:
    result = run_cli(repo, "check", "--format", "json", *arguments)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_only_changed_templates_are_linted_against_the_whole_repository(repo: Path) -> None:
    # A committed change that copies another template's id, a staged translation that
    # drifted, a new untracked file, a deletion and a non-template change.
    write(repo, {"templates/en/other.md": template("parcel-sent", "en-US")})
    git(repo, "commit", "-q", "-am", "copy an id")
    write(repo, {"templates/de/parcel.md": template("parcel-sent", "de-DE", "refund")})
    git(repo, "add", "templates/de/parcel.md")
    write(repo, {"templates/it/new.md": template("brand-new", "it-IT"), "README.md": "# More\n"})
    (repo / "templates/fr/gone.md").unlink()

    document = findings(repo, "--changed-since", "main")
    rules = {(f["path"], f["rule"]) for f in document["findings"]}
    assert rules == {
        ("templates/en/other.md", "duplicate-id"),  # compared with the unchanged en/parcel.md
        ("templates/en/other.md", "translation-drift"),  # the de translation disagrees
        ("templates/de/parcel.md", "translation-drift"),  # outvoted by the unchanged en files
    }
    assert document["summary"] == {"files": 3, "templates": 3, "errors": 1, "warnings": 2}


def test_scoped_to_the_paths_given(repo: Path) -> None:
    write(repo, {"templates/en/other.md": template("parcel-sent", "en-US")})
    assert findings(repo, "--changed-since", "main", "templates/de")["summary"] == {
        "files": 0,
        "templates": 0,
        "errors": 0,
        "warnings": 0,
    }
    assert len(findings(repo, "--changed-since", "main", "templates/en")["findings"]) == 1


def test_from_a_subfolder_paths_stay_relative(repo: Path) -> None:
    write(repo, {"templates/en/other.md": template("parcel-sent", "en-US")})
    result = run_cli(repo / "templates", "check", "--changed-since", "main", "--format", "json")
    paths = {finding["path"] for finding in json.loads(result.stdout)["findings"]}
    assert paths == {"en/other.md"}


def test_changes_are_counted_from_the_merge_base(repo: Path) -> None:
    # main moves on after the branch point; its new template is no change of this branch.
    git(repo, "checkout", "-q", "main")
    write(repo, {"templates/main-only.md": template("main-only", "en-US")})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main moves")
    git(repo, "checkout", "-q", "feature")
    assert findings(repo, "--changed-since", "main")["summary"]["files"] == 0


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x", ""])
def test_a_bad_revision_is_a_usage_error(repo: Path, ref: str) -> None:
    result = run_cli(repo, "check", f"--changed-since={ref}")
    assert result.returncode == 2
    assert "--changed-since" in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "x").exists()


def test_outside_a_repository(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "check", "--changed-since", "HEAD")
    assert result.returncode == 2
    assert "git repository" in result.stderr


def test_statistics_count_templates_files_and_rules(repo: Path) -> None:
    write(repo, {"templates/en/other.md": template("parcel-sent", "en-US")})
    result = run_cli(repo, "check", "--statistics")
    assert "Checked 4 templates in 4 files." in result.stdout
    assert "Findings per rule:" in result.stdout
    assert "    2  duplicate-id" in result.stdout


def test_in_github_actions_text_goes_to_the_log_with_annotations(repo: Path) -> None:
    write(repo, {"templates/en/other.md": template("parcel-sent", "en-US") + "::add-mask::x\n"})
    result = run_cli(repo, "check", environ=clean_environ(GITHUB_ACTIONS="true"))
    assert result.returncode == 1
    log = read_log(result.stdout)
    assert [command.name for command in log.commands] == ["error", "error"]
    assert {command.properties["file"] for command in log.commands} == {
        "templates/en/other.md",
        "templates/en/parcel.md",
    }
    assert any("duplicate-id" in line for line in log.text)

    # An explicit format is left alone.
    result = run_cli(
        repo, "check", "--format", "json", environ=clean_environ(GITHUB_ACTIONS="true")
    )
    assert json.loads(result.stdout)["summary"]["errors"] == 2
