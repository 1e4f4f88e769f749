"""The configuration schema, its README reference and the README's examples agree."""

from __future__ import annotations

import re
import time
from pathlib import Path

from jsonschema import Draft202012Validator

from replylint import config_reference
from replylint.config import load_file
from replylint.resources import load_schema

README = Path(__file__).resolve().parents[1] / "README.md"


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_schema_is_valid() -> None:
    Draft202012Validator.check_schema(load_schema("config.schema.json"))


def test_readme_reference_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert config_reference.update(text) == text, (
        "README.md's configuration reference is out of date: run 'python -m replylint.docs'"
    )
    configuration = section("Configuration")
    assert config_reference.START in configuration


def test_max_length_purposes_match_the_template_schema() -> None:
    purposes = load_schema("template.schema.json")["properties"]["purpose"]["enum"]
    keys = load_schema("config.schema.json")["$defs"]["maxLength"]["propertyNames"]["enum"]
    assert keys == ["default", *purposes]


def test_readme_examples_are_valid(tmp_path: Path) -> None:
    configuration = section("Configuration")
    blocks = re.findall(r"```(yaml|toml)\n(.*?)```", configuration, re.DOTALL)
    assert [kind for kind, _ in blocks] == ["yaml", "toml"]
    for kind, block in blocks:
        path = tmp_path / (".replylint.yaml" if kind == "yaml" else "pyproject.toml")
        path.write_text(block, encoding="utf-8")
        loaded = load_file(path)
        assert "unused-variable" in loaded.ignore
        assert loaded.per_file


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_schema_patterns_stay_linear_on_hostile_input() -> None:
    patterns = _patterns(load_schema("config.schema.json"))
    assert len(patterns) >= 8
    hostile = [
        "a." * 5000 + "!",
        "a-" * 5000 + ".",
        "*." + "a-a." * 3000 + "1",
        "x@" + "a." * 5000 + "-",
        "+1 " * 5000 + "x",
        "a-" * 5000 + "A",
    ]
    for pattern in patterns:
        compiled = re.compile(pattern)
        for text in hostile:
            started = time.perf_counter()
            compiled.search(text)
            assert time.perf_counter() - started < 0.5, pattern
