"""Run the rules over parsed files and turn their hits into sorted findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from replylint import suppress
from replylint.config import Config
from replylint.discover import relative_to
from replylint.model import Finding, Hit, Severity, Span
from replylint.parsing import ParsedFile
from replylint.repository import Repository
from replylint.rules import BY_ID, Context, Rule, registry
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
    catalog: Mapping[str, Rule] = field(default_factory=dict)
    """Every rule the run knew, by id, the configuration's custom rules included."""
    baselined: int = 0
    """Findings left out because the baseline holds them."""
    stale: int = 0
    """Baseline entries that no longer occur in the files checked."""

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


def lint(
    files: Sequence[ParsedFile],
    config: Config,
    repository: Repository,
    base: Path | None = None,
) -> Report:
    """Lint parsed files; `base` is the folder per-file globs are relative to (default: cwd)."""
    rules = registry(config)
    report = Report(files=len(files), catalog=rules)
    report.rules = [rule_id for rule_id in rules if config.enabled(rule_id)]
    for parsed in files:
        report.sources[parsed.source.path] = parsed.source
        report.template_ids[parsed.source.path] = [template.id for template in parsed.templates]
        report.templates += len(parsed.templates)
        file_config = config.for_file(relative_to(Path(parsed.source.path), base or Path.cwd()))
        findings = list(_problems(parsed, file_config))
        context = Context(file_config, repository)
        active = [r for r in rules.values() if r.check is not None and file_config.enabled(r.id)]
        for template in parsed.templates:
            for rule in active:
                assert rule.check is not None
                for hit in _unique(rule.check(template, context)):
                    findings.append(
                        make_finding(rule, file_config, parsed.source, hit, template.id)
                    )
        report.findings.extend(_suppress(parsed, findings, file_config, rules))
    report.findings = sorted(_distinct(report.findings), key=Finding.sort_key)
    return report


def _suppress(
    parsed: ParsedFile, findings: list[Finding], config: Config, rules: Mapping[str, Rule]
) -> list[Finding]:
    """Drop the findings inline suppressions cover; report suppressions that cover nothing."""
    suppressions = suppress.find(parsed)
    if not suppressions:
        return findings
    enabled = {rule_id for rule_id in rules if config.enabled(rule_id)}
    kept, unused = suppress.apply(findings, suppressions, rules, enabled)
    if config.enabled(suppress.RULE):
        rule = rules[suppress.RULE]
        kept.extend(
            make_finding(rule, config, parsed.source, hit, suppression.template_id)
            for suppression, hit in unused
        )
    return kept


def _distinct(findings: Iterable[Finding]) -> Iterable[Finding]:
    """One finding per place: a problem in a YAML file's defaults shows in every template
    that inherits it, but is one problem."""
    distinct: dict[tuple[str, str, Span, str], Finding] = {}
    for finding in findings:
        distinct.setdefault((finding.rule, finding.path, finding.span, finding.message), finding)
    return distinct.values()


def _problems(parsed: ParsedFile, config: Config) -> Iterable[Finding]:
    # A problem the reader could not tie to one template of a YAML list gets id null.
    only_id = parsed.templates[0].id if len(parsed.templates) == 1 else None
    for problem in parsed.problems:
        if config.enabled(problem.rule):
            template_id = problem.template_id or only_id
            yield make_finding(BY_ID[problem.rule], config, parsed.source, problem.hit, template_id)


def _unique(hits: Iterable[Hit]) -> Iterable[Hit]:
    """Drop hits a rule reports twice for the same span (two detectors, one link)."""
    seen: set[tuple[int, int]] = set()
    for hit in hits:
        if (hit.start, hit.end) not in seen:
            seen.add((hit.start, hit.end))
            yield hit
