"""Commercial rules: marketing inside a message, and asking the buyer to cancel the order.

Both read the subject and the body sentence by sentence, with the phrase lists of
`phrases/promotion/<language>.yaml`; a language without lists is left to `unsupported-locale`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from replylint.language import PhraseBook, normalize, phrase_book, sentences
from replylint.model import Hit, Severity
from replylint.rules.base import Context, Rule, rule
from replylint.template import Template, Text

FAMILY = "promotion"

# Lists that are marketing on their own, with what the finding tells the author.
SINGLE_LISTS: tuple[tuple[str, str], ...] = (
    ("discount-code", "a coupon or discount code is promotion"),
    ("sale", "advertising a sale or special offer is promotion"),
    ("new-products", "announcing new or other products is promotion"),
    ("cross-sell", "recommending other products (cross-selling, upselling) is promotion"),
    ("store", "inviting the buyer to visit your store is promotion"),
    ("social", "asking the buyer to follow you is promotion"),
    ("newsletter", "newsletter sign-ups are promotion"),
    ("giveaway", "giveaways and prize draws are promotion"),
    ("referral", "referral rewards are promotion"),
)
# Lists that are marketing only together in one sentence: a discount alone may be the
# remedy for this order's problem; on a future purchase, or with a code to enter, it is a
# coupon. Your own shop named for this order's problem is not marketing; for next time, it
# is. `percent` is not a list but any percentage ("15%", "15 %"), in every language.
PAIRED_LISTS: tuple[tuple[str, str, str], ...] = (
    ("discount", "future-purchase", "a discount on a future purchase is promotion"),
    ("reduction", "future-purchase", "a discount on a future purchase is promotion"),
    ("percent", "future-purchase", "a discount on a future purchase is promotion"),
    ("discount", "code", "a discount code is promotion"),
    ("reduction", "code", "a discount code is promotion"),
    ("percent", "code", "a discount code is promotion"),
    ("own-shop", "future-purchase", "inviting the buyer to shop with you next time is promotion"),
)
# Pairs of lists that ask the buyer to cancel when both are in one sentence.
CANCEL_PAIRS: tuple[tuple[str, str], ...] = (
    ("cancel-ask", "cancel-verb"),
    ("cancel-verb", "reorder"),
)
CODE_TOKEN = re.compile(
    r"(?<!\w)(?:code|codes|código|codigo|codice|gutscheincode|rabattcode|aktionscode|コード)"
    r"[ \t]?[:：]?[ \t]?[\"'«“„「]?[a-z]{3,}\d{1,3}(?!\w)"
)
CLAUSE_MARK = re.compile(r"[,;:、，；：]")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Findings about the seller's shop, which a diversion of this sale explains (see below).
SHOP_FINDINGS = frozenset(what for name, what in SINGLE_LISTS if name in {"cross-sell", "store"})
PERCENT = re.compile(r"(?<!\d)\d+(?:[.,]\d+)?\s?%|%\s?\d")
PROMOTION_ADVICE = (
    "Amazon's Communication Guidelines forbid marketing and promotional messages: remove it "
    "(a discount or partial refund for this order's problem, refunded through Amazon, is fine)"
)


def _sentence_spans(text: Text) -> Iterator[tuple[str, int, int]]:
    """The normalised text of `text`, with each sentence's span in normalised indices."""
    norm = normalize(text.value)
    for start, end in sentences(norm.value):
        yield norm.value, start, end


def _report(text: Text, start: int, end: int, message: str) -> Hit:
    norm = normalize(text.value)
    return Hit(*text.file_span(*norm.original_span(start, end)), message)


def _first(book: PhraseBook, name: str, value: str, start: int, end: int) -> re.Match[str] | None:
    if name == "percent":
        return PERCENT.search(value, start, end)
    match = next(book.find(name, value, start, end), None)
    if name == "code":
        # A code to type in ("code AUTUMN15") is a code in every language.
        token = CODE_TOKEN.search(value, start, end)
        if token and (match is None or token.start() < match.start()):
            return token
    return match


def _promotion_in(
    book: PhraseBook, value: str, start: int, end: int
) -> tuple[int, int, str] | None:
    """The first trigger of a sentence: (start, end, what it is), or None.

    A sentence about how this order was bought ("the Lightning Deal price you paid", "the
    promotional code was applied at checkout") is not marketing, unless it also turns to
    a future purchase.
    """
    if book.search("past-purchase", value, start, end) and not book.search(
        "future-purchase", value, start, end
    ):
        return None
    found: list[tuple[int, int, str]] = []
    for name, what in SINGLE_LISTS:
        match = _first(book, name, value, start, end)
        if match:
            found.append((match.start(), match.end(), what))
    for first, second, what in PAIRED_LISTS:
        one = _first(book, first, value, start, end)
        two = _first(book, second, value, start, end) if one else None
        if one and two:
            found.append((min(one.start(), two.start()), max(one.end(), two.end()), what))
    return min(found) if found else None


def _diverts(book: PhraseBook, value: str, start: int, end: int) -> re.Match[str] | None:
    """The buyer is steered to cancel this order and buy it elsewhere ("you can cancel the
    Amazon order and order it from our website"): the cancel words, or None."""
    cancel = _first(book, "cancel-yourself", value, start, end)
    if cancel is None or not book.search("elsewhere", value, start, end):
        return None
    # Only a "no need to cancel" of the cancelling clause itself: "if you do not want to
    # wait, cancel the order and ..." is still a request.
    clause_start = start
    for mark in CLAUSE_MARK.finditer(value, start, cancel.start()):
        clause_start = mark.end()
    return None if book.search("cancel-not", value, clause_start, end) else cancel


def _paragraphs(value: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(value):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(value)))
    return spans


def _diverted_paragraphs(book: PhraseBook, value: str) -> list[tuple[int, int]]:
    """Paragraphs that send the buyer to buy this order elsewhere, with the one before them.
    There, "still in stock in our online shop" is that diversion (off-platform-payment and
    cancel-request), not the cross-selling of other products."""
    paragraphs = _paragraphs(value)
    diverted = []
    for index, (start, end) in enumerate(paragraphs):
        if any(
            _diverts(book, value, s_start + start, s_end + start)
            for s_start, s_end in sentences(value[start:end])
        ):
            # The paragraph before often leads up to it ("we still have two in our shop").
            diverted.append((paragraphs[max(0, index - 1)][0], end))
    return diverted


@rule("promotion", Severity.ERROR, "the message advertises: coupons, sales, other products")
def promotion(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports marketing in the subject or body, one finding per sentence, at the words that
    advertise: coupon and discount codes, sales and special offers, discounts on future
    purchases, new collections and other products (cross-selling and upselling: "customers
    pair it with our matching lid", "the Pro model is in our store"), "visit our store",
    shopping with you "next time", "follow us", newsletters, giveaways and referral rewards.
    A discount or partial refund given as the remedy for this order's problem is not
    promotion: only a discount tied to a code or to a future purchase is; nor is your own
    shop named for this order's problem (`off-platform-payment` judges that). Offered for a
    review, a discount code or a discount on the next order is promotion and
    `review-incentive`; a refund, gift card or gift for a review is `review-incentive` alone.
    Pointing to the seller's shop as the place to buy this very order instead ("still in
    stock in our online shop: cancel the Amazon order and order it there") is
    `off-platform-payment` and `cancel-request`, not promotion.

    ## Why it matters
    Amazon's Communication Guidelines forbid marketing and promotional messages in Buyer-Seller
    Messaging; messages may only carry what the buyer needs to complete the order or to answer
    their question. Sellers who advertise lose messaging permissions or their account.

    ## Example
    ```markdown
    ---
    id: promotion-doc-example
    locale: en-US
    purpose: shipping-update
    ---
    Your parcel left our warehouse today and arrives on Friday.

    Our new autumn collection has just launched: use code AUTUMN15 for 15% off your next order!
    ```

    ## Use instead
    ```markdown
    ---
    id: promotion-doc-use-instead
    locale: en-US
    purpose: shipping-update
    ---
    Your parcel left our warehouse today and arrives on Friday.
    ```

    ## Options
    None. Phrase lists per language live in `phrases/promotion/<language>.yaml`.
    """
    book = phrase_book(FAMILY, template.language or "")
    if book is None:
        return
    for text in template.texts():
        diverted: list[tuple[int, int]] | None = None
        for value, start, end in _sentence_spans(text):
            found = _promotion_in(book, value, start, end)
            if found:
                hit_start, hit_end, what = found
                if what in SHOP_FINDINGS:
                    if diverted is None:
                        diverted = _diverted_paragraphs(book, value)
                    if any(p_start <= start < p_end for p_start, p_end in diverted):
                        continue
                yield _report(text, hit_start, hit_end, f"{what}; {PROMOTION_ADVICE}")


@rule("cancel-request", Severity.WARNING, "the message asks the buyer to cancel the order")
def cancel_request(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a sentence that asks or steers the buyer to cancel the order themselves ("could
    you cancel the order from your account?", "please request a cancellation", "cancel the
    Amazon order and buy from our website", "cancel it and order again with the right
    address"), also when the request and the verb lie far apart in the sentence ("wir
    möchten Sie bitten, die Bestellung in Ihrem Konto ... zu stornieren"), or the request
    is a condition or advice ("we can engrave it if you cancel the order on your end",
    "you'd be better off cancelling"). Explaining a cancellation the buyer asked for, the
    seller's own cancellation ("we will have to cancel"), or offering to cancel it for
    them, is fine.

    ## Why it matters
    An order the seller cannot fulfil is the seller's to cancel, in Seller Central. Amazon
    measures sellers by their cancellation rate; asking the buyer to cancel instead hides the
    seller's cancellation and hands the work to the buyer, and Amazon's Communication
    Guidelines allow messages about an order issue to resolve it, not to push it onto the
    buyer. Buyers also report such requests.

    ## Example
    ```markdown
    ---
    id: cancel-request-doc-example
    locale: en-US
    purpose: order-issue
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    The lamp in order {{order_id}} is out of stock. Could you please cancel the order from
    your Amazon account?
    ```

    ## Use instead
    ```markdown
    ---
    id: cancel-request-doc-use-instead
    locale: en-US
    purpose: order-issue
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    The lamp in order {{order_id}} is out of stock, so we have cancelled the order; Amazon
    refunds you in full within a few days.
    ```

    ## Options
    None. Phrase lists per language live in `phrases/promotion/<language>.yaml`.
    """
    book = phrase_book(FAMILY, template.language or "")
    if book is None:
        return
    for text in template.texts():
        for value, start, end in _sentence_spans(text):
            found = _cancel_request_in(book, value, start, end)
            # "No need to cancel anything yourself", "we'll cancel it here": not a request.
            if found and book.search("cancel-not", value, start, end):
                found = None
            # "You can cancel the Amazon order and buy it on our website" steers as well.
            diverted = None if found else _diverts(book, value, start, end)
            found = found or (diverted.span() if diverted else None)
            if found:
                yield _report(
                    text,
                    *found,
                    "asks the buyer to cancel the order; cancel it yourself in Seller Central "
                    "(and tell the buyer it is done) instead of asking them to",
                )


def _cancel_request_in(
    book: PhraseBook, value: str, start: int, end: int
) -> tuple[int, int] | None:
    """Where a sentence asks the buyer to cancel: (start, end), or None.

    Beside the set requests of `cancel-request`, two words far apart in one sentence make a
    request: a request frame and the verb ("wir möchten Sie bitten, die Bestellung in Ihrem
    Konto unter ... zu stornieren"), or the verb and placing the order again ("cancel it and
    reorder with the right address", "annuler et le commander sur notre site").
    """
    match = _first(book, "cancel-request", value, start, end)
    if match:
        return match.start(), match.end()
    for first, second in CANCEL_PAIRS:
        one = _first(book, first, value, start, end)
        two = _first(book, second, value, start, end) if one else None
        if one and two:
            return min(one.start(), two.start()), max(one.end(), two.end())
    return None


RULES: tuple[Rule, ...] = (promotion, cancel_request)
