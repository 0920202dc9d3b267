"""One edition of a memo, as `brief diff` and `previous:` compare it: its key judgments
(wording, likelihood with the scale's range, confidence, `id`, `change_note`), its
sources and their grades, each point's passages, its recommendations, the decision
requested and the bottom line.

An edition is read from a spec (no source is read: only the spec, and the template and
scale it names, for the likelihood ranges) or from a build manifest, which records it
under `edition` (`edition_record`). A manifest written before brief recorded editions
still gives its sources; `judgments` is None then.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BriefErrors, SpecError, Where, display_path
from ..files import inside, is_dir, is_file, project_root, read_input
from ..folders import BUILTIN_SCALES, scale_folders
from ..spec import BriefingSpec, PassageSpec, read_spec
from ..standards.likelihood import DEFAULT_SCALE, Scale, find_scale
from ..templates import find_template

RECORD_VERSION = 1
# The keys of a selector that say which words it selects (not how they are graded or marked).
_SELECTING = ("source", "quote", "prefix", "suffix", "paragraph", "paragraphs", "from", "to",
              "scope")
_LONGEST_QUOTE = 70  # characters of a quote shown in a passage's label


@dataclass(frozen=True)
class Passage:
    """A passage as a point selects it: which source and words, and its credibility."""

    source: str
    selector: tuple[tuple[str, Any], ...]  # its selecting keys, as the spec gives them
    credibility: int | None = None

    @property
    def label(self) -> str:
        """How a reader knows it: `wolff “made it clear that Putin…”`, `wolff ¶17`."""
        given = dict(self.selector)
        if given.get("quote"):
            what = _quoted(str(given["quote"]))
        elif given.get("paragraph") is not None:
            what = f"¶{given['paragraph']}"
        elif given.get("paragraphs"):
            what = "¶" + str(given["paragraphs"]).replace("-", "–").replace(" ", "")
        elif given.get("from"):
            what = f"{_quoted(str(given['from']))} … {_quoted(str(given.get('to', '')))}"
        else:
            what = "(no selector)"
        return f"{self.source} {what}"


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _LONGEST_QUOTE:
        text = text[:_LONGEST_QUOTE].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


@dataclass(frozen=True)
class Judgment:
    """A key judgment of an edition."""

    number: int  # from 1, in the edition's order
    text: str
    likelihood: str
    range: str | None  # the scale's range of the likelihood, "20–45%" (None: not on it)
    confidence: str
    id: str | None = None
    change_note: str | None = None
    line: int | None = None  # in the edition's spec
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class Point:
    """A point of a section of an edition."""

    section: str  # the section's title
    kind: str  # the section's kind
    number: int  # from 1, within its section
    text: str
    passages: tuple[Passage, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class SourceRef:
    """A source of an edition, as the spec names and grades it."""

    id: str
    title: str | None
    file: str
    reliability: str | None = None


@dataclass(frozen=True)
class Edition:
    """One edition of a memo (see the module's docstring)."""

    path: Path  # the spec or manifest read
    spec_path: Path  # the spec it was made from
    title: str
    date: str | None  # the memo's date, ISO (`2022-03-22`, `2022-03`), if it has one
    scale: str | None  # the likelihood scale's name, "ICD 203"
    sources: tuple[SourceRef, ...]
    points: tuple[Point, ...]
    judgments: tuple[Judgment, ...] | None  # None: an old manifest does not record them
    decision: str | None = None
    deadline: str | None = None  # ISO
    sha256: str | None = None  # of the file read, for the freshness of a build naming it
    bluf: str | None = None  # the bottom line (None: an old manifest does not record it)

    @property
    def recorded(self) -> bool:
        """Whether the edition records its judgments, recommendations and decision."""
        return self.judgments is not None


def _passages(passages: tuple[PassageSpec, ...]) -> tuple[Passage, ...]:
    found = []
    for passage in passages:
        given = {"source": passage.source, "quote": passage.quote, "prefix": passage.prefix,
                 "suffix": passage.suffix, "paragraph": passage.paragraph,
                 "paragraphs": passage.paragraphs, "from": passage.from_, "to": passage.to,
                 "scope": passage.scope}
        found.append(Passage(passage.source, tuple((k, v) for k, v in given.items()
                                                   if v is not None and k != "source"),
                             passage.credibility))
    return tuple(found)


def edition_of_spec(spec: BriefingSpec, scale: Scale | None, *, path: Path | None = None,
                    sha256: str | None = None) -> Edition:
    """The edition a read spec makes; `scale` gives the likelihoods' ranges."""

    def line(key_path: tuple[Any, ...]) -> int | None:
        return spec.where(key_path).line if spec.document is not None else None

    judgments = []
    for number, judgment in enumerate(spec.key_judgments, start=1):
        term = scale.term(judgment.likelihood) if scale is not None else None
        judgments.append(Judgment(
            number, (judgment.text or "").strip(), term.term if term else judgment.likelihood,
            term.range if term else None, judgment.confidence, judgment.id,
            (judgment.change_note or "").strip() or None, line(judgment.key_path),
            _passages(judgment.passages)))
    points = tuple(Point(section.title, section.kind, number, (point.text or "").strip(),
                         _passages(point.passages), line(point.key_path))
                   for section in spec.sections
                   for number, point in enumerate(section.points, start=1))
    ask = spec.decision_requested
    return Edition(
        path=path or spec.path, spec_path=spec.path, title=spec.title,
        date=spec.date.iso if spec.date else None, scale=scale.name if scale else None,
        sources=tuple(SourceRef(i, s.title, s.file, s.reliability)
                      for i, s in spec.sources.items()),
        points=points, judgments=tuple(judgments),
        decision=(ask.text or "").strip() if ask else None,
        deadline=ask.deadline.iso if ask and ask.deadline else None, sha256=sha256,
        bluf=(spec.bluf or "").strip())


def edition_record(edition: Edition) -> dict[str, Any]:
    """The edition as the build manifest records it (under `edition`)."""

    def passages(found: tuple[Passage, ...]) -> list[dict[str, Any]]:
        return [{"source": p.source, "selector": dict(p.selector), "credibility": p.credibility}
                for p in found]

    return {
        "version": RECORD_VERSION, "title": edition.title, "date": edition.date,
        "bluf": edition.bluf,
        "likelihood_scale": edition.scale,
        "key_judgments": [
            {"number": j.number, "id": j.id, "text": j.text, "likelihood": j.likelihood,
             "range": j.range, "confidence": j.confidence, "change_note": j.change_note,
             "line": j.line, "passages": passages(j.passages)}
            for j in edition.judgments or ()],
        "sources": {s.id: {"title": s.title, "file": s.file, "reliability": s.reliability}
                    for s in edition.sources},
        "points": [{"section": p.section, "kind": p.kind, "number": p.number, "text": p.text,
                    "line": p.line, "passages": passages(p.passages)} for p in edition.points],
        "decision": ({"text": edition.decision, "deadline": edition.deadline}
                     if edition.decision is not None else None),
    }


def read_edition(path: Path, root: Path | None = None, *, where: Where | None = None
                 ) -> Edition:
    """The edition in the spec or build manifest (`.json`) at `path`; a file that cannot
    be read as one is one message at its line (`where`: the key that named it)."""
    path = Path(path)
    what = "build manifest" if path.suffix.lower() == ".json" else "spec"
    hint = "name a spec (.yaml) or the build manifest (.json) that `brief build` wrote " \
        "beside the memo"
    if not is_file(path):
        try:
            found = path.exists()
        except OSError:
            found = False
        problem = ("is a folder" if is_dir(path) else "is not a file") if found else \
            "not found"
        raise SpecError(f"{what} {problem}: {display_path(path)}", where or Where(path),
                        hint=hint)
    if path.suffix.lower() == ".json":
        return _edition_of_manifest(path, where)
    return _edition_of_spec_file(path, root)


def _edition_of_spec_file(path: Path, root: Path | None) -> Edition:
    spec, errors, _ = read_spec(path, root)
    if errors:
        raise BriefErrors(errors)
    root = project_root(spec.folder, root)
    assert spec.document is not None and spec.document.file is not None  # read_spec's
    return edition_of_spec(spec, _scale(spec, root), sha256=spec.document.file.sha256)


def _scale(spec: BriefingSpec, root: Path) -> Scale | None:
    """The scale of the spec's key judgments: the spec's, else its template's, else
    ICD 203 (as a build finds it)."""
    if not spec.key_judgments:
        return None
    name = spec.likelihood_scale
    where = spec.where(("likelihood_scale",))
    if not name:
        template = find_template(spec.template, spec.folder, root, spec.where(("template",)))
        name = template.likelihood_scale or DEFAULT_SCALE
        where = Where(template.folder / "template.yaml", key="likelihood_scale")
    return find_scale(name, scale_folders(spec.folder, root), where, [root, BUILTIN_SCALES])


def read_previous(spec: BriefingSpec, root: Path) -> Edition | None:
    """The edition the spec's `previous:` names (a spec or a build manifest, relative to
    the spec, inside the project), or None if it names none."""
    if not spec.previous:
        return None
    where = spec.where(("previous",))
    path = spec.folder / spec.previous
    if not inside(path, [root]):
        raise SpecError(f"the previous edition {spec.previous} is outside the project "
                        f"({display_path(root)}): brief reads only files inside it", where,
                        hint="copy the last edition's spec or manifest into the project")
    if path.resolve() == spec.path.resolve():
        raise SpecError("`previous` names this spec itself", where,
                        hint="name the spec or the build manifest of the last edition")
    return read_edition(path, root, where=where)


def _edition_of_manifest(path: Path, where: Where | None) -> Edition:
    try:
        data = read_input(path, "spec", where or Where(path), SpecError, "build manifest")
        manifest = json.loads(data.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise SpecError(f"not a build manifest: {display_path(path)} is not JSON",
                        Where(path, getattr(exc, "lineno", None))) from None
    if not isinstance(manifest, dict) or "manifest" not in manifest:
        raise SpecError(f"not a build manifest: {display_path(path)} is JSON, but not the "
                        "manifest `brief build` writes beside a memo", Where(path),
                        hint="name a spec, or the <spec name>.json of the output folder")
    try:
        return _from_manifest(path, manifest, data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SpecError(f"the build manifest {display_path(path)} is damaged: {_what(exc)}",
                        Where(path), hint="build the spec again to make a new manifest"
                        ) from None


def _what(exc: Exception) -> str:
    return f"`{exc.args[0]}` is missing" if isinstance(exc, KeyError) else \
        "a value is not as brief writes it"


def _from_manifest(path: Path, manifest: dict[str, Any], data: bytes) -> Edition:
    # Paths are relative to the project, which `project` names from the manifest's folder
    # (a manifest of an earlier brief gives them absolute).
    project = manifest.get("project")
    root = path.parent / project if isinstance(project, str) else path.parent
    spec_path = Path(os.path.normpath(root / str(manifest["spec"]["path"])))
    recorded = manifest.get("edition")
    digest = hashlib.sha256(data).hexdigest()
    if isinstance(recorded, dict):
        version = recorded.get("version")
        if isinstance(version, int) and version > RECORD_VERSION:
            raise SpecError(f"the build manifest {display_path(path)} records its edition in a "
                            f"newer form ({version}) than this brief reads ({RECORD_VERSION})",
                            Where(path), hint="use the version of brief that built it, or "
                            "a newer one")
        return _from_record(path, spec_path, recorded, digest)
    # Written before brief recorded editions: its sources only.
    sources = tuple(SourceRef(str(i), s.get("metadata", {}).get("title"), str(s["file"]))
                    for i, s in manifest["sources"].items())
    return Edition(path, spec_path, spec_path.stem, None, None, sources, (), None,
                   sha256=digest)


def _passage(selector: dict[str, Any]) -> Passage:
    credibility = selector.get("credibility")
    return Passage(str(selector["source"]),
                   tuple((k, selector[k]) for k in _SELECTING[1:] if selector.get(k) is not None),
                   credibility if isinstance(credibility, int) else None)


def _from_record(path: Path, spec_path: Path, record: dict[str, Any], digest: str) -> Edition:
    def passages(items: list[dict[str, Any]]) -> tuple[Passage, ...]:
        return tuple(_passage({**p["selector"], "source": p["source"],
                               "credibility": p.get("credibility")}) for p in items)

    def text(value: Any) -> str | None:
        if value is not None and not isinstance(value, str):
            raise ValueError(value)
        return value

    judgments = tuple(Judgment(
        int(j["number"]), str(j["text"]), str(j["likelihood"]), text(j.get("range")),
        str(j["confidence"]), text(j.get("id")), text(j.get("change_note")), j.get("line"),
        passages(j.get("passages", []))) for j in record["key_judgments"])
    points = tuple(Point(str(p["section"]), str(p["kind"]), int(p["number"]), str(p["text"]),
                         passages(p.get("passages", [])), p.get("line"))
                   for p in record["points"])
    sources = tuple(SourceRef(str(i), text(s.get("title")), str(s["file"]),
                              text(s.get("reliability")))
                    for i, s in record["sources"].items())
    decision = record.get("decision")
    return Edition(path, spec_path, str(record["title"]), text(record.get("date")),
                   text(record.get("likelihood_scale")), sources, points, judgments,
                   text(decision["text"]) if decision else None,
                   text(decision.get("deadline")) if decision else None, sha256=digest,
                   bluf=text(record.get("bluf")))

