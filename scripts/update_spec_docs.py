"""Rewrite the key tables of docs/spec.md from the spec classes (brief.spec).

Run after changing a key: python scripts/update_spec_docs.py
The tests fail while docs/spec.md and the spec classes disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

from brief.spec import reference_tables

DOC = Path(__file__).resolve().parents[1] / "docs" / "spec.md"
START, END = "<!-- keys:start (made by scripts/update_spec_docs.py) -->", "<!-- keys:end -->"

text = DOC.read_text(encoding="utf-8")
pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
DOC.write_text(pattern.sub(lambda _: f"{START}\n{reference_tables()}{END}", text),
               encoding="utf-8")
print(f"updated {DOC}")
