"""The documentation keeps up with the code."""

from __future__ import annotations

import re

from brief.spec import reference_tables
from conftest import REPO


def test_spec_reference_tables_match_the_schema():
    doc = (REPO / "docs" / "spec.md").read_text(encoding="utf-8")
    tables = re.search(r"<!-- keys:start[^>]*-->\n(.*)<!-- keys:end -->", doc, re.DOTALL)
    assert tables is not None
    assert tables[1] == reference_tables(), "run: python scripts/update_spec_docs.py"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make test      # install (with the test tools), then run ruff, mypy and pytest" \
        in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line and not line.startswith("#")][-1] \
        == "make test"


def test_changelog_names_the_current_version():
    from brief import __version__

    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__}" in changelog
