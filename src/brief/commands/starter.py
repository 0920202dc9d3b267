"""`brief new`: a starter spec for a new memo, with its sources' details filled in from
the files, and every part of a spec present as a commented example to fill in."""

from __future__ import annotations

import datetime
import itertools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..dates import DateProblem, parse_date
from ..errors import BriefError, SourceError, SpecError, Where, display_path
from ..files import inside, project_root
from ..sources import Source, load_source_file
from ..sources.bylines import back_matter, stated
from ..sources.readers import FORMATS
from ..spec.placeholders import PLACEHOLDERS, title_from_file, title_from_name
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
# subtitle: {p_subtitle}
# author: {p_author}
# organisation: {p_organisation}
# marking: TLP:AMBER             # TLP:RED, TLP:AMBER+STRICT, TLP:AMBER, TLP:GREEN, TLP:CLEAR,
#                                # or classification text such as OFFICIAL-SENSITIVE
# portion_marking: TLP:CLEAR     # the marking of every part with no `marking:` of its own
#                                # (default: the memo's): so it may go to partners ...
# releases:                      # ... in a version for a wider audience, built beside the
#   - marking: TLP:CLEAR         # memo, which leaves out every part marked above it
#     bluf: {p_release_bluf}
#     distribution:              # who this version goes to by email (default: the memo's)
#       from: {p_author} <desk@example.org>
#       to: Partner desk <desk@partner.example>
# memo:
#   to: {p_memo_to}
#   from: {p_memo_from}
#   subject: {p_subject}

"""

_BODY = """
bluf: |
  {p_bluf}

# decision_requested:
#   text: {p_decision}
#   deadline: {soon}

# key_judgments:
#   - text: {p_judgment}
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
      {p_background}
#   - title: Risk factors
#     kind: risks                   # each point a risk, with the passages behind it
#     points:
#       - text: {p_risk}
#         passages:
#           - source: {first}
#             quote: {quote}
#   - title: What each actor wants
#     kind: incentives              # points grouped by actor
#     points:
#       - actor: {p_actor}
#         text: {p_wants}
#         levers: {p_levers}
#         passages:
#           - {{source: {first}, paragraph: {paragraph}}}
#   - title: What to watch
#     kind: indicators              # signposts that would change a judgment
#     points:
#       - text: {p_signpost}
#         implication: {p_implication}
#   - title: Options
#     kind: options                 # compared in a table
#     points:
#       - text: {p_option}
#         recommended: true
#         pros: [{p_pros}]
#         cons: [{p_cons}]
#   - title: Recommendations
#     kind: recommendations         # numbered
#     marking: TLP:AMBER            # a part marked above a release is left out of it
#     points:
#       - text: {p_recommendation}
#         passages:
#           - {{source: {first}, paragraphs: {paragraphs}}}

# distribution:                   # for `brief build --email` and `brief send`
#   from: {p_author} <desk@example.org>
#   to: Recipient <recipient@example.org>
"""


@dataclass(frozen=True)
class Copied:
    """A source from outside the project, copied into it: from where, to where, and
    whether a file of its name was there already (`same`: the same bytes, used as it is;
    `other`: a different file, so the copy took a free name)."""

    given: Path
    copy: Path
    clash: str = ""


@dataclass(frozen=True)
class Started:
    """What `brief new` wrote: the spec, its sources, and the sources it copied."""

    path: Path
    sources: int
    copied: tuple[Copied, ...]


def spec_path(name: str, working_folder: Path) -> Path:
    """Where `brief new NAME` writes: NAME if it ends in .yaml, else briefings/NAME.yaml in
    the project the working folder belongs to (the folder that holds briefings/ or
    brief.yaml, at or above it), or in the working folder where it belongs to none."""
    if name.endswith((".yaml", ".yml")):
        return working_folder / name
    return project_root(working_folder) / "briefings" / f"{name}.yaml"


def new_spec(name: str, files: Sequence[Path], working_folder: Path,
             today: datetime.date | None = None) -> Started:
    """Write a starter spec for the sources `files`, copying into the project's sources
    folder (beside the spec) those outside it; say what was written."""
    if Path(name).suffix.lower() in FORMATS:
        raise BriefError(
            f"brief new takes the new spec's name first, then its sources: {name} is a "
            "source file", hint=f"brief new NAME --source {name} ...")
    path = spec_path(name, working_folder)
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
    title = title_from_name(Path(name).stem)
    # The project the spec will belong to (its briefings/ folder may not be there yet).
    root = project_root(path.parent if name.endswith((".yaml", ".yml")) else working_folder)
    placed = _places(files, path.parent, root)
    text = _HEAD.format(title=title, path=display_path(path), title_value=yaml_scalar(title),
                        today=today.isoformat(), **PLACEHOLDERS)
    text += "sources:\n" + "".join(_source_entry(source, place, path.parent)
                                   for source, place in zip(sources, placed, strict=True))
    text += _BODY.format(first=sources[0].id, **_examples(sources[0]), **PLACEHOLDERS,
                         soon=(today + datetime.timedelta(days=7)).isoformat())
    copied = tuple(dict.fromkeys(place for place in placed if isinstance(place, Copied)))
    _write_new(path, text.encode("utf-8"), copied)
    return Started(path, len(sources), copied)


def _places(files: Sequence[Path], spec_folder: Path, root: Path) -> list[Path | Copied]:
    """Where the spec finds each source: where it is, if inside the project; else a copy
    in the sources folder beside the spec, under the file's name (the same bytes there
    already are used as they are; a different file there keeps its name, and the copy
    takes a free one: `name-2.txt`)."""
    folder, taken = spec_folder / "sources", set[Path]()
    places: list[Path | Copied] = []
    planned: dict[Path, Copied] = {}  # a file given twice is copied once
    for file in files:
        if inside(file, [root]):
            places.append(file)
            continue
        if file.resolve() in planned:
            places.append(planned[file.resolve()])
            continue
        content, stem, suffix = file.read_bytes(), Path(file.name).stem, Path(file.name).suffix
        clash, counter = "", 2
        copy = folder / file.name
        while copy in taken or copy.exists():
            if copy not in taken and copy.is_file() and copy.read_bytes() == content:
                clash = "same"
                break
            clash = clash or "other"
            copy, counter = folder / f"{stem}-{counter}{suffix}", counter + 1
        taken.add(copy)
        planned[file.resolve()] = Copied(file, copy, clash)
        places.append(planned[file.resolve()])
    return places


def _write_new(path: Path, text: bytes, copied: Sequence[Copied]) -> None:
    """Copy the sources byte for byte, then write the spec; never over an existing file,
    and nothing at all where anything cannot be written."""
    made: list[Path] = []
    try:
        for source in copied:
            if source.clash != "same" and source.copy not in made:
                source.copy.parent.mkdir(parents=True, exist_ok=True)
                with source.copy.open("xb") as out:
                    made.append(source.copy)
                    out.write(source.given.read_bytes())
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as out:
            made.append(path)
            out.write(text)
    except OSError as exc:
        for written in made:
            written.unlink(missing_ok=True)
        raise BriefError(f"cannot write {display_path(Path(exc.filename or path))}: "
                         f"{exc.strerror or exc}; nothing was written",
                         hint="brief new writes the spec in briefings/ and copies sources "
                         "from outside the project into briefings/sources/") from exc


def _sources(files: Sequence[Path]) -> list[Source]:
    loaded: list[Source] = []
    for file in files:
        loaded.append(load_source_file(file.resolve(), source_id(file, {s.id for s in loaded}),
                                       Where(file)))
    return loaded


def _source_entry(source: Source, place: Path | Copied, spec_folder: Path) -> str:
    """A source's entry: its file, and the details its file gives (its metadata, else
    what its lines state: a heading, a by-line, a dateline, notes on the authors), or
    places for them."""
    meta, lines_say = source.file_metadata, stated(source.paragraphs)
    # A README beside the file is read only inside the project: brief reads no file
    # outside it that it was not given.
    listed = {} if isinstance(place, Copied) else catalogued(source.path)
    title = meta.title or lines_say.title or listed.get("title")
    guessed = "" if title else "   # from the file's name: write the article's title"
    if listed and not (meta.title or lines_say.title):
        guessed = f"   # from {listed['readme']}, beside the file"
    file = place.copy if isinstance(place, Copied) else place.resolve()
    title = title or title_from_file(file.name)
    relative = Path(os.path.relpath(file, spec_folder.resolve())).as_posix()
    lines = [f"  {source.id}:", f"    file: {yaml_scalar(relative)}",
             f"    title: {yaml_scalar(title)}{guessed}"]
    authors, noted = meta.authors, False
    if not authors:
        authors, noted = lines_say.authors, lines_say.authors_from == "notes"
    if not authors and listed.get("authors"):
        authors = tuple(listed["authors"].split("\n"))
    if authors:
        lines.append(f"    authors: {yaml_flow_list(authors)}"
                     + ("   # from the notes on the authors after the text" if noted else ""))
    else:
        lines.append("    # authors: [First Last]")
    publisher = meta.publisher or lines_say.publisher or listed.get("publisher")
    lines.append(f"    publisher: {yaml_scalar(publisher)}" if publisher
                 else f"    # publisher: {PLACEHOLDERS['p_publisher']}")
    date = spec_date(meta.date) or spec_date(lines_say.date) or spec_date(listed.get("date"))
    lines.append(f"    date: {date}" if date else "    # date: 2022-03-18")
    lines.append(f"    url: {yaml_scalar(meta.url)}" if meta.url
                 else "    # url: https://example.org/the-article")
    lines.append("    reliability: F   # cannot be judged yet: your grade, from A (completely "
                 "reliable) to E (unreliable)")
    lines.append(f"    # assessment: {PLACEHOLDERS['p_assessment']}")
    return "\n".join(lines) + "\n"


# A README beside a source, as a collection of saved articles has, and the citation it
# gives a file on the file's line: `Authors, "Title", Publisher, Date`.
_READMES = ("README.md", "README.txt", "README")
_CITATION = re.compile(r"(?P<authors>[^\"“|`]+?),\s*[\"“](?P<title>[^\"”]+?),?[\"”],?\s*"
                       r"(?P<publisher>[^,.;(|]+?),\s*(?P<date>[^.;(|]+?)\s*(?:[.;(|]|$)")
_README_LIMIT = 1_000_000


def catalogued(file: Path) -> dict[str, str]:
    """What a README beside `file` says of it, where a line names the file and cites it
    (`wolff.txt | Stefan Wolff and Anastasiya Bayok, "The complex ...", The
    Conversation, March 2022.`): its title, authors (one a line), publisher and date,
    and the README's name (`readme`); nothing where there is none."""
    for name in _READMES:
        readme = file.parent / name
        try:
            if not readme.is_file() or readme.stat().st_size > _README_LIMIT:
                continue
            text = readme.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            at = line.find(file.name)
            found = _CITATION.search(line[at + len(file.name):]) if at >= 0 else None
            if found:
                people = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*",
                                  found["authors"].strip(" |`:-–—"))
                return {"readme": name, "title": found["title"].strip(),
                        "authors": "\n".join(p.strip() for p in people if p.strip()),
                        "publisher": found["publisher"].strip(),
                        "date": found["date"].strip()}
    return {}


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
    return {"quote": yaml_scalar(sentence), "paragraph": str(short.number), "paragraphs": span}


def spec_date(text: str | None) -> str | None:
    """A file's date as a spec takes it, if it can be read as one."""
    if not text:
        return None
    try:
        return parse_date(text).iso
    except DateProblem:
        return None


def yaml_flow_list(values: tuple[str, ...] | list[str]) -> str:
    """`values` as one YAML flow list on one line (`[A. Author, 'B, C']`), each quoted
    where a flow list needs it (a comma, a bracket)."""
    dumped = yaml.safe_dump(list(values), allow_unicode=True, width=10_000,
                            default_flow_style=True)
    return dumped.strip()


def yaml_scalar(value: str | None) -> str:
    """`value` as one YAML scalar on one line, quoted where YAML needs it."""
    dumped = yaml.safe_dump(value or "", allow_unicode=True, width=10_000,
                            default_flow_style=True)
    return dumped.removesuffix("\n...\n").strip()
