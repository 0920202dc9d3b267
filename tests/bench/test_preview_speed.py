"""bench/preview_speed.py takes its number of saves as the other bench scripts take their
runs (`--runs`), and says how to install the browser it needs when there is none."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_runs_is_taken_and_a_missing_chromium_is_said_with_its_install(tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "bench" / "preview_speed.py"),
                           "--runs", "3"], capture_output=True, text=True, check=False,
                          env={"PATH": str(tmp_path)}, timeout=60)  # no chromium on it
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("preview: chromium is not installed "
                                   "(scripts/install-system-deps --bench)")
