"""Contact rules beyond their fixtures: allow-phones, lazy import, phrase data, hostile input."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import jsonschema
import pytest

from replylint.config import Config
from replylint.engine import Report, lint
from replylint.language import languages, phrase_book
from replylint.parsing import parse_bytes
from replylint.parsing.yaml import load, to_plain
from replylint.repository import Repository
from replylint.resources import load_schema
from replylint.rules import BY_ID, contact
from replylint.run import with_aliases

CONTACT_RULES = ("off-platform-contact", "off-platform-payment", "personal-info-request")
LANGUAGES = ("en", "de", "fr", "es", "it", "ja")


def lint_text(body: str, locale: str = "en-US", config: Config | None = None) -> Report:
    source = f"---\nid: contact-test\nlocale: {locale}\npurpose: customer-service\n---\n{body}\n"
    config = config or Config()
    parsed = with_aliases(parse_bytes("contact-test.md", source.encode("utf-8")), config)
    return lint([parsed], config, Repository([]))


def rules_found(report: Report) -> list[str]:
    return [finding.rule for finding in report.findings]


# --- allow-phones ------------------------------------------------------------------------------


def test_allow_phones_accepts_any_formatting_of_the_same_number() -> None:
    body = "Die Hotline des Herstellers: +49 30 1234567."
    assert rules_found(lint_text(body, "de-DE")) == ["off-platform-contact"] * 2
    allowed = Config(allow_phones=("030 / 123 45 67",))
    # The national entry is read in the template's region and compared in E.164 form.
    assert [f.excerpt for f in lint_text(body, "de-DE", allowed).findings] == ["Hotline"]


def test_allow_phones_keeps_other_numbers_reported() -> None:
    allowed = Config(allow_phones=("+1 646 555 0187",))
    report = lint_text("Hotline: (646) 555-0187. Workshop: (212) 555-0198.", config=allowed)
    assert [f.excerpt for f in report.findings] == ["Hotline", "(212) 555-0198"]


def test_allow_phones_ignores_entries_that_are_not_numbers() -> None:
    report = lint_text("Workshop: (212) 555-0198.", config=Config(allow_phones=("n/a", "")))
    assert [f.excerpt for f in report.findings] == ["(212) 555-0198"]


# --- phone numbers and their look-alikes -------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "Order 112-4567890-1234567 ships with tracking 1Z999AA10123456784."),
        ("en-US", "Model HX-2000-45 costs $129.99 and shipped on 03/04/2024."),
        ("en-US", "The UPC is 012345678905; zip code 90210-1234."),
        ("en-GB", "Item 0012345678905 was sent; parcel number 0123 4567 8901."),
        ("de-DE", "Rechnung 2024-000123 vom 05.03.2024 über 1.299,00 EUR, PLZ 10115."),
        ("de-DE", "Ihre Kundennummer lautet 0123456789."),
        ("de-DE", "Ihre Bestell-Nr. 0301234567 ist im System; Art.-Nr. 0891234567."),
        ("ja-JP", "代金引換の場合は、配達員に現金でお支払いください。"),
        ("fr-FR", "Votre colis 0612 3456 7890 est en route, livraison le 12 03 2024."),
        ("es-ES", "El número de seguimiento es 612345678901."),
        ("it-IT", "La spedizione 0212345678 è in consegna."),
        ("ja-JP", "お問い合わせ伝票番号は 4012-3456-7890 です。"),
        ("ja-JP", "郵便番号 150-0002、価格は 3,980円です。"),
    ],
)
def test_identifiers_dates_and_prices_are_not_phone_numbers(locale: str, text: str) -> None:
    assert rules_found(lint_text(text, locale)) == []


@pytest.mark.parametrize(
    ("locale", "text", "number"),
    [
        ("en-US", "Questions? 212-555-0198", "212-555-0198"),
        ("en-GB", "You can reach us on 07700 900461 any time.", "07700 900461"),
        ("de-DE", "Telefon 089/1234567", "089/1234567"),
        ("fr-FR", "Service client : 09 70 12 34 56.", "09 70 12 34 56"),
        ("es-MX", "Marca al 55 1234 5678 para soporte.", "55 1234 5678"),
        ("it-IT", "Assistenza: 06 1234 5678", "06 1234 5678"),
        ("ja-JP", "TEL:06-6123-4567", "06-6123-4567"),
        ("de", "Mobil: 0151 23456789", "0151 23456789"),
        ("de-DE", "Tel. 0301234567", "0301234567"),
        ("ja-JP", "カスタマーサポート（0120-123-456）まで", "0120-123-456"),
        ("fr-BE", "Notre service : 02 123 45 67.", "02 123 45 67"),
    ],
)
def test_phone_numbers_are_found(locale: str, text: str, number: str) -> None:
    assert number in [f.excerpt for f in lint_text(text, locale).findings]


def test_phonenumbers_is_imported_only_when_needed() -> None:
    code = "import sys, replylint.cli, replylint.rules; print('phonenumbers' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- phrase data -------------------------------------------------------------------------------


def test_every_language_has_the_same_lists() -> None:
    assert languages("contact") >= set(LANGUAGES)
    names = {}
    for language in LANGUAGES:
        book = phrase_book("contact", language)
        assert book is not None
        names[language] = set(book.lists)
    assert all(found == names["en"] for found in names.values()), names


@pytest.mark.parametrize("language", LANGUAGES)
def test_phrase_files_follow_the_schema(language: str) -> None:
    from importlib import resources

    resource = resources.files("replylint") / "phrases" / "contact" / f"{language}.yaml"
    data = to_plain(load(resource.read_text(encoding="utf-8")))
    jsonschema.validate(data, load_schema("phrases.schema.json"))
    assert data["language"] == language


# --- documentation -----------------------------------------------------------------------------


FENCE = re.compile(r"## (Example|Use instead)\n```markdown\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("rule_id", CONTACT_RULES)
def test_documented_examples(rule_id: str) -> None:
    blocks = dict(FENCE.findall(BY_ID[rule_id].doc))
    bad = parse_bytes("example.md", blocks["Example"].encode("utf-8"))
    good = parse_bytes("instead.md", blocks["Use instead"].encode("utf-8"))
    assert rule_id in rules_found(lint([bad], Config(), Repository([])))
    assert rules_found(lint([good], Config(), Repository([]))) == []


# --- linear time -------------------------------------------------------------------------------

HOSTILE = (
    "w h a t s a p " * 4000,
    "@a." * 8000 + "@",
    "1 " * 10000 + "x",
    "AB12 " * 5000,
    "DE89 3704 " * 3000,
    "12.12." * 5000,
    "(1) " * 6000,
    "-" * 20000 + "$",
    "call " * 5000 + "us",
    "お電話" * 5000,
    "l i n e " * 4000,
    "<a " * 6000,
    "\n - 1." * 5000,
    "line-" * 5000,
    " " * 20000 + "x",
    "id:" + "a" * 20000,
)


def test_patterns_stay_linear_on_hostile_input() -> None:
    patterns = list(contact._all_patterns())
    for language in LANGUAGES:
        book = phrase_book("contact", language)
        assert book is not None
        patterns.extend(book.lists.values())
    for text in HOSTILE:
        for pattern in patterns:
            started = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            elapsed = time.perf_counter() - started
            assert elapsed < 0.5, (pattern.pattern[:80], text[:20], elapsed)


@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
def test_rules_finish_quickly_on_a_long_hostile_body(locale: str) -> None:
    body = "\n".join(text[:6000] for text in HOSTILE)
    started = time.perf_counter()
    lint_text(body, locale)
    assert time.perf_counter() - started < 10


# --- context: negation, carriers, Amazon itself -----------------------------------------------


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("en-US", "There is no need to call us; just reply here.", []),
        ("en-US", "Call us at no extra cost whenever you like.", ["off-platform-contact"]),
        ("en-US", "Your phone number is not needed for the exchange.", []),
        ("de-DE", "Ihre Telefonnummer brauchen wir nicht, antworten Sie einfach hier.", []),
        ("en-US", "We will email you nothing outside Amazon.", []),
        ("en-US", "We can settle the price difference outside Amazon.", ["off-platform-payment"]),
        ("en-US", "You will find us as @oakdesk in the Amazon store.", []),
        ("en-US", "Follow us @oakdesk for new colours.", ["promotion", "off-platform-contact"]),
        ("en-US", "The driver will call you before delivery.", []),
        ("de-DE", "Die Spedition meldet sich telefonisch bei Ihnen.", []),
        ("de-DE", "Wir melden uns telefonisch bei Ihnen.", ["off-platform-contact"]),
        ("en-US", "Chat with us: wa.me/4915123456789", ["link", "off-platform-contact"]),
        ("en-US", "You can order the saucers from our eBay shop.", ["off-platform-payment"]),
        ("en-US", "Which phone number can we reach you on?", ["personal-info-request"]),
        ("ja-JP", "LINEのIDを教えてください。", ["personal-info-request"]),
        ("en-US", "Which size would you like: 8, 9 or 10?", []),
        ("en-US", "Cash on delivery isn't available on Amazon.", []),
        ("de-DE", "Der Akku hat 3 Zellen mit je 3,7 V.", []),
    ],
)
def test_context_decides(locale: str, text: str, expected: list[str]) -> None:
    assert rules_found(lint_text(text, locale)) == expected


def test_locale_aliases_choose_the_phrase_lists() -> None:
    body = "Rufen Sie uns an, wir helfen gern."
    assert rules_found(lint_text(body, "gsw-CH")) == ["unsupported-locale"]
    aliased = Config(locale_aliases={"gsw-CH": "de"})
    assert rules_found(lint_text(body, "gsw-CH", aliased)) == ["off-platform-contact"]
