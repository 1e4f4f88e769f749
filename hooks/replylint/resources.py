"""Files that ship with replylint: the JSON schemas."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

# A wheel carries schemas/ inside the package; a source checkout keeps it at the top level.
_CHECKOUT_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def schema_text(name: str) -> str:
    packaged = resources.files("replylint") / "schemas" / name
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (_CHECKOUT_SCHEMAS / name).read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> Any:
    return json.loads(schema_text(name))
