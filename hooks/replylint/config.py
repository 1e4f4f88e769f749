"""The settings a run uses: defaults, the repository's configuration file, command-line flags.

The configuration is `.replylint.yaml` or `[tool.replylint]` in `pyproject.toml`, found from the
current folder upward (not beyond the repository root), validated against
schemas/config.schema.json. A bad configuration raises ConfigError naming the file, the line
and the key: the run stops (exit 2) rather than fall back to defaults silently.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from replylint.model import Severity

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from replylint.rules.base import Rule

# Amazon's own marketplace domains: https links to these (and their subdomains) are allowed.
AMAZON_DOMAINS = (
    "amazon.com", "amazon.ca", "amazon.com.mx", "amazon.com.br", "amazon.co.uk", "amazon.de",
    "amazon.fr", "amazon.it", "amazon.es", "amazon.nl", "amazon.se", "amazon.pl", "amazon.com.be",
    "amazon.com.tr", "amazon.ae", "amazon.sa", "amazon.eg", "amazon.in", "amazon.co.jp",
    "amazon.com.au", "amazon.sg", "amazon.ie", "amazon.co.za",
)  # fmt: skip
DEFAULT_ALLOW_DOMAINS = tuple(
    pattern for domain in AMAZON_DOMAINS for pattern in (domain, f"*.{domain}")
)

# Amazon's messaging API body limits, by purpose; every other purpose gets "default".
DEFAULT_MAX_LENGTH: Mapping[str, int] = MappingProxyType(
    {"default": 2000, "custom-design": 800, "digital-access-key": 400}
)

CONFIG_FILES = (".replylint.yaml", ".replylint.yml")
PYPROJECT = "pyproject.toml"
DEFAULT_BASELINE = ".replylint-baseline.json"


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file, line and key."""


@dataclass(frozen=True, slots=True)
class PerFile:
    """Overrides for the files matching `files` (globs relative to the config's folder)."""

    files: tuple[str, ...]
    options: Mapping[str, Any]
    """Config field name -> value, already converted."""


@dataclass(frozen=True, slots=True)
class Config:
    select: frozenset[str] | None = None
    """Rule ids to run; None runs every rule."""
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    allow_domains: tuple[str, ...] = DEFAULT_ALLOW_DOMAINS
    allow_emails: tuple[str, ...] = ()
    allow_phones: tuple[str, ...] = ()
    placeholder_style: str = "mustache"
    max_length: Mapping[str, int] = field(default_factory=lambda: DEFAULT_MAX_LENGTH)
    locale_aliases: Mapping[str, str] = field(default_factory=dict)
    per_file: tuple[PerFile, ...] = ()
    custom_rules: tuple[Rule, ...] = ()
    """Rules declared in the configuration (`rules:`), run like built-in ones."""
    source: Path | None = None
    """The configuration file these settings came from, if any."""
    baseline: str = DEFAULT_BASELINE
    """The baseline file, relative to `root`."""

    @property
    def root(self) -> Path | None:
        """The folder globs and the baseline are relative to: the configuration's folder."""
        return self.source.parent if self.source is not None else None

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        return self.select is None or rule_id in self.select

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return self.severity.get(rule_id, default)

    def max_length_for(self, purpose: str | None) -> int:
        return self.max_length.get(purpose or "", self.max_length["default"])

    def for_file(self, relative: str) -> Config:
        """The settings for one file (its path relative to `root`), per-file overrides applied."""
        from replylint.discover import matches

        config = self
        for entry in self.per_file:
            if matches(relative, entry.files):
                config = config._overridden(entry.options)
        return config

    def _overridden(self, options: Mapping[str, Any]) -> Config:
        changes: dict[str, Any] = {}
        for name, value in options.items():
            current = getattr(self, name)
            if name == "ignore":
                changes[name] = current | value
            elif name in ("severity", "max_length"):
                changes[name] = {**current, **value}
            elif name in ("allow_domains", "allow_emails", "allow_phones"):
                changes[name] = (*current, *value)
            else:
                changes[name] = value
        return dataclasses.replace(self, **changes)

    def with_flags(
        self, select: frozenset[str] | None = None, ignore: frozenset[str] | None = None
    ) -> Config:
        """Command-line flags win: `--select` replaces the selection, `--ignore` adds to it."""
        return dataclasses.replace(
            self,
            select=self.select if select is None else select,
            ignore=self.ignore | (ignore or frozenset()),
        )


# ---------------------------------------------------------------------------------------------
# Finding and reading the configuration file


def find(start: Path) -> Path | None:
    """The first configuration from `start` upward, stopping at the repository root."""
    folder = start.resolve()
    while True:
        for name in CONFIG_FILES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def _has_tool_section(path: Path) -> bool:
    """Whether a pyproject.toml configures replylint, in any TOML spelling.

    One that cannot be read as TOML but names replylint counts, so that loading it reports
    the problem instead of silently running with the defaults.
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError:
        return False
    except UnicodeDecodeError:
        return True
    if "replylint" not in text:
        return False
    tomllib = _tomllib()
    try:
        tool = tomllib.loads(text.removeprefix("\ufeff")).get("tool", {})
    except tomllib.TOMLDecodeError:
        return True
    return isinstance(tool, dict) and "replylint" in tool


def _tomllib() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def load(explicit: str | None = None, isolated: bool = False, start: Path | None = None) -> Config:
    """The configuration for a run: `explicit` (--config) or the one found; none if isolated."""
    if isolated:
        return Config()
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
    else:
        found = find(start or Path.cwd())
        if found is None:
            return Config()
        path = found
    return load_file(path)


def load_file(path: Path) -> Config:
    display = _display(path)
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except OSError as exc:
        raise ConfigError(f"{display}: cannot read the configuration: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{display}: the configuration is not valid UTF-8") from None
    document: _Document
    if path.name == PYPROJECT or path.suffix == ".toml":
        document = _Toml(display, text)
    else:
        document = _Yaml(display, text)
    return build(document.data, document, path.resolve())


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class _Document:
    """A loaded configuration and a way to say where a key stands in it."""

    display: str
    data: dict[str, Any]

    def where(self, path: Sequence[str | int]) -> str:
        raise NotImplementedError

    def error(self, path: Sequence[str | int], message: str) -> ConfigError:
        return ConfigError(f"{self.where(path)}: {message}")


class _Yaml(_Document):
    def __init__(self, display: str, text: str) -> None:
        from replylint.parsing.yaml import YamlError, load, to_plain

        self.display = display
        try:
            node = load(text)
        except YamlError as exc:
            raise ConfigError(f"{display}:{exc.line + 1}:{exc.column + 1}: {exc}") from None
        if node is None:
            node = {}
        if not isinstance(node, Mapping):
            raise ConfigError(f"{display}:1:1: the configuration must be a mapping of options")
        self.node = node
        self.data = to_plain(node)

    def where(self, path: Sequence[str | int]) -> str:
        line, column = 0, 0
        node: Any = self.node
        for part in path:
            lc = getattr(node, "lc", None)
            try:
                if isinstance(node, Mapping) and lc is not None:
                    line, column = lc.key(part)
                elif isinstance(node, list) and lc is not None and isinstance(part, int):
                    line, column = lc.item(part)
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        return f"{self.display}:{line + 1}:{column + 1}"


class _Toml(_Document):
    def __init__(self, display: str, text: str) -> None:
        tomllib = _tomllib()
        self.display = display
        self.lines = text.splitlines()
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{display}: TOML syntax error: {exc}") from None
        section = document.get("tool", {}).get("replylint", {})
        if not isinstance(section, dict):
            raise ConfigError(f"{display}: [tool.replylint] must be a table of options")
        self.data = section

    def where(self, path: Sequence[str | int]) -> str:
        # tomllib keeps no positions: find the section, then the last key named in the path.
        header = re.compile(r"^\s*\[\[?\s*tool\s*\.\s*replylint\b")
        # Dotted keys (`tool.replylint.select = ...`) need no header: search from the top.
        line = next((n for n, text in enumerate(self.lines) if header.match(text)), 0)
        for part in path:
            if not isinstance(part, str):
                continue
            name = re.escape(part)
            key = re.compile(rf"""(?:^\s*|[{{,]\s*)["']?{name}["']?\s*=""")
            found = next(
                (n for n in range(line, len(self.lines)) if key.search(self.lines[n])), None
            )
            if found is None:
                break
            line = found
        return f"{self.display}:{line + 1}"


# ---------------------------------------------------------------------------------------------
# Validation and conversion


def _validator() -> Any:
    from jsonschema import Draft202012Validator

    from replylint.resources import load_schema

    return Draft202012Validator(load_schema("config.schema.json"))


def _name(path: Sequence[str | int]) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def _explain(error: ValidationError) -> tuple[list[str | int], str]:
    """Where a schema error is, and what it means in a user's words."""
    path: list[str | int] = list(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    name = _name(path) or "the configuration"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in known]
        key = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f" (known: {', '.join(known)})"
        where = "" if not path else f" in {name}"
        return [*path, key], f"unknown option '{key}'{where}{hint}"
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in schema.get("enum", []))
        if "propertyNames" in error.schema_path:
            return [*path, str(error.instance)], (
                f"'{error.instance}' is not allowed as a key of {name} (expected one of: {choices})"
            )
        return path, f"{name}: '{error.instance}' is not one of {choices}"
    if error.validator == "pattern":
        if "propertyNames" in error.schema_path:
            advice = PATTERN_ADVICE.get(_option(path), "has the wrong form")
            return [*path, str(error.instance)], f"{name}: key '{error.instance}' {advice}"
        advice = PATTERN_ADVICE.get(_option(path), "has the wrong form")
        if len(path) == 2 and path[0] == "locale-aliases":
            advice = "must be a language code such as en or de"
        return path, f"{name}: '{error.instance}' {advice}"
    if error.validator == "type":
        wanted = schema.get("type")
        expected = TYPE_NAMES.get(str(wanted), str(wanted))
        return path, f"{name} must be {expected}, not {_kind(error.instance)}"
    if error.validator == "oneOf":
        return path, f"{name} needs exactly one of 'phrases' or 'patterns'"
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return path, f"{name}: missing required option '{missing[0] if missing else '?'}'"
    return path, f"{name}: {error.message}"


TYPE_NAMES = {
    "array": "a list",
    "object": "a mapping",
    "string": "a string",
    "integer": "a whole number",
}
PATTERN_ADVICE = {
    "select": "is not a rule id (kebab-case, like undeclared-variable)",
    "ignore": "is not a rule id (kebab-case, like undeclared-variable)",
    "severity": "is not a rule id (kebab-case, like undeclared-variable)",
    "allow-domains": "must be a domain such as shop.com, or *.shop.com for its subdomains "
    "(no scheme, no path)",
    "allow-emails": "must be an address (returns@shop.com) or a domain (shop.com, *.shop.com)",
    "allow-phones": "must be a phone number: digits, spaces and + ( ) . / -",
    "locale-aliases": "must be a locale tag such as en-IN",
    "id": "must be kebab-case with a prefix, like custom-free-gift or acme-free-gift",
    "languages": "must be a language code such as en or de",
}


def _option(path: Sequence[str | int]) -> str:
    """The innermost option name on a path (`rules[0].id` -> `id`)."""
    return next((part for part in reversed(path) if isinstance(part, str)), "")


def _kind(value: Any) -> str:
    for python_type, word in (
        (bool, "true/false"),
        (str, "a string"),
        (dict, "a mapping"),
        (list, "a list"),
        (int, "a number"),
        (float, "a number"),
    ):
        if isinstance(value, python_type):
            return word
    return "empty"


def build(data: Mapping[str, Any], document: _Document, source: Path | None) -> Config:
    """Validate configuration data and turn it into a Config."""
    # An unknown key explains the other problems of its mapping (a typo'd required key): first.
    errors = sorted(
        _validator().iter_errors(data),
        key=lambda e: (list(map(str, e.path)), e.validator != "additionalProperties"),
    )
    if errors:
        path, message = _explain(errors[0])
        extra = len(errors) - 1
        more = f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""
        raise document.error(path, message + more)

    from replylint.rules import BY_ID
    from replylint.rules.custom import CustomRuleError, build_rule

    custom: list[Rule] = []
    for index, spec in enumerate(data.get("rules", [])):
        try:
            custom.append(build_rule(spec, source))
        except CustomRuleError as exc:
            raise document.error(["rules", index, *exc.path], str(exc)) from None
    known = {**BY_ID, **{rule.id: rule for rule in custom}}
    seen: set[str] = set(BY_ID)
    for index, rule in enumerate(custom):
        if rule.id in seen:
            what = "a built-in rule" if rule.id in BY_ID else "another custom rule"
            raise document.error(["rules", index, "id"], f"'{rule.id}' is already {what}'s id")
        seen.add(rule.id)

    def check_ids(path: list[str | int], ids: Iterable[str]) -> None:
        for position, rule_id in enumerate(ids):
            if rule_id not in known:
                close = difflib.get_close_matches(rule_id, list(known), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else " (see 'replylint rules')"
                # A severity names the rule as a key; select and ignore list it.
                where = rule_id if path[-1] == "severity" else position
                raise document.error([*path, where], f"unknown rule id '{rule_id}'{hint}")

    entries: list[tuple[list[str | int], Mapping[str, Any]]] = [([], data)]
    entries += [(["per-file", n], entry) for n, entry in enumerate(data.get("per-file", []))]
    for prefix, options in entries:
        for key in ("select", "ignore", "severity"):
            if key in options:
                check_ids([*prefix, key], options[key])

    per_file = tuple(
        PerFile(tuple(entry["files"]), _options({k: v for k, v in entry.items() if k != "files"}))
        for entry in data.get("per-file", [])
    )
    # The top level overrides the defaults as a per-file entry would: the allow lists and
    # max-length add to Amazon's defaults rather than replace them.
    defaults = Config(source=source, custom_rules=tuple(custom), per_file=per_file)
    return defaults._overridden(_options(data))


CONVERTERS: Mapping[str, tuple[str, Callable[[Any], Any]]] = {
    "select": ("select", frozenset),
    "ignore": ("ignore", frozenset),
    "severity": ("severity", lambda v: {k: Severity(s) for k, s in v.items()}),
    "include": ("include", tuple),
    "exclude": ("exclude", tuple),
    "allow-domains": ("allow_domains", lambda v: tuple(d.lower() for d in v)),
    "allow-emails": ("allow_emails", lambda v: tuple(e.lower() for e in v)),
    "allow-phones": ("allow_phones", tuple),
    "placeholder-style": ("placeholder_style", str),
    "max-length": ("max_length", dict),
    "locale-aliases": ("locale_aliases", dict),
    "baseline": ("baseline", str),
}


def _options(data: Mapping[str, Any]) -> dict[str, Any]:
    """Config field values from configuration keys."""
    options: dict[str, Any] = {}
    for key, value in data.items():
        if key in CONVERTERS:
            name, convert = CONVERTERS[key]
            options[name] = convert(value)
    return options
