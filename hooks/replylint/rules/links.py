"""Rules on where a message sends the buyer: links and email addresses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from replylint.markup import Target, bare_links, emails, markup, overlaps, spelled_domains
from replylint.model import Hit, Severity
from replylint.rules.base import Context, Rule, rule
from replylint.template import Template

# Services whose short links hide where they lead.
SHORTENERS = frozenset({
    "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly",
    "cutt.ly", "shorturl.at", "tiny.cc", "rb.gy", "s.id", "t.ly", "bl.ink", "amzn.to",
    "amzn.eu", "a.co", "lnkd.in", "qrco.de", "linktr.ee",
})  # fmt: skip
# Top-level domains that are also common file extensions: `readme.md` or `photos.zip` written
# without a scheme, `www.` or a path is a file name, not a domain.
FILE_EXTENSION_TLDS = frozenset(
    {"zip", "mov", "md", "sh", "py", "rs", "ai", "ps", "cc", "so", "pm", "mobi", "gs"}
)
# Amazon's relay addresses: `...@marketplace.amazon.de`, `...@marketplace.amazon.co.uk`.
RELAY_DOMAIN = re.compile(r"marketplace\.amazon\.[a-z]{2,3}(?:\.[a-z]{2})?")
PLACEHOLDER = re.compile(r"\{\{[^{}]{0,80}\}\}")
USE_AMAZON = (
    "remove the link; point the buyer to the page in their Amazon account (Your Orders, "
    "Returns Center) or to an https link on an Amazon marketplace domain"
)


def host_allowed(host: str, patterns: Iterable[str]) -> bool:
    """True when `host` matches a pattern: an exact domain or a `*.domain` wildcard."""
    host = host.lower().rstrip(".")
    for written in patterns:
        pattern = written.lower().strip().rstrip(".")
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]):
                return True
        elif host == pattern:
            return True
    return False


def _host(target: Target) -> str | None:
    url = target.url.strip()
    if target.scheme or url.startswith("//"):
        try:
            return urlsplit(url).hostname
        except ValueError:
            return None
    # A bare domain (`shop.com/deals`), written without a scheme.
    found = bare_links(url)
    if found and found[0].start == 0:
        try:
            return urlsplit(found[0].url).hostname
        except ValueError:
            return None
    return None


def _is_file_name_or_word(target: Target, value: str) -> bool:
    """A bare match without scheme, `www.` or path that is more likely a file name, an
    abbreviation or two run-on words than a domain."""
    raw = value[target.start : target.end]
    if target.scheme or "/" in raw or raw.lower().startswith("www."):
        return False
    labels = raw.split(".")
    name, tld = labels[0], labels[-1]
    if tld.lower() in FILE_EXTENSION_TLDS:
        return True
    if len(labels) == 2 and len(name) <= 2:
        return True  # an abbreviation: `p.es.` (por ejemplo), `P.za` (piazza), `n.ro`
    if tld.isupper() and not raw.isupper():
        return True  # `Co.KG`, `Ref.ABC`
    # `it.It arrives`, `the box.Best regards`: a missing space before a capitalised word.
    return tld[:1].isupper() and not tld.isupper()


def link_targets(value: str) -> list[Target]:
    """Every link target in a text: Markdown, HTML and bare, without email addresses."""
    found = markup(value)
    targets: list[Target] = []
    for target in found.targets:
        # `<jo@shop.com>` reads as an address in a plain-text message: external-email only.
        written = value[target.start : target.end].lower()
        if target.form == "autolink" and not written.startswith("mailto:") and "@" in written:
            continue
        if target.form in {"markdown-image", "html"} and not _remote(target):
            continue
        targets.append(target)
    taken = [(target.start, target.end) for target in found.targets]
    addresses = [(email.start, email.end) for email in emails(value)]
    for target in bare_links(value):
        if overlaps(target.start, target.end, taken) or _is_file_name_or_word(target, value):
            continue
        # The domain of an address is no link; a written-out `mailto:` is.
        if target.scheme != "mailto" and overlaps(target.start, target.end, addresses):
            continue
        targets.append(target)
    for domain, start, end in spelled_domains(value):
        if not overlaps(start, end, taken + addresses):
            targets.append(Target(domain, start, end, "spelled", ""))
    return targets


def _remote(target: Target) -> bool:
    """An image or attribute URL the buyer's client would fetch from the internet."""
    if target.scheme == "data":
        return False
    return bool(target.scheme) or target.url.startswith("//") or _host(target) is not None


def _problem(target: Target, allow: tuple[str, ...]) -> tuple[str, str] | None:
    """(message, suggestion) for a target that is not allowed, None for one that is."""
    if target.scheme == "mailto":
        return (
            f"mailto: link to '{unquote(target.url[len('mailto:') :])}': messages carry no "
            "links, and buyers write to you through Amazon's messaging",
            "remove the link; the buyer replies to this message through Amazon",
        )
    host = _host(target)
    if host is None:
        what = "placeholder" if PLACEHOLDER.fullmatch(target.url.strip()) else "target"
        return (
            f"link with {what} '{target.url}' that cannot be checked: Buyer-Seller Messaging "
            "allows only https links to allowed domains (Amazon's by default)",
            USE_AMAZON,
        )
    allowed = host_allowed(host, allow)
    written_plain = target.scheme == "" and target.form in {"bare", "spelled"}
    if allowed and (target.scheme == "https" or written_plain):
        return None
    if allowed:
        return (
            f"link to {host} without https: only https links to allowed domains are permitted",
            f"write https://{target.url.split('://', 1)[-1]}",
        )
    if host.lower() in SHORTENERS:
        return (
            f"shortened link ({host}): it hides where it leads, and messages may link only "
            "to Amazon",
            USE_AMAZON,
        )
    kind = {
        "markdown-image": "image from",
        "html": "HTML image or embed from",
        "html-link": "HTML link to",
        "spelled": "spelled-out web address",
    }.get(target.form, "link to")
    lookalike = " (it is not an Amazon domain)" if "amazon" in host.lower() else ""
    return (
        f"{kind} {host}{lookalike}: Buyer-Seller Messaging allows no links except https links "
        "to allowed domains (Amazon's by default)",
        USE_AMAZON,
    )


@rule("link", Severity.ERROR, "a link that is not an https link to an allowed domain")
def link(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports every link in the subject and the body, in any form: Markdown links and images,
    autolinks (`<https://...>`), HTML anchors and images (tracking pixels), bare URLs, bare
    domains (`www.shop.com`, `shop.com/deals`), domains with their dots spelled out
    (`oakdesk dot com`, `shop(punkt)de`, `shop[.]it`), URL shorteners and `mailto:` links. The only
    links allowed are https links whose host is on the allowlist (by default Amazon's
    marketplace domains and their subdomains). An `http://` link to Amazon is reported too:
    write `https://`. A domain mentioned without a scheme (`amazon.de`) is allowed when it is
    on the allowlist.

    File names (`manual.pdf`, `photos.zip`), version numbers (`2.1.4`), words such as `node.js`,
    placeholders, and the domain of an email address (that is `external-email`) are not links.
    A plain address written `<jo@shop.com>` is `external-email` only; `[mail us](mailto:...)`
    is both `external-email` and `link`.

    ## Why it matters
    Amazon's Communication Guidelines for Buyer-Seller Messaging do not permit links to
    websites outside Amazon (your shop, a carrier, a video site), nor tracking pixels or
    logos that link to your website; only links the buyer needs to complete the order, on
    Amazon, are acceptable. Amazon may remove untrusted links, block the message, limit your
    proactive messages to Amazon's templates or suspend selling privileges.

    ## Example
    ```markdown
    ---
    id: care-guide-link
    locale: en-US
    purpose: product-question
    ---
    Hello,

    Our illustrated care guide is at www.oak-and-iron.com/care, and the assembly video at
    https://bit.ly/oak-video.

    Best regards,
    Oak & Iron
    ```

    ## Use instead
    ```markdown
    ---
    id: care-guide-link
    locale: en-US
    purpose: product-question
    ---
    Hello,

    Wipe the table with a damp cloth and oil it twice a year. The illustrated care guide is
    attached to this message (care-guide.pdf), and your order details are at
    https://www.amazon.com/gp/css/order-history.

    Best regards,
    Oak & Iron
    ```

    ## Options
    `allow_domains`: the hosts https links may point to; each entry is an exact domain
    (`amazon.de`) or a wildcard for its subdomains (`*.amazon.de`). Default: Amazon's
    marketplace domains and their subdomains.
    """
    allow = context.config.allow_domains
    for text in template.texts():
        for target in link_targets(text.value):
            problem = _problem(target, allow)
            if problem is not None:
                start, end = target.start, max(target.end, target.start + 1)
                yield Hit(*text.file_span(start, end), problem[0], problem[1])


def email_allowed(address: str, allow: Iterable[str]) -> bool:
    """Relay addresses always; otherwise entries are full addresses or (`*.`)domains."""
    domain = address.rpartition("@")[2]
    if RELAY_DOMAIN.fullmatch(domain):
        return True
    for written in allow:
        entry = written.strip().lower()
        if "@" in entry and not entry.startswith("@"):
            if address == entry:
                return True
        elif host_allowed(domain, [entry.lstrip("@")]):
            return True
    return False


@rule("external-email", Severity.ERROR, "an email address other than Amazon's relay address")
def external_email(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports email addresses in the subject and the body that are not Amazon relay addresses
    (`...@marketplace.amazon.<tld>`): plain ones, `mailto:` targets, and spelled-out or
    obfuscated ones such as `jo [at] shop [dot] com`, `jo(at)shop.de`, `jo at shop dot com`,
    `name＠shop.com` (full-width at sign), `info★shop.jp`, and the words for "at" and "dot"
    in the marketplace languages (`arroba`, `arobase`, `chiocciola`, `Punkt`, `punto`,
    `point`, `アットマーク`, `ドット`). `@handles` and version strings (`pkg@2.1.4`) are not
    addresses. A bare "at" counts only together with a spelled-out dot or in capitals (`AT`),
    so "look at amazon.com" is not an address.

    ## Why it matters
    Amazon's Communication Guidelines do not permit email addresses in messages: you may
    contact buyers only through Buyer-Seller Messaging, which hides both sides behind relay
    addresses, and Amazon may delete addresses it finds. Spelling an address out to slip
    past Amazon's filters breaks the same rule, and repeated violations can cost you your
    selling privileges.

    ## Example
    ```markdown
    ---
    id: manual-by-mail
    locale: de-DE
    purpose: technical-support
    ---
    Guten Tag,

    die Anleitung als PDF schicken wir Ihnen gerne: schreiben Sie an service(at)regal-haus.de.

    Mit freundlichen Grüßen
    Regal Haus
    ```

    ## Use instead
    ```markdown
    ---
    id: manual-by-mail
    locale: de-DE
    purpose: technical-support
    ---
    Guten Tag,

    die Anleitung als PDF (anleitung.pdf) hängen wir dieser Nachricht an. Bei Fragen antworten
    Sie einfach auf diese Nachricht.

    Mit freundlichen Grüßen
    Regal Haus
    ```

    ## Options
    `allow_emails`: addresses that may appear; each entry is a full address
    (`returns@example.com`) or a domain (`example.com`, `*.example.com`). Amazon relay
    addresses are always allowed.
    """
    allow = context.config.allow_emails
    for text in template.texts():
        found = emails(text.value)
        spans = [(email.start, email.end) for email in found]
        for email in found:
            if email_allowed(email.address, allow):
                continue
            how = "spelled-out email address" if email.spelled else "email address"
            yield Hit(
                *text.file_span(email.start, email.end),
                f"{how} '{email.address}': Buyer-Seller Messaging allows no email addresses "
                "but Amazon's relay address",
                "remove the address; the buyer replies to this message through Amazon, and "
                "files can be attached to it",
            )
        # A mailto: target whose address is not written out as text (`mailto:jo%40shop.de`).
        for target in markup(text.value).targets:
            if target.scheme != "mailto" or overlaps(target.start, target.end, spans):
                continue
            address = unquote(target.url[len("mailto:") :]).split("?")[0].strip().lower()
            if "@" in address and not email_allowed(address, allow):
                yield Hit(
                    *text.file_span(target.start, target.end),
                    f"email address '{address}' in a mailto: link: Buyer-Seller Messaging "
                    "allows no email addresses but Amazon's relay address",
                    "remove the link; the buyer replies to this message through Amazon",
                )


RULES: tuple[Rule, ...] = (link, external_email)
