"""Adopting replylint with a baseline: old findings accepted, new ones still fail the run."""

from __future__ import annotations

import json

import pytest

from clirepo import Repo, template

A = template("order-note", "Hello {{name}},\n\nyour order ships today.")
B = template("return-note", "Dear {{buyer}}, your return arrived.")


@pytest.fixture
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("repo"))
    repo.write("templates/a.md", A)
    repo.write("templates/b.md", B)
    return repo


def entries(repo: Repo, name: str = ".replylint-baseline.json") -> list[dict[str, object]]:
    document = json.loads((repo.root / name).read_text(encoding="utf-8"))
    found: list[dict[str, object]] = document["entries"]
    return found


def test_baseline_accepts_old_findings_and_catches_new_ones(repo: Repo) -> None:
    assert repo.check().code == 1
    written = repo.run("baseline")
    assert (written.code, written.stdout) == (
        0,
        "replylint: wrote 2 finding(s) to .replylint-baseline.json\n",
    )
    assert [(e["rule"], e["template"], e["excerpt"]) for e in entries(repo)] == [
        ("undeclared-variable", "order-note", "{{name}}"),
        ("undeclared-variable", "return-note", "{{buyer}}"),
    ]
    result = repo.check()
    assert (result.code, result.rules()) == (0, [])
    assert "2 baselined finding(s) not shown" in result.stderr

    # Unrelated edits move the finding to other lines: it stays accepted.
    repo.write("templates/a.md", A.replace("Hello", "Good morning!\n\nHello"))
    assert repo.check().code == 0

    # A new violation fails the run again, and is the only one reported.
    repo.write("templates/a.md", A + "Your parcel: {{parcel}}.\n")
    result = repo.check()
    assert result.code == 1
    assert [f["message"] for f in result.findings()] == [
        "placeholder 'parcel' is not declared under variables"
    ]
    # So is a second copy of an accepted problem.
    repo.write("templates/a.md", A + "Bye {{name}}.\n")
    assert repo.check().code == 1
    assert repo.check("--no-baseline").rules() == ["undeclared-variable"] * 3


def test_stale_entries_are_counted_and_pruned(repo: Repo) -> None:
    repo.run("baseline")
    repo.write("templates/b.md", B.replace("{{buyer}}", "customer"))
    result = repo.check()
    assert result.code == 0
    assert (
        "1 baseline entry no longer occurs: run 'replylint baseline --prune' to drop them"
        in result.stderr
    )
    # A run over some files only (as pre-commit does) does not call the others' entries stale.
    assert "no longer occur" not in repo.check("templates/a.md").stderr
    repo.write("templates/c.md", template("third", "Hi {{who}}."))
    pruned = repo.run("baseline", "--prune")
    assert pruned.stdout.startswith("replylint: pruned 1 entry; ")
    assert [e["template"] for e in entries(repo)] == ["order-note"]  # c.md is not added
    assert "no longer occur" not in repo.check().stderr
    assert repo.check().code == 1  # c.md's finding is new


def test_baseline_of_some_files_keeps_the_others(repo: Repo) -> None:
    repo.run("baseline")
    repo.write("templates/a.md", A.replace("{{name}}", "there"))
    assert repo.run("baseline", "templates/a.md").code == 0
    assert [e["template"] for e in entries(repo)] == ["return-note"]


def test_baseline_lives_at_the_root_and_can_be_renamed(repo: Repo) -> None:
    repo.run("baseline", cwd=repo.root / "templates")
    assert (repo.root / ".replylint-baseline.json").is_file()
    assert repo.check(".", cwd=repo.root / "templates").code == 0
    repo.write(".replylint.yaml", "baseline: lint/accepted.json\n")
    (repo.root / "lint").mkdir()
    assert repo.check().code == 1
    repo.run("baseline")
    assert len(entries(repo, "lint/accepted.json")) == 2
    assert repo.check().code == 0
    assert repo.check("--baseline", "lint/missing.json").code == 2


@pytest.mark.parametrize(
    "content", ["{not json", '{"version": 7, "entries": []}', '{"version": 1, "entries": [{}]}']
)
def test_broken_baseline_stops_the_run(repo: Repo, content: str) -> None:
    (repo.root / ".replylint-baseline.json").write_text(content, encoding="utf-8")
    result = repo.check()
    assert result.code == 2
    assert "Traceback" not in result.stderr
    assert "replylint: error: .replylint-baseline.json: " in result.stderr
    assert "replylint baseline" in result.stderr
