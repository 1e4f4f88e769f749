"""Rules on how a message looks: raw HTML, images and emoji, which plain-text messages lack."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from replylint.markup import Image, Tag, markup
from replylint.model import Hit, Severity
from replylint.rules.base import Context, Rule, rule
from replylint.template import Template

# HTML elements, current and obsolete. A tag whose name is not one of them (`<Name>`,
# `<order number>`) is a placeholder someone wrote by hand, not HTML.
HTML_ELEMENTS = frozenset({
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base",
    "basefont", "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas",
    "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
    "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption",
    "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd",
    "label", "legend", "li", "link", "main", "map", "mark", "marquee", "menu", "meta", "meter",
    "nav", "nobr", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p",
    "param", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script",
    "section", "select", "small", "source", "span", "strike", "strong", "style", "sub", "summary",
    "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
    "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
})  # fmt: skip
# Element names that are also everyday words or sizes: `<address>`, `<code>` or `<S>` alone,
# without attributes or a closing tag, is a placeholder ("send it to <address>", "sizes <S>
# and <M>"), not markup.
WORD_ELEMENTS = frozenset({
    "address", "code", "data", "label", "map", "menu", "object", "option", "output", "select",
    "summary", "template", "time", "title", "var", "dir", "main", "track", "source", "mark",
    "s", "u", "i", "q",
})  # fmt: skip
HTML_SUGGESTION = (
    "write plain text: Amazon shows messages as plain text, so tags appear as they are or "
    "are removed"
)


def _html_hits(tags: tuple[Tag, ...]) -> Iterator[Tag]:
    opened = {tag.name for tag in tags if not tag.closing}
    closed = {tag.name for tag in tags if tag.closing}
    for tag in tags:
        if tag.name not in HTML_ELEMENTS:
            continue
        if tag.closing:
            # A closing tag is reported with its opening one; a stray one on its own.
            if tag.name not in opened:
                yield tag
            continue
        if tag.name in WORD_ELEMENTS and not tag.attrs and tag.name not in closed:
            continue
        yield tag


@rule("html", Severity.ERROR, "raw HTML tags or a Markdown image in the message")
def html(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports raw HTML tags in the subject and the body (`<b>`, `<br>`, `<span style>`,
    `<font>`, `<a href>`, `<img>`, tracking pixels) and Markdown images (`![logo](...)`).
    Each opening tag is reported once; a closing tag only when it has no opening tag.
    HTML comments are maintainer notes and are not reported. Autolinks (`<https://...>`) are
    `link`, not `html`; an `<a href>` or `<img>` tag is `html` and also `link` unless its
    target is allowed; a Markdown image is `html`, and `link` too when its source is remote.
    Angle-bracket placeholders that are not HTML elements (`<Name>`, `<order number>`) are
    left alone.

    ## Why it matters
    Amazon's Communication Guidelines do not permit tracking pixels, animated GIFs, or logos
    that link to your website, and templates are sent as plain text: markup shows up as raw
    tags or is stripped, garbling the message. replylint keeps images out of the text
    altogether (a logo tempts a link, a remote image is a tracker); attach a file when the
    buyer needs a picture.

    ## Example
    ```markdown
    ---
    id: tracking-html
    locale: fr-FR
    purpose: shipping-update
    ---
    Bonjour,<br>
    votre colis est parti ce matin avec <b>Colissimo</b>.

    Cordialement,
    La Boutique
    ```

    ## Use instead
    ```markdown
    ---
    id: tracking-html
    locale: fr-FR
    purpose: shipping-update
    ---
    Bonjour,

    votre colis est parti ce matin avec Colissimo.

    Cordialement,
    La Boutique
    ```

    ## Options
    None.
    """
    for text in template.texts():
        found = markup(text.value)
        for tag in _html_hits(found.tags):
            shown = f"</{tag.name}>" if tag.closing else f"<{tag.name}>"
            yield Hit(
                *text.file_span(tag.start, tag.end),
                f"raw HTML tag {shown}: messages are plain text",
                HTML_SUGGESTION,
            )
        for image in found.images:
            if image.tag is None:
                yield Hit(
                    *text.file_span(image.start, image.end),
                    "Markdown image: images and logos do not belong in messages",
                    "remove the image; attach a file (jpg, png, pdf) to the message if the "
                    "buyer needs it",
                )


# Every Extended_Pictographic code point outside the Basic Multilingual Plane is an emoji
# (text-presentation ones such as U+1F170 included); regional indicators make flags.
_SMP_PICTOGRAPHS = (
    "\U0001f004\U0001f02c-\U0001f02f\U0001f094-\U0001f09f\U0001f0af\U0001f0b0\U0001f0c0"
    "\U0001f0cf\U0001f0d0\U0001f0f6-\U0001f0ff\U0001f170\U0001f171\U0001f17e\U0001f17f"
    "\U0001f18e\U0001f191-\U0001f19a\U0001f1af-\U0001f1e5\U0001f1e6-\U0001f1ff"
    "\U0001f201-\U0001f20f\U0001f21a\U0001f22f\U0001f232-\U0001f23a\U0001f23c-\U0001f23f"
    "\U0001f249-\U0001f25f\U0001f266-\U0001f321\U0001f324-\U0001f393\U0001f396\U0001f397"
    "\U0001f399-\U0001f39b\U0001f39e-\U0001f3f0\U0001f3f3-\U0001f3f5\U0001f3f7-\U0001f3fa"
    "\U0001f400-\U0001f4fd\U0001f4ff-\U0001f53d\U0001f549-\U0001f54e\U0001f550-\U0001f567"
    "\U0001f56f\U0001f570\U0001f573-\U0001f57a\U0001f587\U0001f58a-\U0001f58d\U0001f590"
    "\U0001f595\U0001f596\U0001f5a4\U0001f5a5\U0001f5a8\U0001f5b1\U0001f5b2\U0001f5bc"
    "\U0001f5c2-\U0001f5c4\U0001f5d1-\U0001f5d3\U0001f5dc-\U0001f5de\U0001f5e1\U0001f5e3"
    "\U0001f5e8\U0001f5ef\U0001f5f3\U0001f5fa-\U0001f64f\U0001f680-\U0001f6c5"
    "\U0001f6cb-\U0001f6d2\U0001f6d5-\U0001f6e5\U0001f6e9\U0001f6eb-\U0001f6f0"
    "\U0001f6f3-\U0001f6ff\U0001f7dc-\U0001f7f0\U0001f80c-\U0001f80f\U0001f848-\U0001f84f"
    "\U0001f85a-\U0001f85f\U0001f888-\U0001f88f\U0001f8ae\U0001f8af\U0001f8bc-\U0001f8bf"
    "\U0001f8c2-\U0001f8cf\U0001f8d9-\U0001f8ff\U0001f90c-\U0001f93a\U0001f93c-\U0001f945"
    "\U0001f947-\U0001f9ff\U0001fa58-\U0001fa5f\U0001fa6e-\U0001faff\U0001fc00-\U0001fffd"
)
# BMP characters with emoji presentation by default (Emoji_Presentation=Yes).
_BMP_EMOJI = (
    "\u231a\u231b\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f"
    "\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5"
    "\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797"
    "\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55"
)
# Faces, hearts and hands that read as emoticons even in text presentation.
_BMP_EMOTICONS = "\u2639\u263a\u263b\u2661\u2665\u2763\u2764\u261d\u270c\u270d"
# BMP Extended_Pictographic characters with text presentation by default: arrows, ☎, ✔ and
# the like are ordinary text, and an emoji only with VS16 (U+FE0F) after them. ©, ® and ™
# (also Extended_Pictographic) are legal notices and never count, whatever follows them.
_BMP_TEXT_PICTOGRAPHS = (
    "\u203c\u2049\u2139\u2194-\u2199\u21a9\u21aa\u2328\u23cf"
    "\u23ed-\u23ef\u23f1\u23f2\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb\u25fc"
    "\u2600-\u2604\u260e\u2611\u2618\u261d\u2620\u2622\u2623\u2626\u262a\u262e\u262f"
    "\u2638-\u263a\u2640\u2642\u265f\u2660\u2663\u2665\u2666\u2668\u267b\u267e\u2692"
    "\u2694-\u2697\u2699\u269b\u269c\u26a0\u26a7\u26b0\u26b1\u26c8\u26cf\u26d1\u26d3"
    "\u26e9\u26f0\u26f1\u26f4\u26f7-\u26f9\u2702\u2708\u2709\u270c\u270d\u270f\u2712"
    "\u2714\u2716\u271d\u2721\u2733\u2734\u2744\u2747\u2763\u2764\u27a1\u2934\u2935"
    "\u2b05-\u2b07\u3030\u303d\u3297\u3299"
)
_EMOJI_BASE = (
    rf"(?:[{_SMP_PICTOGRAPHS}{_BMP_EMOJI}{_BMP_EMOTICONS}]\ufe0f?"
    rf"|[{_BMP_TEXT_PICTOGRAPHS}]\ufe0f"
    r"|[0-9#*]\ufe0f?\u20e3)"
)
# One emoji: a base, then skin tones, VS16, tag characters (subdivision flags) and ZWJ joins.
# Each repetition takes one character class with no overlap, so matching stays linear.
EMOJI = re.compile(
    rf"{_EMOJI_BASE}(?:[\U0001f3fb-\U0001f3ff\ufe0f\U000e0020-\U000e007f]"
    rf"|\u200d(?:[{_SMP_PICTOGRAPHS}{_BMP_EMOJI}{_BMP_TEXT_PICTOGRAPHS}{_BMP_EMOTICONS}]))*"
)
# Text emoticons, standing alone between spaces or punctuation: :) :-) ;) :D :P :( :'( <3 xD.
# `<3 days` is a comparison, not a heart.
EMOTICON = re.compile(r"(?<![\w:;=<>^])(?:[:;=][-'^o]?[)(DPpO*]|<3+(?![ \t]*\w)|xD)(?![\w^])")
# Japanese kaomoji, which follow words directly: ^^ (^_^) (^o^) (>_<) (T_T) (´・ω・`) m(_ _)m.
KAOMOJI = re.compile(
    r"[(（][^()（）\s]{0,3}[\^＾][_＿oO▽ー\-ω∀]?[\^＾][^()（）\s]{0,3}[)）]"
    r"|(?<![\^＾])[\^＾][_＿oO▽ー\-]?[\^＾](?![\^＾])"
    r"|[(（][^()（）\s]{0,3}[>＞][_＿.\-][<＜][^()（）\s]{0,3}[)）]"
    r"|[(（][^()（）\s]{0,3}[;；T][_＿.\-][;；T][^()（）\s]{0,3}[)）]"
    r"|[(（][^()（）\s]{0,3}[´`｀・][ω∀▽_＿ー・][´`｀・][^()（）\s]{0,3}[)）]"
    r"|m[(（]_[ 　]?_[)）]m"
    r"|[(（][^()（）\s]{1,5}[ωДд∀][^()（）\s]{1,5}[)）]"
)
# Emoji shortcodes that some editors turn into pictures.
SHORTCODE = re.compile(
    r"(?<![\w:]):(?:smile|smiley|grin|grinning|wink|blush|heart|hearts|heart_eyes|thumbsup|"
    r"\+1|tada|joy|laughing|sunglasses|star|star2|sparkles|rocket|fire|ok_hand|pray|clap|"
    r"gift|package|truck|smiling_face_with_three_hearts|kissing_heart|slightly_smiling_face"
    r"):(?![\w:])"
)
# Hosts of animated stickers and GIFs.
ANIMATION_HOSTS = ("giphy.com", "tenor.com", "gfycat.com")
# Images that are pictures of the business, not decoration: a GIF logo is not a sticker.
BUSINESS_IMAGE = re.compile(r"logo|banner|header|signature|letterhead", re.IGNORECASE)


def _animated(image: Image) -> bool:
    """An animated picture: a GIF or APNG image or a sticker host's; not a 1-pixel tracker,
    not a logo or banner."""
    try:
        parts = urlsplit(image.src.strip())
    except ValueError:
        return False
    path, host = parts.path.lower(), (parts.hostname or "").lower()
    if image.tag is not None and any(
        (image.tag.attr(size) or "").strip() in {"0", "1", "1px", "0px"}
        for size in ("width", "height")
    ):
        return False  # a tracking pixel: html and link, not a picture the buyer sees
    if host.endswith(ANIMATION_HOSTS):
        return True
    named = f"{path.rsplit('/', 1)[-1]} {image.alt}"
    return path.endswith((".gif", ".apng")) and not BUSINESS_IMAGE.search(named)


@rule("emoji", Severity.ERROR, "emoji, emoticons or animated images in the message")
def emoji(template: Template, context: Context) -> Iterator[Hit]:
    """
    ## What it does
    Reports emoji in the subject and the body: pictographs (Unicode Extended_Pictographic,
    including the newest ones, ZWJ sequences, skin tones, flags and keycaps like 1️⃣), text
    emoticons (`:)`, `;-)`, `:D`, `<3`, `^^`), common Japanese kaomoji (`(^_^)`, `(>_<)`,
    `m(_ _)m`), emoji shortcodes (`:smile:`), and animated images (GIFs, sticker hosts).
    A run of emoji side by side is one finding.

    Symbols that are ordinary text are left alone: `©`, `®`, `™` (always, as legal notices),
    arrows (`→`, `↔`), check marks (`✔`), `☎`, stars and bullets common in Japanese (`★`,
    `※`, `■`, `♪`) and CJK punctuation (`。`, `「」`, `〜`). An arrow, check mark or similar
    symbol counts only when VS16 (U+FE0F) asks for its emoji picture (`➡️`, `✔️`). Faces and
    hearts (`☺`, `❤`, `♥`, `♡`) count without it. A GIF that is a logo or banner (by its
    file name or alt text) or a 1-pixel tracker is not an animated image here (it is `html`
    and maybe `link`).

    ## Why it matters
    Amazon's Communication Guidelines list emojis and animated GIFs among the content
    messages may not include, and Amazon may block messages that contain them. Messages are
    expected to be professional plain text.

    ## Example
    ```markdown
    ---
    id: parcel-on-its-way
    locale: it-IT
    purpose: shipping-update
    subject: Il tuo pacco è in viaggio 🚚
    ---
    Buongiorno,

    il pacco è partito oggi e arriverà giovedì :)

    Cordiali saluti,
    Casa Bella
    ```

    ## Use instead
    ```markdown
    ---
    id: parcel-on-its-way
    locale: it-IT
    purpose: shipping-update
    subject: Il tuo pacco è in viaggio
    ---
    Buongiorno,

    il pacco è partito oggi e arriverà giovedì. CasaBella™ → © 2025

    Cordiali saluti,
    Casa Bella
    ```

    ## Options
    None.
    """
    for text in template.texts():
        value = text.value
        runs: list[list[int]] = []
        for match in EMOJI.finditer(value):
            if runs and value[runs[-1][1] : match.start()] == "":
                runs[-1][1] = match.end()
            else:
                runs.append([match.start(), match.end()])
        for start, end in runs:
            yield Hit(
                *text.file_span(start, end),
                f"emoji {value[start:end]}: Amazon does not allow emojis in messages",
                "remove the emoji; say it in words if it carries meaning",
            )
        patterns = ((EMOTICON, "emoticon"), (KAOMOJI, "kaomoji"), (SHORTCODE, "emoji shortcode"))
        for pattern, kind in patterns:
            for match in pattern.finditer(value):
                yield Hit(
                    *text.file_span(*match.span()),
                    f"{kind} {match.group()}: Amazon does not allow emojis in messages",
                    "remove it; a friendly sentence does the job",
                )
        for image in markup(value).images:
            if _animated(image):
                yield Hit(
                    *text.file_span(image.start, image.end),
                    "animated image: emojis, stickers and GIFs do not belong in messages",
                    "remove the image",
                )


RULES: tuple[Rule, ...] = (html, emoji)
