"""The keys of a spec that a memo's text comes from, each with its place and its value
as read: what a built Word file's trace records (`origins.TracedKey`), so that `brief
review` can tell a reviewer's change from a change made to the spec since the build."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import SpecKey
from ..yamlfile import KeyPath, format_key_path
from .schema import BriefingSpec, PassageSpec, PointSpec

ANALYST = "analyst"  # as `origins.ANALYST`
QUOTATION = "quotation"  # as `origins.QUOTATION`


def spec_keys(spec: BriefingSpec) -> tuple[SpecKey, ...]:
    """Every key of `spec` whose text the memo shows, in the spec's order, with its line,
    column and value: the analyst's text (Markdown as written) and each passage (its
    quote, at the quote's line; a passage chosen by paragraph, at its own, its value
    ""). Only what `spec` holds: a release's spec, only what the release shows."""

    def key(path: KeyPath, value: str | None, kind: str = ANALYST,
            source: str = "") -> Iterator[SpecKey]:
        if value is None or (kind == ANALYST and not value):
            return
        at = (*path, "quote") if kind == QUOTATION and value else path  # a quote's line
        where = spec.where(at) if spec.document is not None else None
        yield SpecKey(format_key_path(path), kind, (where.line or 0) if where else 0,
                      (where.column or 0) if where else 0, value, source)

    found: list[SpecKey] = []
    for name in ("title", "subtitle", "organisation", "bluf"):
        found += key((name,), getattr(spec, name))
    for name, attr in (("to", "to"), ("from", "from_"), ("cc", "cc"), ("subject", "subject")):
        found += key(("memo", name), getattr(spec.memo, attr))
    if spec.decision_requested is not None:
        found += key((*spec.decision_requested.key_path, "text"), spec.decision_requested.text)
    for judgment in spec.key_judgments:
        found += key((*judgment.key_path, "text"), judgment.text)
        for passage in judgment.passages:
            found += _passage(passage, key)
    for entry in spec.sources.values():  # a source's assessment, in the list of sources
        if entry.key_path[:1] == ("sources",):  # the spec's own, not the library's
            found += key((*entry.key_path, "assessment"), (entry.assessment or "").strip())
    for section in spec.sections:
        found += key((*section.key_path, "title"), section.title)
        found += key((*section.key_path, "text"), section.text)
        for point in section.points:
            found += _point(point, key, spec)
    return tuple(found)


def written_as_one(spec: BriefingSpec, path: KeyPath) -> tuple[str, ...]:
    """The lists of the point at `path` ("pros", "cons") that the spec writes as their
    one item, not as a list (`pros: Costs nothing.`)."""
    data: object = spec.document.data if spec.document is not None else None
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return ()
    if not isinstance(data, dict):
        return ()
    return tuple(name for name in ("pros", "cons") if isinstance(data.get(name), str))


def _point(point: PointSpec, key: object, spec: BriefingSpec) -> Iterator[SpecKey]:
    assert callable(key)
    path = point.key_path
    yield from key((*path, "text"), point.text)
    yield from key((*path, "actor"), point.actor)
    yield from key((*path, "levers"), point.levers)
    yield from key((*path, "implication"), point.implication)
    single = written_as_one(spec, path)
    for name, items in (("pros", point.pros), ("cons", point.cons)):
        for index, text in enumerate(items):
            yield from key((*path, name) if name in single and index == 0 else
                           (*path, name, index), text)
    if point.figure is not None:
        yield from key((*path, "figure", "caption"), point.figure.caption)
    for passage in point.passages:
        yield from _passage(passage, key)


def _passage(passage: PassageSpec, key: object) -> Iterator[SpecKey]:
    assert callable(key)
    yield from key(passage.key_path, passage.quote or "", QUOTATION, passage.source)
    yield from key((*passage.key_path, "translation"), passage.translation)
