"""The preview as an analyst meets it: from the write of the spec to the new word visible
on the page in Debian's chromium (driven by Playwright), for a one-word change to the
example, as the median of 20 saves. Two figures a save: the new word first on screen
(the draft layout: the memo's HTML, shown as soon as the spec is checked), and the exact
pages (the PDF laid out, its pages drawn) replacing it.

brief is pip-installed into a scratch folder (bytecode compiled, as `bench/build_speed.py`
does it) and `brief preview` runs as a process of its own. With `--base FOLDER` (a
checkout of another version of brief, e.g. `git worktree add /tmp/base HEAD~1`), that
version's preview is measured in the same run, the two taking turns save by save, each
in its own copy of the example. With `--busy`, a second process keeps one core busy
throughout (what an analyst on a shared terminal server meets). The machine's load
average is printed beside every figure.

The time is taken in the page (`Date.now()` when the word is found, polled at each
animation frame) against the wall clock of the write: the paint of that frame is not
counted (a frame, 16 ms at most).

Run: make bench   (or: .venv/bin/python bench/preview_speed.py [--saves/--runs N] [--busy]
[--base FOLDER])
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from build_speed import environment
from rebuild_speed import one_word_changed, project_copy

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-dev-shm-usage"]

# The word on screen: in the draft's page (once shown) or in the pages' text layer.
FIRST_SEEN = """word => {
  const main = document.getElementById("pages");
  const frame = main.querySelector(".draft:not(.loading) iframe");
  const body = frame && frame.contentDocument && frame.contentDocument.body;
  return (body && body.textContent.includes(word)) || main.innerText.includes(word)
    ? Date.now() : false;
}"""
# The word in the exact pages (a preview without a draft has only those).
EXACT_SEEN = """word => document.body.dataset.view !== "draft"
  && !document.querySelector("#pages .draft")
  && document.getElementById("pages").innerText.includes(word) ? Date.now() : false"""


def install(source: Path, site: Path) -> None:
    """pip install brief from `source` (not editable, bytecode compiled) into `site`."""
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-warn-script-location", "--target", str(site), str(source)],
                   check=True, capture_output=True)


def load() -> str:
    return "load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())


@contextlib.contextmanager
def busy(on: bool) -> Iterator[None]:
    """A second process keeping one core busy, while the block runs (when `on`)."""
    if not on:
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        spinner.terminate()
        spinner.wait()


class Preview:
    """`brief preview` of a copy of the example, from the brief installed in `site`, open
    in a chromium page."""

    def __init__(self, name: str, site: Path, scratch: Path, browser: Any) -> None:
        self.name = name
        self.spec = project_copy(scratch)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brief", "preview", str(self.spec), "--no-browser"],
            cwd=self.spec.parent.parent, text=True, env=environment(site),
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().split(" at ")[1].split()[0]
        self.page = browser.new_page()
        self.page.goto(self.url)
        self.page.wait_for_function("() => document.body.dataset.version", timeout=60_000)
        self.first: list[float] = []
        self.exact: list[float] = []

    def save(self, run: int) -> None:
        """Change a word, and time it to the screen: first seen, then in the exact pages."""
        time.sleep(0.3)  # a person does not save twice in a blink
        word = f"draft{run}"
        written = time.time() * 1000
        one_word_changed(self.spec, run)
        for found, times in ((FIRST_SEEN, self.first), (EXACT_SEEN, self.exact)):
            seen = self.page.wait_for_function(found, arg=word, polling="raf",
                                               timeout=60_000).json_value()
            times.append((seen - written) / 1000)

    def close(self) -> None:
        self.page.close()
        self.process.terminate()
        self.process.wait()


def measure(sites: dict[str, Path], scratch: Path, saves: int) -> dict[str, Preview]:
    """Each version's preview, measured save by save, the versions taking turns."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_FLAGS)
        previews = {}
        try:
            for name, site in sites.items():
                previews[name] = Preview(name, site, scratch / name, browser)
            for preview in previews.values():
                preview.save(1000)  # the first save warms the page: not counted
                preview.first.clear()
                preview.exact.clear()
            for run in range(saves):
                for preview in previews.values():
                    preview.save(run)
        finally:
            for preview in previews.values():
                preview.close()
            browser.close()
    return previews


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", "--runs", dest="saves", type=int, default=20,
                        help="how many saves to time (--runs, as the other scripts say it)")
    parser.add_argument("--busy", action="store_true",
                        help="keep one core busy with a second process meanwhile")
    parser.add_argument("--base", type=Path,
                        help="a checkout of another version of brief, measured in turn")
    args = parser.parse_args()
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("preview: chromium is not installed (scripts/install-system-deps --bench)")
        return
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        sites = {"this": scratch / "site-this"}
        install(REPO, sites["this"])
        if args.base:
            sites["base"] = scratch / "site-base"
            install(args.base, sites["base"])
        before = load()
        with busy(args.busy):
            previews = measure(sites, scratch, args.saves)
        after = load()
    machine = "one core kept busy" if args.busy else "no extra load"
    print(f"preview, save to screen, median of {args.saves} saves ({machine}; {before} "
          f"before, {after} after):")
    for name, preview in previews.items():
        label = "this checkout" if name == "this" else f"base ({args.base})"
        print(f"  {label}: new word first on screen {statistics.median(preview.first):.2f} s "
              f"(slowest {max(preview.first):.2f}); exact pages "
              f"{statistics.median(preview.exact):.2f} s (slowest {max(preview.exact):.2f})")


if __name__ == "__main__":
    main()
