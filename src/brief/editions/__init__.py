"""Editions of a memo: what changed between the last memo and this one.

Memos come in series, and the principal asks "what changed?" (ICD 203, standard 7: explain
change to or consistency of judgments). `edition` reads one edition, from a spec or from
the build manifest written beside a memo (which records it under `edition`); `compare`
matches two editions' key judgments (by `id`, else by their wording) and points, and says
what changed; `report` writes that as `brief diff` prints it (text or JSON); `box` makes
the memo's short "Since our memo of …" box from it (`previous:` in a spec).
"""

from .box import change_note_warnings, changes_box, previous_warnings
from .compare import EditionChanges, compare
from .edition import Edition, edition_of_spec, edition_record, read_edition, read_previous
from .report import changes_json, changes_text

__all__ = [
           "Edition",
           "EditionChanges",
           "change_note_warnings",
           "changes_box",
           "changes_json",
           "changes_text",
           "compare",
           "edition_of_spec",
           "edition_record",
           "previous_warnings",
           "read_edition",
           "read_previous",
]
