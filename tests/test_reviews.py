"""The review-policy rules: phrase data, linear-time patterns, and judgements fixtures
cannot show one line at a time (the feedback-removal allowance, span positions)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import jsonschema
import pytest

from replylint.language import languages, phrase_book
from replylint.rules import reviews

from helpers import lint_file

ROOT = Path(__file__).parent.parent
PHRASES = ROOT / "hooks" / "replylint" / "phrases" / "reviews"
REVIEW_RULES = {r.id for r in reviews.RULES}
LANGUAGES = ("en", "de", "fr", "es", "it", "ja")

# Long hostile inputs: runs of word characters, separators, near-misses of phrase openings
# ("before you before you ..." never reaches its review word), and full-width text.
HOSTILE = (
    "a" * 30_000,
    "a " * 15_000,
    "a-" * 15_000,
    "5 " * 15_000,
    "$" + "1," * 15_000,
    "1." * 15_000 + "x",
    "before you " * 3_000,
    "if you " * 4_000,
    "review " * 4_000,
    "wenn sie " * 3_000,
    "avant de " * 3_000,
    "si no " * 4_000,
    "se è " * 4_000,
    "レビュー" * 7_000,
    "保証" * 15_000,
    "、" * 30_000,
    "!?" * 15_000,
    "«" * 30_000,
    '"a ' * 10_000,
    "「レビュー" * 6_000,
    "can't edit it " * 2_000,
)


def test_every_language_has_review_phrases() -> None:
    assert languages("reviews") >= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_phrase_files_follow_the_schema(language: str) -> None:
    schema = json.loads((ROOT / "schemas" / "phrases.schema.json").read_text(encoding="utf-8"))
    from replylint.parsing.yaml import load, to_plain

    data = to_plain(load((PHRASES / f"{language}.yaml").read_text(encoding="utf-8")))
    jsonschema.validate(data, schema)
    assert data["language"] == language


def _patterns(language: str) -> dict[str, re.Pattern[str]]:
    book = phrase_book("reviews", language)
    assert book is not None
    return dict(book.lists)


@pytest.mark.parametrize("language", LANGUAGES)
def test_phrase_patterns_are_linear(language: str) -> None:
    for name, pattern in _patterns(language).items():
        for text in HOSTILE:
            started = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            elapsed = time.perf_counter() - started
            assert elapsed < 1.0, f"{language}:{name} took {elapsed:.2f}s on {text[:20]!r}..."


@pytest.mark.parametrize(
    "pattern",
    [reviews.AMOUNT, reviews.QUOTED, reviews.CLAUSE_BREAK, reviews.PUNCTUATION, reviews.WORD],
)
def test_module_patterns_are_linear(pattern: re.Pattern[str]) -> None:
    for text in HOSTILE:
        started = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        assert time.perf_counter() - started < 1.0, text[:20]


def _write(
    tmp_path: Path, body: str, locale: str = "en-US", purpose: str = "customer-service"
) -> Path:
    path = tmp_path / "template.md"
    path.write_text(
        f"---\nid: hostile\nlocale: {locale}\npurpose: {purpose}\n---\n{body}\n", encoding="utf-8"
    )
    return path


def _review_findings(path: Path) -> list[tuple[str, str]]:
    return [(f.rule, f.excerpt) for f in lint_file(path).findings if f.rule in REVIEW_RULES]


@pytest.mark.parametrize(
    ("locale", "unit"),
    [
        ("en-US", "could you remove your review, update the rating, refund, gift, if you love it "),
        ("de-DE", "bitte entfernen Sie Ihre Bewertung, Gutschein, wenn Sie zufrieden sind, "),
        ("ja-JP", "レビューを削除、ギフト券、ご満足いただけましたら、"),
        # Pronouns, topics, demonstratives and negations: every verb looks for its antecedent.
        ("en-US", "as for your review could you update it, sellers can't edit this rating, "),
        ("fr-FR", "merci pour vos 5 étoiles, pourriez-vous le supprimer, si quelque chose "),
        ("ja-JP", "レビューにつきまして、この評価を修正していただけますか、修正できません、"),
        # Reciprocity, rewards once removed, mentions of a review already left.
        ("en-US", "in return remove the review you left, mention the feedback, once removed gift "),
        ("de-DE", "im Gegenzug die Bewertung, die Sie hinterlassen haben, erwähnen, sobald weg "),
    ],
)
def test_one_huge_sentence_stays_fast(tmp_path: Path, locale: str, unit: str) -> None:
    """Thousands of matches in a single sentence: the rules pair them without blowing up."""
    path = _write(tmp_path, unit * 1_500, locale)
    started = time.perf_counter()
    _review_findings(path)
    assert time.perf_counter() - started < 5.0


def test_finding_points_at_the_incentive(tmp_path: Path) -> None:
    body = "Hello,\n\nLeave a review and we will send you a **gift card** as a thank-you.\n"
    assert _review_findings(_write(tmp_path, body)) == [("review-incentive", "gift card")]


def test_feedback_removal_allows_one_polite_request(tmp_path: Path) -> None:
    once = (
        "Now that the problem is solved, would you consider removing your seller feedback? "
        "You can remove it under Your Orders."
    )
    assert _review_findings(_write(tmp_path, once, purpose="feedback-removal")) == []
    # The same request in a template sent for another purpose is reported.
    assert [rule for rule, _ in _review_findings(_write(tmp_path, once))] == [
        "review-change-request"
    ]


def test_feedback_removal_never_covers_a_product_review(tmp_path: Path) -> None:
    body = "Would you consider removing your seller feedback and updating your product review?"
    found = _review_findings(_write(tmp_path, body, purpose="feedback-removal"))
    assert found == [("review-change-request", "updating")]


def test_feedback_removal_may_not_ask_to_change_feedback(tmp_path: Path) -> None:
    body = "Could you change your seller feedback now that the parcel has arrived?"
    found = _review_findings(_write(tmp_path, body, purpose="feedback-removal"))
    assert found == [("review-change-request", "change")]


def test_subject_counts(tmp_path: Path) -> None:
    path = tmp_path / "subject.md"
    path.write_text(
        "---\nid: subject-ask\nlocale: es-ES\npurpose: customer-service\n"
        'subject: "¿Nos ayudas con 5 estrellas?"\n---\n'
        "Tu pedido se entregó ayer. Si quieres, deja una reseña en la página del producto.\n",
        encoding="utf-8",
    )
    assert _review_findings(path) == [("positive-review-request", "5 estrellas")]


def test_language_without_phrases_is_skipped(tmp_path: Path) -> None:
    body = "Laat een review achter en ontvang een cadeaubon."
    assert _review_findings(_write(tmp_path, body, locale="nl-NL")) == []


def test_many_sentences_pointing_back_stay_fast(tmp_path: Path) -> None:
    """Every sentence looks back for a benefit: the look-back is bounded."""
    body = "We refunded you. In return, please delete your review. " * 3_000
    started = time.perf_counter()
    _review_findings(_write(tmp_path, body))
    assert time.perf_counter() - started < 5.0


def test_in_return_points_back_to_the_benefit(tmp_path: Path) -> None:
    body = "Hello,\n\nWe have refunded the postage.\n\nIn return, please delete your review.\n"
    found = _review_findings(_write(tmp_path, body))
    assert ("review-incentive", "In return") in found


def test_a_percentage_alone_is_no_money(tmp_path: Path) -> None:
    body = "Hello,\n\nYour review says the screen flickers below 20 % brightness.\n"
    assert _review_findings(_write(tmp_path, body)) == []


def test_one_sentence_is_one_removal_request(tmp_path: Path) -> None:
    body = (
        "Guten Tag,\n\nSie hatten uns eine negative Verkäuferbewertung gegeben. Wären Sie "
        "bereit, diese Verkäuferbewertung zu entfernen?\n"
    )
    path = _write(tmp_path, body, "de-DE", "feedback-removal")
    assert _review_findings(path) == []
