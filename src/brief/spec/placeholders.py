"""The placeholders of the starter spec `brief new` writes, kept here once: the starter
writes them, and `brief check` warns of each one still in a spec, at its line, so that no
memo goes out saying "What the reader needs to know first."."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import SpecWarning
from ..yamlfile import KeyPath

if TYPE_CHECKING:
    from .reader import Reader

# Each placeholder's name in the starter's text (`{bluf}`), and what it says there.
PLACEHOLDERS = {
    "p_subtitle": "A line under the title",
    "p_author": "Your desk",
    "p_organisation": "Your organisation",
    "p_release_bluf": "The bottom line as partners may read it.",
    "p_memo_to": "Who the memo is for",
    "p_memo_from": "Who it is from",
    "p_subject": "The subject line, if not the title",
    "p_bluf": "The answer to the memo's question, first, in two or three sentences.",
    "p_decision": "What you ask the principal to decide or do.",
    "p_judgment": "The judgment, in your own words, with its likelihood word.",
    "p_background": "What the reader needs to know first.",
    "p_risk": "The risk, in your own words.",
    "p_actor": "An actor",
    "p_wants": "What they want.",
    "p_levers": "Their levers and constraints.",
    "p_signpost": "A signpost.",
    "p_implication": "What seeing it would mean.",
    "p_option": "An option.",
    "p_pros": "What speaks for it.",
    "p_cons": "What speaks against it.",
    "p_recommendation": "What to do.",
    "p_publisher": "Where it was published",
    "p_assessment": "Why the source is graded so.",
}
_TEXTS = frozenset(PLACEHOLDERS.values())


def title_from_name(stem: str) -> str:
    """The title `brief new` gives a memo from its spec's name: `Minsk options`."""
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "A new memo"


def title_from_file(name: str) -> str:
    """The title `brief new` gives a source that states none, from its file's name:
    `wolff bayok belarus 2022`."""
    return re.sub(r"[-_]", " ", PurePosixPath(name).stem)


def check_placeholders(reader: Reader) -> None:
    """Warn, at its line, of each placeholder of the starter spec still in the spec: its
    example texts, the memo's title made from the spec's name, and a source's title made
    from its file's name."""
    data = reader.document.data
    if not isinstance(data, dict):
        return
    for path, value in _strings(data, ()):
        if " ".join(value.split()) in _TEXTS:
            _warn(reader, path, f"'{' '.join(value.split())}' is the starter spec's "
                  "placeholder", "write the memo's own text here, or remove the key")
    title = data.get("title")
    if isinstance(title, str) and title == title_from_name(reader.document.path.stem) \
            and title != "A new memo":
        _warn(reader, ("title",), f"the title '{title}' is the one `brief new` made from "
              "the spec's file name", "give the memo its title")
    sources = data.get("sources")
    for source_id, entry in (sources.items() if isinstance(sources, dict) else ()):
        if not isinstance(entry, dict):
            continue
        file, title = entry.get("file"), entry.get("title")
        if isinstance(file, str) and isinstance(title, str) \
                and title == title_from_file(file):
            _warn(reader, ("sources", source_id, "title"),
                  f"the title '{title}' is the one `brief new` made from the source's "
                  "file name", "write the article's own title")


def _strings(value: Any, path: KeyPath) -> list[tuple[KeyPath, str]]:
    """Every text in a YAML value, with its key path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, child in value.items()
                for found in _strings(child, (*path, str(key)))]
    if isinstance(value, list):
        return [found for index, child in enumerate(value)
                for found in _strings(child, (*path, index))]
    return []


def _warn(reader: Reader, path: KeyPath, message: str, hint: str) -> None:
    reader.warnings.append(SpecWarning(message, reader.document.where(path), hint=hint))
