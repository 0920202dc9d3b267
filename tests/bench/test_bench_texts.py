"""What the bench scripts print and say in --help: each argument explained, a checkout
named as such, a comparison made with the commit before the change, not main."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


def help_text(script: str) -> str:
    return subprocess.run([sys.executable, str(REPO / "bench" / script), "--help"],
                          capture_output=True, text=True, check=True, timeout=60).stdout


def test_compare_pages_explains_each_argument():
    text = " ".join(help_text("compare_pages.py").split())
    assert "before a PDF, or a folder of PDFs, built before the change" in text
    assert "after the same PDF" in text
    assert "--dpi DPI the resolution each page is drawn at" in text


def test_the_bench_scripts_compare_with_the_commit_before_not_main():
    for script in ("build_speed.py", "preview_speed.py", "profile_render.py",
                   "rebuild_speed.py", "compare_pages.py"):
        source = (REPO / "bench" / script).read_text(encoding="utf-8")
        assert "/tmp/base main" not in source, script
    assert "HEAD~1" in " ".join(help_text("rebuild_speed.py").split())
    docs = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    assert "/tmp/base main" not in docs and "git worktree add /tmp/base HEAD~1" in docs


def test_rebuild_speed_names_the_checkouts():
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import rebuild_speed
    finally:
        sys.path.remove(str(REPO / "bench"))
    alone = {"this": REPO}
    assert rebuild_speed.label("this", alone) == "this checkout"
    both = {"this": REPO, "against": REPO.parent / "base"}
    assert rebuild_speed.label("against", both) == f"the checkout {REPO.parent / 'base'}"


def test_performance_md_says_what_it_holds():
    docs = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    assert "Nothing here has been changed yet" not in docs
    assert "one change, `render/pdf/collector.py`" in " ".join(docs.split())


def test_profile_render_counts_a_generators_resumes():
    source = (REPO / "bench" / "profile_render.py").read_text(encoding="utf-8")
    assert 'GENERATORS = {"layout_document", "make_all_pages"}' in source


@pytest.mark.slow
def test_build_speeds_timeline_reads_brief_traces_lines(tmp_path):
    # A real traced build, run as build_speed.py runs it: every event read, in seconds
    # from the moment the process was started, in order.
    import os

    sys.path.insert(0, str(REPO / "bench"))
    try:
        import build_speed
    finally:
        sys.path.remove(str(REPO / "bench"))
    spec = REPO / "briefings" / "belarus-2022.yaml"
    command = build_speed.Command(
        [sys.executable, "-m", "brief", "build", str(spec), "--force", "-o",
         str(tmp_path / "out")], {**os.environ})
    rows = build_speed.timeline(command, REPO, 1)
    names = [name for name, _, _ in rows]
    assert names[0] == "main   command line read"
    assert "worker sending the PDF" in names and "main   files written" in names
    assert all(0 < seconds < 120 for _, seconds, _ in rows)
