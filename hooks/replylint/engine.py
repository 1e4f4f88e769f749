"""Run the rules over parsed files and turn their hits into sorted findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from replylint.config import Config
from replylint.model import Finding, Hit, Severity, Span
from replylint.parsing import ParsedFile
from replylint.repository import Repository
from replylint.rules import ALL_RULES, BY_ID, Context, Rule
from replylint.source import SourceFile


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    templates: int = 0
    sources: dict[str, SourceFile] = field(default_factory=dict)
    # What was checked, for the formats that list it: JUnit test cases, SARIF's rules.
    template_ids: dict[str, list[str | None]] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def make_finding(
    rule: Rule, config: Config, source: SourceFile, hit: Hit, template_id: str | None
) -> Finding:
    return Finding(
        rule=rule.id,
        severity=config.severity_of(rule.id, rule.severity),
        message=hit.message,
        path=source.path,
        span=source.span(hit.start, hit.end),
        template_id=template_id,
        suggestion=hit.suggestion,
        excerpt=source.text[hit.start : hit.end],
    )


def lint(files: Sequence[ParsedFile], config: Config, repository: Repository) -> Report:
    report = Report(files=len(files))
    report.rules = [rule.id for rule in ALL_RULES if config.enabled(rule.id)]
    context = Context(config, repository)
    rules = [rule for rule in ALL_RULES if rule.check is not None and config.enabled(rule.id)]
    for parsed in files:
        report.sources[parsed.source.path] = parsed.source
        report.template_ids[parsed.source.path] = [template.id for template in parsed.templates]
        report.findings.extend(_problems(parsed, config))
        for template in parsed.templates:
            report.templates += 1
            for rule in rules:
                assert rule.check is not None
                for hit in _unique(rule.check(template, context)):
                    report.findings.append(
                        make_finding(rule, config, parsed.source, hit, template.id)
                    )
    report.findings = sorted(_distinct(report.findings), key=Finding.sort_key)
    return report


def _distinct(findings: Iterable[Finding]) -> Iterable[Finding]:
    """One finding per place: a problem in a YAML file's defaults shows in every template
    that inherits it, but is one problem."""
    distinct: dict[tuple[str, str, Span, str], Finding] = {}
    for finding in findings:
        distinct.setdefault((finding.rule, finding.path, finding.span, finding.message), finding)
    return distinct.values()


def _problems(parsed: ParsedFile, config: Config) -> Iterable[Finding]:
    # A problem inside one template of a YAML list belongs to no single template: id null.
    template_id = parsed.templates[0].id if len(parsed.templates) == 1 else None
    for problem in parsed.problems:
        if config.enabled(problem.rule):
            yield make_finding(BY_ID[problem.rule], config, parsed.source, problem.hit, template_id)


def _unique(hits: Iterable[Hit]) -> Iterable[Hit]:
    """Drop hits a rule reports twice for the same span (two detectors, one link)."""
    seen: set[tuple[int, int]] = set()
    for hit in hits:
        if (hit.start, hit.end) not in seen:
            seen.add((hit.start, hit.end))
            yield hit
