"""What `brief watch` and `brief preview` print after each rebuild: warnings and notes
counted apart (`--strict` makes warnings errors, and leaves notes alone)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from brief.commands.rebuild import Rebuild, counted, report
from brief.errors import BriefNote, BriefWarning

NOTE = BriefNote("marking: portion marks are on")
WARNING = BriefWarning("source 'gazette' has no reliability grade")


def printed(*warnings: BriefWarning, new: tuple[BriefWarning, ...] = ()) -> str:
    result = SimpleNamespace(checked=SimpleNamespace(warnings=warnings),
                             written=(Path("output/memo.pdf"),))
    rebuild = Rebuild(Path("memo.yaml"), 0.5, result=result,  # type: ignore[arg-type]
                      new_warnings=new)
    lines: list[str] = []
    report(rebuild, lambda line, _error: lines.append(line))
    return lines[-1]


def test_a_note_is_counted_as_a_note_not_a_warning():
    line = printed(NOTE, new=(NOTE,))
    assert re.search(r"nothing changed in output/; 1 note \(1 new\)$", line), line
    assert "warning" not in line


def test_warnings_and_notes_are_counted_apart():
    assert printed(WARNING, NOTE, WARNING).endswith("; 2 warnings, 1 note, as before")
    assert printed(WARNING).endswith("; 1 warning, as before")
    assert counted([NOTE, NOTE]) == "2 notes"
    assert counted([]) == "0 warnings"
