"""The unsupported-locale rule: say so when a template's language has no phrase lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from replylint.model import Hit, Severity
from replylint.rules.base import Context, Rule, rule
from replylint.template import Template

# The languages replylint's phrase lists cover (phrases/<family>/<language>.yaml).
PHRASE_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "ja"})
# Only a well-formed locale is judged here; a malformed one is the schema rule's finding.
LOCALE = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")


@rule("unsupported-locale", Severity.WARNING, "no phrase lists for the locale's language")
def unsupported_locale(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Warns once per template, at its `locale` value, when the locale's language has no phrase
    lists (replylint has them for de, en, es, fr, it and ja). Such a template gets only the
    language-independent checks: links, email addresses, phone numbers, emoji, HTML,
    placeholders and metadata. The phrase-based policy checks (review incentives and review
    requests, promotion, cancellation requests, courtesy-only messages, ...) stay silent.
    A template without a locale gets no warning here: the schema rule reports that.

    ## Why it matters
    Amazon's Communication Guidelines apply in every marketplace language. A check that
    cannot read the language must say so rather than pass the template silently: read such
    templates against the guidelines by hand.

    ## Example
    ```markdown
    ---
    id: unsupported-locale-doc-example
    locale: nl-NL
    purpose: shipping-update
    ---
    Uw pakket is vandaag verzonden en wordt vrijdag bezorgd.
    ```

    ## Use instead
    Keep the template and review its wording by hand; the warning stays as a reminder
    (disable `unsupported-locale` in the configuration once a team has a review process).
    A template in a supported language gets no warning:

    ```markdown
    ---
    id: unsupported-locale-doc-use-instead
    locale: de-DE
    purpose: shipping-update
    ---
    Ihr Paket wurde heute verschickt und kommt am Freitag an.
    ```

    ## Options
    None.
    """
    locale = template.locale
    if locale is None or not LOCALE.fullmatch(locale):
        return
    language = template.language
    if language in PHRASE_LANGUAGES:
        return
    supported = ", ".join(sorted(PHRASE_LANGUAGES))
    yield Hit(
        *template.value_span(("locale",)),
        f"replylint has no phrase lists for '{language}' (locale '{locale}'), so only "
        f"language-independent checks ran; supported languages: {supported}. "
        "Check the wording against Amazon's Communication Guidelines by hand",
    )


RULES: tuple[Rule, ...] = (unsupported_locale,)
