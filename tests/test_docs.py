"""The generated documentation is current: regenerate with `python -m replylint.docs`."""

from __future__ import annotations

from pathlib import Path

from replylint import docs

ROOT = Path(__file__).resolve().parents[1]


def test_readme_rule_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.with_table(readme) == readme, "run: python -m replylint.docs"


def test_rules_page_is_current() -> None:
    page = (ROOT / docs.RULES_PAGE).read_text(encoding="utf-8")
    assert page == docs.rules_page(), "run: python -m replylint.docs"
