"""Every template of the repository, for the rules that compare templates with each other.

pre-commit passes files in batches, so `duplicate-id` and `translation-drift` must look beyond
the files named: inside a git repository they also read every tracked template file. Those
extra files are read only when such a rule runs, and only their metadata is used.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from replylint.model import Position
from replylint.parsing import parse_bytes
from replylint.template import Template


@dataclass(frozen=True, slots=True)
class Entry:
    """Where a template stands, for naming it in another template's finding."""

    template: Template
    path: str
    position: Position

    def where(self) -> str:
        return f"{self.path}:{self.position.line}"


class Repository:
    def __init__(
        self,
        checked: Iterable[tuple[Path, Template]],
        others: Callable[[], Iterable[Path]] = lambda: (),
    ) -> None:
        """`checked` are the templates being linted; `others` lists the rest of the repository."""
        self._checked = list(checked)
        self._others = others

    @cached_property
    def by_id(self) -> dict[str, list[Entry]]:
        seen = {path.resolve() for path, _ in self._checked}
        templates = [template for _, template in self._checked]
        for path in self._others():
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            try:
                data = path.read_bytes()
            except OSError:
                continue
            templates.extend(parse_bytes(os.path.relpath(path), data).templates)
        index: dict[str, list[Entry]] = defaultdict(list)
        for template in templates:
            if template.id is None:
                continue
            start, _ = template.value_span(("id",))
            index[template.id].append(
                Entry(template, template.path, template.source.position(start))
            )
        return index

    def same_id(self, template: Template) -> list[Entry]:
        """The other templates that share this template's id."""
        if template.id is None:
            return []
        return [
            entry for entry in self.by_id.get(template.id, []) if entry.template is not template
        ]
