"""Print how long `brief review --apply` takes to write a reviewer's changes into the
example spec: one value (a word of the bottom line, a `|` block; a key judgment, a plain
line), ten values and two comments at once, and one word carried into the bottom line's
Markdown. Each figure is the median of 50 runs, after one run to warm the caches.

Run: .venv/bin/python bench/review_edit.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from brief.review.markdown_edit import edit_markdown, plain_text, word_edits
from brief.review.spec_edit import CommentEdit, ValueEdit, edit_spec_text
from brief.yamlfile import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "briefings" / "belarus-2022.yaml"


def _median_ms(run: Callable[[], object], times: int = 50) -> float:
    run()
    took = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        took.append(time.perf_counter() - start)
    return statistics.median(took) * 1000


def main() -> None:
    text = SPEC.read_text(encoding="utf-8")
    data = parse_yaml(text, SPEC).data
    bluf = data["bluf"].replace("rests more with Moscow", "rests largely with Moscow")
    judgment = ("key_judgments", 0, "text")
    many: list[ValueEdit | CommentEdit] = [
        ValueEdit(("key_judgments", n, "text"), data["key_judgments"][n]["text"] + " Now.")
        for n in range(len(data["key_judgments"]))]
    many += [ValueEdit(("title",), "Will Belarus join the war?"), ValueEdit(("bluf",), bluf),
             CommentEdit(("bluf",), ("review, Head of Desk, 4 Dec: Check this line first",)),
             CommentEdit(judgment, ("review, Head of Desk: and this one",))]
    plain = plain_text(data["bluf"])
    new_plain = plain.replace("rests more with", "rests largely with")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("edit_spec_text, the bottom line (| block)",
         lambda: edit_spec_text(text, [ValueEdit(("bluf",), bluf)])),
        ("edit_spec_text, a key judgment (plain)",
         lambda: edit_spec_text(text, [ValueEdit(judgment, "Troops will stay out.")])),
        (f"edit_spec_text, {len(many) - 2} values and 2 comments",
         lambda: edit_spec_text(text, many)),
        ("edit_markdown, a word of the bottom line",
         lambda: edit_markdown(data["bluf"], plain, word_edits(plain, new_plain))),
    ]
    print(f"{SPEC.relative_to(ROOT)}: {len(text.splitlines())} lines")
    for name, run in cases:
        print(f"  {name}: {_median_ms(run):.1f} ms")


if __name__ == "__main__":
    main()
