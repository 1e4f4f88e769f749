"""Text as the phrase rules read it: normalised, split into sentences, matched against lists.

Phrase lists are data (`phrases/<family>/<language>.yaml`, checked against
`schemas/phrases.schema.json`); this module compiles them to regular expressions.

Phrase syntax, one phrase per list item:
- words separated by spaces match words separated by white space or punctuation other than
  what ends a sentence (`.` `!` `?` `;`);
- a word ending in `*` matches any word starting with it (`rezension*`);
- `...` matches a gap of zero to four words (`leave ... review`);
- in languages written without spaces (`ja`), phrases match anywhere, and spaces in a phrase
  are optional.
Matching is on normalised text: NFKC (full-width to half-width, ligatures), case-folded,
typographic apostrophes and dashes made plain. Every normalised character keeps the index of
the original character it came from, so matches map back to the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

UNSPACED_LANGUAGES = frozenset({"ja", "zh", "th"})
PLAIN = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-", "–": "-"})
GAP_WORDS = 4


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text; `origin[i]` is the index in the original of character i."""

    value: str
    origin: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised characters [start, end) came from."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> str:
    """The normalised form of a text whose positions nobody needs (a phrase of a list)."""
    return unicodedata.normalize("NFKC", text).casefold().translate(PLAIN)


@lru_cache(maxsize=64)
def normalize(text: str) -> Normalized:
    """`fold`, keeping where each character came from. Several rules read the same body:
    the cache normalises it once."""
    chars: list[str] = []
    origin: list[int] = []
    index = 0
    while index < len(text):
        # A base character with its combining marks normalises as one cluster.
        end = index + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        folded = fold(text[index:end])
        chars.append(folded)
        origin.extend([index] * len(folded))
        index = end
    origin.append(len(text))
    return Normalized("".join(chars), origin)


def _word(token: str, spaced: bool) -> str:
    if token.endswith("*") and len(token) > 1:
        return re.escape(token[:-1]) + (r"\w*" if spaced else "")
    return re.escape(token)


def compile_phrases(phrases: Sequence[str], language: str) -> re.Pattern[str]:
    """One pattern for a list of phrases (already lower-case, see `normalize`)."""
    spaced = language not in UNSPACED_LANGUAGES
    alternatives = []
    # Between words: anything but a sentence's end, so "...a C wire. It takes..." never
    # reads as the phrase "wire it".
    between = r"[^\w.!?;]+"
    separator, gap = (
        (between, rf"{between}(?:\w+{between}){{0,{GAP_WORDS}}}?")
        if spaced
        else (r"\s*", ".{0,12}?")
    )
    for phrase in sorted(set(phrases), key=len, reverse=True):
        parts: list[str] = []
        joint = ""
        for token in fold(phrase).split():
            if token == "...":
                joint = gap
                continue
            if parts:
                parts.append(joint or separator)
            parts.append(_word(token, spaced))
            joint = ""
        alternatives.append("".join(parts))
    body = "|".join(alternatives) or r"(?!)"
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if spaced else f"(?:{body})")


class LazyPatterns(Mapping[str, "re.Pattern[str]"]):
    """Phrase lists by name, each compiled on first use: compiling every list of a family is
    most of replylint's start-up, and a template usually needs only some of them."""

    def __init__(self, phrases: Mapping[str, Sequence[str]], language: str) -> None:
        self._phrases = phrases
        self._language = language
        self._compiled: dict[str, re.Pattern[str]] = {}

    def __getitem__(self, name: str) -> re.Pattern[str]:
        pattern = self._compiled.get(name)
        if pattern is None:
            pattern = compile_phrases(self._phrases[name], self._language)
            self._compiled[name] = pattern
        return pattern

    def __iter__(self) -> Iterator[str]:
        return iter(self._phrases)

    def __len__(self) -> int:
        return len(self._phrases)

    def phrases(self, name: str) -> Sequence[str]:
        """The list as written in the data file."""
        return self._phrases.get(name, ())


@dataclass(frozen=True, slots=True)
class PhraseBook:
    """The compiled lists of one family in one language."""

    language: str
    lists: LazyPatterns

    def find(
        self, name: str, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        pattern = self.lists.get(name)
        if pattern is None:
            return iter(())
        return pattern.finditer(text, start, len(text) if end is None else end)

    def search(self, name: str, text: str, start: int = 0, end: int | None = None) -> bool:
        return next(self.find(name, text, start, end), None) is not None


@cache
def phrase_book(family: str, language: str) -> PhraseBook | None:
    """The phrase lists of `family` for `language`, or None when that language has none."""
    from replylint.parsing.yaml import load, to_plain

    resource = resources.files("replylint") / "phrases" / family / f"{language}.yaml"
    if not resource.is_file():
        return None
    data = to_plain(load(resource.read_text(encoding="utf-8")))
    return PhraseBook(language, LazyPatterns(data["lists"], language))


def languages(family: str) -> frozenset[str]:
    folder = resources.files("replylint") / "phrases" / family
    if not folder.is_dir():
        return frozenset()
    return frozenset(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


SENTENCE_END = re.compile(r"[.!?。！？]+(?=\s|$)|[。！？]+|\n[ \t]*\n|\n[ \t]*(?=[-*+] |\d+[.)] )")


@lru_cache(maxsize=64)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) spans of the sentences of a text; a hard-wrapped line does not end one.
    Several rules split the same body: the cache splits it once."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)
