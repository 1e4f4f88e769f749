"""Inline suppressions: a person's judgement, written next to the text it is about.

Two forms, each with a required reason after ` -- `:

- In a message body (Markdown, or a YAML `body`), as a maintainer note (HTML comment, never
  sent to the buyer):
  `<!-- replylint-disable-next-line link -- carrier tracking page is required -->` silences the
  rule on the next line that is not blank; `<!-- replylint-disable-file link -- reason -->`
  silences it in the whole file.
- As a YAML comment (YAML files, Markdown front matter):
  `# replylint: disable=link -- reason` at the end of a line silences that line; on a line of its
  own it silences the next line. When that line holds a key, the key's whole value is covered:
  a comment on or above `body: |` covers every line of the body (inside a block scalar a `#`
  line is message text, not a comment). `# replylint: disable-file=link -- reason` covers the
  whole file.

Several rule ids are separated by commas. A suppression without a reason silences nothing; it
and one that silences nothing are reported as `unused-suppression`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from replylint.model import Finding, Hit
from replylint.parsing import MARKDOWN_SUFFIXES, ParsedFile
from replylint.source import SourceFile
from replylint.template import Template

RULE = "unused-suppression"
# `<!-- replylint-DIRECTIVE rest -->`: the note text between the comment markers.
HTML_DIRECTIVE = re.compile(r"<!--[ \t\r\n]*replylint-([a-z-]*)(.*?)-->", re.DOTALL)
# `# replylint: DIRECTIVE=rest` as a YAML comment (at a line start or after white space).
YAML_DIRECTIVE = re.compile(r"(?:^|[ \t])#[ \t]*replylint:[ \t]*([a-z-]*)[ \t]*=?([^\r\n]*)")
HTML_DIRECTIVES = {"disable-next-line": "next-line", "disable-file": "file"}
YAML_DIRECTIVES = {"disable": "line", "disable-file": "file"}
RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(slots=True)
class Suppression:
    start: int
    end: int
    """File offsets of the comment."""
    rules: tuple[str, ...]
    reason: str
    first: int
    last: int
    """The 1-based lines covered; 0 and a huge number for the whole file."""
    template_id: str | None
    problem: str | None = None
    """Why the comment cannot suppress anything (malformed, no reason)."""
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        return (
            self.problem is None
            and finding.rule in self.rules
            and self.first <= finding.span.start.line <= self.last
        )


def find(parsed: ParsedFile) -> list[Suppression]:
    """Every suppression comment of a parsed file."""
    source = parsed.source
    found: list[Suppression] = []
    is_markdown = PurePath(source.path).suffix.lower() in MARKDOWN_SUFFIXES
    for template in parsed.templates:
        found.extend(_notes(template))
    if parsed.templates:
        found.extend(_yaml_comments(source, parsed.templates, is_markdown))
    # A YAML file with several templates: the same defaults body may be shared; keep one each.
    unique = {(s.start, s.end): s for s in found}
    return sorted(unique.values(), key=lambda s: s.start)


def _parse(rest: str) -> tuple[tuple[str, ...], str, str | None]:
    """The rule ids and reason of `RULE[, RULE] -- reason`, and a problem if malformed."""
    ids_text, separator, reason = rest.partition("--")
    ids = tuple(part.strip() for part in ids_text.split(",") if part.strip())
    reason = " ".join(reason.split())
    if not ids:
        return ids, reason, "names no rule: write the rule id before ' -- reason'"
    bad = [rule_id for rule_id in ids if not RULE_ID.fullmatch(rule_id)]
    if bad:
        return ids, reason, f"'{bad[0]}' is not a rule id"
    if not separator or not reason:
        return ids, reason, "gives no reason: add ' -- why it is acceptable' after the rule id"
    return ids, reason, None


def _next_content_line(source: SourceFile, line: int, yaml: bool) -> int:
    """The first line after `line` that holds more than white space and comments, so that
    suppressions of several rules can stand one above the other."""
    total = len(source.line_starts)
    while line < total:
        line += 1
        text = source.line_text(line).strip()
        if yaml and text.startswith("#"):
            continue
        if not yaml and text.startswith("<!--") and text.endswith("-->"):
            continue
        if text:
            return line
    return line


def _read(
    directive: str, rest: str, known: Mapping[str, str], form: str, usual: str
) -> tuple[str | None, tuple[str, ...], str, str | None]:
    """A directive's kind (None when misspelt), rules, reason and problem. `form` writes a
    directive as the comment does ("replylint-{}", "replylint: {}="); `usual` is the one to
    suggest when the misspelling resembles none."""
    kind = known.get(directive)
    rules, reason, problem = _parse(rest)
    if kind is None:
        close = difflib.get_close_matches(directive, list(known), n=1)
        written = form.format(directive).rstrip("=")
        problem = (
            f"'{written}' is not a directive; write '{form.format(close[0] if close else usual)}'"
        )
    return kind, rules, reason, problem


def _notes(template: Template) -> Iterator[Suppression]:
    body = template.body
    if body is None:
        return
    source = template.source
    for note_start, note_end in template.notes:
        start, end = body.file_span(note_start, note_end)
        match = HTML_DIRECTIVE.match(source.text, start, end)
        if match is None:
            continue
        kind, rules, reason, problem = _read(
            match.group(1), match.group(2), HTML_DIRECTIVES, "replylint-{}", "disable-next-line"
        )
        if kind == "file":
            first, last = 0, 1 << 31
        else:
            first = last = _next_content_line(source, source.position(end).line, yaml=False)
        yield Suppression(start, end, rules, reason, first, last, template.id, problem)


def _yaml_comments(
    source: SourceFile, templates: Sequence[Template], is_markdown: bool
) -> Iterator[Suppression]:
    # Lines where YAML comments can stand: not the message body, not inside a block scalar.
    first_line, last_line = 1, len(source.line_starts)
    if is_markdown:
        body = templates[0].body
        if body is None:
            return
        last_line = source.position(body.offsets[0]).line - 2  # before the closing ---
    block_lines: set[int] = set()
    value_end: dict[int, int] = {}  # line of a key -> last line of its value
    for template in templates:
        for location in template.locations.values():
            start_line = source.position(location.value[0]).line
            end_line = source.position(location.value[1]).line
            if source.text[location.value[0] : location.value[0] + 1] in ("|", ">"):
                block_lines.update(range(start_line + 1, end_line + 1))
            if location.key is not None:
                key_line = source.position(location.key[0]).line
                value_end[key_line] = max(value_end.get(key_line, key_line), end_line)
    template_id = templates[0].id if len(templates) == 1 else None
    for line in range(first_line, last_line + 1):
        if line in block_lines:
            continue
        text = source.line_text(line)
        if "replylint" not in text:
            continue
        match = YAML_DIRECTIVE.search(text)
        if match is None:
            continue
        line_start = source.line_starts[line - 1]
        start, end = line_start + match.start(), line_start + len(text)
        if text[match.start()] != "#":
            start += 1  # the match began with the white space before `#`
        kind, rules, reason, problem = _read(
            match.group(1), match.group(2), YAML_DIRECTIVES, "replylint: {}=", "disable"
        )
        if kind == "file":
            first, last = 0, 1 << 31
        else:
            own_line = not text[: match.start()].strip()
            first = _next_content_line(source, line, yaml=True) if own_line else line
            last = value_end.get(first, first)
        yield Suppression(start, end, rules, reason, first, last, template_id, problem)


def apply(
    findings: list[Finding],
    suppressions: Sequence[Suppression],
    known: Collection[str],
    enabled: Collection[str],
) -> tuple[list[Finding], list[tuple[Suppression, Hit]]]:
    """The findings no suppression covers, and a hit for each suppression to report.

    `known` are the rule ids that exist; `enabled` those that ran on this file: a suppression
    of a rule that did not run is not reported as unused (it may be needed when it runs).
    """
    kept: list[Finding] = []
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding)]
        for suppression in covering:
            suppression.used.add(finding.rule)
        if not covering:
            kept.append(finding)
    reports: list[tuple[Suppression, Hit]] = []
    for suppression in suppressions:
        message = _unused(suppression, known, enabled)
        if message:
            reports.append((suppression, Hit(suppression.start, suppression.end, message)))
    return kept, reports


def _unused(suppression: Suppression, known: Collection[str], enabled: Collection[str]) -> str:
    if suppression.problem:
        return f"this suppression {suppression.problem}"
    for rule_id in suppression.rules:
        if rule_id not in known:
            close = difflib.get_close_matches(rule_id, list(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return f"this suppression names unknown rule '{rule_id}'{hint}"
    idle = [r for r in suppression.rules if r in enabled and r not in suppression.used]
    if idle:
        names = ", ".join(f"'{rule_id}'" for rule_id in idle)
        return f"this suppression of {names} silences nothing; remove it"
    return ""
