"""The reference tables of docs/, each made from the schema that declares its keys (see
`brief.schema`): `scripts/update_spec_docs.py` rewrites them all, and tests/test_docs.py
fails while one is stale."""

from __future__ import annotations

from .schema import DocTable
from .spec.docs import reference_tables as spec_tables
from .templates import labels_table
from .templates import reference_table as template_table
from .templates.style import reference_table as token_table

TABLES = (
    DocTable("docs/spec.md", "keys", spec_tables),  # the spec's keys, a table per mapping
    DocTable("docs/spec.md", "template-keys", template_table),  # template.yaml's keys
    DocTable("docs/spec.md", "template-labels", labels_table),  # and its `labels`
    DocTable("docs/house-style.md", "style-tokens", token_table),  # its `style:` tokens
)
