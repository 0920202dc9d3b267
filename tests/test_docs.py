"""The documentation keeps up with the code."""

from __future__ import annotations

import re
import shutil
import typing

import pytest

from brief.charts.data import ROWS as CHART_ROWS
from brief.doc_tables import TABLES
from brief.files import LIMITS
from brief.sources.budgets import BUDGETS as SOURCE_BUDGETS
from brief.sources.images import PIXELS, SVG_ELEMENTS
from brief.spec import SECTION_KINDS, SectionKind
from brief.spec.docs import reference_tables
from brief.templates import INCLUDABLE
from brief.templates.counts import BUDGETS as TEMPLATE_BUDGETS
from conftest import REPO


def test_spec_reference_tables_match_the_schema():
    doc = (REPO / "docs" / "spec.md").read_text(encoding="utf-8")
    tables = re.search(r"<!-- keys:start[^>]*-->\n(.*)<!-- keys:end -->", doc, re.DOTALL)
    assert tables is not None
    assert tables[1] == reference_tables(), "run: python scripts/update_spec_docs.py"


@pytest.mark.parametrize("table", TABLES, ids=lambda table: f"{table.doc}:{table.name}")
def test_every_reference_table_matches_its_schema(table):
    """The spec's keys, template.yaml's keys and the style tokens: each table in docs/ is
    the one its schema makes."""
    assert table.written(REPO) == table.make(), "run: python scripts/update_spec_docs.py"


def test_the_docs_script_rewrites_every_stale_table(tmp_path):
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    for table in TABLES:
        doc = tmp_path / table.doc
        doc.write_text(table.pattern.sub(lambda m: m[1] + "| stale |\n" + m[3],
                                         doc.read_text(encoding="utf-8")), encoding="utf-8")
        assert table.written(tmp_path) == "| stale |\n"
    assert [table.update(tmp_path) for table in TABLES] == [True] * len(TABLES)
    assert all(table.written(tmp_path) == table.make() for table in TABLES)
    assert [table.update(tmp_path) for table in TABLES] == [False] * len(TABLES)
    for table in TABLES:  # nothing but the tables changed
        assert (tmp_path / table.doc).read_text(encoding="utf-8") == (
            REPO / table.doc).read_text(encoding="utf-8")


def test_one_list_of_section_kinds():
    """The spec's kinds of section, their type, and what a template's `include` names."""
    assert tuple(SECTION_KINDS) == typing.get_args(SectionKind)
    assert ("key_judgments", *SECTION_KINDS) == INCLUDABLE


def test_ci_runs_exactly_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ("make test      # install (with the test tools), then run ruff, mypy, "
            "lint-imports and pytest") in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line and not line.startswith("#")][-1] \
        == "make test"


def test_changelog_names_the_current_version():
    from brief import __version__

    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__}" in changelog


def test_every_limit_and_budget_is_documented():
    """Each variable that raises a limit or a budget is in the README's list and in
    docs/spec.md's table of limits, with its default."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    spec = (REPO / "docs" / "spec.md").read_text(encoding="utf-8")
    limits = spec[spec.index("## The project and its limits"):]
    entries = [*LIMITS.values(), *SOURCE_BUDGETS.values(), *TEMPLATE_BUDGETS, PIXELS,
               SVG_ELEMENTS, CHART_ROWS]
    assert len(entries) == 9 + 10 + 3 + 3
    for entry in entries:
        prefix = entry.variable.rsplit("_", 1)[0] + "_*"
        assert entry.variable in readme or prefix in readme, entry.variable
        assert entry.variable in limits, entry.variable
    for entry in [*SOURCE_BUDGETS.values(), *TEMPLATE_BUDGETS, CHART_ROWS]:
        assert f"{entry.default:,}" in limits, entry.variable
