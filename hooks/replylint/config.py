"""The settings a run uses. Built from defaults and command-line flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from replylint.model import Severity

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

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        return self.select is None or rule_id in self.select

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return self.severity.get(rule_id, default)

    def max_length_for(self, purpose: str | None) -> int:
        return self.max_length.get(purpose or "", self.max_length["default"])
