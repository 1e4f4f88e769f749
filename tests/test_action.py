"""The GitHub Action (action.yml) run for real, step by step, as the Actions runner runs it.

The runner's part is reproduced here: inputs and their defaults, `${{ inputs.* }}` and
`${{ steps.*.outputs.* }}` in `env:`, each `shell: bash` script run as
`bash --noprofile --norc -eo pipefail FILE` in $GITHUB_WORKSPACE with the variables a runner
sets, a fresh $GITHUB_OUTPUT per step, and the step's log read for workflow commands.
The install step runs for real once (pip from the package index); the other tests give the
lint step this interpreter, where replylint is installed already.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ci_support import PROJECT, Log, clean_environ, git, make_repo, read_log, write

ACTION = PROJECT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load_action() -> dict[str, Any]:
    action: dict[str, Any] = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    return action


@dataclass
class StepResult:
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    log: Log


@dataclass
class ActionRun:
    steps: dict[str, StepResult] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    failed: bool = False


def read_outputs(path: Path) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: `name=value` and `name<<DELIMITER` blocks."""
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, _, delimiter = line.partition("<<")
            end = lines.index(delimiter, index)
            outputs[name] = "\n".join(lines[index:end])
            index = end + 1
        elif "=" in line:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def run_action(
    workspace: Path,
    tmp_path: Path,
    inputs: dict[str, str] | None = None,
    *,
    install: bool = False,
    extra_env: dict[str, str] | None = None,
) -> ActionRun:
    action = load_action()
    given = inputs or {}
    assert set(given) <= set(action["inputs"]), "unknown input"
    values = {
        name: given.get(name, str(spec.get("default", "")))
        for name, spec in action["inputs"].items()
    }
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    summary = tmp_path / "step-summary.md"
    summary.touch()
    run = ActionRun()
    step_outputs: dict[str, dict[str, str]] = {}
    if not install:
        step_outputs["install"] = {"python": sys.executable}

    def evaluate(text: str) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            if expression.startswith("inputs."):
                return values[expression.removeprefix("inputs.")]
            parts = expression.split(".")
            if parts[0] == "steps" and parts[2] == "outputs":
                return step_outputs.get(parts[1], {}).get(parts[3], "")
            raise AssertionError(f"the emulated runner does not know {expression!r}")

        return EXPRESSION.sub(value, text)

    for number, step in enumerate(action["runs"]["steps"]):
        step_id = step.get("id", f"step{number}")
        if step_id == "install" and not install:
            continue
        script = step["run"]
        assert "${{" not in script, "inputs reach scripts through env only"
        assert step["shell"] == "bash"
        output_file = tmp_path / f"output-{step_id}"
        output_file.write_text("", encoding="utf-8")
        script_file = tmp_path / f"{step_id}.sh"
        script_file.write_text(script, encoding="utf-8")
        environ = clean_environ(
            CI="true",
            GITHUB_ACTIONS="true",
            GITHUB_WORKSPACE=str(workspace),
            GITHUB_ACTION_PATH=str(PROJECT),
            GITHUB_STEP_SUMMARY=str(summary),
            GITHUB_OUTPUT=str(output_file),
            GITHUB_ENV=str(tmp_path / "env"),
            GITHUB_PATH=str(tmp_path / "path"),
            GITHUB_EVENT_NAME="pull_request",
            GITHUB_REPOSITORY="seller/templates",
            GITHUB_REF="refs/pull/7/merge",
            GITHUB_HEAD_REF="feature/$(touch pwned-head-ref)",
            GITHUB_BASE_REF="main",
            RUNNER_TEMP=str(runner_temp),
            RUNNER_OS="Linux",
        )
        environ.update(extra_env or {})
        environ.update({key: evaluate(str(value)) for key, value in step.get("env", {}).items()})
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            cwd=workspace,
            env=environ,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        outputs = read_outputs(output_file)
        step_outputs[step_id] = outputs
        run.steps[step_id] = StepResult(
            result.returncode, result.stdout, result.stderr, outputs, read_log(result.stdout)
        )
        if result.returncode != 0:
            run.failed = True
            break
    run.outputs = {name: evaluate(str(spec["value"])) for name, spec in action["outputs"].items()}
    run.summary = summary.read_text(encoding="utf-8")
    return run


def template(template_id: str, body: str, locale: str = "en-US", extra: str = "") -> str:
    return (
        f"---\nid: {template_id}\nlocale: {locale}\npurpose: shipping-update\n{extra}---\n{body}\n"
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "workspace")


# --- the action's definition ------------------------------------------------------------------


def test_action_definition_is_safe_and_composite() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    text = ACTION.read_text(encoding="utf-8")
    assert "secrets." not in text and "github.token" not in text
    for step in action["runs"]["steps"]:
        assert "${{" not in step["run"]
        for value in step.get("env", {}).values():
            # Whatever an expression yields lands in an environment variable, not in code.
            assert EXPRESSION.fullmatch(str(value)), value
    assert 'pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in text


# --- runs -----------------------------------------------------------------------------------------


def test_annotations_summary_outputs_and_exit_status(workspace: Path, tmp_path: Path) -> None:
    run = run_action(workspace, tmp_path)
    lint = run.steps["lint"]
    assert run.failed and lint.returncode == 1, lint.stderr
    assert lint.stderr == ""
    errors, warnings = lint.log.named("error"), lint.log.named("warning")
    assert (len(errors), len(warnings)) == (8, 3)
    assert lint.log.named("notice") == []
    first = errors[0]
    assert first.properties == {
        "file": "templates/en/order-late.md",
        "line": "6",
        "col": "1",
        "endColumn": "8",
        "title": "replylint schema",
    }
    assert first.message == "unknown field '100%off'"
    assert any(line.startswith("Found 8 errors and 3 warnings") for line in lint.log.text)

    assert run.outputs["errors"] == "8" and run.outputs["warnings"] == "3"
    assert run.outputs["findings"] == "11" and run.outputs["not-annotated"] == "0"
    assert run.outputs["templates"] == "6" and run.outputs["files"] == "5"
    sarif_file = Path(run.outputs["sarif-file"])
    assert sarif_file == tmp_path / "runner-temp" / "replylint.sarif"
    sarif = json.loads(sarif_file.read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 11

    summary = run.summary
    assert summary.startswith("## replylint: ❌ 8 errors and 3 warnings\n")
    assert "Checked 6 templates in 5 files." in summary
    assert re.search(
        r"\| \[undeclared-variable\]\([^)]*#undeclared-variable\) \| error \| 3 \|", summary
    )
    assert "| templates/en/order-late.md | 4 | 2 |" in summary
    assert "with, comma: 100%.md | 1 | 0 |" in summary
    assert "unknown field '100%off'" in summary
    assert "Not shown as annotations" not in summary


def test_fail_on_and_outputs_written_per_input(workspace: Path, tmp_path: Path) -> None:
    run = run_action(workspace, tmp_path, {"fail-on": "never", "sarif-file": "out/lint.sarif"})
    assert not run.failed
    assert run.outputs["sarif-file"] == str(workspace / "out/lint.sarif")
    assert (workspace / "out/lint.sarif").is_file()

    warnings_only = tmp_path / "warnings"
    warnings_only.mkdir()
    repo = make_repo(
        warnings_only / "ws",
        {"t.md": template("late", "Hi {{name}}, sorry.", extra="variables:\n  name:\n  unused:\n")},
    )
    assert not run_action(repo, warnings_only, {"fail-on": "error"}).failed
    failing = run_action(repo, warnings_only, {"fail-on": "warning"})
    assert failing.failed and failing.outputs["warnings"] == "1"


def test_more_findings_than_github_shows(workspace: Path, tmp_path: Path) -> None:
    body = " ".join(f"{{{{missing_{index}}}}}" for index in range(14))
    write(workspace, {"templates/many.md": template("many-gaps", body)})
    run = run_action(workspace, tmp_path, {"paths": "templates/many.md"})
    lint = run.steps["lint"]
    assert len(lint.log.named("error")) == 10
    (notice,) = lint.log.named("notice")
    assert notice.message.startswith("4 more findings not shown as annotations")
    assert run.outputs["not-annotated"] == "4"
    hidden = run.summary.split("Not shown as annotations (4)", 1)[1]
    for index in range(10, 14):
        assert f"placeholder 'missing\\_{index}'" in hidden
    assert "missing\\_9'" not in hidden
    assert "4 findings not shown as annotations" in run.summary


def test_changed_files_mode_for_a_pull_request(workspace: Path, tmp_path: Path) -> None:
    git(workspace, "checkout", "-q", "-b", "feature")
    write(workspace, {"templates/clean.md": template("order-late", "Wir melden uns.", "en-US")})
    git(workspace, "commit", "-q", "-am", "change one template")
    base = git(workspace, "rev-parse", "main").strip()
    run = run_action(workspace, tmp_path, {"changed-since": base})
    lint = run.steps["lint"]
    # Only the changed file is linted, and its id is checked against every other template.
    assert {c.properties["file"] for c in lint.log.named("error", "warning")} == {
        "templates/clean.md"
    }
    assert any("duplicate-id" in c.properties["title"] for c in lint.log.named("error"))
    assert run.outputs["files"] == "1"
    assert "Only the templates changed since" in run.summary


HOSTILE = "$(touch pwned-1)`touch pwned-2`; touch pwned-3 && echo \"x'\n::error::injected"


def pwned(*folders: Path) -> list[Path]:
    return [path for folder in folders for path in folder.rglob("pwned-*")]


def test_hostile_file_and_branch_names_stay_data(workspace: Path, tmp_path: Path) -> None:
    """File and branch names with shell syntax, quotes and newlines break nothing."""
    name = f"templates/{HOSTILE} | <b>bold</b>.md"
    write(
        workspace,
        {name: template("odd-name", "Hi {{who}}.\n::add-mask::secret\n::error file=x::fake")},
    )
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "odd")
    branch = "feature/$(touch${IFS}pwned-4);touch${IFS}pwned-5"
    git(workspace, "branch", branch, "HEAD~1")
    run = run_action(workspace, tmp_path, {"changed-since": branch})
    lint = run.steps["lint"]
    assert lint.returncode == 1, lint.stderr + lint.stdout
    assert pwned(workspace, tmp_path) == []
    # The runner sees our annotation and nothing the file name or template smuggled in.
    assert [c.name for c in lint.log.commands] == ["error"]
    error = lint.log.commands[0]
    assert error.properties["file"] == name
    assert error.message == "placeholder 'who' is not declared under variables"
    # The name's second line reached the log as text: commands were off there.
    assert any(line.startswith("::error::injected") for line in lint.log.text)
    # The summary shows the name as text: no table cell break, no HTML.
    assert "<b>" not in run.summary and "\\<b\\>bold\\</b\\>" in run.summary
    row = next(line for line in run.summary.splitlines() if "bold" in line and "| 1 |" in line)
    assert row.count(" | ") == 2


def test_hostile_inputs_stay_data(workspace: Path, tmp_path: Path) -> None:
    run = run_action(
        workspace,
        tmp_path,
        {
            "paths": "templates/clean.md $(touch pwned-6) `touch pwned-7`\n;touch pwned-8",
            "args": "--select parse-error --format junit --output '$(touch pwned-9).xml'",
            "sarif-file": f"{tmp_path}/sarif dir/$(touch pwned-10)\n.sarif",
            "fail-on": "never",
        },
    )
    lint = run.steps["lint"]
    assert lint.returncode == 0, lint.stderr
    assert pwned(workspace, tmp_path) == []
    # Each word is a path (that does not exist), reported as such.
    files = {c.properties["file"] for c in lint.log.named("error")}
    assert files == {"$(touch", "pwned-6)", "`touch", "pwned-7`", ";touch", "pwned-8"}
    assert (workspace / "$(touch pwned-9).xml").is_file()
    assert run.outputs["sarif-file"] == f"{tmp_path}/sarif dir/$(touch pwned-10)\n.sarif"
    assert Path(run.outputs["sarif-file"]).is_file()


def test_a_bad_input_fails_the_step_with_a_message(workspace: Path, tmp_path: Path) -> None:
    run = run_action(workspace, tmp_path, {"fail-on": "sometimes"})
    assert run.steps["lint"].returncode == 2
    (error,) = run.steps["lint"].log.named("error")
    assert "fail-on must be one of error, warning, never" in error.message


def test_install_step_installs_from_the_action_checkout(workspace: Path, tmp_path: Path) -> None:
    """The whole action, the real install included: pip installs this checkout."""
    run = run_action(workspace, tmp_path, {"fail-on": "never"}, install=True)
    install = run.steps["install"]
    assert install.returncode == 0, install.stderr[-2000:]
    python = install.outputs["python"]
    assert python.startswith(str(tmp_path / "runner-temp" / "replylint-venv"))
    lint = run.steps["lint"]
    assert lint.returncode == 0, lint.stderr
    assert len(lint.log.named("error")) == 8
    assert run.outputs["findings"] == "11"


def test_readme_workflows_use_real_inputs_and_outputs() -> None:
    """The README's copy-paste setups parse, and name only inputs and outputs that exist."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Continuous integration", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    action = load_action()
    uses = 0
    for block in blocks:
        document = YAML(typ="safe").load(block)
        for job in (document.get("jobs") or {}).values():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("replylint/replylint@"):
                    uses += 1
                    assert set(step.get("with", {})) <= set(action["inputs"])
        for name in re.findall(r"steps\.replylint\.outputs\.([a-z-]+)", block):
            assert name in action["outputs"]
    assert uses == 2


def test_summary_stays_within_githubs_size_limit() -> None:
    from replylint import ci
    from replylint.engine import Report
    from replylint.model import Finding, Position, Severity, Span

    findings = [
        Finding(
            "schema",
            Severity.ERROR,
            f"problem number {index} " + "x" * 200,
            "templates/a.md",
            Span(Position(index, 1), Position(index, 2)),
            "t",
        )
        for index in range(1, 20_001)
    ]
    report = Report(findings=findings, files=1, templates=1)
    text = ci.summary(report, findings[10:], None)
    assert len(text.encode("utf-8")) < 1024 * 1024
    assert "more do not fit in a job summary" in text
    assert "Not shown as annotations (19990)" in text
