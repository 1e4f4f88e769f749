"""promotion, cancel-request, courtesy-only and unsupported-locale beyond the fixtures:
phrase data, documentation examples, unsupported languages, and linear time on hostile input.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from replylint.config import Config
from replylint.engine import Report, lint
from replylint.language import normalize, phrase_book, sentences
from replylint.parsing import parse_bytes
from replylint.parsing.yaml import load, to_plain
from replylint.repository import Repository
from replylint.rules import BY_ID, courtesy, locale, promotion

ROOT = Path(__file__).parent.parent
PHRASES = ROOT / "hooks" / "replylint" / "phrases"
FAMILIES = ("promotion", "courtesy")
LANGUAGES = ("en", "de", "fr", "es", "it", "ja")
MY_RULES = ("promotion", "cancel-request", "courtesy-only", "unsupported-locale")
PHRASE_RULES = ("promotion", "cancel-request", "courtesy-only")


def lint_text(name: str, text: str) -> Report:
    parsed = parse_bytes(name, text.encode("utf-8"))
    repository = Repository([(Path(name), template) for template in parsed.templates])
    return lint([parsed], Config(), repository)


def template(locale_tag: str, body: str, purpose: str = "customer-service") -> str:
    return f"---\nid: commerce-test\nlocale: {locale_tag}\npurpose: {purpose}\n---\n{body}\n"


def rules_found(report: Report) -> list[str]:
    return [finding.rule for finding in report.findings]


# Phrase data ------------------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_phrase_file_is_valid_and_complete(family: str, language: str) -> None:
    schema = json.loads((ROOT / "schemas" / "phrases.schema.json").read_text(encoding="utf-8"))
    path = PHRASES / family / f"{language}.yaml"
    data = to_plain(load(path.read_text(encoding="utf-8")))
    assert not list(Draft202012Validator(schema).iter_errors(data))
    assert data["language"] == language
    # Every language has every list the rules read, so no rule is half-blind in one of them.
    english = to_plain(load((PHRASES / family / "en.yaml").read_text(encoding="utf-8")))
    assert set(data["lists"]) == set(english["lists"])


def test_locale_rule_knows_the_phrase_languages() -> None:
    for family in FAMILIES:
        assert {p.stem for p in (PHRASES / family).glob("*.yaml")} == locale.PHRASE_LANGUAGES


# Documentation ----------------------------------------------------------------------------

FENCE = re.compile(r"```markdown\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("rule_id", MY_RULES)
def test_documentation_examples(rule_id: str) -> None:
    doc = BY_ID[rule_id].doc
    headings = re.findall(r"^## (.+)$", doc, re.MULTILINE)
    assert headings == ["What it does", "Why it matters", "Example", "Use instead", "Options"]
    assert "Amazon" in doc.split("## Why it matters")[1].split("## Example")[0]
    example = FENCE.findall(doc.split("## Example")[1].split("## Use instead")[0])
    use_instead = FENCE.findall(doc.split("## Use instead")[1].split("## Options")[0])
    assert len(example) == 1 and len(use_instead) == 1
    assert rule_id in rules_found(lint_text("example.md", example[0]))
    assert rules_found(lint_text("use-instead.md", use_instead[0])) == []


# Behaviour --------------------------------------------------------------------------------


@pytest.mark.parametrize("locale_tag", ["nl-NL", "pl-PL", "sv-SE", "tr"])
def test_unsupported_locale_warns_once_and_phrase_rules_stay_silent(locale_tag: str) -> None:
    # English marketing, a cancel request and thanks-only text: a phrase rule reading them
    # with English lists would be guessing; under an unsupported locale they stay silent.
    body = (
        "Could you please cancel the order? Use code SAVE10 for 10% off your next order.\n\n"
        "Thank you so much!"
    )
    report = lint_text("t.md", template(locale_tag, body))
    assert rules_found(report) == ["unsupported-locale"]
    message = report.findings[0].message
    assert all(language in message for language in LANGUAGES)
    assert report.findings[0].excerpt == locale_tag


def test_unsupported_locale_skips_a_missing_locale() -> None:
    report = lint_text("t.md", "---\nid: commerce-test\npurpose: refund\n---\nHet is verzonden.\n")
    assert "unsupported-locale" not in rules_found(report)


def test_promotion_points_at_the_words() -> None:
    body = "Your parcel ships today. Follow us for new designs!"
    report = lint_text("t.md", template("en-US", body))
    assert [(f.rule, f.excerpt) for f in report.findings] == [("promotion", "Follow us")]


def test_promotion_discount_pair_spans_both_parts() -> None:
    body = "Your parcel ships today. Enjoy 15% off your next order."
    report = lint_text("t.md", template("en-US", body))
    assert [f.excerpt for f in report.findings] == ["15% off your next order"]


def test_courtesy_only_fires_once_at_the_first_courtesy_sentence() -> None:
    body = "Hello Jo,\n\nThanks a lot! Have a great day. Thank you again!\n\nBest,\nAmy"
    report = lint_text("t.md", template("en-US", body))
    assert [(f.rule, f.excerpt) for f in report.findings] == [("courtesy-only", "Thanks a lot!")]


def test_courtesy_only_leaves_empty_body_to_its_rule() -> None:
    report = lint_text("t.md", template("en-US", "<!-- to do -->"))
    assert "courtesy-only" not in rules_found(report)


@pytest.mark.parametrize(
    "body",
    [
        "Thank you! We will refund you today.",
        "You're welcome. The strap is sold separately.",
        "Hi Tom, yes it fits",
        "Thanks for waiting: your order ships on {{ship_date}}.",
        "Thanks! Order 123-1234567-1234567 arrives in 2 days.",
        "Thank you for your order! Your order total is {{order_total}}.",
        "Hello {{buyer_name}},\n\nThanks! Here it is: {{download_link}}",
    ],
)
def test_courtesy_only_leaves_information_alone(body: str) -> None:
    names = sorted(set(re.findall(r"\{\{(\w+)\}\}", body)))
    declared = "".join(f"\n  {name}: {{}}" for name in names)
    text = template("en-US", body).replace(
        "purpose: customer-service",
        "purpose: customer-service" + (f"\nvariables:{declared}" if names else ""),
    )
    assert "courtesy-only" not in rules_found(lint_text("t.md", text))


# Linear time ------------------------------------------------------------------------------

HOSTILE = [
    "for " * 5000,  # a phrase's first word over and over, never completed
    "thank you for your " * 1500,  # gaps that almost close
    "a" * 20000,  # one endless word
    "code 10% off " * 1500,
    "cancel " * 4000 + "yourself",
    "{{" * 5000 + "}",
    "1" * 20000 + " off",  # a number that never becomes a percentage
    "1," * 10000,
    ".!? " * 5000,
    "\n" * 10000,
    "ありがとうございます" * 2000,
    "キャンセル" * 4000,
    "thank you so very much " * 2000,  # filler between phrase words: the condensed pass
    "it's-" * 8000 + "it",
    "sie bitten " * 3000 + "zu stornieren",  # a request frame far from its verb
    "cancel and " * 4000 + "reorder",
    "code " * 4000 + "abc" * 5000,  # a code word never followed by a code
    ", Ab" * 5000 + ", " + "Cd" * 10000,  # names after commas: the vocative pattern
    "様\n" * 5000,
    "Ab Cd Ef\n" * 2000,
]


def _seconds(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _all_patterns() -> list[re.Pattern[str]]:
    patterns = [
        promotion.PERCENT,
        promotion.PARAGRAPH_BREAK,
        promotion.CLAUSE_MARK,
        promotion.CODE_TOKEN,
        courtesy.NEUTRAL_PLACEHOLDER,
        courtesy.ORDER_ID,
        courtesy.WORD,
        courtesy.CHARACTER,
        courtesy.VOCATIVE,
        locale.LOCALE,
    ]
    for family in FAMILIES:
        for language in LANGUAGES:
            book = phrase_book(family, language)
            assert book is not None
            patterns.extend(book.lists.values())
    for language in LANGUAGES:
        # The courtesy phrases without their filler words, matched on condensed sentences.
        patterns.extend(courtesy.condensed_book(language).lists.values())
    return patterns


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda text: repr(text[:12]))
def test_patterns_stay_linear_on_hostile_input(hostile: str) -> None:
    patterns = _all_patterns()
    text = normalize(hostile).value
    elapsed = _seconds(lambda: [list(p.finditer(text)) for p in patterns])
    assert elapsed < 5.0


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda text: repr(text[:12]))
def test_rules_stay_linear_on_hostile_input(hostile: str) -> None:
    def run(size: int) -> float:
        chunk = hostile[: len(hostile) * size // 4]
        return _seconds(
            lambda: [lint_text("t.md", template(tag, chunk)) for tag in ("en-US", "ja-JP")]
        )

    small, large = run(1), run(4)
    # Four times the text may not take much more than four times as long.
    assert large < max(12 * small, 0.5)


def test_sentences_cover_the_hostile_body_once() -> None:
    text = normalize("Thanks! " * 3000).value
    assert len(list(sentences(text))) == 3000
