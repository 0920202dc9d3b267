"""`brief new`: a starter spec for a new memo, with its sources' details filled in from
the files, and every part of a spec present as a commented example to fill in."""

from __future__ import annotations

import datetime
import itertools
import os
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..dates import DateProblem, parse_date
from ..errors import BriefError, SourceError, SpecError, Where, display_path
from ..sources import Source, load_source_file
from ..sources.bylines import back_matter, stated
from ..sources.readers import FORMATS
from .find import sentences
from .sources import source_id

_HEAD = """\
# {title}: a new briefing spec, made by `brief new`. Every key is explained in
# docs/spec.md. Fill it in, then:
#   brief find {path} WORDS [--source ID] [--max-words N]
#       the passages of the sources (or of one) that match WORDS, each with a selector
#       to paste under `passages:`, none longer than the memo quotes (or N words)
#   brief check {path}
#       every check, and every problem at once
#   brief build {path}
#       the memo, as PDF and Word, in output/
title: {title_value}
date: {today}
# subtitle: A line under the title
# author: Your desk
# organisation: Your organisation
# marking: TLP:AMBER             # TLP:RED, TLP:AMBER+STRICT, TLP:AMBER, TLP:GREEN, TLP:CLEAR,
#                                # or classification text such as OFFICIAL-SENSITIVE
# portion_marking: TLP:CLEAR     # the marking of every part with no `marking:` of its own
#                                # (default: the memo's): so it may go to partners ...
# releases:                      # ... in a version for a wider audience, built beside the
#   - marking: TLP:CLEAR         # memo, which leaves out every part marked above it
#     bluf: The bottom line as partners may read it.
#     distribution:              # who this version goes to by email (default: the memo's)
#       from: Your desk <desk@example.org>
#       to: Partner desk <desk@partner.example>
# memo:
#   to: Who the memo is for
#   from: Who it is from
#   subject: The subject line, if not the title

"""

_BODY = """
bluf: |
  The answer to the memo's question, first, in two or three sentences.

# decision_requested:
#   text: What you ask the principal to decide or do.
#   deadline: {soon}

# key_judgments:
#   - text: The judgment, in your own words, with its likelihood word.
#     likelihood: unlikely        # a term of the likelihood scale (ICD 203 unless you choose)
#     confidence: moderate        # low, moderate or high
#     passages:
#       - source: {first}
#         quote: {quote}
#         # prefix: the words just before the quote, where it occurs more than once
#         credibility: 2          # how credible this piece is, 1 (confirmed by other
#                                 # sources) to 6 (cannot be judged): cited as [B2]

sections:
  - title: Background
    kind: text
    text: |
      What the reader needs to know first.
#   - title: Risk factors
#     kind: risks                   # each point a risk, with the passages behind it
#     points:
#       - text: The risk, in your own words.
#         passages:
#           - source: {first}
#             quote: {quote}
#   - title: What each actor wants
#     kind: incentives              # points grouped by actor
#     points:
#       - actor: An actor
#         text: What they want.
#         levers: Their levers and constraints.
#         passages:
#           - {{source: {first}, paragraph: {paragraph}}}
#   - title: What to watch
#     kind: indicators              # signposts that would change a judgment
#     points:
#       - text: A signpost.
#         implication: What seeing it would mean.
#   - title: Options
#     kind: options                 # compared in a table
#     points:
#       - text: An option.
#         recommended: true
#         pros: [What speaks for it.]
#         cons: [What speaks against it.]
#   - title: Recommendations
#     kind: recommendations         # numbered
#     marking: TLP:AMBER            # a part marked above a release is left out of it
#     points:
#       - text: What to do.
#         passages:
#           - {{source: {first}, paragraphs: {paragraphs}}}

# distribution:                   # for `brief build --email` and `brief send`
#   from: Your desk <desk@example.org>
#   to: Recipient <recipient@example.org>
"""


def spec_path(name: str, project_folder: Path) -> Path:
    """Where `brief new NAME` writes: NAME if it ends in .yaml, else briefings/NAME.yaml
    (or NAME.yaml where the project has no briefings/ folder)."""
    if name.endswith((".yaml", ".yml")):
        return project_folder / name
    folder = project_folder / "briefings"
    return (folder if folder.is_dir() else project_folder) / f"{name}.yaml"


def new_spec(name: str, files: Sequence[Path], project_folder: Path,
             today: datetime.date | None = None) -> Path:
    """Write a starter spec for the sources `files`; return its path."""
    if Path(name).suffix.lower() in FORMATS:
        raise BriefError(
            f"brief new takes the new spec's name first, then its sources: {name} is a "
            "source file", hint=f"brief new NAME --source {name} ...")
    path = spec_path(name, project_folder)
    if path.exists():
        raise SpecError(f"{display_path(path)} already exists", Where(path),
                        hint="choose another name, or edit the spec that is there")
    if not files:
        raise BriefError("a new spec needs at least one source: --source FILE",
                         hint="give the article you are briefing on, such as "
                         "--source briefings/sources/article.pdf")
    for file in files:
        if not file.is_file():
            what = "not a source file, a folder" if file.exists() else "source file not found"
            raise SourceError(f"{what}: {display_path(file)}", Where(file),
                              hint="give the path of an article, from the current folder")
    sources = _sources(files)
    today = today or datetime.date.today()
    words = re.sub(r"[-_]+", " ", Path(name).stem).strip()
    title = words[:1].upper() + words[1:] if words else "A new memo"
    text = _HEAD.format(title=title, path=display_path(path), title_value=_scalar(title),
                        today=today.isoformat())
    text += "sources:\n" + "".join(_source_entry(source, path.parent) for source in sources)
    text += _BODY.format(first=sources[0].id, **_examples(sources[0]),
                         soon=(today + datetime.timedelta(days=7)).isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _sources(files: Sequence[Path]) -> list[Source]:
    loaded: list[Source] = []
    for file in files:
        loaded.append(load_source_file(file.resolve(), source_id(file, {s.id for s in loaded}),
                                       Where(file)))
    return loaded


def _source_entry(source: Source, spec_folder: Path) -> str:
    """A source's entry: its file, and the details its file gives (its metadata, else
    what its lines state: a heading, a by-line, a dateline, notes on the authors), or
    places for them."""
    meta, lines_say = source.file_metadata, stated(source.paragraphs)
    title = meta.title or lines_say.title
    guessed = "" if title else "   # from the file's name: write the article's title"
    title = title or source.path.stem.replace("-", " ").replace("_", " ")
    lines = [f"  {source.id}:",
             f"    file: {_scalar(Path(os.path.relpath(source.path, spec_folder)).as_posix())}",
             f"    title: {_scalar(title)}{guessed}"]
    authors, noted = meta.authors, False
    if not authors:
        authors, noted = lines_say.authors, lines_say.authors_from == "notes"
    if authors:
        lines.append(f"    authors: [{', '.join(_scalar(a) for a in authors)}]"
                     + ("   # from the notes on the authors after the text" if noted else ""))
    else:
        lines.append("    # authors: [First Last]")
    publisher = meta.publisher or lines_say.publisher
    lines.append(f"    publisher: {_scalar(publisher)}" if publisher
                 else "    # publisher: Where it was published")
    date = _date(meta.date) or _date(lines_say.date)
    lines.append(f"    date: {date}" if date else "    # date: 2022-03-18")
    lines.append(f"    url: {_scalar(meta.url)}" if meta.url
                 else "    # url: https://example.org/the-article")
    lines.append("    reliability: F   # cannot be judged yet: your grade, from A (completely "
                 "reliable) to E (unreliable)")
    lines.append("    # assessment: Why the source is graded so.")
    return "\n".join(lines) + "\n"


# The longest quotation a memo shows without a warning (the built-in templates' own).
_SHORT = 80


def _examples(source: Source) -> dict[str, str]:
    """Selectors of the source's text for the examples, so that each verifies as it is,
    short enough to draw no warning where that can be: a sentence of its text (`quote`),
    a paragraph of text (`paragraph`) and two in a row (`paragraphs`)."""
    back = back_matter(source.paragraphs)
    text = [p for p in source.paragraphs if p.role == "text" and p.number not in back]
    if not text:
        return {"quote": "exact words of the source", "paragraph": "1", "paragraphs": "1-2"}
    sentence = next((s for p in text[:5] for s in sentences(p.text)
                     if 6 <= len(s.split()) <= 35), " ".join(text[0].text.split()[:12]))
    short = next((p for p in text if len(p.text.split()) <= _SHORT), text[0])
    pairs = [(a, b) for a, b in itertools.pairwise(text) if b.number == a.number + 1]
    first = text[0].number
    span = next((f"{a.number}-{b.number}" for a, b in pairs
                 if len(a.text.split()) + len(b.text.split()) <= _SHORT),
                f"{pairs[0][0].number}-{pairs[0][1].number}" if pairs
                else f"{first}-{min(first + 1, len(source.paragraphs))}")
    return {"quote": _scalar(sentence), "paragraph": str(short.number), "paragraphs": span}


def _date(text: str | None) -> str | None:
    """A file's date as a spec takes it, if it can be read as one."""
    if not text:
        return None
    try:
        return parse_date(text).iso
    except DateProblem:
        return None


def _scalar(value: str | None) -> str:
    """`value` as one YAML scalar on one line, quoted where YAML needs it."""
    dumped = yaml.safe_dump(value or "", allow_unicode=True, width=10_000,
                            default_flow_style=True)
    return dumped.removesuffix("\n...\n").strip()
