"""Positions point into the file as it is on disk, whatever the file's shape."""

from __future__ import annotations

import pytest

from replylint.parsing import parse_bytes
from replylint.source import SourceFile
from replylint.template import Text


def located(data: bytes, name: str = "t.md") -> tuple[SourceFile, Text]:
    parsed = parse_bytes(name, data)
    assert not parsed.problems, parsed.problems
    (template,) = parsed.templates
    assert template.body is not None
    return parsed.source, template.body


def position_of(source: SourceFile, body: Text, word: str) -> tuple[int, int]:
    index = body.value.index(word)
    start, end = body.file_span(index, index + len(word))
    assert source.text[start:end] == word
    where = source.position(start)
    return where.line, where.column


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_markdown_body_positions(newline: str, bom: bytes) -> None:
    text = newline.join(
        ["---", "id: a", "locale: en-US", "purpose: refund", "---", "Hi,", "  see x"]
    )
    source, body = located(bom + text.encode())
    assert position_of(source, body, "see") == (7, 3)


@pytest.mark.parametrize("style", ["|", "|-", ">", ">+"])
def test_block_scalar_positions(style: str) -> None:
    data = (
        f"id: a\nlocale: en-US\npurpose: refund\nbody: {style}\n  first line\n\n    indented word\n"
    )
    source, body = located(data.encode(), "t.yaml")
    assert position_of(source, body, "first") == (5, 3)
    assert position_of(source, body, "word") == (7, 14)


def test_block_scalar_in_a_list_with_crlf() -> None:
    data = (
        "templates:\r\n"
        "  - id: a\r\n"
        "    locale: de-DE\r\n"
        "    purpose: refund\r\n"
        "    body: |\r\n"
        "      Hallo,\r\n"
        "      Ihre Erstattung\r\n"
    )
    source, body = located(data.encode(), "t.yaml")
    assert body.value == "Hallo,\nIhre Erstattung"
    assert position_of(source, body, "Erstattung") == (7, 12)


@pytest.mark.parametrize(
    ("line", "column"),
    [('subject: "Order {{x}}"', 17), ("subject: 'Order {{x}}'", 17), ("subject: Order {{x}}", 16)],
)
def test_subject_positions(line: str, column: int) -> None:
    data = f"---\nid: a\nlocale: en-US\npurpose: refund\n{line}\n---\nbody\n"
    parsed = parse_bytes("t.md", data.encode())
    subject = parsed.templates[0].subject
    assert subject is not None
    start, _ = subject.file_span(subject.value.index("{{"), subject.value.index("}}") + 2)
    assert parsed.source.position(start).line == 5
    assert parsed.source.position(start).column == column


def test_html_comments_are_blanked_but_keep_offsets() -> None:
    source, body = located(b"---\nid: a\nlocale: en-US\npurpose: refund\n---\nA <!-- x --> B\n")
    assert "x" not in body.value
    assert position_of(source, body, "B") == (6, 14)


def test_unclosed_comment_runs_to_the_end() -> None:
    parsed = parse_bytes("t.md", b"---\nid: a\nlocale: en-US\npurpose: refund\n---\nA <!-- x\nB\n")
    assert parsed.templates[0].message().strip() == "A"


@pytest.mark.parametrize(
    ("data", "line", "column", "words"),
    [
        (b"---\nid: a\n", 1, 1, "never closed"),
        (b"no front matter\n", 1, 1, "no front matter"),
        (b"---\nid: [a\n---\nx\n", 3, 1, "YAML syntax error"),
        (b"---\n- a\n---\nx\n", 2, 1, "must be a mapping"),
        (b"---\nid: a\n---\nR\xfcckgabe\n", 4, 2, "not valid UTF-8"),
    ],
)
def test_parse_errors_name_the_place(data: bytes, line: int, column: int, words: str) -> None:
    parsed = parse_bytes("t.md", data)
    (problem,) = parsed.problems
    assert problem.rule == "parse-error"
    assert words in problem.hit.message
    where = parsed.source.position(problem.hit.start)
    assert (where.line, where.column) == (line, column)


def test_defaults_are_located_where_written() -> None:
    data = b"defaults:\n  locale: xx_YY\ntemplates:\n  - id: a\n    purpose: refund\n    body: b\n"
    parsed = parse_bytes("t.yaml", data)
    template = parsed.templates[0]
    start, end = template.value_span(("locale",))
    assert parsed.source.text[start:end] == "xx_YY"


def test_dates_and_numbers_become_json_values() -> None:
    data = b"id: a\nlocale: en-US\npurpose: refund\ntitle: 2024-01-01\nbody: '1'\n"
    template = parse_bytes("t.yaml", data).templates[0]
    assert template.meta["title"] == "2024-01-01"


def test_yaml_1_2_forms_libyaml_refuses_still_load() -> None:
    data = b"id: a\nlocale: en-US\npurpose: refund\ntags: [http://x.example, b]\nbody: x\n"
    parsed = parse_bytes("t.yaml", data)
    assert not parsed.problems
    assert parsed.templates[0].meta["tags"] == ["http://x.example", "b"]


def test_duplicate_keys_and_merge_keys() -> None:
    parsed = parse_bytes("t.yaml", b"id: a\nlocale: en-US\nid: b\n")
    (problem,) = parsed.problems
    assert "duplicate key 'id'" in problem.hit.message
    assert parsed.source.position(problem.hit.start).line == 3
    merged = b"base: &b {locale: de-DE, purpose: refund}\n"
    merged += b"templates:\n  - <<: *b\n    id: m\n    purpose: invoice\n    body: Anbei.\n"
    parsed = parse_bytes("t.yaml", merged)
    assert parsed.templates[0].meta["locale"] == "de-DE"
    assert parsed.templates[0].meta["purpose"] == "invoice"


def test_a_missing_body_names_its_template() -> None:
    data = b"templates:\n  - {id: a, locale: de, purpose: refund, body: x}\n  - {id: b}\n"
    (problem,) = parse_bytes("t.yaml", data).problems
    assert (problem.rule, problem.template_id) == ("schema", "b")
