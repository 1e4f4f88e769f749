"""What a message holds besides words: link targets, raw HTML tags, images, email addresses.

Several rules (`link`, `external-email`, `html`, `emoji`) read the same text; every function
here is cached on the text's value, so the Markdown is parsed once and linkify runs once. All
spans are [start, end) indices into the value (`Text.file_span` maps them to the file).

Markdown structure comes from markdown-it-py's tokens (link and image targets from their attrs,
raw HTML from `html_inline` / `html_block`); markdown-it gives positions for blocks only, so each
inline target is located inside its block's source lines. Bare links come from linkify-it-py.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

from replylint.language import normalize

# Attributes whose value is a URL the reader's client would load or open.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "background", "poster", "data", "srcset"})


@dataclass(frozen=True, slots=True)
class Target:
    """A link target: the URL as written, where it stands, and the form it takes.

    `form` is one of: markdown-link, markdown-image, autolink, html-link (the href of a raw
    HTML tag), html (another URL attribute: src, action, ...), bare (found in the text by
    linkify), spelled (`shop dot com`). `scheme` is what the text wrote ("" for a bare domain
    such as `shop.com/deals`).
    """

    url: str
    start: int
    end: int
    form: str
    scheme: str


@dataclass(frozen=True, slots=True)
class Tag:
    """A raw HTML tag: its lower-case name, its attributes and its span."""

    name: str
    start: int
    end: int
    attrs: tuple[tuple[str, str], ...]
    closing: bool = False

    def attr(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


@dataclass(frozen=True, slots=True)
class Image:
    """A Markdown image or an `<img>` tag: its whole span, its source and its alt text."""

    src: str
    start: int
    end: int
    tag: Tag | None = None
    alt: str = ""


@dataclass(frozen=True, slots=True)
class Markup:
    targets: tuple[Target, ...]
    tags: tuple[Tag, ...]
    images: tuple[Image, ...]


@dataclass(frozen=True, slots=True)
class Email:
    """An email address: lower-cased, and whether it was spelled out (`jo [at] shop [dot] de`)."""

    address: str
    start: int
    end: int
    spelled: bool


# --- Markdown ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _line_starts(value: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(value):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _written_forms(url: str) -> list[str]:
    """Ways a target may be written in the source: markdown-it percent-encodes and unescapes."""
    from mdurl import decode

    forms = [url, decode(url), html.escape(url, quote=False)]
    return [form for index, form in enumerate(forms) if form and form not in forms[:index]]


def _locate(value: str, url: str, start: int, end: int, prefix: str = "") -> tuple[int, int] | None:
    """Where `url` (after `prefix`, if given) is written in value[start:end]."""
    for form in _written_forms(url):
        for opening in (f"{prefix}<", prefix) if prefix else ("",):
            found = value.find(opening + form, start, end)
            if found != -1:
                found += len(opening)
                return found, found + len(form)
    return None


@lru_cache(maxsize=64)
def markup(value: str) -> Markup:
    """The Markdown link targets, raw HTML tags and images of a text."""
    starts = _line_starts(value)
    targets: list[Target] = []
    tags: list[Tag] = []
    images: list[Image] = []
    for token in _markdown().parse(value):
        if not token.map:
            continue
        first, last = token.map
        begin = starts[first] if first < len(starts) else len(value)
        finish = starts[last] if last < len(starts) else len(value)
        if token.type == "html_block":
            tags.extend(_html_tags(value[begin:finish], begin))
        elif token.type == "inline":
            _read_inline(value, token.children or [], begin, finish, (targets, tags, images))
    for tag in tags:
        if tag.closing:
            continue
        for name, written in tag.attrs:
            url = written.strip()
            if name not in URL_ATTRIBUTES or not url:
                continue
            url = url.split()[0] if name == "srcset" else url
            span = _locate(value, url, tag.start, tag.end) or (tag.start, tag.end)
            form = "html-link" if name == "href" else "html"
            targets.append(Target(url, *span, form, _scheme(url)))
        if tag.name == "img":
            images.append(
                Image(tag.attr("src") or "", tag.start, tag.end, tag, tag.attr("alt") or "")
            )
    return Markup(tuple(targets), tuple(tags), tuple(images))


def _read_inline(
    value: str,
    children: list[Any],
    begin: int,
    finish: int,
    into: tuple[list[Target], list[Tag], list[Image]],
) -> None:
    """Locate the targets, tags and images of one block's inline tokens in its source lines.

    A cursor moves through the block, so a target written twice is found at each place.
    """
    targets, tags, images = into
    cursor = begin
    for index, child in enumerate(children):
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            autolink = child.markup == "autolink"
            span = None
            if autolink and index + 1 < len(children):
                # An autolink is written as its text between angle brackets.
                written = f"<{children[index + 1].content}>"
                found = value.find(written, cursor, finish)
                span = (found + 1, found + len(written) - 1) if found != -1 else None
            if span is None:  # `[text](target)`: the target follows an opening parenthesis
                inside = _locate(value, href, cursor, finish, prefix="(")
                span = inside or _locate(value, href, cursor, finish)
            if span is None:  # a reference link: its definition stands elsewhere
                span = _locate(value, href, 0, len(value))
            if span is None:
                targets.append(Target(href, begin, begin, "markdown-link", _scheme(href)))
                continue
            cursor = max(cursor, span[1])
            form = "autolink" if autolink else "markdown-link"
            written = value[span[0] : span[1]]
            targets.append(Target(written, *span, form, _scheme(written)))
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            span = _locate(value, src, cursor, finish) or _locate(value, src, 0, len(value))
            span = span or (begin, begin)
            opening = value.rfind("![", begin, span[0] + 1)
            closing = value.find(")", span[1], finish)
            images.append(
                Image(
                    src,
                    opening if opening != -1 else span[0],
                    closing + 1 if closing != -1 else span[1],
                    alt=child.content,
                )
            )
            written = value[span[0] : span[1]] or src
            targets.append(Target(written, *span, "markdown-image", _scheme(written)))
            cursor = max(cursor, span[1])
        elif child.type == "html_inline":
            found = value.find(child.content, cursor, finish)
            if found != -1:
                tags.extend(_html_tags(child.content, found))
                cursor = found + len(child.content)


SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]{0,30}:")


def _scheme(url: str) -> str:
    """The scheme the text wrote, lower-case, without the colon; "" when none."""
    found = SCHEME.match(url.strip())
    return found.group()[:-1].lower() if found else ""


class _TagCollector(HTMLParser):
    """Collects start and end tags with their offsets in the fed text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = _line_starts(text)
        self.found: list[tuple[str, int, int, list[tuple[str, str | None]], bool]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.found.append((tag, start, start + len(raw), attrs, False))

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        close = self.text.find(">", start)
        self.found.append((tag, start, close + 1 if close != -1 else start + 2, [], True))


def _html_tags(text: str, offset: int) -> list[Tag]:
    collector = _TagCollector(text)
    collector.feed(text)
    collector.close()
    return [
        Tag(
            name.lower(),
            start + offset,
            end + offset,
            tuple((key.lower(), value or "") for key, value in attrs),
            closing,
        )
        for name, start, end, attrs, closing in collector.found
    ]


# --- Bare links -----------------------------------------------------------------------

# Characters no URL holds as written: letters of scripts written without spaces, full-width
# and typographic punctuation, arrows, backticks. linkify needs a boundary before a domain, and
# Japanese runs text straight into it (`サイトshop.jp`); blanking them (same length) gives one.
UNSPACED = re.compile(
    r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u2000-\u206f\u2190-\u21ff`«»]"
)


URL_PUNCTUATION = frozenset("./-_~%#&=+")


@lru_cache(maxsize=1)
def _linkify() -> Any:
    from linkify_it import LinkifyIt
    from linkify_it.tlds import TLDS

    return LinkifyIt().tlds(TLDS)


@lru_cache(maxsize=1)
def top_level_domains() -> frozenset[str]:
    from linkify_it.tlds import TLDS

    return frozenset(tld.lower() for tld in TLDS)


@lru_cache(maxsize=64)
def bare_links(value: str) -> tuple[Target, ...]:
    """URLs and domains written as plain text (emails, which linkify reports too, excluded).

    Read on normalised text, so a full-width `ｓｈｏｐ．ｃｏｍ` is a domain too.
    """
    norm = normalize(value)
    spaced = UNSPACED.sub(" ", norm.value)
    # Full-width punctuation that folds to ASCII (`：` to `:`) still ends a link, unless it
    # is part of a URL written in full width (`ｓｈｏｐ．ｃｏｍ／ｆａｑ`).
    chars = list(spaced)
    for index, char in enumerate(chars):
        if (
            not char.isalnum()
            and char not in URL_PUNCTUATION
            and UNSPACED.match(value[norm.origin[index]])
        ):
            chars[index] = " "
    spaced = "".join(chars)
    found: list[Target] = []
    for match in _linkify().match(spaced) or []:
        start, end = norm.original_span(match.index, match.last_index)
        written = value[start:end]
        if match.schema == "mailto:" and not written.lower().startswith("mailto:"):
            continue  # an address: external-email, not a link
        if start and value[start - 1] in "@＠":
            continue  # a handle (`@kinari.shirts`) or an address's domain
        url = unicodedata.normalize("NFKC", written)
        url = url if match.schema else f"http://{url}"
        found.append(Target(url, start, end, "bare", match.schema.rstrip(":")))
    return tuple(found)


# --- Email addresses ------------------------------------------------------------------

# Read on normalised text (NFKC, case-folded): `＠` is `@`, full-width letters are ASCII.
# Each run of address characters starts after a non-address character, so a long run is
# consumed once, not retried from every position (linear time).
_LOCAL = r"(?<![a-z0-9_.%+\-])[a-z0-9_%+\-]+(?:\.[a-z0-9_%+\-]+)*"
_AT_WORDS = r"at|ät|arroba|arobase|chiocciola|chiocciolina|アット|アットマーク|あっと|あっとまーく"
_DOT_WORDS = r"dot|punkt|point|punto|ドット|どっと"
_AT = (
    r"(?P<at>@| @ "
    rf"|[ \t]*[\[({{<][ \t]*(?:{_AT_WORDS}|@)[ \t]*[\])}}>][ \t]*"
    rf"|[ \t]+(?P<atword>{_AT_WORDS})[ \t]+"
    r"|[ \t]*(?:アットマーク|あっとまーく|アット|あっと)[ \t]*"
    r"|[★☆◎])"
)
_DOT = (
    r"(?:\.| \. "
    rf"|[ \t]*[\[({{<][ \t]*(?:{_DOT_WORDS}|\.)[ \t]*[\])}}>][ \t]*"
    rf"|[ \t]+(?:{_DOT_WORDS})[ \t]+"
    r"|[ \t]*(?:ドット|どっと)[ \t]*)"
)
_LABEL = r"[a-z0-9\-]+"
EMAIL = re.compile(
    rf"(?P<local>{_LOCAL}){_AT}(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})+)(?![a-z0-9\-])"
)
DOT = re.compile(_DOT)
# Names that read as a mailbox, not a word of a sentence ("look at", "us at"), in the
# marketplace languages; a name with a dot, underscore or digit (`j.doe`, `team_2`) also does.
MAILBOX_NAMES = frozenset({
    "info", "support", "service", "help", "hello", "hallo", "contact", "kontakt", "sales",
    "office", "mail", "email", "admin", "billing", "orders", "order", "returns", "shop",
    "store", "team", "kundenservice", "kundendienst", "bestellung", "retouren", "verkauf",
    "servicio", "atencion", "ventas", "pedidos", "soporte", "contacto", "assistenza",
    "vendite", "ordini", "supporto", "contatti", "commandes", "boutique", "sav", "ventes",
})  # fmt: skip
MAILBOX_MARKS = re.compile(r"[._\d]")
# Words that stand before "at" in a sentence ("we are at shop dot com"), never a mailbox.
SENTENCE_WORDS = frozenset({
    "are", "is", "was", "were", "be", "am", "us", "me", "him", "her", "them", "it", "we",
    "you", "they", "look", "find", "found", "see", "visit", "available", "online", "here",
    "there", "now", "out", "stay", "arrive", "arrives", "arrived", "sold", "buy", "located",
    "based", "live", "lives", "site", "website", "page", "web", "both", "all", "also",
})  # fmt: skip


@lru_cache(maxsize=64)
def emails(value: str) -> tuple[Email, ...]:
    """Email addresses in a text, plain or spelled out, with spans in the original text."""
    norm = normalize(value)
    text = norm.value
    tlds = top_level_domains()
    found: list[Email] = []
    for match in EMAIL.finditer(text):
        domain_start = match.start("domain")
        domain_text = match.group("domain")
        labels, position = [], 0
        for separator in [*DOT.finditer(domain_text), None]:
            stop = separator.start() if separator else len(domain_text)
            labels.append((domain_text[position:stop], domain_start + position))
            position = separator.end() if separator else stop
        # Sentences may run on after the address (`jo@shop.de.Thanks`): end at the last
        # label that is a real top-level domain.
        while len(labels) > 1 and labels[-1][0] not in tlds:
            labels.pop()
        if len(labels) < 2:
            continue
        separators = [
            text[left_start + len(left) : right_start]
            for (left, left_start), (_, right_start) in pairwise(labels)
        ]
        dot_spelled = any(separator != "." for separator in separators)
        spelled = match.group("at").strip() != "@" or dot_spelled
        word_at = match.group("atword")
        local = match.group("local")
        if word_at in {"at", "ät"} and (local in SENTENCE_WORDS or not dot_spelled):
            # "look at shop.com" is English, not an address: a bare "at" counts after a
            # name ("jo at shop dot com"), and before a dotted domain only in capitals
            # ("jo AT shop.com") or after a mailbox name ("info at shop.de").
            at_start, at_end = norm.original_span(*match.span("atword"))
            mailbox = local in MAILBOX_NAMES or (
                local[:1].isalpha() and MAILBOX_MARKS.search(local) is not None
            )
            if not value[at_start:at_end].isupper() and not mailbox:
                continue
        end = labels[-1][1] + len(labels[-1][0])
        domain = ".".join(label for label, _ in labels)
        start, stop = norm.original_span(match.start(), end)
        found.append(Email(f"{match.group('local')}@{domain}", start, stop, spelled))
    return tuple(found)


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


# A web address with its dots spelled out: `shop(dot)de`, `oakdesk dot com`,
# `tischlerei-albrecht punkt de`, `shop[.]it`. Bare "point"/"punto" are left out: "el punto
# es" is Spanish for "the point is".
_SPELLED_SEPARATOR = (
    r"(?:\.|[ \t]*[\[({<][ \t]*(?:dot|punkt|point|punto|ドット|\.)[ \t]*[\])}>][ \t]*"
    r"|[ \t]+(?:dot|punkt)[ \t]+)"
)
SPELLED_DOMAIN = re.compile(
    rf"(?<![a-z0-9\-.@]){_LABEL}(?:{_SPELLED_SEPARATOR}{_LABEL})+(?![a-z0-9\-])"
)
SEPARATOR = re.compile(_SPELLED_SEPARATOR)
# Words that start a phrase, not a domain: "the dot com era", "ein Punkt".
NOT_A_NAME = frozenset({
    "the", "a", "an", "one", "no", "any", "each", "every", "this", "that", "our", "your",
    "with", "by", "per", "to", "of", "and", "or", "ein", "eine", "einen", "der", "die", "das",
    "den", "mit", "und", "oder", "pro", "jeder", "jeden", "le", "la", "un", "une", "el", "il",
})  # fmt: skip


@lru_cache(maxsize=64)
def spelled_domains(value: str) -> tuple[tuple[str, int, int], ...]:
    """Web addresses with spelled-out dots: (domain, start, end) in the original text."""
    norm = normalize(value)
    text = norm.value
    tlds = top_level_domains()
    found: list[tuple[str, int, int]] = []
    for match in SPELLED_DOMAIN.finditer(text):
        labels, position = [], match.start()
        for separator in [*SEPARATOR.finditer(text, match.start(), match.end()), None]:
            stop = separator.start() if separator else match.end()
            labels.append((text[position:stop], position))
            position = separator.end() if separator else stop
        while len(labels) > 1 and labels[-1][0] not in tlds:
            labels.pop()
        joined = text[match.start() : labels[-1][1]]
        if len(labels) < 2 or labels[0][0] in NOT_A_NAME or not SEPARATOR.search(joined):
            continue
        if all(sep.group() == "." for sep in SEPARATOR.finditer(joined)):
            continue  # an ordinary domain: linkify's
        end = labels[-1][1] + len(labels[-1][0])
        start, stop = norm.original_span(match.start(), end)
        found.append((".".join(label for label, _ in labels), start, stop))
    return tuple(found)
