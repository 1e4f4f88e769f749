"""Every rule is registered once, documented in the house format, and has fixtures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replylint.parsing import parse_bytes
from replylint.rules import ALL_RULES, BY_ID, Rule

from helpers import FIXTURES, lint_file

SECTIONS = ("## What it does", "## Why it matters", "## Example", "## Use instead", "## Options")
LANGUAGES = {"en", "de", "fr", "es", "it", "ja"}
# Rules whose judgement never depends on the message's language: one language shows them.
LANGUAGE_NEUTRAL = {
    "parse-error", "schema", "duplicate-id", "undeclared-variable", "unused-variable",
    "malformed-placeholder", "empty-body", "too-long", "translation-drift", "unsupported-locale",
    "unused-suppression",
}  # fmt: skip
FENCE = re.compile(r"```(markdown|yaml)\n(.*?)```", re.DOTALL)


def section(rule: Rule, title: str) -> str:
    start = rule.doc.index(title) + len(title)
    following = [rule.doc.find(s, start) for s in SECTIONS if rule.doc.find(s, start) != -1]
    return rule.doc[start : min(following, default=len(rule.doc))]


def test_ids_are_unique_and_kebab_case() -> None:
    assert len(BY_ID) == len(ALL_RULES)
    for rule in ALL_RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id), rule.id


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_documented(rule: Rule) -> None:
    assert rule.summary and not rule.summary.endswith(".")
    positions = [rule.doc.find(title) for title in SECTIONS]
    assert all(p >= 0 for p in positions), f"{rule.id} lacks a section of {SECTIONS}"
    assert positions == sorted(positions), f"{rule.id}: sections out of order"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_doc_examples(rule: Rule, tmp_path: Path) -> None:
    """A doc's Example triggers its rule; its Use instead comes out clean."""
    for title, should_fire in (("## Example", True), ("## Use instead", False)):
        for number, (kind, block) in enumerate(FENCE.findall(section(rule, title))):
            path = tmp_path / f"example-{number}.{'md' if kind == 'markdown' else 'yaml'}"
            path.write_text(block, encoding="utf-8")
            found = [
                f.rule
                for f in lint_file(path).findings
                if f.rule != "unsupported-locale" or rule.id == "unsupported-locale"
            ]
            if should_fire:
                assert rule.id in found, f"{rule.id}: {title} does not trigger it"
            else:
                assert found == [], f"{rule.id}: {title} is not clean: {found}"


def fixture_templates(rule_id: str) -> tuple[set[str], set[str]]:
    """The languages of the fixture templates in tests/fixtures/<rule>/ that the rule catches,
    and of those it leaves alone (test_fixtures checks that findings match expectations)."""
    catching: set[str] = set()
    clean: set[str] = set()
    for path in sorted((FIXTURES / rule_id).glob("*")):
        parsed = parse_bytes(path.name, path.read_bytes())
        report = lint_file(path)
        caught_ids = {f.template_id for f in report.findings if f.rule == rule_id}
        if not parsed.templates and any(f.rule == rule_id for f in report.findings):
            catching.add("?")
        for template in parsed.templates:
            group = catching if template.id in caught_ids else clean
            group.add(template.language or "?")
    return catching, clean


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_has_fixtures(rule: Rule) -> None:
    """Fixtures show what the rule catches and what it leaves alone, in every language."""
    catching, clean = fixture_templates(rule.id)
    assert catching, f"no fixture in tests/fixtures/{rule.id}/ expects {rule.id}"
    if rule.id != "parse-error":
        assert clean, f"no fixture in tests/fixtures/{rule.id}/ shows what {rule.id} leaves alone"
    if rule.id not in LANGUAGE_NEUTRAL:
        for languages, what in ((catching, "catches"), (clean, "leaves alone")):
            missing = LANGUAGES - languages
            assert not missing, f"{rule.id}: no fixture of what it {what} in {sorted(missing)}"
