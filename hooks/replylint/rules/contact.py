"""Rules that keep the conversation, the money and the buyer's data on Amazon.

`off-platform-contact` (phone numbers, messaging apps, invitations to call), `off-platform-payment`
(paying or refunding outside Amazon) and `personal-info-request` (asking for data the order does
not need). Their phrase lists are in `phrases/contact/<language>.yaml`; brand names, which are the
same in every language, are here.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from replylint.language import (
    UNSPACED_LANGUAGES,
    Normalized,
    PhraseBook,
    normalize,
    phrase_book,
    sentences,
)
from replylint.model import Hit, Severity
from replylint.rules.base import Context, Rule, rule
from replylint.template import Template, Text

FAMILY = "contact"

# The region whose phone-number formats a bare locale (`de`) most likely means.
DEFAULT_REGION = {
    "en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "ja": "JP", "nl": "NL",
    "pl": "PL", "sv": "SE", "tr": "TR", "pt": "BR", "ar": "SA", "hi": "IN", "zh": "CN",
}  # fmt: skip
# Other marketplaces of the same language: a number in their format needs a phone word nearby.
OTHER_REGIONS = {
    "en": ("GB", "US", "CA", "AU", "IE", "IN", "SG", "ZA"),
    "de": ("DE", "AT", "CH"),
    "fr": ("FR", "BE", "CH", "CA"),
    "es": ("ES", "MX"),
    "it": ("IT", "CH"),
    "ja": ("JP",),
}

# Messaging apps and social networks, spelt as one word; `|` marks where people split the name
# ("Whats App"), which is accepted there and nowhere else (unless every letter stands apart).
MESSAGING_BRANDS = (
    "whats|app", "wechat", "weixin", "telegram", "skype", "facebook", "instagram", "tik|tok",
    "viber", "kakao|talk", "snap|chat", "threema", "discord", "imessage", "facetime", "linkedin",
    "twitter", "pinterest", "weibo", "zalo", "wickr",
)  # fmt: skip
# Payment services outside Amazon, the same in every language. Names that are also words of a
# marketplace language (Zelle is German for "cell") are in that language's phrase lists instead.
PAYMENT_BRANDS = (
    "paypal", "pay pal", "paypal.me", "venmo", "cash app", "cashapp", "western union",
    "moneygram", "revolut", "transferwise", "wise transfer", "skrill", "payoneer", "alipay",
    "wechat pay", "apple cash", "bitcoin*", "btc", "ethereum", "usdt", "crypto*", "bizum",
    "satispay", "postepay", "paylib", "twint", "mobilepay", "vipps", "blik",
    "paysafecard", "sofortüberweisung", "paypay", "line pay", "interac", "apple pay",
    "google pay", "samsung pay", "sumeria", "wero",
)  # fmt: skip

# Between the letters of a brand: up to three characters that are not letters or digits, so
# `W h a t s A p p` and `what-s.app` are found. Letters and gaps never overlap: linear.
BRAND_GAP = r"[^a-z0-9\n]{0,3}"
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff']")
# LINE is an everyday word in English; in capitals (or in Japanese text) it is the app.
# Not when glued to code (`line-height`, `text_line`, `#line`): that is markup, not the app.
LINE_APP = re.compile(r"(?<![A-Za-z0-9_#.-])LINE(?![A-Za-z0-9_]|-[A-Za-z])")
LINE_IN_JAPANESE = re.compile(r"(?<![a-z0-9_#.-])line(?![a-z0-9_]|-[a-z])")
# An HTML tag: its attributes and inline styles are markup, not words of the message.
MARKUP_TAG = re.compile(r"</?[a-z][^<>\n]*>")
# A label already followed by its value ("Tel.: 030...", "LINE ID: shop_sato"), not a blank
# to fill: the value starts with a digit, + or @, or is a word with a digit, _, @ or dot.
FILLED_IN = re.compile(
    r"(?:[ \t-]{0,3}[^\s:：]{1,12})?[ \t]{0,3}[:：][ \t]{0,3}(?:[0-9+(@]|[a-z]+[0-9_@.])"
)
# A list item: the data a request before it asks for is often listed line by line.
LIST_ITEM = re.compile(r"(?:[ \t]{0,8}\n)*[ \t]{0,8}(?:[-*+•・●◦▪■□‣]|\d{1,2}[.)、])[^\n]*")
CAPITAL_WORD = re.compile(r"[A-Za-z]{3,}")
# Chat links of WhatsApp, Telegram and Messenger (wa.me/4930..., t.me/shop, m.me/shop).
CHAT_LINK = re.compile(r"(?<![\w.])(?:wa|t|m)\.me/")
# @handle that is not part of an e-mail address; ends on a letter, digit or underscore.
HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_][a-z0-9_.]{0,28}[a-z0-9_](?![\w@])")
# A real IBAN: country, check digits, then 11 to 30 letters and digits in groups of four.
IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])"
)
DATE = re.compile(
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./]\d{1,2}\.?"
)
# A currency right before or after the digits makes them a price.
CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹]|(?<![a-z])(?:eur|usd|gbp|jpy|chf))\s?$")
CURRENCY_AFTER = re.compile(r"\s?(?:[$€£¥₹円]|(?:eur|usd|gbp|jpy|chf)(?![a-z]))")
# Grouped like a phone number: 2-5 digit groups (the first maybe in brackets), 9 to 13 digits.
PHONE_SHAPE = re.compile(r"\(?\d{2,5}\)?(?:[ .-]\d{2,5}){1,4}")
PHONE_SYMBOL = re.compile(r"[☎☏📞📱]|\btel\b|\bfax\b")
CLAUSE_BREAK = re.compile(r"[;:；：]\s|[;:；：]$|\s[-–—]\s")
CLAUSE_END = re.compile(r"[,;:.!?、。，；：()（）\n]")

CONTACT_ADVICE = "keep the conversation in Buyer-Seller Messaging: ask the buyer to reply here"
PAYMENT_ADVICE = "refunds and payments go through Amazon only (refund or return via Seller Central)"
PERSONAL_ADVICE = "ask only for what this order needs, and never for data Amazon already holds"


@dataclass(frozen=True, slots=True)
class Reading:
    """One text of a template as the rules read it: normalised, with its phrase book."""

    text: Text
    norm: Normalized
    book: PhraseBook | None
    language: str

    @property
    def value(self) -> str:
        return self.norm.value

    def hit(self, start: int, end: int, message: str, suggestion: str) -> Hit:
        first, last = self.norm.original_span(start, end)
        return Hit(*self.text.file_span(first, last), message, suggestion)

    def find(self, name: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        if self.book is None:
            return []
        return list(self.book.find(name, self.value, start, end))

    def has(self, name: str, start: int = 0, end: int | None = None) -> bool:
        return self.book is not None and self.book.search(name, self.value, start, end)

    def has_in(self, name: str, text: str) -> bool:
        """A phrase of list `name` in `text`, a piece cut out of this reading."""
        return self.book is not None and self.book.search(name, text)

    def sentence_of(self, position: int) -> tuple[int, int]:
        return _sentence_at(self.value, position)

    def clause_of(self, position: int) -> tuple[int, int]:
        """The part of the sentence around `position` between colons and semicolons: "the
        surcharge does not go through Amazon: pay it by ..." are two statements."""
        start, end = self.sentence_of(position)
        for mark in CLAUSE_BREAK.finditer(self.value, start, position):
            start = mark.end()
        following = CLAUSE_BREAK.search(self.value, position, end)
        return start, following.start() if following else end

    def through_amazon(self, position: int) -> bool:
        """Amazon pays in this clause (not "does not go through Amazon"), and nothing sets
        another way against it ("faster than waiting for Amazon's refund")."""
        start, end = self.clause_of(position)
        if self.has("contrast", start, end):
            return False
        return any(
            not self.negated(m.start(), m.end()) for m in self.find("via-amazon", start, end)
        )

    def refused(self, position: int) -> bool:
        """The payment is named to turn it down: "You asked about PayPal. We can't do that:
        refunds go through Amazon", "PayPal? We only refund through Amazon." After the
        payment's clause, Amazon's way in the rest of its sentence or the next two, and a
        refusal (or "only") from the payment's clause to the end of the next sentence."""
        clause_start, clause_end = self.clause_of(position)
        _, sentence_end = self.sentence_of(position)
        start, stop = clause_end, sentence_end
        for _ in range(2):  # the next sentence, then the one after it
            following = self.sentence_of(stop)
            if following[0] >= stop:
                stop = following[1]
        next_end = self.sentence_of(sentence_end)[1]
        # The refusal may come first: "we cannot refund by Bizum; refunds go via Amazon".
        if not self.has("refusal", clause_start, max(sentence_end, next_end)):
            return False
        return any(
            not self.negated(m.start(), m.end()) for m in self.find("via-amazon", start, stop)
        )

    def normalized_index(self, original: int) -> int:
        """The first normalised character that came from original index `original` or later."""
        return bisect_left(self.norm.origin, original)

    def negated(self, start: int, end: int) -> bool:
        """A negation in the same clause, close to the words: up to three words before them
        ("we never ask for"), or, from the shorter `negation-after` list, two words after them
        ("brauchen wir nicht", "is not needed"); Japanese puts the negation after the verb."""
        if self.book is None:
            return False
        value = self.value
        clause_end = CLAUSE_END.search(value, end)
        stop = clause_end.start() if clause_end else len(value)
        if self.language in UNSPACED_LANGUAGES:
            return self.has("negation", end, min(stop, end + 30))
        following = value[end:stop].split()
        after = " ".join(following[:2])
        if following and self.book.search("coordinator", following[0]):
            after = " ".join(following[:8])  # "a transfer or PayPal is not needed"
        if self.book.search("negation-after", after):
            return True
        window_start = max(0, start - 120)
        marks = list(CLAUSE_END.finditer(value, window_start, start))
        clause_start = marks[-1].end() if marks else window_start
        # A comma that only separates items of a list ("Venmo, Zelle or PayPal") does not
        # end the clause: step back over it when the words are an item of such a list.
        next_word = " ".join(value[end:stop].split()[:1])
        while marks and marks[-1].group() == ",":
            item = value[clause_start:start]
            listed = self.book.search("coordinator", item) or (
                self.book.search("coordinator", next_word) or value[end:stop].startswith(",")
            )
            if len(item.split()) > 3 or not listed:
                break
            marks.pop()
            clause_start = marks[-1].end() if marks else window_start
        words = value[clause_start:start].split()
        before = " ".join(words[-3:])
        if self.book.search("coordinator", before):
            # "no phone number or bank details": the negation covers the whole list.
            before = " ".join(words[-12:])
        return self.book.search("negation", before)


def _readings(template: Template, context: Context) -> Iterator[Reading]:
    language = template.language or ""
    book = phrase_book(FAMILY, language)
    for text in template.texts():
        yield Reading(text, normalize(text.value), book, language)


@lru_cache(maxsize=64)
def _sentence_starts(value: str) -> tuple[int, ...]:
    return tuple(start for start, _ in sentences(value))


def _sentence_at(value: str, position: int) -> tuple[int, int]:
    """The sentence holding `position` (a bisection: rules ask once per candidate)."""
    spans = sentences(value)
    index = bisect_right(_sentence_starts(value), position) - 1
    if index >= 0 and spans[index][0] <= position < spans[index][1]:
        return spans[index]
    return max(0, position), min(len(value), position + 1)


def _drop_overlaps(
    found: Iterable[tuple[int, int, str, str]],
) -> Iterator[tuple[int, int, str, str]]:
    """The earliest, longest of overlapping findings: one place, one finding."""
    last_end = -1
    for start, end, message, suggestion in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= last_end:
            last_end = end
            yield start, end, message, suggestion


def _quoted(reading: Reading, start: int, end: int) -> str:
    first, last = reading.norm.original_span(start, end)
    words = " ".join(reading.text.value[first:last].split())
    return words if len(words) <= 60 else words[:57] + "..."


# --- phone numbers -----------------------------------------------------------------------------


@cache
def _phonenumbers() -> Any:
    """phonenumbers takes tens of milliseconds to import: only templates with digits pay it."""
    import phonenumbers

    return phonenumbers


@cache
def _allowed_phones(entries: tuple[str, ...], region: str) -> frozenset[str]:
    """config.allow_phones as E.164 strings; an entry without + is read in the template's region."""
    library = _phonenumbers()
    allowed = set()
    for entry in entries:
        try:
            number = library.parse(entry, region)
        except library.NumberParseException:
            continue
        allowed.add(library.format_number(number, library.PhoneNumberFormat.E164))
    return frozenset(allowed)


def _national_prefix(region: str) -> str | None:
    metadata = _phonenumbers().PhoneMetadata.metadata_for_region(region)
    return None if metadata is None else metadata.national_prefix


def _word_character(char: str) -> bool:
    """A letter or digit of an alphabetic script: kana and kanji next to digits are just text."""
    return char.isalnum() and ord(char) < 0x2E80


def _part_of_longer_token(value: str, start: int, end: int) -> bool:
    """`XR-2000-45`, `1Z999AA10123456784`, `#4711`: the digits belong to an identifier."""
    before = value[start - 1] if start else " "
    after = value[end] if end < len(value) else " "
    if _word_character(before) or _word_character(after) or before in "#№_/":
        return True
    if before in "-." and start > 1 and _word_character(value[start - 2]):
        return True
    return after in "-./_" and end + 1 < len(value) and _word_character(value[end + 1])


def _window_before(reading: Reading, start: int) -> int:
    """Where the 40 characters before a number start, within its line: a sentence split
    would cut `Tel. 030...` and `Bestell-Nr. 030...` off from their labels."""
    line_start = reading.value.rfind("\n", 0, start) + 1
    return max(line_start, start - 40)


def _labelled_as_identifier(reading: Reading, start: int) -> bool:
    """The nearest label before the number names an order, parcel, model... not a phone."""
    window_start = _window_before(reading, start)
    labels = reading.find("id-labels", window_start, start)
    if not labels:
        return False
    cues = reading.find("phone-words", window_start, start)
    cues += list(PHONE_SYMBOL.finditer(reading.value, window_start, start))
    return not cues or max(c.end() for c in cues) < labels[-1].end()


def _phone_word_near(reading: Reading, start: int) -> bool:
    sentence_start, sentence_end = reading.sentence_of(start)
    sentence_start = min(sentence_start, _window_before(reading, start))
    return (
        reading.has("phone-words", sentence_start, sentence_end)
        or reading.has("contact-invitation", sentence_start, sentence_end)
        or PHONE_SYMBOL.search(reading.value, sentence_start, sentence_end) is not None
    )


def _phone_numbers(
    reading: Reading, region: str, allowed: frozenset[str]
) -> Iterator[tuple[int, int, str]]:
    """(start, end, E.164) of the phone numbers in a normalised text.

    Leniency.POSSIBLE finds fictional numbers people write (US 555, UK 07700 900, the French
    06 39 98 range) that Leniency.VALID drops; the guards below remove what it also finds:
    dates, prices, identifiers, and numbers that cannot be national in the region.
    """
    library = _phonenumbers()
    value = reading.value
    language = reading.language
    regions = [region]
    if reading.has("phone-words") or PHONE_SYMBOL.search(value):
        # Numbers from the language's other marketplaces count only next to a phone word.
        regions += [r for r in OTHER_REGIONS.get(language, ()) if r != region]
    taken: list[tuple[int, int]] = []
    for index, current in enumerate(regions):
        matcher = library.PhoneNumberMatcher(value, current, leniency=library.Leniency.POSSIBLE)
        for match in matcher:
            start, end, raw = match.start, match.end, match.raw_string
            if raw.startswith("(") and ")" not in raw:  # "(0120-123-456)": the bracket is text
                start, raw = start + 1, raw[1:]
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            digits = sum(ch.isdigit() for ch in raw)
            valid = library.is_valid_number(match.number)
            # `00` dials abroad in most regions, but also starts many EAN and UPC codes.
            international = raw.lstrip("( ").startswith("+") or (
                raw.lstrip("( ").startswith("00") and valid
            )
            if digits < 6 or _part_of_longer_token(value, start, end):
                continue
            if DATE.fullmatch(raw) or CURRENCY_BEFORE.search(value[max(0, start - 5) : start]):
                continue
            if CURRENCY_AFTER.match(value, end):
                continue
            if _labelled_as_identifier(reading, start):
                continue
            prefix = _national_prefix(current)
            if not international and prefix == "0" and not raw.lstrip("( ").startswith("0"):
                continue  # a national number in this region starts with its trunk prefix 0
            near = _phone_word_near(reading, start)
            shaped = PHONE_SHAPE.fullmatch(raw) is not None and 9 <= digits <= 13
            if index == 0:
                # Without a trunk prefix (Spain, Italy) any digit run may look like a number:
                # there the shape alone is not enough.
                shaped = shaped and prefix is not None
                accept = international or valid or near or shaped
            else:  # another region of the language: only a valid number with a phone word
                accept = valid and near
            if not accept:
                continue
            e164 = library.format_number(match.number, library.PhoneNumberFormat.E164)
            taken.append((start, end))
            if e164 not in allowed:
                yield start, end, e164


# --- messaging apps ----------------------------------------------------------------------------


@cache
def _brand_pattern() -> re.Pattern[str]:
    alternatives = []
    for brand in sorted(MESSAGING_BRANDS, key=len, reverse=True):
        letters = brand.replace("|", "")
        alternatives.append(BRAND_GAP.join(re.escape(letter) for letter in letters))
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(alternatives)})(?![a-z0-9])")


@cache
def _brand_splits() -> dict[str, frozenset[int]]:
    """For each brand, the letter positions after which a gap is a normal way of writing it."""
    splits = {}
    for brand in MESSAGING_BRANDS:
        letters = brand.replace("|", "")
        positions, count = set(), 0
        for char in brand:
            if char == "|":
                positions.add(count)
            else:
                count += 1
        splits[letters] = frozenset(positions)
    return splits


def _genuine_brand(matched: str) -> bool:
    """`whatsapp`, `whats app` and `w h a t s a p p` are the app; `face, book` is not."""
    cleaned = INVISIBLE.sub("", matched)
    letters = "".join(ch for ch in cleaned if ch.isalnum())
    splits = _brand_splits().get(letters)
    if splits is None:
        return False
    gaps = []
    position = 0
    for char in cleaned:
        if char.isalnum():
            position += 1
        elif position not in gaps:
            gaps.append(position)
    if not gaps or len(gaps) == len(letters) - 1:
        return True
    return all(gap in splits for gap in gaps) and all(
        ch in " -." for ch in cleaned if not ch.isalnum()
    )


def _messaging_apps(reading: Reading) -> Iterator[tuple[int, int, str, str]]:
    value = reading.value
    for match in _brand_pattern().finditer(value):
        if _genuine_brand(match.group()):
            name = _quoted(reading, match.start(), match.end())
            yield (
                match.start(), match.end(),
                f"'{name}' takes the conversation off Amazon",
                CONTACT_ADVICE,
            )  # fmt: skip
    for match in CHAT_LINK.finditer(value):
        yield (
            match.start(),
            match.end(),
            "a chat link takes the conversation off Amazon",
            CONTACT_ADVICE,
        )
    for match in reading.find("app-names"):
        name = _quoted(reading, match.start(), match.end())
        yield (
            match.start(),
            match.end(),
            f"'{name}' takes the conversation off Amazon",
            CONTACT_ADVICE,
        )
    original = reading.text.value
    line_matches: Iterable[tuple[int, int]]
    if reading.language in UNSPACED_LANGUAGES:
        line_matches = ((m.start(), m.end()) for m in LINE_IN_JAPANESE.finditer(value))
    else:
        line_matches = _line_in_capitals(reading, original)
    tags = [(m.start(), m.end()) for m in MARKUP_TAG.finditer(value)]
    for start, end in line_matches:
        if any(tag_start < start and end < tag_end for tag_start, tag_end in tags):
            continue  # `<hr class="line">`: a word of the markup, not the app
        yield start, end, "'LINE' takes the conversation off Amazon", CONTACT_ADVICE
    for match in HANDLE.finditer(value):
        if not any(ch.isalpha() for ch in match.group()):
            continue
        sentence_start, sentence_end = reading.sentence_of(match.start())
        if "amazon" in value[sentence_start:sentence_end]:
            continue  # the seller's name in the Amazon store
        brand = _brand_pattern().search(value, sentence_start, sentence_end) is not None
        if not brand and reading.has("login-words", sentence_start, sentence_end):
            continue  # "the default user is @admin, the password is on the label": a login
        social = brand or reading.has("social-cues", sentence_start, sentence_end)
        if social:
            yield (
                match.start(), match.end(),
                f"social media handle '{match.group()}' takes the conversation off Amazon",
                CONTACT_ADVICE,
            )  # fmt: skip


def _line_in_capitals(reading: Reading, original: str) -> Iterator[tuple[int, int]]:
    """`LINE` in capitals, unless the words around it are capitals too (a heading)."""
    for match in LINE_APP.finditer(original):
        around = original[max(0, match.start() - 20) : match.end() + 20]
        capital_words = [w for w in CAPITAL_WORD.findall(around) if w.isupper()]
        if len(capital_words) > 1:
            continue
        # Map original offsets to normalised ones (normalisation keeps ASCII letters in place).
        yield reading.normalized_index(match.start()), reading.normalized_index(match.end())


# --- the rules ---------------------------------------------------------------------------------


def _about_amazon(reading: Reading, match: re.Match[str]) -> bool:
    """`Amazon's hotline`, `die Hotline von Amazon`: Amazon's own phone service is fine."""
    return "amazon" in reading.value[max(0, match.start() - 12) : match.end() + 12]


def _contacts_there(reading: Reading, position: int) -> bool:
    """Asking for the buyer's account "to contact you there" (in that sentence or the next)
    also moves the conversation: off-platform-contact as well as personal-info-request."""
    start, end = reading.sentence_of(position)
    following = reading.sentence_of(end)
    if following[0] >= end:
        end = following[1]
    return reading.has("contact-you", start, end)


def _bank_accounts(reading: Reading) -> list[tuple[int, int]]:
    """Normalised spans of IBAN-shaped strings (valid or not: a made-up IBAN is no phone)."""
    return [
        (reading.normalized_index(m.start()), reading.normalized_index(m.end()))
        for m in IBAN.finditer(reading.text.value)
    ]


def _contact_findings(template: Template, context: Context) -> Iterator[Hit]:
    region = template.region or DEFAULT_REGION.get(template.language or "", "ZZ")
    for reading in _readings(template, context):
        found: list[tuple[int, int, str, str]] = []
        if any(ch.isdigit() for ch in reading.value):
            allowed = _allowed_phones(tuple(context.config.allow_phones), region)
            accounts = _bank_accounts(reading)
            for start, end, _ in _phone_numbers(reading, region, allowed):
                if any(start < a_end and a_start < end for a_start, a_end in accounts):
                    continue  # the digit groups of an IBAN are a bank account, not a phone
                number = _quoted(reading, start, end)
                found.append(
                    (start, end,
                     f"phone number '{number}' invites the buyer to talk outside Amazon",
                     CONTACT_ADVICE + " (or list the number under allow-phones)")
                )  # fmt: skip
        # Asking for the buyer's WhatsApp number or Instagram account is personal-info-request.
        asked = [
            (start, end)
            for start, end in _personal_requests(reading, _personal_lists(template))
            if not _contacts_there(reading, start)
        ]
        found.extend(
            app for app in _messaging_apps(reading)
            if not any(start <= app[0] and app[1] <= end for start, end in asked)
        )  # fmt: skip
        for match in reading.find("contact-invitation"):
            if reading.negated(match.start(), match.end()) or _about_amazon(reading, match):
                continue
            words = _quoted(reading, match.start(), match.end())
            found.append(
                (match.start(), match.end(), f"'{words}' invites the buyer to talk outside Amazon",
                 CONTACT_ADVICE)
            )  # fmt: skip
        for match in reading.find("phone-mention"):
            sentence_start, sentence_end = reading.sentence_of(match.start())
            if reading.has("carrier", sentence_start, sentence_end):
                continue  # the carrier phoning to arrange delivery is not the seller's invitation
            if reading.negated(match.start(), match.end()) or _about_amazon(reading, match):
                continue
            words = _quoted(reading, match.start(), match.end())
            found.append(
                (match.start(), match.end(), f"'{words}' moves the conversation to the phone",
                 CONTACT_ADVICE)
            )  # fmt: skip
        for start, end, message, suggestion in _drop_overlaps(found):
            yield reading.hit(start, end, message, suggestion)


@cache
def _payment_brand_pattern() -> re.Pattern[str]:
    """Brands are Latin words even in Japanese text (`PayPayで`): bounded by Latin letters only."""
    alternatives = []
    for brand in sorted(PAYMENT_BRANDS, key=len, reverse=True):
        words = [
            re.escape(word.rstrip("*")) + ("[a-z]*" if word.endswith("*") else "")
            for word in brand.split()
        ]
        alternatives.append(r"\s?".join(words))
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(alternatives)})(?![a-z0-9])")


def _iban_checks_out(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _payment_findings(template: Template, context: Context) -> Iterator[Hit]:
    for reading in _readings(template, context):
        value = reading.value
        found: list[tuple[int, int, str, str]] = []

        methods = list(_payment_brand_pattern().finditer(value))
        methods += reading.find("payment-method")
        for match in methods:
            if reading.through_amazon(match.start()) or reading.negated(match.start(), match.end()):
                continue
            if reading.refused(match.start()):
                continue
            words = _quoted(reading, match.start(), match.end())
            found.append(
                (
                    match.start(),
                    match.end(),
                    f"'{words}' is a payment outside Amazon",
                    PAYMENT_ADVICE,
                )
            )
        direct = reading.find("payment-direct")
        for match in reading.find("off-amazon"):
            start, end = reading.sentence_of(match.start())
            if reading.has("money-words", start, end):
                direct.append(match)
        for match in direct:
            if reading.negated(match.start(), match.end()):
                continue
            words = _quoted(reading, match.start(), match.end())
            found.append(
                (
                    match.start(),
                    match.end(),
                    f"'{words}' moves the payment off Amazon",
                    PAYMENT_ADVICE,
                )
            )
        for match in reading.find("own-shop"):
            start, end = reading.sentence_of(match.start())
            if not reading.has("buy-verb", start, end) or reading.negated(
                match.start(), match.end()
            ):
                continue
            if "amazon" in value[max(start, match.start() - 15) : match.end() + 15]:
                continue  # "our shop on Amazon" is the Amazon storefront
            words = _quoted(reading, match.start(), match.end())
            found.append(
                (match.start(), match.end(),
                 f"buying from '{words}' takes the sale off Amazon",
                 "solve the problem within this Amazon order (replacement, refund through Amazon)")
            )  # fmt: skip
        original = reading.text.value
        for match in IBAN.finditer(original):
            if _iban_checks_out(match.group()):
                start = reading.normalized_index(match.start())
                end = reading.normalized_index(match.end())
                found.append(
                    (
                        start,
                        end,
                        "a bank account (IBAN) for a payment outside Amazon",
                        PAYMENT_ADVICE,
                    )
                )
        for start, end, message, suggestion in _drop_overlaps(found):
            yield reading.hit(start, end, message, suggestion)


def _possessed_by_seller(reading: Reading, start: int) -> bool:
    """`our phone number`, `notre numéro de téléphone`, `当店の電話番号`: the seller's own data."""
    if reading.book is None:
        return False
    window = reading.value[max(0, start - 25) : start]
    if reading.language in UNSPACED_LANGUAGES:
        return any(m.end() == len(window) for m in reading.book.find("seller-possessive", window))
    words = window.split()
    tail = " ".join(words[-2:])
    return reading.book.search("seller-possessive", tail)


def _personal_lists(template: Template) -> list[str]:
    lists = ["personal-data"]
    if template.purpose != "invoice":
        lists.append("tax-id")
    if template.purpose not in {"delivery-scheduling", "order-info-request", "service-appointment"}:
        lists.append("private-address")
    return lists


def _request_scopes(reading: Reading) -> Iterator[tuple[int, int]]:
    """Spans that ask the buyer for something: a sentence with a request word that is not
    negated, with the list that follows it ("please reply with:" then "- your date of birth"),
    since support teams list the data they want line by line."""
    value = reading.value
    for start, sentence_end in sentences(value):
        requests = reading.find("request-verb", start, sentence_end)
        if not requests or all(reading.negated(r.start(), r.end()) for r in requests):
            continue
        end = sentence_end
        item = LIST_ITEM.match(value, end)
        while item is not None and item.end() > end:
            end = item.end()
            item = LIST_ITEM.match(value, end)
        yield start, end


def _app_names(reading: Reading, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Messaging apps (LINE included) and payment services named in [start, end)."""
    value = reading.value
    for match in _brand_pattern().finditer(value, start, end):
        if _genuine_brand(match.group()):
            yield match.start(), match.end()
    for match in _payment_brand_pattern().finditer(value, start, end):
        yield match.start(), match.end()
    lines: Iterable[tuple[int, int]]
    if reading.language in UNSPACED_LANGUAGES:
        lines = ((m.start(), m.end()) for m in LINE_IN_JAPANESE.finditer(value, start, end))
    else:
        lines = _line_in_capitals(reading, reading.text.value)
    yield from ((s, e) for s, e in lines if start <= s and e <= end)


def _account_mentions(reading: Reading, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A messaging app or payment service named as the buyer's account: "your Instagram",
    "il suo profilo Instagram", "Ihre PayPal-Adresse", "su Bizum"."""
    value = reading.value
    unspaced = reading.language in UNSPACED_LANGUAGES
    for app_start, app_end in _app_names(reading, start, end):
        before = value[max(start, app_start - 30) : app_start]
        after = value[app_end : min(end, app_end + 30)]
        if unspaced:
            before, after = before[-12:], after[:12]
        else:
            before = " ".join(before.split()[-3:])
            after = " ".join(after.split()[:2])
        # Named as the buyer's ("your LINE"), or as some account that is not the seller's.
        buyers = reading.has_in("buyer-possessive", before)
        account = reading.has_in("account-words", f"{before} {after}")
        if buyers or (account and not _sellers_account(reading, after)):
            yield app_start, app_end


def _sellers_account(reading: Reading, after: str) -> bool:
    """`LINE official account @shop`, `our Instagram @shop`: an account named with its handle
    or called official is the seller's, given to the buyer, not asked of them."""
    return reading.has_in("official-words", after) or HANDLE.search(after) is not None


def _personal_requests(reading: Reading, lists: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Personal-data words in what asks the buyer for something (see `_request_scopes`)."""
    for scope_start, scope_end in _request_scopes(reading):
        candidates = [
            (m.start(), m.end())
            for name in lists
            for m in reading.find(name, scope_start, scope_end)
        ]
        candidates += _account_mentions(reading, scope_start, scope_end)
        requests = reading.find("request-verb", scope_start, scope_end)
        for start, end in candidates:
            if _possessed_by_seller(reading, start) or reading.negated(start, end):
                continue
            if FILLED_IN.match(reading.value, end):
                continue  # "LINE ID: shop_sato": a label with the seller's own value

            governing = [r for r in requests if r.end() <= start]
            if governing and reading.negated(governing[-1].start(), governing[-1].end()):
                continue  # "you do not need to give us a phone number or your birthday"
            yield start, end


def _merge_adjacent(spans: Iterable[tuple[int, int]], value: str) -> list[tuple[int, int]]:
    """ "your cell" + "phone number", "your Venmo" + "username": one piece of data."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        # Overlapping, or apart by spaces or a hyphen only (the slice is then blank).
        if merged and not value[merged[-1][1] : start].strip(" -\t"):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _personal_findings(template: Template, context: Context) -> Iterator[Hit]:
    lists = _personal_lists(template)
    for reading in _readings(template, context):
        found = []
        for start, end in _merge_adjacent(_personal_requests(reading, lists), reading.value):
            words = _quoted(reading, start, end)
            found.append(
                (start, end,
                 f"asks the buyer for personal data ('{words}') the order does not need",
                 PERSONAL_ADVICE)
            )  # fmt: skip
        for start, end, message, suggestion in _drop_overlaps(found):
            yield reading.hit(start, end, message, suggestion)


def _all_patterns() -> Sequence[re.Pattern[str]]:
    """Every hand-written pattern of this module (the linear-time test runs them all)."""
    return (
        _brand_pattern(), _payment_brand_pattern(), LINE_APP, LINE_IN_JAPANESE, CAPITAL_WORD,
        CHAT_LINK, HANDLE, IBAN, DATE, MARKUP_TAG, LIST_ITEM, FILLED_IN, CURRENCY_BEFORE,
        CURRENCY_AFTER, PHONE_SHAPE, PHONE_SYMBOL, CLAUSE_END, CLAUSE_BREAK, INVISIBLE,
    )  # fmt: skip


@rule(
    "off-platform-contact",
    Severity.ERROR,
    "phone number, messaging app or invitation to talk outside Amazon",
)
def off_platform_contact(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports what would take the conversation out of Buyer-Seller Messaging:
    - phone numbers in national or international format (`030 12345678`, `(202) 555-0143`,
      `+44 20 7946 0321`, `03-1234-5678`), read in the formats of the template's region (a
      bare locale such as `de` uses the language's main marketplace), with `+` numbers found
      in any region;
    - messaging apps and social networks (WhatsApp, WeChat, LINE, Telegram, Skype, Signal,
      Viber, KakaoTalk, Facebook, Instagram, TikTok, X/Twitter...), however spaced or written
      (`W h a t s A p p`, full-width letters), and social media handles (`@shopname`);
    - invitations to talk elsewhere: "call us", "text me", "add me on", "ruf uns an",
      "appelez-nous", "llámanos", "chiamaci", "お電話ください".

    Order ids, tracking numbers, model and article numbers, dates, prices, postcodes and the
    digit groups of an IBAN are not phone numbers; nor is a Japanese 12-digit tracking
    number (Japanese phone numbers start with 0). A carrier phoning the buyer to arrange a
    delivery is not reported; nor is `LINE` in markup (`line-height`), nor an `@admin` user
    name given with a password for logging in to a device. A technician or planner phoning the
    buyer back ("he will call you back", "er ruft Sie zurück") is reported.

    ## Why it matters
    Amazon's Communication Guidelines allow messages only through Buyer-Seller Messaging,
    and its prohibited seller activities include directing buyers to contact the seller by
    phone, messaging app or social media: the conversation has to stay where Amazon can see
    it. Messages that break this can cost the seller their messaging permission or account.

    ## Example
    ```markdown
    ---
    id: setup-help-hotline
    locale: en-US
    purpose: technical-support
    ---
    If the kettle still does not heat up, call us on (202) 555-0143 or message us on WhatsApp.
    ```

    ## Use instead
    ```markdown
    ---
    id: setup-help-reply
    locale: en-US
    purpose: technical-support
    ---
    If the kettle still does not heat up, reply to this message with the colour of the light
    on the base, and we will tell you what to do next.
    ```

    ## Options
    `allow-phones` in the configuration lists numbers that may appear (a number required by
    law, for instance); they are compared in E.164 form, so any formatting matches.
    """
    return _contact_findings(template, context)


@rule("off-platform-payment", Severity.ERROR, "payment, refund or sale outside Amazon")
def off_platform_payment(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports payments, refunds or sales proposed outside Amazon: payment services (PayPal,
    Venmo, Zelle, Western Union, Bizum, Satispay, crypto...), bank transfers and IBANs, cash,
    "pay us directly", and buying from the seller's own website or shop instead of Amazon
    ("cancel and order from our website", "cancel your order and do it in our online shop").

    A refund or payment that goes through Amazon ("your refund will be issued through
    Amazon") is not reported, nor is a payment service named as the way the buyer paid at
    Amazon ("to your PayPal account, if you paid with PayPal at Amazon"), nor one named only to
    turn it down ("no need for PayPal: the refund goes through Amazon", "You asked about a bank
    transfer. We can't do that: all refunds go through Amazon"). Amazon named only to be set
    aside ("Amazon refunds take days, so we'll send it by Venmo", "the surcharge does not go
    through Amazon: pay it by Satispay") does not excuse the payment.

    ## Why it matters
    Amazon's prohibited seller activities forbid diverting transactions or buyers away from
    Amazon, and its Communication Guidelines forbid payment requests and links to other sales
    channels in buyer messages. Amazon's A-to-z Guarantee only protects payments made on
    Amazon.

    ## Example
    ```markdown
    ---
    id: quick-refund-paypal
    locale: en-US
    purpose: refund
    ---
    Sorry about the cracked lid. We can refund you today through PayPal instead of waiting.
    ```

    ## Use instead
    ```markdown
    ---
    id: quick-refund-amazon
    locale: en-US
    purpose: refund
    ---
    Sorry about the cracked lid. We have issued a full refund through Amazon today; it
    reaches your original payment method within a few days.
    ```

    ## Options
    None.
    """
    return _payment_findings(template, context)


@rule(
    "personal-info-request",
    Severity.ERROR,
    "asks the buyer for personal data the order does not need",
)
def personal_info_request(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a sentence that asks the buyer for personal data: a phone number, a personal
    email address, social media accounts, the date of birth, ID documents, bank or card
    details, passwords, or a home address beyond the delivery details. A request word and a
    personal-data word must stand in the same sentence, or the data in the list that follows
    the request ("please reply with:" then "- your date of birth"); the finding points at the
    data asked for. An app or payment account counts as personal data ("your Instagram",
    "the mobile number linked to your Bizum", "Ihre PayPal-Adresse"); asking for it "to
    contact you there" is `off-platform-contact` as well. The seller's own account, called
    official or given with its handle ("send photos to our LINE official account @shop"), is
    not asked of the buyer (it is `off-platform-contact`).

    Questions an order needs are fine: which size or colour, a photo of the damage, a serial
    number, and the delivery details a delivery-scheduling or order-info-request message
    needs (floor, lift, Packstation number). A tax number is fine in an `invoice` template.

    ## Why it matters
    Amazon's Communication Guidelines let sellers ask only for information required to
    complete the order, and its prohibited seller activities forbid collecting buyers'
    personal data; Amazon already relays messages and shares the delivery address. Asking
    for a phone number is often the first step of moving the buyer off Amazon.

    ## Example
    ```markdown
    ---
    id: customer-record-request
    locale: en-US
    purpose: customer-service
    ---
    To complete your customer record, please reply with your date of birth and mobile number.
    ```

    ## Use instead
    ```markdown
    ---
    id: size-check-request
    locale: en-US
    purpose: order-info-request
    ---
    To send the right replacement, please reply with the size you would like: M or L.
    ```

    ## Options
    None.
    """
    return _personal_findings(template, context)


RULES: tuple[Rule, ...] = (off_platform_contact, off_platform_payment, personal_info_request)
