"""Output formats. Each module has `render(report, options) -> str`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from replylint.engine import Report

FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab", "rdjson")


@dataclass(frozen=True, slots=True)
class Options:
    color: bool = False
    quiet: bool = False
    statistics: bool = False


Renderer = Callable[[Report, Options], str]


def renderer(name: str) -> Renderer:
    """The render function of a format, imported only when that format is used."""
    module = importlib.import_module(f"replylint.reporters.{name}_format")
    render: Renderer = module.render
    return render
