"""Configuration: found, validated, merged with flags; every option changes what `check` does.

Each test runs the real CLI in a fresh git repository in tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint.config import load_file
from replylint.rules import BY_ID

from clirepo import Repo, template

UNDECLARED = template("greeting", "Hello {{name}}, your parcel arrives on Thursday.")


@pytest.fixture
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return Repo(tmp_path_factory.mktemp("repo"))


def test_yaml_config_found_from_a_subfolder(repo: Repo) -> None:
    repo.write("templates/greeting.md", UNDECLARED)
    assert repo.check().rules() == ["undeclared-variable"]
    repo.write(".replylint.yaml", "ignore: [undeclared-variable]\n")
    assert repo.check().code == 0
    result = repo.check(".", cwd=repo.root / "templates")
    assert (result.code, result.rules()) == (0, [])


def test_pyproject_section(repo: Repo) -> None:
    repo.write("templates/greeting.md", UNDECLARED)
    repo.write(
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.replylint]\nignore = ["undeclared-variable"]\n',
    )
    assert repo.check().rules() == []


def test_pyproject_without_section_is_passed_over(repo: Repo) -> None:
    repo.write("templates/greeting.md", UNDECLARED)
    repo.write(".replylint.yaml", "ignore: [undeclared-variable]\n")
    repo.write("templates/pyproject.toml", '[project]\nname = "x"\n')
    assert repo.check(".", cwd=repo.root / "templates").rules() == []


def test_explicit_config_and_isolated(repo: Repo) -> None:
    repo.write("templates/greeting.md", UNDECLARED)
    repo.write(".replylint.yaml", "ignore: [undeclared-variable]\n")
    repo.write(".other-settings.yaml", "severity: {undeclared-variable: warning}\n")
    assert repo.check("--isolated").rules() == ["undeclared-variable"]
    result = repo.check("--config", ".other-settings.yaml")
    assert result.code == 0
    assert [f["severity"] for f in result.findings()] == ["warning"]


def test_config_is_not_searched_beyond_the_repository(repo: Repo) -> None:
    (repo.root.parent / ".replylint.yaml").write_text("ignore: [undeclared-variable]\n")
    try:
        repo.write("greeting.md", UNDECLARED)
        assert repo.check().rules() == ["undeclared-variable"]
    finally:
        (repo.root.parent / ".replylint.yaml").unlink()


BROKEN = [
    ("select: [link\n", ".replylint.yaml:2:1:", "YAML syntax error"),
    ("selct: [schema]\n", ".replylint.yaml:1:1:", "did you mean 'select'"),
    ("select: schema\n", ".replylint.yaml:1:1:", "select must be a list, not a string"),
    ("ignore:\n  - schema\n  - unused-variabel\n", ".replylint.yaml:3:5:", "unknown rule id"),
    ("severity:\n  schema: fatal\n", ".replylint.yaml:2:3:", "'fatal' is not one of"),
    ("placeholder-style: jinja\n", ".replylint.yaml:1:1:", "mustache, percent, hash, brackets"),
    ("max-length:\n  refunds: 100\n", ".replylint.yaml:2:3:", "'refunds' is not allowed"),
    ("allow-domains: [http://shop.com]\n", ".replylint.yaml:1:17:", "no scheme, no path"),
    ("per-file:\n  - ignore: [schema]\n", ".replylint.yaml:2:5:", "required option 'files'"),
    (
        "rules:\n  - id: custom-x\n    message: m\n    patterns: ['(a|ab)*c']\n",
        ".replylint.yaml:4:",
        "exponential time",
    ),
    (
        "rules:\n  - id: custom-x\n    message: m\n    patterns: ['(a']\n",
        ".replylint.yaml:4:",
        "not a valid regular expression",
    ),
    (
        "rules:\n  - id: custom-x\n    message: m\n",
        ".replylint.yaml:2:5:",
        "exactly one of 'phrases' or 'patterns'",
    ),
    (
        "rules:\n  - id: schema-extra\n    message: m\n    phrases: [x]\n",
        ".replylint.yaml:2:5:",
        "looks like a built-in rule's id",
    ),
    ("- just a list\n", ".replylint.yaml:1:1:", "must be a mapping"),
]


@pytest.mark.parametrize(("text", "where", "what"), BROKEN, ids=[b[2] for b in BROKEN])
def test_broken_config_stops_with_file_line_and_key(
    repo: Repo, text: str, where: str, what: str
) -> None:
    repo.write("greeting.md", UNDECLARED)
    repo.write(".replylint.yaml", text)
    result = repo.check()
    assert result.code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"replylint: error: {where}" in result.stderr
    assert what in result.stderr


def test_broken_pyproject_names_the_line(repo: Repo) -> None:
    repo.write("greeting.md", UNDECLARED)
    repo.write("pyproject.toml", '[tool.replylint]\nselect = ["schema"]\nignor = ["link"]\n')
    result = repo.check()
    assert result.code == 2
    assert "pyproject.toml:3: unknown option 'ignor'; did you mean 'ignore'?" in result.stderr
    repo.write("pyproject.toml", "[tool.replylint]\nselect = [\n")
    result = repo.check()
    assert result.code == 2
    assert "pyproject.toml: TOML syntax error" in result.stderr


def test_missing_explicit_config(repo: Repo) -> None:
    result = repo.check("--config", "nowhere.yaml")
    assert result.code == 2
    assert "nowhere.yaml: configuration file not found" in result.stderr


def test_select_severity_and_command_line_flags(repo: Repo) -> None:
    repo.write(
        "greeting.md",
        "---\nid: greeting\nlocale: en-US\npurpose: customer-service\nvariables:\n"
        "  unused: {example: x}\n---\nHello {{name}}, your parcel arrives on Thursday.\n",
    )
    assert sorted(repo.check().rules()) == ["undeclared-variable", "unused-variable"]
    repo.write(".replylint.yaml", "select: [unused-variable]\n")
    assert repo.check().rules() == ["unused-variable"]
    # --select replaces the configured selection; --ignore adds to the ignored rules.
    assert repo.check("--select", "undeclared-variable").rules() == ["undeclared-variable"]
    assert repo.check("--ignore", "unused-variable").rules() == []
    repo.write(".replylint.yaml", "severity: {undeclared-variable: warning}\n")
    result = repo.check()
    assert result.code == 0
    assert {f["severity"] for f in result.findings()} == {"warning"}
    assert repo.check("--strict").code == 1
    repo.write(
        ".replylint.yaml", "severity: {unused-variable: error}\nignore: [undeclared-variable]\n"
    )
    assert repo.check().code == 1


def test_include_and_exclude(repo: Repo) -> None:
    repo.write("templates/greeting.md", UNDECLARED)
    repo.write("drafts/greeting.md", UNDECLARED.replace("greeting", "draft"))
    assert sorted(f["path"] for f in repo.check().findings()) == [
        "drafts/greeting.md",
        "templates/greeting.md",
    ]
    repo.write(".replylint.yaml", "exclude: ['drafts/**']\n")
    assert [f["path"] for f in repo.check().findings()] == ["templates/greeting.md"]
    repo.write(".replylint.yaml", "include: ['drafts/*.md']\n")
    assert [f["path"] for f in repo.check().findings()] == ["drafts/greeting.md"]


def test_per_file_overrides(repo: Repo) -> None:
    long_body = "We keep every promise we make to you. " * 20
    repo.write("legal/terms.md", template("terms", long_body, purpose="legal-disclosure"))
    repo.write("templates/news.md", template("news", long_body))
    repo.write(".replylint.yaml", "max-length: {default: 300}\n")
    assert sorted(f["path"] for f in repo.check().findings()) == [
        "legal/terms.md",
        "templates/news.md",
    ]
    repo.write(
        ".replylint.yaml",
        """
        max-length: {default: 300}
        per-file:
          - files: ['legal/**']
            max-length: {legal-disclosure: 5000}
          - files: ['templates/news.md']
            severity: {too-long: error}
        """.replace("\n        ", "\n"),
    )
    result = repo.check()
    assert [(f["path"], f["severity"]) for f in result.findings()] == [
        ("templates/news.md", "error")
    ]
    repo.write(
        ".replylint.yaml",
        "max-length: {default: 300}\nper-file:\n  - files: ['*.md']\n    ignore: [too-long]\n",
    )
    assert repo.check().rules() == []


def test_max_length_per_purpose(repo: Repo) -> None:
    repo.write(
        "key.md", template("key", "Your code: ABCD-1234. " * 10, purpose="digital-access-key")
    )
    assert repo.check().rules() == []
    repo.write(".replylint.yaml", "max-length: {digital-access-key: 100}\n")
    [finding] = repo.check().findings()
    assert finding["rule"] == "too-long"
    assert "the limit for purpose 'digital-access-key' is 100" in finding["message"]


PLACEHOLDERS = {
    "mustache": "{{name}}",
    "percent": "%%name%%",
    "hash": "#name#",
    "brackets": "[[name]]",
}


@pytest.mark.parametrize("style", PLACEHOLDERS)
def test_placeholder_style(repo: Repo, style: str) -> None:
    others = " ".join(p.replace("name", "other") for s, p in PLACEHOLDERS.items() if s != style)
    repo.write(
        "greeting.md",
        "---\nid: greeting\nlocale: en-US\npurpose: customer-service\nvariables:\n"
        f"  name: {{example: Jo}}\n---\nHello {PLACEHOLDERS[style]}, and {others}.\n",
    )
    repo.write(".replylint.yaml", f"placeholder-style: {style}\n")
    # The variable is used in the chosen style; the other styles' look-alikes are plain text.
    assert repo.check().rules() == []
    if style == "hash":
        return  # `#Name#` may be a hashtag: the hash style reports no misnamed placeholders
    broken = PLACEHOLDERS[style].replace("name", "Name")
    repo.write("broken.md", template("broken", f"Hello {broken}, your parcel arrives on Thursday."))
    assert repo.check("broken.md").rules() == ["malformed-placeholder"]


def test_locale_aliases(repo: Repo) -> None:
    repo.write(
        "swiss.md", template("swiss", "Wir schenken Ihnen einen Gutschein.", locale="gsw-CH")
    )
    repo.write(
        ".replylint.yaml",
        """
        rules:
          - id: custom-voucher
            message: no vouchers
            languages: [de]
            phrases: [gutschein]
        """.replace("\n        ", "\n"),
    )
    assert repo.check().rules() == ["unsupported-locale"]
    with_alias = (repo.root / ".replylint.yaml").read_text() + "locale-aliases: {gsw-CH: de}\n"
    repo.write(".replylint.yaml", with_alias)
    assert repo.check().rules() == ["custom-voucher"]


def test_locale_alias_accepts_a_custom_tag(repo: Repo) -> None:
    repo.write("shop.md", template("shop", "Your parcel arrives on Thursday.", locale="en-x-shop"))
    assert repo.check().rules() == ["schema"]
    repo.write(".replylint.yaml", "locale-aliases: {en-x-shop: en}\n")
    assert repo.check().rules() == []


LINK = "Track it at https://track.carrier.example.com/parcel and https://www.carrier.example.com."


@pytest.mark.skipif("link" not in BY_ID, reason="the link rule is not in this build")
def test_allow_domains(repo: Repo) -> None:
    repo.write("track.md", template("track", LINK, purpose="shipping-update"))
    assert repo.check().rules() == ["link", "link"]
    repo.write(".replylint.yaml", "allow-domains: [track.carrier.example.com]\n")
    assert repo.check().rules() == ["link"]
    repo.write(
        ".replylint.yaml", "allow-domains: [track.carrier.example.com, '*.carrier.example.com']\n"
    )
    assert repo.check().rules() == []
    repo.write("plain.md", template("plain", "See http://track.carrier.example.com/x"))
    assert repo.check("plain.md").rules() == ["link"]


@pytest.mark.skipif("external-email" not in BY_ID, reason="external-email is not in this build")
def test_allow_emails(repo: Repo) -> None:
    body = "Write to returns@shop.example.com or to jo@other.example.com."
    repo.write("mail.md", template("mail", body))
    assert repo.check().rules() == ["external-email", "external-email"]
    repo.write(".replylint.yaml", "allow-emails: [shop.example.com]\n")
    assert repo.check().rules() == ["external-email"]
    repo.write(".replylint.yaml", "allow-emails: [shop.example.com, jo@other.example.com]\n")
    assert repo.check().rules() == []


@pytest.mark.skipif("off-platform-contact" not in BY_ID, reason="not in this build")
def test_allow_phones(repo: Repo) -> None:
    body = "For warranty repairs the maker's public line is +44 20 7946 0958."
    repo.write("warranty.md", template("warranty", body, locale="en-GB", purpose="warranty"))
    assert repo.check().rules() == ["off-platform-contact"]
    repo.write(".replylint.yaml", "allow-phones: ['+44 20 7946 0958']\n")
    assert repo.check().rules() == []


def test_yaml_config_wins_over_pyproject_in_the_same_folder(repo: Repo) -> None:
    repo.write("greeting.md", UNDECLARED)
    repo.write("pyproject.toml", '[tool.replylint]\nseverity = {undeclared-variable = "warning"}\n')
    assert [f["severity"] for f in repo.check().findings()] == ["warning"]
    repo.write(".replylint.yml", "select: [schema]\n")
    assert repo.check().rules() == []


def test_pyproject_in_any_toml_spelling(repo: Repo) -> None:
    repo.write("greeting.md", UNDECLARED)
    repo.write("pyproject.toml", 'tool.replylint.ignore = ["undeclared-variable"]\n')
    assert repo.check().rules() == []
    repo.write("pyproject.toml", 'tool.replylint.ignor = ["undeclared-variable"]\n')
    result = repo.check()
    assert result.code == 2
    assert "pyproject.toml:1: unknown option 'ignor'" in result.stderr
    # Broken files that name replylint are reported, never passed over.
    (repo.root / "pyproject.toml").write_bytes(b'[tool.replylint]\nignore = ["\xff"]\n')
    result = repo.check()
    assert (result.code, "not valid UTF-8" in result.stderr) == (2, True)


def test_allow_lists_are_read(tmp_path: Path) -> None:
    path = tmp_path / ".replylint.yaml"
    path.write_text(
        "allow-domains: [Track.Carrier.example, '*.carrier.example']\n"
        "allow-emails: [Returns@Shop.example, shop.example, '*.shop.example']\n"
        "allow-phones: ['+44 20 7946 0958']\n",
        encoding="utf-8",
    )
    loaded = load_file(path)
    assert loaded.allow_domains[-2:] == ("track.carrier.example", "*.carrier.example")
    assert "amazon.de" in loaded.allow_domains  # Amazon's own domains stay allowed
    assert loaded.allow_emails == ("returns@shop.example", "shop.example", "*.shop.example")
    assert loaded.allow_phones == ("+44 20 7946 0958",)
