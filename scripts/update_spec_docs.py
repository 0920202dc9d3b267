"""Rewrite the reference tables of docs/ from the schemas that declare the keys
(brief.doc_tables): the spec's keys in docs/spec.md, template.yaml's keys in docs/spec.md,
and the style tokens in docs/house-style.md.

Run after changing a key or a token: python scripts/update_spec_docs.py
The tests fail while a table and its schema disagree.
"""

from __future__ import annotations

from pathlib import Path

from brief.doc_tables import TABLES

REPO = Path(__file__).resolve().parents[1]

for table in TABLES:
    changed = table.update(REPO)
    print(f"{'updated' if changed else 'unchanged'}: the {table.name} table of {table.doc}")
