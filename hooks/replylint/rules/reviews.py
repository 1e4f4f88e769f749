"""Review-policy rules: incentives, change requests, positive-only requests and gating.

These rules judge meaning, not single words. Each text (subject, body) is normalised and cut
into sentences; phrase lists (`phrases/reviews/<language>.yaml`) find the pieces (a review
mention, an incentive, a change verb, a condition), and the rules below decide when pieces
belong together: in one sentence, across adjacent sentences, or by the template's purpose.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

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

FAMILY = "reviews"
Span = tuple[int, int]

# A sum of money: a currency sign or word next to a number. A number is only tried where
# a run of digits starts (the lookbehinds), so a long "1.1.1..." is scanned once, not once
# per digit: matching stays linear.
AMOUNT = re.compile(
    r"[$€£¥￥]\s?\d[\d.,]*"
    r"|(?<![\d.,])\d[\d.,]*\s?(?:€|£|\$|円|ドル|ユーロ|(?:eur|euros?|usd|dollars?|pounds?)(?!\w))"
)
# A short quoted label ("Edit review", «Modifier l'avis», 「レビューを編集」): a button name.
# Negated classes only, bounded length: linear on any input.
QUOTED = re.compile(r"[\"“„«‹「『][^\"“”„«»‹›「」『』\n]{1,60}[\"”“»›」』]")
# Punctuation that ends a clause: a verb on one side of it does not govern a noun on the other.
CLAUSE_BREAK = re.compile(r"[,;:、()\[\]]")
PUNCTUATION = re.compile(r"[,;:!?、。！？]")
WORD = re.compile(r"\w+")
# How far a verb may stand from the review it acts on: words, or characters in Japanese.
NEAR_WORDS = 5
NEAR_WORDS_VERB_LAST = 7
NEAR_CHARS = 14
# No verb governs a noun further away than this many characters (bounds the search).
NEAR_REACH = 120
# How many sentences back a pronoun or "if you do" may point to find its review.
LOOK_BACK = 2
# How close a negation or a seller-as-agent phrase must stand to a verb to take it over
# ("sellers can't edit", "let us correct it"): words, or characters in Japanese.
NEAR_VERB_WORDS = 2
NEAR_VERB_CHARS = 4
# How close a thank-you or "you left" must stand to "5 stars" to make it the buyer's
# existing review rather than a request.
NEAR_REFERENCE_WORDS = 3
NEAR_REFERENCE_CHARS = 8


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int


class Reader:
    """One text of a template, normalised, split into sentences, with its phrase matches."""

    def __init__(self, text: Text, book: PhraseBook) -> None:
        self.text = text
        self.book = book
        self.norm: Normalized = normalize(text.value)
        self.value = self.norm.value
        self.spaced = book.language not in UNSPACED_LANGUAGES
        self.sentences = [
            Sentence(index, start, end) for index, (start, end) in enumerate(sentences(self.value))
        ]

    def _matches(self, name: str, sentence: Sentence) -> list[Span]:
        # A phrase's words are separated by any non-word characters; a match running across
        # a comma or colon joins two clauses ("a review, it would...") and is no match.
        return [
            m.span()
            for m in self.book.find(name, self.value, sentence.start, sentence.end)
            if not PUNCTUATION.search(m.group(), 0, len(m.group()) - 1)
        ]

    def find(self, name: str, sentence: Sentence) -> list[Span]:
        """Matches of list `name` in a sentence, minus those a `<name>-not` match overlaps."""
        found = self._matches(name, sentence)
        if not found:
            return found
        vetoes = self._matches(f"{name}-not", sentence)
        return _without(found, vetoes)

    def has(self, name: str, sentence: Sentence) -> bool:
        return bool(self.find(name, sentence))

    @cached_property
    def review_spans(self) -> list[list[Span]]:
        """Per sentence: mentions of a review, rating or feedback."""
        return [self.find("review", sentence) for sentence in self.sentences]

    def reviews(self, sentence: Sentence) -> list[Span]:
        return self.review_spans[sentence.index]

    @cached_property
    def seller_feedback_spans(self) -> list[SpanIndex]:
        """Per sentence: where it names seller feedback rather than a product review."""
        return [SpanIndex(self.find("seller-feedback", sentence)) for sentence in self.sentences]

    def seller_feedback(self, sentence: Sentence) -> SpanIndex:
        return self.seller_feedback_spans[sentence.index]

    def fresh_reviews(self, sentence: Sentence) -> list[Span]:
        """Review mentions that are not a thank-you for, or a reading of, the buyer's review."""
        return _without(self.reviews(sentence), self.find("review-reference", sentence))

    def previous(self, sentence: Sentence, count: int = LOOK_BACK) -> list[Sentence]:
        return self.sentences[max(0, sentence.index - count) : sentence.index]

    def following(self, sentence: Sentence) -> Sentence | None:
        index = sentence.index + 1
        return self.sentences[index] if index < len(self.sentences) else None

    def distance(self, first: Span, second: Span) -> int | None:
        """Words (characters in Japanese) between two spans in order; None across a clause."""
        if first[0] >= second[1]:
            return None  # not in this order
        if first[1] >= second[0]:
            return 0
        between = self.value[first[1] : second[0]]
        if CLAUSE_BREAK.search(between):
            return None
        return len(WORD.findall(between)) if self.spaced else len(between.strip())

    def gap(self, first: Span, second: Span) -> int | None:
        """Like `distance`, but across clause breaks too ("the chance, to correct it")."""
        if first[0] >= second[1]:
            return None
        if first[1] >= second[0]:
            return 0
        between = self.value[first[1] : second[0]]
        return len(WORD.findall(between)) if self.spaced else len(between.strip())

    def near(self, first: Span, second: Span, words: int, chars: int) -> bool:
        """Whether two spans stand in one clause, in either order, within a few words."""
        if _overlap(first, second):
            return True
        limit = words if self.spaced else chars
        return any(
            gap is not None and gap <= limit
            for gap in (self.distance(first, second), self.distance(second, first))
        )

    def hit(self, span: Span, message: str) -> Hit:
        start, end = self.norm.original_span(*span)
        return Hit(*self.text.file_span(start, end), message)


def _overlap(first: Span, second: Span) -> bool:
    return first[0] < second[1] and second[0] < first[1]


class SpanIndex:
    """Answers "does this span overlap any of those?" in O(log n), so that a hostile text
    with thousands of matches in one sentence stays fast."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []  # the furthest end among spans[: i + 1]
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, span: Span) -> bool:
        # Spans starting before span's end; one of them overlaps if it ends after its start.
        count = bisect_left(self.starts, span[1])
        return count > 0 and self.reach[count - 1] > span[0]


def _without(spans: list[Span], vetoes: list[Span]) -> list[Span]:
    if not spans or not vetoes:
        return spans
    index = SpanIndex(vetoes)
    return [span for span in spans if not index.overlaps(span)]


class Nearby:
    """Sorted spans, and those of them that start within `reach` characters of a span."""

    def __init__(self, spans: list[Span], reach: int = NEAR_REACH) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]
        self.reach = reach

    def around(self, span: Span) -> list[Span]:
        low = bisect_left(self.starts, span[0] - self.reach)
        return self.spans[low : bisect_left(self.starts, span[1] + self.reach)]


def readers(template: Template) -> list[Reader]:
    language = template.language
    book = phrase_book(FAMILY, language) if language else None
    if book is None:
        return []  # `unsupported-locale` tells the user these checks could not run.
    return [Reader(text, book) for text in template.texts()]


def _quote(reader: Reader, span: Span) -> str:
    start, end = reader.norm.original_span(*span)
    return " ".join(reader.text.value[start:end].split())


# --- review-incentive ----------------------------------------------------------------------


def _incentives(reader: Reader, sentence: Sentence) -> list[Span]:
    found = reader.find("incentive", sentence)
    amounts = [m.span() for m in AMOUNT.finditer(reader.value, sentence.start, sentence.end)]
    return sorted(found + _without(amounts, found))


def _asks(reader: Reader, sentence: Sentence) -> bool:
    """Whether the sentence asks something of the buyer: a request form, a question, or a
    change or removal verb ("bitten wir Sie, Ihre Rezension zu löschen")."""
    text = reader.value[sentence.start : sentence.end].rstrip()
    return (
        text.endswith(("?", "？"))
        or reader.has("request", sentence)
        or bool(_verbs(reader, sentence))
    )


def _incentive_tied(reader: Reader, sentence: Sentence, purpose: str | None) -> bool:
    """Whether an incentive in this sentence is bound to a review or feedback."""
    if reader.fresh_reviews(sentence):
        return True
    if reader.has("exchange", sentence):
        # "If you do, we'll refund...", "as a thank-you": the review is in a sentence before,
        # or the whole message is a review request.
        if purpose == "review-request" and not reader.has("unhappy", sentence):
            return True  # a remedy ("if it broke, we'll then send...") is no exchange
        if any(reader.fresh_reviews(earlier) for earlier in reader.previous(sentence)):
            return True
    following = reader.following(sentence)
    # "Want a gift card? Just leave a review and send us a screenshot."
    return bool(
        following is not None
        and reader.fresh_reviews(following)
        and reader.has("requirement", following)
    )


def _implied_benefit(reader: Reader, sentence: Sentence) -> tuple[Span, str] | None:
    """A benefit tied to a review without an incentive word in the sentence: "in return"
    pointing back to one given just before, or goods promised once a review is removed."""
    reciprocity = reader.find("in-return", sentence)
    if reciprocity and reader.fresh_reviews(sentence) and _asks(reader, sentence):
        # "We refunded you. In return, please remove your review."
        earlier = next(
            (
                found
                for before in reversed(reader.previous(sentence))
                if not reader.has("unconditional", before)
                for found in _incentives(reader, before)
            ),
            None,
        )
        if earlier is not None:
            return reciprocity[0], (
                f"'{_quote(reader, reciprocity[0])}' asks for something about a review in "
                f"return for '{_quote(reader, earlier)}'; offer nothing for reviews, and give "
                "remedies only for the order's problem"
            )
    gifts = reader.find("give", sentence)
    if gifts and any(request.conditional for request in _change_requests(reader, sentence)):
        # "We'll send you a box of truffles once the feedback is removed."
        return gifts[0], (
            f"'{_quote(reader, gifts[0])}' promises something once a review or feedback is "
            "changed or removed; offer nothing for reviews"
        )
    return None


@rule("review-incentive", Severity.ERROR, "a benefit is offered for a review or feedback")
def review_incentive(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports any benefit offered or implied in exchange for a product review or seller
    feedback, or for changing or removing one: a refund, money, a gift or gift card, a
    discount or coupon, a free or discounted product, a rebate, a reimbursement, covering the
    return costs, an extended warranty, "a little surprise". The incentive and the review
    must be tied together: in one sentence, by "if you do" / "once it is online" / "as a
    thank-you" / "we'll then" pointing back to a review in the sentences before, by "just
    leave a review" right after the offer, or by an exchange phrase anywhere in a
    `review-request` template, or by "in return for this" in
    the review sentence pointing back to a benefit given just before ("we have refunded
    you... In return, please update your review"). Goods promised on the condition of a
    change ("we'll send you a box of truffles once the feedback is removed") are a benefit
    too. The finding points at the incentive (at "in return" or "we'll send you" in the
    last two cases).

    A refund, replacement or discount offered to solve the buyer's problem, with no review in
    sight, is left alone, and so is a remedy stated to be independent of any review ("whether
    or not you leave a review").

    ## Why it matters
    Amazon's Customer Product Reviews policy and the Buyer-Seller Messaging Communication
    Guidelines forbid offering compensation of any kind for a review or for changing or
    removing one, including refunds and free products. Incentivised reviews are removed, and
    the seller risks losing their selling privileges.

    ## Example
    ```markdown
    ---
    id: review-incentive-doc-example
    locale: en-US
    purpose: review-request
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Thank you for your order {{order_id}}.

    Leave a review on the product page and we will send you a gift card as a thank-you.
    ```

    ## Use instead
    ```markdown
    ---
    id: review-incentive-doc-clean
    locale: en-US
    purpose: review-request
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Thank you for your order {{order_id}}.

    If you have a moment, please share your experience with other buyers in a review on the
    product page.
    ```

    ## Options
    None.
    """
    for reader in readers(template):
        for sentence in reader.sentences:
            if reader.has("unconditional", sentence):
                continue
            incentives = _incentives(reader, sentence)
            if not incentives:
                implied = _implied_benefit(reader, sentence)
                if implied is not None:
                    yield reader.hit(*implied)
                continue
            if incentives and _incentive_tied(reader, sentence, template.purpose):
                # Point at the benefit itself, not at "as a little thank-you" around it.
                exchange = SpanIndex(reader.find("exchange", sentence))
                incentives.sort(key=exchange.overlaps)
                yield reader.hit(
                    incentives[0],
                    f"'{_quote(reader, incentives[0])}' is offered in connection with a review "
                    "or feedback; offer nothing for reviews: ask neutrally, and give remedies "
                    "only for the order's problem, never tied to a review",
                )


# --- review-change-request -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    verb: Span
    removal: bool
    seller_feedback: bool
    polite_request: bool
    # After "once" / "dès que" / "sobald": the removal is a condition ("a gift once the
    # feedback is removed"), not a further ask.
    conditional: bool


def _verbs(reader: Reader, sentence: Sentence) -> list[tuple[Span, bool, bool]]:
    """(span, is removal, stands after its object) for every change or removal verb."""
    verbs = []
    for name, removal, after in (
        ("remove", True, False),
        ("remove-after", True, True),
        ("change", False, False),
        ("change-after", False, True),
    ):
        verbs += [(span, removal, after) for span in reader.find(name, sentence)]
    return sorted(verbs)


def _verb_groups(
    verbs: list[tuple[Span, bool, bool]],
) -> Iterator[list[tuple[Span, bool, bool]]]:
    """Runs of overlapping verb readings (the list is sorted by start)."""
    group: list[tuple[Span, bool, bool]] = []
    end = -1
    for reading in verbs:
        if group and reading[0][0] >= end:
            yield group
            group = []
        group.append(reading)
        end = max(end, reading[0][1]) if len(group) > 1 else reading[0][1]
    if group:
        yield group


def _governs(reader: Reader, verb: Span, noun: Span, after: bool) -> bool:
    """Whether the verb acts on the noun: close to it, in the verb's direction, one clause."""
    if _overlap(verb, noun):
        return True
    gap = reader.distance(noun, verb) if after else reader.distance(verb, noun)
    if gap is None:
        return False
    if not reader.spaced:
        return gap <= NEAR_CHARS
    return gap <= (NEAR_WORDS_VERB_LAST if after else NEAR_WORDS)


def _next_to(reader: Reader, verb: Span, anaphor: Span, before: bool) -> bool:
    """A pronoun right after the verb ("remove it"), or before it with `before` ("la
    retirer", "それを削除"); an enclitic form ("eliminarla") overlaps the verb."""
    if _overlap(verb, anaphor):
        return True
    gap = reader.distance(anaphor, verb) if before else reader.distance(verb, anaphor)
    return gap is not None and gap <= (1 if reader.spaced else 4)


def _last_mention(reader: Reader, sentence: Sentence) -> bool | None:
    """Whether the last review mention in the sentences before was seller feedback (None:
    there was none)."""
    for earlier in reversed(reader.previous(sentence)):
        antecedents = reader.reviews(earlier)
        if antecedents:
            return reader.seller_feedback(earlier).overlaps(antecedents[-1])
    return None


def _is_seller_feedback(reader: Reader, sentence: Sentence, noun: Span, pointers: Nearby) -> bool:
    """A noun names seller feedback, or points back to it: "this rating" after a sentence
    about the buyer's seller feedback."""
    if reader.seller_feedback(sentence).overlaps(noun):
        return True
    pointed = any(_next_to(reader, noun, pointer, True) for pointer in pointers.around(noun))
    if not pointed:
        return False
    # "this product review", "the review on the product page": named as a product review.
    product = Nearby(reader.find("product-review", sentence))
    if any(_next_to(reader, noun, word, True) for word in product.around(noun)):
        return False
    return _last_mention(reader, sentence) is True


def _taken_over(reader: Reader, verb: Span, before: Nearby, after: Nearby) -> bool:
    """Whether the verb is negated or done by the seller, not asked of the buyer: "sellers
    can't edit reviews", "give us the chance to correct it", "修正させていただきます"."""
    limit = NEAR_VERB_WORDS if reader.spaced else NEAR_VERB_CHARS

    def close(first: Span, second: Span) -> bool:
        gap = reader.gap(first, second)
        return _overlap(first, second) or (gap is not None and gap <= limit)

    return any(close(span, verb) for span in before.around(verb)) or any(
        close(verb, span) for span in after.around(verb)
    )


def _antecedent(
    reader: Reader, sentence: Sentence, point: Span, nouns: Nearby, problems: list[int]
) -> tuple[Span, Sentence] | None:
    """The review a pronoun next to the point stands for: the last review named before it,
    earlier in the sentence ("As for your review, could you update it?") or in the sentences
    before. A hypothetical problem in between ("if something is wrong, let us fix it") is
    the nearer antecedent. `problems`: sorted ends of such problem phrases."""
    before = bisect_left(nouns.starts, point[0])
    while before > 0 and nouns.spans[before - 1][1] > point[0]:
        before -= 1  # a noun overlapping the point is governed, not an antecedent
    # The last problem phrase ending before the point, if any.
    problem_end = problems[bisect_right(problems, point[0]) - 1] if problems else -1
    if problem_end > point[0]:
        problem_end = -1
    if before > 0:
        noun = nouns.spans[before - 1]
        return None if problem_end >= noun[1] else (noun, sentence)
    if problem_end >= 0:
        return None
    for earlier in reversed(reader.previous(sentence)):
        antecedents = reader.reviews(earlier)
        if antecedents:
            return antecedents[-1], earlier
    return None


def _topic_nouns(reader: Reader, sentence: Sentence, nouns: Nearby) -> list[Span]:
    """Reviews named as the topic of the sentence ("レビューにつきまして、…修正して"): a later
    verb of the sentence acts on them, across commas."""
    topics = Nearby(reader.find("topic-after", sentence))
    if not topics.spans:
        return []
    return [
        noun
        for noun in nouns.spans
        if any(_next_to(reader, noun, topic, False) for topic in topics.around(noun))
    ]


def _change_requests(reader: Reader, sentence: Sentence) -> Iterator[ChangeRequest]:
    if reader.has("not-request", sentence):
        return
    polite = reader.has("request", sentence) or reader.value[
        sentence.start : sentence.end
    ].rstrip().endswith(("?", "？"))
    # Japanese sellers report their own edits in the same words ("評価を参考に仕様を変更しました"):
    # there, only a request form makes it a request.
    if not reader.spaced and not polite:
        return
    nouns = Nearby(reader.reviews(sentence))
    anaphors = Nearby(reader.find("anaphor", sentence))
    anaphors_before = Nearby(reader.find("anaphor-before", sentence))
    pointers = Nearby(reader.find("demonstrative", sentence))
    takers_before = Nearby(reader.find("unable", sentence) + reader.find("own-action", sentence))
    takers_after = Nearby(
        reader.find("unable-after", sentence) + reader.find("own-action-after", sentence)
    )
    topic_nouns = _topic_nouns(reader, sentence, nouns)
    problems = sorted(end for _, end in reader.find("problem-condition", sentence))
    conditions = [
        start for name in ("exchange", "requirement") for start, _ in reader.find(name, sentence)
    ]
    first_condition = min(conditions, default=sentence.end)

    def conditional(verb: Span) -> bool:
        # "once it is removed": the marker comes first; Japanese puts it after the verb
        # ("削除していただけましたら").
        if reader.spaced:
            return first_condition < verb[0]
        return any(verb[1] <= start <= verb[1] + NEAR_CHARS for start in conditions)

    def governed_reading(verb: Span, after: bool) -> Span | None:
        # Only nouns within reach can be governed; this keeps long sentences linear.
        governed = next(
            (noun for noun in nouns.around(verb) if _governs(reader, verb, noun, after)), None
        )
        if governed is None and polite and topic_nouns and topic_nouns[0][1] <= verb[0]:
            governed = topic_nouns[0]
        return governed

    def pronoun_reading(verb: Span) -> tuple[Span, Sentence] | None:
        # "Would you consider removing it?", "once it is removed": a review named before.
        if not polite and not conditional(verb):
            return None
        pronouns = [
            anaphor for anaphor in anaphors.around(verb) if _next_to(reader, verb, anaphor, False)
        ] + [
            anaphor
            for anaphor in anaphors_before.around(verb)
            if _next_to(reader, verb, anaphor, True)
        ]
        if not pronouns:
            return None
        # The antecedent stands before the pronoun: in "diese Bewertung entfernen", "diese"
        # is no pronoun but the noun's determiner.
        return _antecedent(reader, sentence, min([*pronouns, verb]), nouns, problems)

    for group in _verb_groups(_verbs(reader, sentence)):
        # Overlapping verbs ("zu entfernen" / "entfernen", read before or after the noun)
        # are one verb: one request at most, and a noun it governs outranks a pronoun.
        readings = [
            (verb, removal, after)
            for verb, removal, after in group
            if not _taken_over(reader, verb, takers_before, takers_after)
        ]
        request: ChangeRequest | None = None
        for verb, removal, after in readings:
            governed = governed_reading(verb, after)
            if governed is not None:
                seller = _is_seller_feedback(reader, sentence, governed, pointers)
                request = ChangeRequest(verb, removal, seller, polite, conditional(verb))
                break
        else:
            for verb, removal, _after in readings:
                found = pronoun_reading(verb)
                if found is not None:
                    noun, where = found
                    seller = _is_seller_feedback(reader, where, noun, Nearby([]))
                    request = ChangeRequest(verb, removal, seller, polite, conditional(verb))
                    break
        if request is not None:
            yield request


@rule(
    "review-change-request",
    Severity.ERROR,
    "asks the buyer to remove, change or reconsider a review or rating",
)
def review_change_request(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a request to remove, delete, change, update, edit, revise, reconsider or withdraw
    a product review or a rating, seller feedback included: the verb must act on the review
    (close to it, in one clause, or with the review named as the sentence's topic:
    "レビューにつきまして、…修正して") or on a pronoun for a review named before it ("as for
    your review, would you consider updating it?", "we'd be grateful if you could delete
    it"). The finding points at the verb.

    A verb that is negated or done by the seller is no request: "sellers can't edit
    reviews", "if anything is wrong, let us correct it", "修正させていただきます". When the
    message answers the buyer's own question ("you asked how to add photos to your
    review"), the steps and quoted button names ("Edit review") are left alone; a polite
    request or a question in it is still reported.

    One exception: in a `feedback-removal` template, one polite request to remove negative
    *seller feedback* is what Amazon permits ("this rating" after a sentence about the
    buyer's seller feedback is that feedback; "this product review" is not). A reward
    promised "once the feedback is removed" is no second request (review-incentive reports
    it). A second request in the same message, a request
    to change (rather than remove) the feedback, a request about a product review, or a
    seller-feedback removal request in a template of any other purpose is still reported.

    ## Why it matters
    Amazon's Customer Product Reviews policy and Communication Guidelines forbid asking buyers
    to change or remove product reviews; a product review belongs to the buyer and the
    shoppers who read it. Only seller feedback may be the subject of a single, polite removal
    request, after the problem is solved, in a message sent for that purpose.

    ## Example
    ```markdown
    ---
    id: review-change-request-doc-example
    locale: en-US
    purpose: customer-service
    ---
    We are glad the replacement blender works well.

    Now that everything is sorted, could you update your review on the product page?
    ```

    ## Use instead
    ```markdown
    ---
    id: review-change-request-doc-clean
    locale: en-US
    purpose: customer-service
    ---
    We are glad the replacement blender works well.

    Thank you for giving us the chance to put things right.
    ```

    ## Options
    None.
    """
    removal_purpose = template.purpose == "feedback-removal"
    allowance_used = False
    all_readers = readers(template)
    # Answering the buyer's own question ("you asked how to add photos to your review"):
    # the steps and the button names quoted in them are no request; a polite ask still is.
    answering = any(
        reader.has("buyer-asked", sentence)
        for reader in all_readers
        for sentence in reader.sentences
    )
    for reader in all_readers:
        labels = SpanIndex([m.span() for m in QUOTED.finditer(reader.value)]) if answering else None
        for sentence in reader.sentences:
            for request in _change_requests(reader, sentence):
                if labels is not None and (
                    not request.polite_request or labels.overlaps(request.verb)
                ):
                    continue
                permitted = removal_purpose and request.removal and request.seller_feedback
                if permitted and request.conditional:
                    continue  # a reward "once it is removed" is review-incentive's concern
                if permitted and not allowance_used:
                    allowance_used = True
                    continue
                if permitted and not request.polite_request:
                    continue  # instructions ("you can remove it under Your Orders")
                if permitted:
                    message = (
                        "asks again to remove the seller feedback; a feedback-removal message "
                        "may ask once, politely"
                    )
                elif removal_purpose and request.seller_feedback:
                    message = (
                        f"'{_quote(reader, request.verb)}': a feedback-removal message may only "
                        "ask whether the buyer would remove the seller feedback, not change it"
                    )
                else:
                    message = (
                        f"'{_quote(reader, request.verb)}' asks the buyer to change or remove a "
                        "review or rating; solve the problem and leave the review to the buyer "
                        "(seller feedback only: one polite request in a feedback-removal "
                        "template)"
                    )
                yield reader.hit(request.verb, message)
                break  # one finding per sentence


# --- positive-review-request ---------------------------------------------------------------


def _not_neutralised(positives: list[Span], neutral: list[Span], reviews: list[Span]) -> list[Span]:
    """Drops positives a neutral phrase overlaps ("every review, positive or negative",
    "from 1 to 5 stars"), except where the two share only the review noun: "every review"
    in "every positive review makes the difference" picks out the positive ones."""

    def shares_the_noun(phrase: Span, positive: Span) -> bool:
        shared = (positive[0], phrase[1])
        return phrase[0] < positive[0] < phrase[1] < positive[1] and any(
            review[0] <= shared[0] and shared[1] <= review[1] for review in reviews
        )

    return [
        positive
        for positive in positives
        if not any(_overlap(n, positive) and not shares_the_noun(n, positive) for n in neutral)
    ]


def _not_praise_for_existing(
    reader: Reader, sentence: Sentence, positives: list[Span], references: list[Span]
) -> list[Span]:
    """Drops "5 stars" that describe the review the buyer already wrote: next to a thank-you
    or a past tense ("thank you for your review, 5 stars", "the 5 stars you gave us")."""
    thanks = Nearby(references + reader.find("past-review", sentence))
    if not thanks.spans:
        return positives
    return [
        positive
        for positive in positives
        if not any(
            reader.near(positive, span, NEAR_REFERENCE_WORDS, NEAR_REFERENCE_CHARS)
            for span in thanks.around(positive)
        )
    ]


def _unwritten_reviews(reader: Reader, sentence: Sentence) -> list[Span]:
    """Review mentions that can still be written: not a thank-you for or a reading of the
    buyer's review, nor one they already left or mentioned ("the feedback you left")."""
    # "the reviews you mentioned": a past tense of mentioning names an existing review too.
    past = Nearby(reader.find("past-review", sentence) + reader.find("dictate-not", sentence))
    limit = NEAR_REFERENCE_WORDS if reader.spaced else NEAR_REFERENCE_CHARS

    def left(noun: Span, span: Span) -> bool:
        # Across a comma too: "the review, which you left", "la reseña que nos dejó".
        gaps = (reader.gap(noun, span), reader.gap(span, noun))
        return _overlap(noun, span) or any(g is not None and g <= limit for g in gaps)

    return [
        noun
        for noun in reader.fresh_reviews(sentence)
        if not any(left(noun, span) for span in past.around(noun))
    ]


@rule(
    "positive-review-request",
    Severity.ERROR,
    "asks for a positive or 5-star review, or tells the buyer what to write",
)
def positive_review_request(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a request for a positive, good, glowing or 5-star review, rating or feedback
    ("a 5-star review would mean the world to us", "a few kind words on the product page",
    "星5つ"), or saying that positive ones are what counts ("every positive review makes a
    difference"), in the subject or the body, and telling the buyer what to write ("please
    mention how fast it arrived", "write in your review that...", next to a review request).
    The finding points at the words that ask for the positive review.

    A neutral request is left alone: "please share your experience with other buyers",
    "every review, positive or negative, helps", "an honest review"; so is a thank-you for a
    positive review the buyer already wrote ("thank you for your 5-star review", "the five
    stars you gave us"), and a report of what their review said ("you mentioned in your
    review that...").

    ## Why it matters
    Amazon's Customer Product Reviews policy and Communication Guidelines allow only neutral
    review requests: a seller may not ask for a positive review or influence what the buyer
    writes. Such requests get reviews removed and can cost the seller their account.

    ## Example
    ```markdown
    ---
    id: positive-review-request-doc-example
    locale: en-US
    purpose: review-request
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Thank you for your order {{order_id}}.

    If you could leave us a 5-star review, it would mean the world to our small team.
    ```

    ## Use instead
    ```markdown
    ---
    id: positive-review-request-doc-clean
    locale: en-US
    purpose: review-request
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Thank you for your order {{order_id}}.

    If you have a moment, please share your experience with other buyers in a review. Every
    review, positive or negative, helps others choose.
    ```

    ## Options
    None.
    """
    for reader in readers(template):
        for sentence in reader.sentences:
            neutral = reader.find("neutral", sentence)
            references = reader.find("review-reference", sentence)
            positives = _without(
                _not_neutralised(
                    reader.find("positive", sentence), neutral, reader.reviews(sentence)
                ),
                references,
            )
            if positives:
                positives = _not_praise_for_existing(reader, sentence, positives, references)
            if positives:
                yield reader.hit(
                    positives[0],
                    f"'{_quote(reader, positives[0])}' asks for a positive review or rating; "
                    "ask neutrally for an honest review and let the buyer decide what to write",
                )
                continue
            dictated = reader.find("dictate", sentence)
            # "You mentioned in your review that...": a report of what the buyer wrote.
            if dictated and not neutral and not reader.has("dictate-not", sentence):
                context_sentences = [sentence, *reader.previous(sentence, 1)]
                if any(_unwritten_reviews(reader, s) for s in context_sentences):
                    yield reader.hit(
                        dictated[0],
                        f"'{_quote(reader, dictated[0])}' tells the buyer what to write in the "
                        "review; ask neutrally and let the buyer choose the words",
                    )


# --- review-gating -------------------------------------------------------------------------


def _opening_question(reader: Reader, sentence: Sentence, name: str) -> list[Span]:
    """Matches of `name` that open a sentence ending in a question mark ("Gefällt es
    Ihnen? Dann..."); the same words inside a statement ("wir hoffen, es gefällt Ihnen")
    are no condition."""
    text = reader.value[sentence.start : sentence.end].rstrip()
    if not text.endswith(("?", "？")):
        return []
    opening = sentence.start + len(text) - len(text.lstrip(" \t\n¿*_>#-"))
    return [span for span in reader.find(name, sentence) if span[0] == opening]


def _is_condition(reader: Reader, sentence: Sentence) -> bool:
    """A sentence that sets a condition: a question ("Not happy?") or an "if" clause."""
    text = reader.value[sentence.start : sentence.end].rstrip()
    return text.endswith(("?", "？")) or reader.has("problem-condition", sentence)


def _mentions_review(readers_: list[Reader]) -> bool:
    """Whether the message asks about a review at all (a thank-you for one does not)."""
    return any(
        reader.fresh_reviews(sentence) for reader in readers_ for sentence in reader.sentences
    )


@rule(
    "review-gating",
    Severity.ERROR,
    "asks only satisfied buyers to review, or steers unhappy ones away from reviewing",
)
def review_gating(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports review gating: a review request addressed only to satisfied buyers ("if you love
    it, leave a review", "Happy with your order? Tell others in a review"), and steering
    unhappy buyers away from reviewing ("before leaving negative feedback, please contact
    us", "if not, contact us first", "don't leave a review yet"). The finding points at the
    condition or the steering words.

    "If anything is wrong with your order, reply to this message" is left alone in a message
    that asks for no review: offering help is fine; making it a gate in front of the review
    is not. A problem merely described ("the courier will collect the faulty unit") sets no
    condition for the sentence after it; only a question or an "if" clause does. A
    condition on changing an existing review ("once it works, could you update your
    review?") is left to review-change-request.

    ## Why it matters
    Amazon's Customer Product Reviews policy and Communication Guidelines forbid asking only
    buyers with a positive experience for reviews, and diverting unhappy buyers before they
    review: both bias the reviews other shoppers rely on.

    ## Example
    ```markdown
    ---
    id: review-gating-doc-example
    locale: en-US
    purpose: review-request
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Your order {{order_id}} was delivered last week.

    If you love it, please leave a review. If not, contact us first and we will make it right.
    ```

    ## Use instead
    ```markdown
    ---
    id: review-gating-doc-clean
    locale: en-US
    purpose: review-request
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Your order {{order_id}} was delivered last week.

    If you have a moment, please share your experience with other buyers in a review.
    ```

    ## Options
    None.
    """
    all_readers = readers(template)
    asks_review = _mentions_review(all_readers)
    for reader in all_readers:
        for sentence in reader.sentences:
            neutral = reader.has("neutral", sentence)
            following = reader.following(sentence)
            nearby = [sentence] if following is None else [sentence, following]
            span: Span | None = None
            message = ""
            satisfied = reader.find("satisfied", sentence) + _opening_question(
                reader, sentence, "satisfied-question"
            )
            before = reader.find("before-review", sentence)
            unhappy = reader.find("unhappy", sentence)
            if before:
                span = before[0]
                message = (
                    f"'{_quote(reader, span)}' steers unhappy buyers away from reviewing; "
                    "offer help without any condition on reviews"
                )
            elif (
                satisfied
                and not neutral
                # "Once it works, could you update your review?": a condition on changing a
                # review is review-change-request's concern, not gating of new reviews.
                and not any(_change_requests(reader, sentence))
                and any(reader.reviews(s) and not reader.has("neutral", s) for s in nearby)
            ):
                span = satisfied[0]
                message = (
                    f"'{_quote(reader, span)}' asks only satisfied buyers for a review; "
                    "ask every buyer, neutrally"
                )
            elif (
                unhappy
                and asks_review
                and (
                    reader.has("steer", sentence)
                    # "Not happy? Contact us first." A problem merely described ("the
                    # faulty unit will be collected") is no condition for the next sentence.
                    or (
                        following is not None
                        and _is_condition(reader, sentence)
                        and reader.has("steer", following)
                    )
                )
            ):
                span = unhappy[0]
                message = (
                    f"'{_quote(reader, span)}' sends unhappy buyers to you before they review; "
                    "offer help without any condition on reviews"
                )
            if span is not None:
                yield reader.hit(span, message)


RULES: tuple[Rule, ...] = (
    review_incentive,
    review_change_request,
    positive_review_request,
    review_gating,
)
