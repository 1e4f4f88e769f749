"""A template in a language without phrase lists still gets every language-independent check,
and exactly one `unsupported-locale` warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import lint_file

BODY = (
    "{greeting}\n\nBel ons op {phone} of mail naar info@winkel.example.com. "
    "Kijk op www.winkel.example.com 😀\n<b>{closing}</b>\n"
)


@pytest.mark.parametrize(
    ("locale", "greeting", "phone", "closing"),
    [
        ("nl-NL", "Beste klant,", "020 123 4567", "Met vriendelijke groet"),
        ("pl-PL", "Dzień dobry,", "512 345 678", "Pozdrawiamy"),
        ("sv", "Hej,", "+46 8 123 456 78", "Vänliga hälsningar"),
    ],
)
def test_language_independent_checks_run(
    tmp_path: Path, locale: str, greeting: str, phone: str, closing: str
) -> None:
    path = tmp_path / "t.md"
    body = BODY.format(greeting=greeting, phone=phone, closing=closing)
    path.write_text(
        f"---\nid: other-language\nlocale: {locale}\npurpose: customer-service\n---\n{body}",
        encoding="utf-8",
    )
    rules = sorted(f.rule for f in lint_file(path).findings)
    assert rules == [
        "emoji",
        "external-email",
        "html",
        "link",
        "off-platform-contact",
        "unsupported-locale",
    ]
