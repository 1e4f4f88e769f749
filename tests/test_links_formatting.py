"""The link, external-email, html and emoji rules: options, documentation, hostile input."""

from __future__ import annotations

import re
import time
from pathlib import Path
from textwrap import dedent

import pytest

from replylint.config import Config
from replylint.engine import Report, lint
from replylint.markup import (
    DOT,
    EMAIL,
    SCHEME,
    SEPARATOR,
    SPELLED_DOMAIN,
    UNSPACED,
    bare_links,
    emails,
    markup,
)
from replylint.parsing import parse_bytes
from replylint.repository import Repository
from replylint.rules import BY_ID
from replylint.rules.formatting import EMOJI, EMOTICON, KAOMOJI, SHORTCODE
from replylint.rules.links import PLACEHOLDER, RELAY_DOMAIN, email_allowed, host_allowed

MY_RULES = ("link", "external-email", "html", "emoji")


def lint_text(text: str, config: Config | None = None, name: str = "t.md") -> Report:
    parsed = parse_bytes(name, text.encode("utf-8"))
    repository = Repository([(Path(name), template) for template in parsed.templates])
    return lint([parsed], config or Config(), repository)


def template(body: str) -> str:
    return f"---\nid: probe\nlocale: en-US\npurpose: customer-service\n---\n{body}\n"


def rules_found(text: str, config: Config | None = None) -> list[str]:
    """The findings of this module's rules on a template with `text` as its body."""
    findings = lint_text(template(text), config).findings
    return sorted(finding.rule for finding in findings if finding.rule in MY_RULES)


# --- Options, given through Config directly -------------------------------------------


def test_allow_domains_exact_and_wildcard() -> None:
    config = Config(allow_domains=("shop-beispiel.de", "*.carrier-test.com"))
    assert rules_found("See https://shop-beispiel.de/care for care tips.", config) == []
    assert rules_found("Track at https://track.carrier-test.com/x now.", config) == []
    # A wildcard covers subdomains only; an exact entry covers no subdomain.
    assert rules_found("See https://carrier-test.com/x now.", config) == ["link"]
    assert rules_found("See https://www.shop-beispiel.de/x now.", config) == ["link"]
    # Replacing the allowlist drops Amazon's defaults.
    assert rules_found("See https://www.amazon.com/returns now.", config) == ["link"]
    # https is still required.
    assert rules_found("See http://shop-beispiel.de/care now.", config) == ["link"]


def test_default_allow_domains_cover_amazon_subdomains() -> None:
    assert rules_found("See https://sellercentral.amazon.de/help now.") == []
    assert rules_found("See https://amazon.de.example.net/help now.") == ["link"]


def test_host_allowed() -> None:
    assert host_allowed("WWW.Amazon.DE.", ["*.amazon.de"])
    assert not host_allowed("notamazon.de", ["*.amazon.de", "amazon.de"])


def test_allow_emails_domains_and_addresses() -> None:
    config = Config(
        allow_emails=("returns@shop-beispiel.de", "*.carrier-test.com", "partner-test.fr")
    )
    assert rules_found("Write to returns@shop-beispiel.de today.", config) == []
    assert rules_found("Write to sales@shop-beispiel.de today.", config) == ["external-email"]
    assert rules_found("Write to desk@eu.carrier-test.com today.", config) == []
    assert rules_found("Write to desk@partner-test.fr today.", config) == []
    assert rules_found("Write to desk@sub.partner-test.fr today.", config) == ["external-email"]


def test_relay_addresses_always_allowed() -> None:
    assert email_allowed("x1@marketplace.amazon.co.uk", ())
    assert email_allowed("x1@marketplace.amazon.de", ())
    assert not email_allowed("x1@marketplace.amazon.de.evil.example", ())
    assert not email_allowed("x1@amazon.de", ())


# --- Overlaps between the rules ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Write to jo@shop.com today.", ["external-email"]),
        ("[Write to us](mailto:jo@shop.com) today.", ["external-email", "link"]),
        ("See <https://shop.com/x> today.", ["link"]),
        ('<a href="https://shop.com">shop</a>', ["html", "link"]),
        ('<a href="https://www.amazon.com/x">Amazon</a>', ["html"]),
        ("![logo](https://cdn.shop.com/logo.png)", ["html", "link"]),
        ("![logo](logo.png)", ["html"]),
        ("Notes <!-- https://shop.com jo@shop.com <b>x</b> 😊 --> end.", []),
        ("Sizes <S>, <M> and <XL>; send <Name> and <address>.", []),
        ('<a href="{{tracking_url}}">Track</a> and <img src="{{logo}}">', ["html", "html", "link"]),
        ("This is <s>cheap</s> and <u>underlined</u>.", ["html", "html"]),
    ],
)
def test_overlaps(body: str, expected: list[str]) -> None:
    assert rules_found(body) == expected


def test_finding_points_at_the_offending_text() -> None:
    text = template("Our guide is at shop-beispiel.de.com/guide today.")
    report = lint_text(text)
    (finding,) = report.findings
    assert finding.excerpt == "shop-beispiel.de.com/guide"


def test_emails_and_links_share_one_parse() -> None:
    value = "See https://shop.com and jo@shop.com"
    assert markup(value) is markup(value)
    assert bare_links(value) is bare_links(value)
    assert emails(value) is emails(value)


# --- Documentation: the Example triggers the rule, Use instead is clean -----------------

FENCE = re.compile(r"```markdown\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("rule_id", MY_RULES)
def test_documentation(rule_id: str) -> None:
    doc = BY_ID[rule_id].doc
    sections = re.findall(r"^## (.+)$", doc, re.MULTILINE)
    assert sections == ["What it does", "Why it matters", "Example", "Use instead", "Options"]
    example, use_instead = (dedent(block) for block in FENCE.findall(doc))
    assert rule_id in {f.rule for f in lint_text(example).findings}
    assert lint_text(use_instead).findings == []


# --- Linear time on hostile input ----------------------------------------------------------

HOSTILE = [
    "a" * 20000,
    "a." * 10000,
    "a@" * 10000,
    "a-" * 10000 + "@",
    "jo at " * 4000,
    "jo [at] shop [dot] " * 2000,
    "a dot " * 4000,
    "a(dot)" * 4000,
    "a punkt a." * 3000,
    "x.y.z " * 4000,
    ":" * 20000,
    ":-" * 10000,
    "(^" * 10000,
    "(" + "^" * 20000,
    "(´・" * 5000,
    "\u200d👍" * 10000,
    "1\ufe0f" * 10000,
    "<3" * 10000,
    "{{" * 10000,
    "www." * 5000,
    "https://" + "a." * 10000,
    "<a " * 5000,
    "![" * 5000 + "](",
]
PATTERNS = [
    EMAIL,
    DOT,
    SPELLED_DOMAIN,
    SEPARATOR,
    SCHEME,
    UNSPACED,
    EMOJI,
    EMOTICON,
    KAOMOJI,
    SHORTCODE,
    PLACEHOLDER,
    RELAY_DOMAIN,
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
def test_patterns_are_linear(pattern: re.Pattern[str]) -> None:
    for hostile in HOSTILE:
        started = time.perf_counter()
        for _ in pattern.finditer(hostile):
            pass
        pattern.fullmatch(hostile)
        assert time.perf_counter() - started < 0.5, hostile[:20]


def test_rules_on_hostile_bodies_stay_fast() -> None:
    started = time.perf_counter()
    for hostile in HOSTILE:
        lint_text(template(hostile[:8000]), Config(select=frozenset(MY_RULES)))
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Code: `https://shop.com/x` here.", ["link"]),
        ("Link→https://shop.com/x here.", ["link"]),
        ("Guide: «shop.com/guide» here.", ["link"]),
        ("Write mailto:jo@shop.com here.", ["external-email", "link"]),
        ("Follow us @kinari.shirts on the Amazon store page.", []),
        ("Write to jo @ shop.com or to Instagram @shop.de here.", ["external-email"]),
        ("Files: readme.md, photos.zip, logo.ai, manual.pdf; v2.1.4; node.js.", []),
        ("It works.It arrives soon.Best regards", []),
        ("Short: https://amzn.to/3abc and https://sellercentral.amazon.de/x", ["link"]),
        ("Mentioned on Amazon.de and www.amazon.co.uk for reference.", []),
        ("Drawings are on oakdesk dot com for you.", ["link"]),
        ("Unsere Seite: tischlerei-muster punkt de, Rubrik Pflege.", ["link"]),
        ("Siehe shop(dot)co(dot)uk oder shop[.]it.", ["link", "link"]),
        ("The dot com era is over. El punto es importante. Punkt 3 gilt.", []),
        ("Please write to info at shop-muster.de today.", ["external-email"]),
        ("Orders placed before 2.30 at noon ship the same day.", []),
    ],
)
def test_link_forms(body: str, expected: list[str]) -> None:
    assert rules_found(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("PureFlow™️ and Brand©️ and Mark®️ are ours.", []),
        ("Press ➡️ then ✔️ to confirm.", ["emoji", "emoji"]),
        ("Press → then ✔ to confirm; ★ marks the model; ※ see notes.", []),
        ("Great news 🎉🎉🎉 your parcel left.", ["emoji"]),
        ("See you soon :-) and ;) and <3", ["emoji", "emoji", "emoji"]),
        ("It takes <3 days and the ratio is 1:3, see (a) and f(x).", []),
        ("お届けは明日です(^^)ありがとうございます^^", ["emoji", "emoji"]),
        ("お届けは明日です。★型番：AB-12 ※詳細は「説明書」〜", []),
        ('<img src="https://px.shop.com/o.gif" width="1" height="1">', ["html", "link"]),
        ("![logo](https://cdn.shop.com/logo.gif)", ["html", "link"]),
        ("![party](https://cdn.shop.com/party.gif)", ["emoji", "html", "link"]),
    ],
)
def test_emoji_forms(body: str, expected: list[str]) -> None:
    assert rules_found(body) == expected
