"""`--format junit`: JUnit XML for GitLab, Jenkins and Azure Pipelines test reports.

One test case per template (named by its id, its class the file), one `<failure>` per
finding; a file-level finding (no template) gets a test case named after the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from replylint.engine import Report
from replylint.model import Finding
from replylint.reporters import Options
from replylint.reporters.common import full_message

# Characters XML 1.0 cannot hold at all, even escaped; template text may contain them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _case_name(path: str, template_id: str | None) -> str:
    return template_id if template_id is not None else path


def render(report: Report, options: Options) -> str:
    cases: dict[tuple[str, str | None], list[Finding]] = {}
    for path, ids in report.template_ids.items():
        for template_id in ids or [None]:
            cases.setdefault((path, template_id), [])
    for finding in report.findings:
        cases.setdefault((finding.path, finding.template_id), []).append(finding)

    failures = sum(1 for found in cases.values() for _ in found)
    suites = ET.Element(
        "testsuites", name="replylint", tests=str(len(cases)), failures=str(failures), errors="0"
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="replylint",
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time="0",
    )
    for (path, template_id), found in sorted(cases.items(), key=lambda item: item[0][0]):
        case = ET.SubElement(
            suite,
            "testcase",
            name=_xml(_case_name(path, template_id)),
            classname=_xml(path),
            file=_xml(path),
            time="0",
        )
        for finding in found:
            start = finding.span.start
            failure = ET.SubElement(
                case,
                "failure",
                message=_xml(f"{finding.severity.value} {finding.rule}: {finding.message}"),
                type=finding.rule,
            )
            failure.text = _xml(
                f"{finding.path}:{start.line}:{start.column}: {finding.severity.value} "
                f"{finding.rule} {full_message(finding)}"
            )
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
