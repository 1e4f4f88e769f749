"""Custom rules from the configuration behave like built-in ones, and their patterns are safe."""

from __future__ import annotations

import json
import re
import time

import pytest

from replylint.rules.custom import linear_time_problem

from clirepo import Repo, template

CONFIG = """
rules:
  - id: acme-free-gift
    message: our brand never promises a free gift
    severity: error
    phrases: [free gift*, gratis ... geschenk]
    replacement: a small thank-you
  - id: custom-coupon-code
    summary: coupon codes in the message
    message: coupon codes do not belong in messages
    languages: [en]
    patterns: ['(?i)\\bcode:? [A-Z0-9]{6,12}\\b']
  - id: custom-urgent
    message: no urgency in Japanese replies
    languages: [ja]
    phrases: [至急]
"""


@pytest.fixture
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("repo"))
    repo.write(".replylint.yaml", CONFIG)
    return repo


def test_phrases_match_whole_words_on_normalised_text(repo: Repo) -> None:
    repo.write(
        "a.md",
        template(
            "gifts",
            "Each order comes with a FREE\n  Gifts box.\n"
            "Our freegift offer is over. A gift, free of charge, is not our style.",
        ),
    )
    repo.write("b.md", template("gratis", "Ein gratis kleines Geschenk liegt bei.", locale="de-DE"))
    result = repo.check()
    assert result.code == 1
    assert [(f["path"], f["line"], f["rule"], f["severity"]) for f in result.findings()] == [
        ("a.md", 6, "acme-free-gift", "error"),
        ("b.md", 6, "acme-free-gift", "error"),
    ]


def test_patterns_languages_and_unspaced_phrases(repo: Repo) -> None:
    repo.write("en.md", template("code-en", "Use code SAVE2024 at checkout."))
    repo.write("de.md", template("code-de", "Mit Code SAVE2024 sparen.", locale="de-DE"))
    repo.write("ja.md", template("urgent-ja", "至急ご確認ください。", locale="ja-JP"))
    result = repo.check("--select", "custom-coupon-code,custom-urgent")
    assert result.code == 0  # both rules are warnings
    assert [(f["path"], f["rule"]) for f in result.findings()] == [
        ("en.md", "custom-coupon-code"),
        ("ja.md", "custom-urgent"),
    ]


def test_custom_rules_in_every_command(repo: Repo) -> None:
    repo.write("a.md", template("gifts", "A free gift for you."))
    text = repo.run("check", "--no-color")
    assert "a.md:6:3: error acme-free-gift our brand never promises a free gift" in text.stdout
    assert "= help: write 'a small thank-you' instead" in text.stdout
    listed = repo.run("rules")
    assert re.search(r"custom-coupon-code\s+warning\s+coupon codes in the message", listed.stdout)
    rows = json.loads(repo.run("rules", "--format", "json").stdout)
    assert {"id": "acme-free-gift", "severity": "error", "summary": rows[-3]["summary"]} in rows
    doc = repo.run("rule", "acme-free-gift").stdout
    assert doc.startswith("# acme-free-gift (error)")
    assert "## What it does" in doc and ".replylint.yaml" in doc
    assert repo.check("--select", "custom-urgent").rules() == []
    assert repo.check("--ignore", "acme-free-gift").code == 0
    unknown = repo.check("--select", "acme-free-gifts")
    assert unknown.code == 2
    assert "did you mean 'acme-free-gift'?" in unknown.stderr
    assert repo.run("rules", "--isolated").stdout.count("acme-") == 0


def test_custom_rules_take_severity_and_suppressions(repo: Repo) -> None:
    repo.write(".replylint.yaml", CONFIG + "severity: {acme-free-gift: warning}\n")
    repo.write(
        "a.md",
        template(
            "gifts",
            "<!-- replylint-disable-next-line acme-free-gift -- the legal team approved it -->\n"
            "A free gift for you.\nAnother free gift.",
        ),
    )
    result = repo.check()
    assert result.code == 0
    assert [(f["line"], f["severity"]) for f in result.findings()] == [(8, "warning")]


def test_duplicate_custom_rule_id(repo: Repo) -> None:
    repo.write(
        ".replylint.yaml",
        CONFIG + "  - id: custom-urgent\n    message: again\n    phrases: [x]\n",
    )
    result = repo.check()
    assert result.code == 2
    assert ".replylint.yaml:16:5: 'custom-urgent' is already another custom rule's id" in (
        result.stderr
    )


SAFE = [r"\bcode:? [A-Z0-9]{6,12}\b", r"(?i)free\s+gift", r"(?:a|-)+b", r"(ab){3}c", r"[a-z]+@x"]
UNSAFE = [r"(a+)+b", r"(a|ab)*c", r"(\w+\s?)*$", r"(x)\1", r"(?=a)b", r"(?:a*)*", r"(.*a){2,9}"]


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_are_accepted(pattern: str) -> None:
    assert linear_time_problem(pattern) is None


@pytest.mark.parametrize("pattern", UNSAFE)
def test_unsafe_patterns_are_refused(pattern: str) -> None:
    assert linear_time_problem(pattern) is not None


@pytest.mark.parametrize("pattern", SAFE)
def test_accepted_patterns_stay_fast_on_hostile_input(pattern: str) -> None:
    hostile = ("a" * 5000 + "-" * 5000 + "code " + "A1" * 3000 + "ab" * 3000) * 2
    started = time.perf_counter()
    list(re.finditer(pattern, hostile))
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("output", ["text", "json", "github", "sarif", "junit", "gitlab", "rdjson"])
def test_custom_rules_in_every_output_format(repo: Repo, output: str) -> None:
    repo.write("a.md", template("gifts", "A free gift for you."))
    result = repo.run("check", "--format", output)
    assert result.code == 1, result.stderr
    assert "acme-free-gift" in result.stdout
    if output == "sarif":
        [run] = json.loads(result.stdout)["runs"]
        described = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
        assert {"acme-free-gift", "custom-coupon-code", "custom-urgent"} <= described
