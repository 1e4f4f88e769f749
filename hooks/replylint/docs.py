"""Generate the rule documentation in README.md and docs/rules.md from the rules themselves,
and README's configuration reference from schemas/config.schema.json.

    python -m replylint.docs        rewrite both files from the registry and the schema
A test fails when either is out of date, so the docs never drift from the code.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from replylint.rules import ALL_RULES, Rule

RULES_PAGE = "docs/rules.md"
TABLE_START, TABLE_END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def rules_table() -> str:
    rows = [
        f"| [`{rule.id}`]({RULES_PAGE}#{rule.id}) | {rule.severity.value} | {rule.summary} |"
        for rule in ALL_RULES
    ]
    return "\n".join(["| rule | severity | what it catches |", "|---|---|---|", *rows])


def rule_section(rule: Rule) -> str:
    # Rule docs use "##" sections; on the rules page they sit one level below the rule.
    body = re.sub(r"^## ", "#### ", rule.doc, flags=re.MULTILINE)
    return f"## {rule.id}\n\n*{rule.severity.value}*: {rule.summary}.\n\n{body}\n"


def rules_page() -> str:
    header = (
        "# replylint rules\n\n"
        "Generated from the rules' own documentation by `python -m replylint.docs`; "
        "`replylint rule ID` prints the same text.\n\n"
    )
    return header + "\n".join(rule_section(rule) for rule in ALL_RULES)


def with_table(readme: str) -> str:
    start, end = readme.index(TABLE_START) + len(TABLE_START), readme.index(TABLE_END)
    return f"{readme[:start]}\n{rules_table()}\n{readme[end:]}"


def main(root: Path) -> None:
    readme = root / "README.md"
    from replylint import config_reference

    text = config_reference.update(with_table(readme.read_text(encoding="utf-8")))
    readme.write_text(text, encoding="utf-8")
    page = root / RULES_PAGE
    page.parent.mkdir(exist_ok=True)
    page.write_text(rules_page(), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
