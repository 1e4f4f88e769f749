"""The courtesy-only rule: a message that carries nothing but thanks, greetings and sign-offs.

The message is judged as a whole. Its signature (the name lines closing it) is set aside;
every other sentence is weighed with the phrase lists of `phrases/courtesy/<language>.yaml`:
once greetings, thanks, wishes, confirmations and filler words are taken out, is anything
left? One sentence with something left is enough for the message to carry information.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from replylint.language import (
    UNSPACED_LANGUAGES,
    LazyPatterns,
    PhraseBook,
    fold,
    normalize,
    phrase_book,
    sentences,
)
from replylint.model import Hit, Severity
from replylint.placeholders import STYLES, Placeholder, scan
from replylint.rules.base import Context, Rule, rule
from replylint.template import Template

FAMILY = "courtesy"
PHRASE_LISTS = ("greeting", "sign-off", "courtesy", "warm")
# Placeholders that name the buyer, the seller or the order add no information of their own;
# any other placeholder (a tracking number, a date, an amount) does.
NEUTRAL_PLACEHOLDER = re.compile(
    r"name|buyer|customer|kunde|client|seller|shop|store|team|signature|agent"
    r"|^(?:order|bestell|auftrag|commande|pedido|ordine|chumon|chuumon)"
    r"(?:_?(?:id|number|no|nr|nummer|numero|bango|bangou))?$"
    r"|^(?:bestellnummer|auftragsnummer|numero_(?:commande|pedido|ordine))$"
)
WORD = re.compile(r"\w+(?:['-]\w+)*")  # "it's", "week-end": one word
CHARACTER = re.compile(r"\S")  # a language written without spaces is condensed by character
# One or two words between a comma and the end of a clause: "Thanks, Tom!", "Gracias, Sr. Gil."
VOCATIVE = re.compile(r",[ \t]*([^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’-]*)?)[ \t]*(?=[!?.,;:]|$)")
ORDER_ID = re.compile(r"(?<!\d)\d{3}-\d{7}-\d{7}(?!\d)")
# Words a signature line may hold in lower case between capitalised names.
SIGNATURE_WORDS = frozenset({
    "from", "at", "of", "the", "and", "&", "de", "du", "des", "la", "le", "les", "von", "vom",
    "der", "die", "das", "und", "di", "del", "della", "da", "dalla", "il", "lo", "el", "los",
    "las", "y", "e", "et", "team", "support", "service", "staff", "equipo", "equipe", "équipe",
    "servicio", "servizio", "kundenservice", "atención", "al", "cliente", "clienti", "client",
    "customer",
})  # fmt: skip
COMPANY_ABBREVIATIONS = frozenset({
    "co.", "inc.", "ltd.", "llc.", "corp.", "gmbh.", "kg.", "ag.", "e.k.", "sarl.", "sas.",
    "s.a.", "s.l.", "srl.", "s.r.l.", "spa.", "s.p.a.",
})  # fmt: skip
SENTENCE_MARK = ".!?:;。！？："
SENTENCE_END = ".!?。！？"
MAX_SIGNATURE_WORDS = 6
MAX_SIGNATURE_CHARS = 25  # a signature line in a language written without spaces
MAX_SIGN_OFF_WORDS = 4
MAX_NAME_WORDS = 3  # words after a greeting that can only be a name
MAX_PRODUCT_WORDS = 2  # a product's name left in a warm sentence: "wireless headphones"
MAX_UNSPACED_NAME = 6  # characters of a product name in a language written without spaces


def _lines(text: str) -> list[tuple[int, int]]:
    """[start, end) of every line of `text`, without its line break."""
    spans, start = [], 0
    for match in re.finditer(r"\r?\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _opens_with_sign_off(book: PhraseBook, line: str) -> bool:
    """A sign-off and a few plain words after it ("Herzliche Grüße aus Hamburg")."""
    value = normalize(line).value
    match = next(book.find("sign-off", value), None)
    # "Best, it ships Monday" goes on with a sentence of its own: not a sign-off line.
    return (
        match is not None
        and match.start() == 0
        and re.fullmatch(r"[^\W\d_'&-]*(?:[\s'&-]+[^\W\d_]+)*[\s!]*", value[match.end() :])
        is not None
    )


def _is_name_line(line: str, spaced: bool) -> bool:
    """A signature line: a name, a team or a shop, with no sentence in it."""
    line = line.strip()
    # "Cozy Co.", "Lampen GmbH.": a company's abbreviation may close a name line.
    last = line.rsplit(maxsplit=1)[-1].casefold() if line else ""
    if last in COMPANY_ABBREVIATIONS:
        line = line[:-1]
    if not line or line[-1] in SENTENCE_MARK or re.search(r"\d", line):
        return False
    if not spaced:
        return len(line) <= MAX_SIGNATURE_CHARS
    words = re.findall(r"[^\W\d_][\w'’.-]*|\{\{[^}]*\}\}|&", line)
    if not words or len(words) > MAX_SIGNATURE_WORDS:
        return False
    return all(
        word[0].isupper() or word.startswith("{{") or word.casefold() in SIGNATURE_WORDS
        for word in words
    )


def _signature_start(message: str, spaced: bool, book: PhraseBook) -> int:
    """Where the signature at the end of the message begins (its length if it has none).

    The signature is the run of name lines ending the last paragraph, with the short line
    just above them that ends in a comma ("Drive safe,") or opens with a sign-off
    ("Herzliche Grüße aus Hamburg"). Something must come before it:
    another paragraph, or a line of the same paragraph that ends a sentence.
    """
    lines = _lines(message)
    while lines and not message[slice(*lines[-1])].strip():
        lines.pop()
    if not lines:
        return len(message)
    first_of_paragraph = len(lines) - 1
    while first_of_paragraph > 0 and message[slice(*lines[first_of_paragraph - 1])].strip():
        first_of_paragraph -= 1
    index = len(lines)
    while index > first_of_paragraph and _is_name_line(message[slice(*lines[index - 1])], spaced):
        index -= 1
    if index == len(lines):
        return len(message)
    if index > first_of_paragraph:
        above = message[slice(*lines[index - 1])].strip()
        if len(above.split()) <= MAX_SIGN_OFF_WORDS and (
            above.endswith(",") or _opens_with_sign_off(book, above)
        ):
            index -= 1
    before = message[: lines[index][0]].rstrip()
    earlier_paragraph = message[: lines[first_of_paragraph][0]].strip()
    if not before or not (earlier_paragraph or before[-1] in SENTENCE_END):
        return len(message)
    return lines[index][0]


@dataclass(frozen=True, slots=True)
class _Message:
    """The normalised message up to its signature, and how to weigh its sentences."""

    book: PhraseBook
    value: str
    neutral: list[bool]
    """Characters that say nothing whatever they are: the greeting line, names, order ids."""
    spaced: bool

    def _cover(self, text: str, names: tuple[str, ...]) -> list[bool]:
        """For each character of `text`: is it part of a phrase of one of the lists `names`?"""
        covered = [False] * len(text)
        for name in names:
            # Phrases may overlap ("glad ... arrived", "arrived safely"): search again from
            # just after each match's start, not from its end.
            position = 0
            while position < len(text):
                match = next(self.book.find(name, text, position), None)
                if match is None:
                    break
                covered[match.start() : match.end()] = [True] * len(match.group())
                position = match.start() + 1
        return covered

    def covered(self, start: int, end: int) -> list[bool]:
        """For each character of value[start:end]: is it part of a courtesy phrase?

        A courtesy phrase stays one when intensifiers and other filler words come between
        its words ("nous fait très plaisir", "so glad the lamp really did arrive"): the
        phrases are matched a second time on the sentence with its filler words taken out.
        """
        text = self.value[start:end]
        phrases = self._cover(text, PHRASE_LISTS)
        filler = self._cover(text, ("filler",))
        covered = [one or other for one, other in zip(phrases, filler, strict=True)]
        condensed = condensed_book(self.book.language) if self.spaced else self.book
        # The condensed sentence: its words one space apart, without the filler words (in a
        # language written without spaces, without the filler characters outside phrases),
        # with where each of its characters came from.
        kept: list[str] = []
        origin: list[int] = []
        for word in (WORD if self.spaced else CHARACTER).finditer(text):
            span = slice(word.start(), word.end())
            if all(filler[span]) and (self.spaced or not any(phrases[span])):
                continue
            if kept and self.spaced:
                kept.append(" ")
                origin.append(-1)
            kept.append(word.group())
            origin.extend(range(word.start(), word.end()))
        again = _Message(condensed, "".join(kept), [], self.spaced)
        for index, is_covered in enumerate(again._cover(again.value, PHRASE_LISTS)):
            if is_covered and origin[index] >= 0:
                covered[origin[index]] = True
        return covered

    def informative(self, start: int, end: int) -> bool:
        """Does anything but courtesy phrases, filler and neutral placeholders remain?

        A sentence glad that the buyer likes something ("glad you like the lamp", "enjoy
        your wireless headphones") may leave that one thing over: the product's name, in a
        word or two, which tells the buyer nothing new.
        """
        covered = self.covered(start, end)
        rest = "".join(
            " " if covered[i - start] or self.neutral[i] else self.value[i]
            for i in range(start, end)
        )
        if re.search(r"\d", rest):
            return True
        warm = self.book.search("warm", self.value, start, end)
        if self.spaced:
            return len(re.findall(r"[^\W\d_]+", rest)) > (MAX_PRODUCT_WORDS if warm else 0)
        # Written without spaces: a stray character (a particle) says nothing; a short run
        # of them may be the product's name in a warm sentence.
        return len(re.findall(r"[^\W\d_]", rest)) > (MAX_UNSPACED_NAME if warm else 1)

    def has_courtesy(self, start: int, end: int) -> bool:
        """Does the sentence hold thanks, wishes or a sign-off outside the greeting line?"""
        return any(
            not self.neutral[match.start()]
            for name in ("courtesy", "sign-off")
            for match in self.book.find(name, self.value, start, end)
        )


@rule("courtesy-only", Severity.WARNING, "the message holds nothing but thanks and greetings")
def courtesy_only(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Judges the whole body: it sets aside greetings, sign-offs, the signature, thanks,
    wishes, bare confirmations and offers to stay available ("Thank you!", "You're
    welcome", "We confirm that your order has shipped", "We remain at your disposal"),
    and reports the message once when nothing else is left, at its first
    courtesy sentence. Set phrases still count with words in between ("it really made our
    day"), and a glad or warm sentence may name the product ("enjoy your new wireless
    headphones"). A short reply that tells the buyer anything (an answer, a date, a
    tracking number, a next step) is fine.

    ## Why it matters
    Amazon's Communication Guidelines ask sellers not to send messages that only say thank
    you or confirm what the buyer already knows: mark the buyer's message "No response
    needed" in Seller Central instead. Unnecessary messages count against the seller and
    teach buyers to ignore the ones that matter.

    ## Example
    ```markdown
    ---
    id: courtesy-only-doc-example
    locale: en-US
    purpose: customer-service
    ---
    Hi there,

    Thank you so much for your kind message! Have a wonderful weekend.

    Best wishes,
    The Teapot Team
    ```

    ## Use instead
    Do not send a message: mark the buyer's message "No response needed". If there is
    something to say, say it:

    ```markdown
    ---
    id: courtesy-only-doc-use-instead
    locale: en-US
    purpose: customer-service
    ---
    Thanks for asking! The teapot holds 1.2 litres, about five cups.
    ```

    ## Options
    None. Phrase lists per language live in `phrases/courtesy/<language>.yaml`.
    """
    book = phrase_book(FAMILY, template.language or "")
    if book is None or template.body is None:
        return
    body = template.body
    spaced = book.language not in UNSPACED_LANGUAGES
    cut = _signature_start(body.value, spaced, book)
    if not body.value[:cut].strip():
        return  # an empty body is `empty-body`'s to report

    norm = normalize(body.value[:cut])
    value = norm.value
    neutral = [False] * len(value)
    for found in scan(value, STYLES[context.config.placeholder_style]):
        if isinstance(found, Placeholder) and NEUTRAL_PLACEHOLDER.search(found.name):
            neutral[found.start : found.end] = [True] * (found.end - found.start)
    for match in ORDER_ID.finditer(value):
        neutral[match.start() : match.end()] = [True] * (match.end() - match.start())

    # A name the message turns to ("¡Gracias a ti, Pablo!") says nothing either.
    vocative = [False] * (cut + 1)
    for match in VOCATIVE.finditer(body.value, 0, cut):
        if all(word[0].isupper() for word in match.group(1).split()):
            vocative[match.start(1) : match.end(1)] = [True] * (match.end(1) - match.start(1))
    for index in range(len(value)):
        neutral[index] = neutral[index] or vocative[norm.origin[index]]

    greeting = _greeting_line(book, value, spaced)
    if greeting:
        neutral[greeting[0] : greeting[1]] = [True] * (greeting[1] - greeting[0])

    message = _Message(book, value, neutral, spaced)
    first_courtesy: tuple[int, int] | None = None
    for start, end in sentences(value):
        if message.informative(start, end):
            return
        if first_courtesy is None and message.has_courtesy(start, end):
            first_courtesy = _trimmed(value, max(start, greeting[1] if greeting else 0), end)
    span = first_courtesy or _trimmed(value, 0, len(value))
    yield Hit(
        *body.file_span(*norm.original_span(*span)),
        "the message carries nothing but thanks, greetings or confirmations; don't send it: "
        "mark the buyer's message \"No response needed\" instead (Amazon's Communication "
        "Guidelines), or add what the buyer needs to know",
    )


@cache
def condensed_book(language: str) -> PhraseBook:
    """The courtesy phrases of `language` without their filler words, for condensed text.

    "made our day" becomes "made day", which the condensed "it really made our day" holds.
    """
    book = phrase_book(FAMILY, language)
    assert book is not None  # only called for a language that has courtesy phrases
    filler = book.lists["filler"]
    lists: dict[str, list[str]] = {}
    for name in PHRASE_LISTS:
        condensed = []
        for phrase in book.lists.phrases(name):
            words = [
                word
                for word in fold(phrase).split()
                if word == "..." or word.endswith("*") or not filler.fullmatch(word)
            ]
            while words and words[0] == "...":
                words.pop(0)
            while words and words[-1] == "...":
                words.pop()
            # A phrase shrunk to one word ("not at all" to "not") would match too much.
            if len(words) - words.count("...") > 1:
                condensed.append(" ".join(words))
        lists[name] = condensed
    return PhraseBook(book.language, LazyPatterns(lists, book.language))


def _greeting_line(book: PhraseBook, value: str, spaced: bool) -> tuple[int, int] | None:
    """The first line, if it only greets someone by name ("Dear Ms. Lee,", "石川様")."""
    start = len(value) - len(value.lstrip())
    newline = value.find("\n", start)
    end = len(value) if newline == -1 else newline
    line = value[start:end].rstrip()
    if not line or re.search(r"\d", line):
        return None
    greeting = next(book.find("greeting", value, start, end), None)
    if greeting is None:
        return None
    if not spaced:
        # The honorific closes the line: "{{buyer_name}} 様", "石川様", "こんにちは。"
        closes = not value[greeting.end() : end].strip(" \t、，,。:：!！")
        return (start, end) if closes and len(line) <= MAX_SIGNATURE_CHARS else None
    # "Hola, Ana:", "Hallo, Frau Meier,": a comma may come between greeting and name.
    name = value[greeting.end() : end].strip().removeprefix(",").strip().rstrip(",:!")
    if greeting.start() != start or len(name.split()) > MAX_NAME_WORDS:
        return None
    # "Hi Tom, yes it fits" is a greeting followed by an answer, not a greeting line; a
    # full stop may only close an abbreviation ("Mr.", "Sra.").
    return None if re.search(r"[,;:!?]|\w{4,}\.\s", name) else (start, end)


def _trimmed(value: str, start: int, end: int) -> tuple[int, int]:
    while start < end and value[start].isspace():
        start += 1
    while end > start and value[end - 1].isspace():
        end -= 1
    return start, end


RULES: tuple[Rule, ...] = (courtesy_only,)
