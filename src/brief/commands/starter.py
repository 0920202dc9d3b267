"""`brief new`: a starter spec for a new memo, with its sources' details filled in from
the files, and every part of a spec present as a commented example to fill in."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..dates import DateProblem, parse_date
from ..errors import BriefError, SpecError, Where, display_path
from ..sources import Source, load_source_file
from ..spec import safe_file_name

_HEAD = """\
# {title}: a new briefing spec, made by `brief new`. Every key is explained in
# docs/spec.md. Fill it in, then:
#   brief find {path} WORDS
#       the passages of the sources that match WORDS, each with a selector to paste
#       under `passages:`
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
#       - {{source: {first}, quote: "exact words of the source"}}

sections:
  - title: Background
    kind: text
    text: |
      What the reader needs to know first.
#  - title: Risk factors
#    kind: risks                   # each point a risk, with the passages behind it
#    points:
#      - text: The risk, in your own words.
#        passages:
#          - source: {first}
#            quote: exact words of the source
#        figure:                   # a picture after the point: PNG, JPEG or SVG
#          file: figures/map.png
#          alt: What the picture shows, for a reader who cannot see it.
#          caption: Its caption, under it after "Figure 1:".
#  - title: What each actor wants
#    kind: incentives              # points grouped by actor
#    points:
#      - actor: An actor
#        text: What they want.
#        levers: Their levers and constraints.
#        passages:
#          - {{source: {first}, paragraph: 3}}
#  - title: What to watch
#    kind: indicators              # signposts that would change a judgment
#    points:
#      - text: A signpost.
#        implication: What seeing it would mean.
#  - title: Options
#    kind: options                 # compared in a table
#    points:
#      - text: An option.
#        recommended: true
#        pros: [What speaks for it.]
#        cons: [What speaks against it.]
#  - title: Recommendations
#    kind: recommendations         # numbered
#    points:
#      - text: What to do.
#        passages:
#          - {{source: {first}, paragraphs: 4-5}}

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
    path = spec_path(name, project_folder)
    if path.exists():
        raise SpecError(f"{display_path(path)} already exists", Where(path),
                        hint="choose another name, or edit the spec that is there")
    if not files:
        raise BriefError("a new spec needs at least one source: --source FILE",
                         hint="give the article you are briefing on, such as "
                         "--source briefings/sources/article.pdf")
    sources = _sources(files)
    today = today or datetime.date.today()
    words = re.sub(r"[-_]+", " ", Path(name).stem).strip()
    title = words[:1].upper() + words[1:] if words else "A new memo"
    text = _HEAD.format(title=title, path=display_path(path), title_value=_scalar(title),
                        today=today.isoformat())
    text += "sources:\n" + "".join(_source_entry(source, path.parent) for source in sources)
    text += _BODY.format(first=sources[0].id,
                         soon=(today + datetime.timedelta(days=7)).isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def source_id(file: Path, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A short id for a source file, from the first word of its name (`wolff` for
    wolff-bayok-belarus-2022.txt), not one of `taken`."""
    base = safe_file_name(file.stem.lower(), fallback="source", limit=24)
    base = re.split(r"[^a-z0-9]+", base)[0] or "source"
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}-{counter}", counter + 1
    return name


def _sources(files: Sequence[Path]) -> list[Source]:
    loaded: list[Source] = []
    for file in files:
        loaded.append(load_source_file(file.resolve(), source_id(file, {s.id for s in loaded}),
                                       Where(file)))
    return loaded


def _source_entry(source: Source, spec_folder: Path) -> str:
    """A source's entry: its file, and the details its file gives (or places for them)."""
    meta = source.file_metadata
    title = meta.title or _first_heading(source)
    guessed = "" if title else "   # from the file's name: write the article's title"
    title = title or source.path.stem.replace("-", " ").replace("_", " ")
    lines = [f"  {source.id}:",
             f"    file: {_scalar(Path(os.path.relpath(source.path, spec_folder)).as_posix())}",
             f"    title: {_scalar(title)}{guessed}"]
    if meta.authors:
        lines.append(f"    authors: [{', '.join(_scalar(a) for a in meta.authors)}]")
    else:
        lines.append("    # authors: [First Last]")
    lines.append(f"    publisher: {_scalar(meta.publisher)}" if meta.publisher
                 else "    # publisher: Where it was published")
    date = _date(meta.date)
    lines.append(f"    date: {date}" if date else "    # date: 2022-03-18")
    lines.append(f"    url: {_scalar(meta.url)}" if meta.url
                 else "    # url: https://example.org/the-article")
    lines.append("    # reliability: B             # the Admiralty grade, A (completely "
                 "reliable) to F")
    lines.append("    # assessment: Why the source is graded so.")
    return "\n".join(lines) + "\n"


def _first_heading(source: Source) -> str | None:
    first = source.paragraphs[0]
    return first.text if first.role == "heading" and len(first.text) <= 150 else None


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
