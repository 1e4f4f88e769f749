"""Rules on a template's file and metadata: parsing, the schema, ids, purposes, length."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from replylint import schema as template_schema
from replylint.model import Hit, Severity
from replylint.placeholders import STYLES, Placeholder, render, scan
from replylint.rules.base import Context, Rule, rule
from replylint.template import Template, Text

# Purposes Amazon permits for seller-initiated (proactive) messages.
PROACTIVE_PURPOSES = frozenset({
    "order-issue", "order-info-request", "return-question", "invoice", "review-request",
    "feedback-removal", "delivery-scheduling", "service-appointment", "custom-design",
    "warranty", "legal-disclosure", "digital-access-key",
})  # fmt: skip
# The only purposes whose subject may carry an [Important] tag.
CRITICAL_PURPOSES = frozenset(
    {"order-info-request", "delivery-scheduling", "service-appointment", "custom-design"}
)
# "[Important]" in the marketplace languages (fr "Important", es/it "Importante"), matched
# case-insensitively inside [ ], full-width ［ ］ or the 【 】 Japanese sellers write.
IMPORTANT_TAG = re.compile(
    r"[\[【［]\s*(?:important|importante|wichtig|重要)\s*[\]】］]", re.IGNORECASE
)
ORDER_ID = re.compile(r"(?<!\d)\d{3}-\d{7}-\d{7}(?!\d)")
# Placeholder names that carry an order id, in the marketplace languages.
ORDER_WORDS = ("order", "bestell", "auftrag", "commande", "pedido", "ordine", "chumon", "chuumon")


@rule("parse-error", Severity.ERROR, "the file cannot be read as a template")
def parse_error(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a file that cannot be read as a template: bytes that are not UTF-8 (a BOM is
    fine), a YAML syntax error, front matter that is never closed, a Markdown file without
    front matter, or a YAML file that holds no template.

    ## Why it matters
    A template that cannot be read cannot be checked, and Seller Central cannot use it either.
    The other files are still checked.

    ## Example
    ```markdown
    ---
    id: late-parcel
    locale: en-US
    purpose: shipping-update
    Your parcel is on its way.
    ```

    ## Use instead
    ```markdown
    ---
    id: late-parcel
    locale: en-US
    purpose: shipping-update
    ---
    Your parcel is on its way and arrives on Thursday.
    ```

    ## Options
    None.
    """
    return iter(())


@rule("schema", Severity.ERROR, "metadata breaks schemas/template.schema.json")
def schema(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Validates the metadata against `schemas/template.schema.json`: a missing required field,
    a wrong type, an unknown field (a typo such as `purpsoe:` names the field it resembles),
    a value outside its list, an id that is not kebab-case, a locale that is not a language
    tag. One finding per problem, at the offending key or value.

    ## Why it matters
    Ids, locales and purposes drive every other rule and Seller Central's template list; a typo
    must not pass silently.

    ## Example
    ```markdown
    ---
    id: gift-wrap-answer
    locale: en_GB
    purpsoe: product-question
    ---
    Yes, we can gift-wrap your order at no extra cost.
    ```

    ## Use instead
    ```markdown
    ---
    id: gift-wrap-answer
    locale: en-GB
    purpose: product-question
    ---
    Yes, we can gift-wrap your order at no extra cost.
    ```

    ## Options
    None: the schema is the single source of truth for metadata.
    """
    return template_schema.check(template)


@rule("duplicate-id", Severity.ERROR, "two templates share an id and a locale")
def duplicate_id(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports two templates with the same `id` and `locale` anywhere in the repository (inside
    a git repository every tracked template file is compared, not only the files checked).

    ## Why it matters
    Translations share an id across locales; within one locale an id must name one message,
    or teams send the wrong one.

    ## Example
    ```yaml
    defaults: {locale: en-US, purpose: refund}
    templates:
      - id: refund-issued
        body: Your refund has been issued through Amazon.
      - id: refund-issued
        body: We have refunded your order; it shows on your statement within 5 days.
    ```

    ## Use instead
    ```yaml
    defaults: {locale: en-US, purpose: refund}
    templates:
      - id: refund-issued
        body: Your refund has been issued through Amazon.
      - id: refund-issued-statement
        body: We have refunded your order; it shows on your statement within 5 days.
    ```

    ## Options
    None.
    """
    for entry in context.repository.same_id(template):
        if entry.template.locale == template.locale:
            yield Hit(
                *template.value_span(("id",)),
                f"id '{template.id}' with locale '{template.locale}' is also used at "
                f"{entry.where()}; give each template its own id",
            )


@rule("undeclared-variable", Severity.ERROR, "a placeholder is not declared under variables")
def undeclared_variable(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a placeholder in the subject or body whose name is not declared under `variables`.

    ## Why it matters
    An undeclared placeholder is usually a typo (`{{buyer_first_name}}` for `{{buyer_name}}`)
    and reaches the buyer as raw braces.

    ## Example
    ```markdown
    ---
    id: return-received
    locale: en-US
    purpose: refund
    variables:
      buyer_name: {example: Jane}
    ---
    Hello {{buyer_first_name}}, we received your return; your refund is on its way.
    ```

    ## Use instead
    ```markdown
    ---
    id: return-received
    locale: en-US
    purpose: refund
    variables:
      buyer_name: {example: Jane}
    ---
    Hello {{buyer_name}}, we received your return; your refund is on its way.
    ```

    ## Options
    `placeholder-style` in the configuration chooses the placeholder syntax.
    """
    declared = template.variables
    for text, found in _placeholders(template, context):
        if found.name not in declared:
            yield Hit(
                *text.file_span(found.start, found.end),
                f"placeholder '{found.name}' is not declared under variables",
            )


@rule("unused-variable", Severity.WARNING, "a declared variable is used nowhere")
def unused_variable(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a variable declared under `variables` that neither the subject nor the body uses.
    A template with an empty body gets `empty-body` instead.

    ## Why it matters
    A declared but unused variable often means the text lost a detail the buyer needs, such
    as the tracking number.

    ## Example
    ```markdown
    ---
    id: dispatch-delay
    locale: en-US
    purpose: shipping-update
    variables:
      tracking_number: {example: 1Z999AA10123456784}
    ---
    Your order left our warehouse today and arrives within three days.
    ```

    ## Use instead
    ```markdown
    ---
    id: dispatch-delay
    locale: en-US
    purpose: shipping-update
    variables:
      tracking_number: {example: 1Z999AA10123456784}
    ---
    Your order left our warehouse today (tracking number {{tracking_number}}).
    ```

    ## Options
    None.
    """
    if template.body is not None and not template.message().strip():
        return  # an empty body is `empty-body` only: nothing was written that could use them
    used = {found.name for _, found in _placeholders(template, context)}
    for name in template.variables:
        if name not in used:
            yield Hit(
                *template.key_span(("variables", name)),
                f"variable '{name}' is declared but used nowhere; use it or remove it",
            )


@rule("malformed-placeholder", Severity.ERROR, "a placeholder is unbalanced, empty or misnamed")
def malformed_placeholder(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports placeholders that will not be filled in: unbalanced braces (`{{order_id}`,
    `{order_id}}`), empty ones (`{{ }}`), and names that are not lowercase snake_case
    (`{{Order-ID}}`).

    ## Why it matters
    A broken placeholder reaches the buyer as raw braces instead of their order number.

    ## Example
    ```markdown
    ---
    id: partial-shipment
    locale: en-US
    purpose: shipping-update
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Part of your order {{order_id} has shipped today.
    ```

    ## Use instead
    ```markdown
    ---
    id: partial-shipment
    locale: en-US
    purpose: shipping-update
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Part of your order {{order_id}} has shipped today.
    ```

    ## Options
    `placeholder-style` in the configuration chooses the placeholder syntax.
    """
    style = STYLES[context.config.placeholder_style]
    for text in template.texts():
        for found in scan(text.value, style):
            if not isinstance(found, Placeholder):
                yield Hit(*text.file_span(found.start, found.end), found.message)


@rule("empty-body", Severity.ERROR, "the message has no text")
def empty_body(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a template whose body holds nothing but white space and maintainer notes
    (HTML comments).

    ## Why it matters
    An empty template sends an empty message, or a draft nobody finished.

    ## Example
    ```markdown
    ---
    id: holiday-closure
    locale: en-US
    purpose: customer-service
    ---
    <!-- TODO: write this before the holidays -->
    ```

    ## Use instead
    ```markdown
    ---
    id: holiday-closure
    locale: en-US
    purpose: customer-service
    ---
    Our team is off from December 24 to 26; we answer every message on December 27.
    ```

    ## Options
    None.
    """
    if template.body is not None and not template.message().strip():
        end = len(template.body.value)
        start, stop = template.body.file_span(0, end)
        yield Hit(
            start, stop, "the message body is empty; write the message or delete the template"
        )


@rule("too-long", Severity.WARNING, "the rendered message is over Amazon's length limit")
def too_long(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Renders the body with each variable's `example` and reports it when it is longer than
    the limit for its purpose: 2,000 characters, 800 for `custom-design`, 400 for
    `digital-access-key` (the limits of Amazon's messaging API).

    ## Why it matters
    Amazon rejects a message over the limit; the team finds out only when a buyer waits.

    ## Example
    A `custom-design` template whose rendered body runs to 1,000 characters.

    ## Use instead
    Say less, or split the message: put detail in an attachment.

    ## Options
    `max-length` in the configuration sets the limits per purpose (and `default`).
    """
    if template.body is None:
        return
    style = STYLES[context.config.placeholder_style]
    length = len(render(template.message().strip(), style, template.variables))
    limit = context.config.max_length_for(template.purpose)
    if length > limit:
        first = len(template.body.value) - len(template.body.value.lstrip())
        start, _ = template.body.file_span(first, first + 1)
        yield Hit(
            start,
            template.source.line_end(start),
            f"the message is {length:,} characters when rendered with the examples; "
            f"the limit for purpose '{template.purpose}' is {limit:,}",
        )


@rule("proactive-purpose", Severity.ERROR, "a proactive template with a purpose Amazon forbids")
def proactive_purpose(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports `kind: proactive` on a template whose purpose Amazon does not permit for
    seller-initiated messages (for example `technical-support` or `refund`).

    ## Why it matters
    Amazon's Communication Guidelines allow the seller to write first only for the purposes
    it lists (order issues, information needed for the order, returns, invoices, review
    requests, ...). Anything else is unsolicited messaging, which gets messaging restricted.

    ## Example
    ```markdown
    ---
    id: setup-tips
    locale: en-US
    purpose: technical-support
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Your kettle from order {{order_id}} arrives today: descale it every six weeks.
    ```

    ## Use instead
    Send it only as a reply (`kind: reply`), when the buyer asks.

    ## Options
    None.
    """
    if template.kind == "proactive" and template.purpose not in PROACTIVE_PURPOSES:
        if template.purpose is None:
            return
        yield Hit(
            *template.value_span(("kind",)),
            f"Amazon does not permit seller-initiated messages for purpose '{template.purpose}'; "
            "send it only as a reply",
        )


@rule("important-subject", Severity.ERROR, "[Important] in the subject of a non-critical message")
def important_subject(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports `[Important]` (`[Wichtig]`, `[Importante]`, `[重要]`, ...) in the subject of a
    template whose purpose is not critical. Critical purposes: `order-info-request`,
    `delivery-scheduling`, `service-appointment`, `custom-design`.

    ## Why it matters
    Amazon lets only messages critical to completing the order skip the buyer's opt-out, and
    reserves the tag for them.

    ## Example
    ```markdown
    ---
    id: delay-notice
    locale: en-US
    purpose: order-issue
    kind: proactive
    subject: "[Important] Your order {{order_id}} is delayed"
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    Your order {{order_id}} leaves our warehouse two days later than planned.
    ```

    ## Use instead
    The same subject without the tag: `Your order {{order_id}} is delayed`.

    ## Options
    None.
    """
    if template.subject is None or template.purpose in CRITICAL_PURPOSES:
        return
    for match in IMPORTANT_TAG.finditer(template.subject.value):
        yield Hit(
            *template.subject.file_span(*match.span()),
            f"'{match.group()}' is only for critical purposes (order-info-request, "
            f"delivery-scheduling, service-appointment, custom-design), not "
            f"'{template.purpose}'",
        )


@rule("missing-order-id", Severity.WARNING, "a proactive message names no order id")
def missing_order_id(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports a proactive template whose subject and body name no order id: neither an order
    placeholder (`{{order_id}}`, `{{bestellnummer}}`, ...) nor a literal 17-digit id.

    ## Why it matters
    Amazon asks seller-initiated messages to carry the order id, so the buyer knows which
    order the message is about.

    ## Example
    ```markdown
    ---
    id: review-invite
    locale: en-US
    purpose: review-request
    kind: proactive
    ---
    We hope you enjoy your purchase. Please share your experience with other buyers.
    ```

    ## Use instead
    ```markdown
    ---
    id: review-invite
    locale: en-US
    purpose: review-request
    kind: proactive
    variables:
      order_id: {example: 112-4567890-1234567}
    ---
    We hope you enjoy your purchase from order {{order_id}}. Please share your experience
    with other buyers.
    ```

    ## Options
    None.
    """
    if template.kind != "proactive":
        return
    if any(
        any(word in found.name for word in ORDER_WORDS)
        for _, found in _placeholders(template, context)
    ):
        return
    if any(ORDER_ID.search(text.value) for text in template.texts()):
        return
    yield Hit(
        *template.value_span(("kind",)),
        "a proactive message should name the order: add {{order_id}} to the subject or body",
    )


@rule("translation-drift", Severity.WARNING, "translations of one template disagree")
def translation_drift(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Compares templates that share an `id` across locales (translations of one message) and
    reports one whose purpose, kind or declared variables differ from what most of its
    translations say.

    ## Why it matters
    Translations are sent in the same situation; one that drifted (a different purpose, a
    variable the other languages lack) is sent wrongly or filled in wrongly.

    ## Example
    An `en-US` template `return-label` with purpose `return-question`, and its `de-DE`
    translation with purpose `refund`.

    ## Use instead
    Keep purpose, kind and variable names identical across translations.

    ## Options
    None.
    """
    others = [
        e for e in context.repository.same_id(template) if e.template.locale != template.locale
    ]
    if not others:
        return
    facets: dict[str, Callable[[Template], str]] = {
        "purpose": lambda t: t.purpose or "",
        "kind": lambda t: t.kind,
        "variables": lambda t: ", ".join(sorted(t.variables)) or "none",
    }
    for facet, read in facets.items():
        mine = read(template)
        votes = Counter(read(entry.template) for entry in others)
        votes[mine] += 1
        majority, count = votes.most_common(1)[0]
        if mine == majority and count * 2 > sum(votes.values()):
            continue
        differing = next(e for e in others if read(e.template) != mine)
        path = ("variables",) if facet == "variables" else (facet,)
        yield Hit(
            *template.key_span(path),
            f"{facet} is '{mine}' here but '{read(differing.template)}' in its "
            f"{differing.template.locale} translation at {differing.where()}",
        )


def _placeholders(template: Template, context: Context) -> Iterator[tuple[Text, Placeholder]]:
    style = STYLES[context.config.placeholder_style]
    for text in template.texts():
        for found in scan(text.value, style):
            if isinstance(found, Placeholder):
                yield text, found


RULES: tuple[Rule, ...] = (
    parse_error,
    schema,
    duplicate_id,
    undeclared_variable,
    unused_variable,
    malformed_placeholder,
    empty_body,
    too_long,
    proactive_purpose,
    important_subject,
    missing_order_id,
    translation_drift,
)
