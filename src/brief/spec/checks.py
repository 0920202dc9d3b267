"""Checks of a spec that span several keys: the output name, selectors, source ids,
section kinds, portion markings and the distribution's addresses."""

from __future__ import annotations

import datetime
import re
from email.utils import getaddresses
from typing import TYPE_CHECKING

from ..dates import PartialDate, language_known, source_date_epoch
from ..errors import BriefError, SpecWarning, visible
from ..model import WIDTH
from ..schema import did_you_mean
from ..standards.markings import tlp_problem
from ..text import WORD_PROPERTY_LENGTH
from ..yamlfile import KeyPath, describe
from .placeholders import check_placeholders
from .schema import (
    KIND_ONLY_KEYS,
    PASSAGE_RANGE,
    BriefingSpec,
    DistributionSpec,
    FigureSpec,
    PassageSpec,
    SectionSpec,
)

if TYPE_CHECKING:
    from .reader import Reader


def check_meaning(spec: BriefingSpec, reader: Reader) -> None:
    """Checks that span several keys: selectors, source ids, section kinds, markings. A
    check that rests on a value already reported as wrong is skipped: one mistake, one
    message."""
    _check_names(spec, reader)
    # Ids written under `sources`, even of entries that could not be read: a passage
    # naming one of those is not also reported as naming an unknown source.
    written = reader.document.data.get("sources") if isinstance(reader.document.data,
                                                                dict) else None
    source_ids = [str(i) for i in written] if isinstance(written, dict) else None
    if source_ids is None and reader.library_ids is not None and (
            written is None or isinstance(written, list)):
        source_ids = []  # the sources are the library's
    if source_ids is not None:
        source_ids = list(dict.fromkeys([*source_ids, *spec.sources]))
    for section in spec.sections:
        _check_section(spec, section, source_ids, reader)
    for judgment in spec.key_judgments:
        for passage in judgment.passages:
            _check_passage(spec, passage, source_ids, reader)
    _check_judgment_ids(spec, reader)
    for path, marking in markings_of(spec):
        problem = tlp_problem(marking)
        if problem:
            reader.fail(problem[0], path, hint=problem[1])
    for distribution in [spec.distribution, *(r.distribution for r in spec.releases)]:
        if distribution is not None:
            _check_distribution(distribution, reader)
    _check_lengths(spec, reader)
    _check_deadline(spec, reader)
    check_placeholders(reader)


def _check_judgment_ids(spec: BriefingSpec, reader: Reader) -> None:
    """Each key judgment's `id` is its own: editions match judgments by it."""
    first: dict[str, int] = {}
    for number, judgment in enumerate(spec.key_judgments, start=1):
        if judgment.id is None:
            continue
        if judgment.id in first:
            reader.fail(f"key judgment {number} has the id '{judgment.id}' of key judgment "
                        f"{first[judgment.id]}: each judgment's id must be its own",
                        (*judgment.key_path, "id"),
                        hint="`brief diff` and `previous` know a judgment by its id from "
                        "edition to edition")
        first.setdefault(judgment.id, number)


def _check_names(spec: BriefingSpec, reader: Reader) -> None:
    """The output name's placeholders, and the sources' ids."""
    if spec.output_name:
        unknown = [m for m in re.findall(r"\{([^{}]*)\}", spec.output_name)
                   if m not in ("name", "title", "date", "marking")]
        if unknown:
            reader.fail(f"unknown placeholder '{{{unknown[0]}}}' in output_name; use {{name}}, "
                        "{title}, {date} or {marking}", ("output_name",))
    if not spec.output_name and re.search("[\x00-\x1f\x7f]", spec.name):
        reader.fail(f"the spec's file name '{visible(spec.name)}' holds a control character "
                    "(a line break, say), and the memo's files and email are named after it",
                    (), hint="rename the spec file, or give the outputs a name with "
                    "`output_name`")
    for source_id, source in spec.sources.items():
        if source.key_path[:1] != ("sources",):
            continue  # the library's: its ids are checked as it is read
        if not re.fullmatch(r"[A-Za-z0-9][\w.-]*", source_id):
            reader.fail(f"source id '{source_id}' should be a short word of letters, digits, "
                        "'-' or '_'", source.key_path, at_key=True)
        if source.language is not None and not _language_tag(source.language):
            reader.fail(f"source '{source_id}': '{source.language}' is not a language tag",
                        (*source.key_path, "language"),
                        hint="give a BCP 47 language tag, such as `ru`, `be`, `uk` or `de`")


def _check_section(spec: BriefingSpec, section: SectionSpec, source_ids: list[str] | None,
                   reader: Reader) -> None:
    """What a section of its kind needs, and the keys of its points and passages."""
    kind_known = spec.intact((*section.key_path, "kind"))
    if kind_known and section.kind == "text" and not section.text \
            and spec.intact((*section.key_path, "text")):
        reader.fail("a section of kind 'text' needs a 'text' key with its Markdown",
                    section.key_path)
    if kind_known and section.kind != "text" and not section.points \
            and spec.intact((*section.key_path, "points")):
        reader.fail(f"a section of kind '{section.kind}' needs at least one point "
                    "under 'points'", section.key_path)
    for point in section.points:
        if kind_known and section.kind == "incentives" and not point.actor \
                and spec.intact((*point.key_path, "actor")):
            reader.fail("every point in an 'incentives' section must name its 'actor'",
                        point.key_path, hint="add `actor: Lukashenko` (for example)")
        for only_there, kind in KIND_ONLY_KEYS.items():
            if kind_known and section.kind != kind and getattr(point, only_there):
                reader.fail(f"'{only_there}' is only used in '{kind}' sections, and "
                            f"this section is of kind '{section.kind}'",
                            (*point.key_path, only_there), at_key=True)
        for passage in point.passages:
            _check_passage(spec, passage, source_ids, reader)
        if point.figure is not None and spec.intact((*point.key_path, "figure")):
            _check_figure(point.figure, source_ids, reader)
    if section.kind == "options" and sum(p.recommended for p in section.points) > 1:
        reader.fail("more than one option is marked 'recommended: true'; recommend one "
                    "option, or none", section.key_path)


def _check_deadline(spec: BriefingSpec, reader: Reader,
                    today: datetime.date | None = None) -> None:
    """A decision deadline before the memo's date, or (a memo without a date) before
    today: the principal cannot decide by it, and it is most often last year's or the
    example's date left in place. A memo dated before its deadline is not warned of when
    rebuilt after it: it was right when written. A date known only to the month or the
    year is before another only when all of it is."""
    decision = spec.decision_requested
    path = ("decision_requested", "deadline")
    if decision is None or decision.deadline is None or not spec.intact(path):
        return
    deadline = decision.deadline
    if spec.date is not None and spec.intact(("date",)):
        if deadline.last_day() < spec.date.first_day():
            reader.warnings.append(SpecWarning(
                f"the decision deadline, {_as_written(reader, path, deadline)}, is before "
                f"the memo's date, {_as_written(reader, ('date',), spec.date)}",
                reader.document.where(path),
                hint="give the date by which the principal must decide, after the memo's "
                "`date`"))
        return
    if today is None:
        try:
            epoch = source_date_epoch()
        except BriefError:  # refused, with its message, where the build stamps its files
            epoch = None
        today = epoch.date() if epoch else datetime.date.today()
    if deadline.last_day() < today:
        reader.warnings.append(SpecWarning(
            f"the decision deadline, {_as_written(reader, path, deadline)}, is in the past "
            f"(today is {today.isoformat()})",
            reader.document.where(path),
            hint="give the date by which the principal must decide, or give the memo the "
            "`date` it was written on"))


def _as_written(reader: Reader, path: KeyPath, date: PartialDate) -> str:
    """A date as the spec writes it (`25 March 2022`), else as brief reads it."""
    value: object = reader.document.data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return " ".join(value.split()) if isinstance(value, str) else str(date)



# An alternative text that is a file's name ("border-map.svg"), not a description.
_FILE_NAME = re.compile(r"[\w./\\-]+\.(png|jpe?g|svg|gif|webp|tiff?|pdf|bmp)", re.IGNORECASE)


def _check_figure(figure: FigureSpec, source_ids: list[str] | None, reader: Reader) -> None:
    """A figure's alternative text (empty only when decorative), its width and source."""
    path = figure.key_path
    if figure.decorative and figure.alt.strip():
        reader.fail("a decorative figure has no alternative text (a screen reader skips "
                    "it): leave `alt` empty, or drop `decorative: true` if the picture says "
                    "something", (*path, "alt"))
    elif not figure.decorative and not figure.alt.strip():
        reader.fail("the figure has no alternative text, which a reader who cannot see it "
                    "hears instead: say in `alt` what it shows", (*path, "alt"),
                    hint='`alt: ""` is for a picture that only decorates, with '
                    "`decorative: true`")
    if figure.alt.strip() and _FILE_NAME.fullmatch(figure.alt.strip()):
        reader.warnings.append(SpecWarning(
            f"the figure's alternative text is a file name ({figure.alt.strip()!r}): a "
            "reader who cannot see the picture hears it instead of what the picture shows",
            reader.document.where((*path, "alt"))))
    width = WIDTH.fullmatch(figure.width) if figure.width is not None else None
    if figure.width is not None and width is None:
        reader.fail(f"width {figure.width!r} is not a share of the text width (`60%`) or a "
                    "length (`80mm`, `8cm`, `3in`)", (*path, "width"))
    elif width is not None and width[2] == "%" and not 0 < float(width[1]) <= 100:
        reader.fail(f"width {width[0].strip()!r} is not a share of the text width a "
                    "picture can have: a figure is never wider than the text", (*path, "width"),
                    hint="give a share from 1% to 100% (the default, the text's width)")
    if figure.source is not None and source_ids is not None \
            and figure.source not in source_ids:
        reader.fail(f"the figure's source '{figure.source}' is not among the `sources`",
                    (*path, "source"), hint=f"one of: {', '.join(source_ids)}"
                    if source_ids else None)


def _check_lengths(spec: BriefingSpec, reader: Reader) -> None:
    """Text longer than the Word file's properties hold (a warning: the memo shows it)."""
    for path, value in ((("title",), spec.title), (("memo", "subject"), spec.memo.subject),
                        (("author",), spec.author), (("organisation",), spec.organisation),
                        (("marking",), spec.marking)):
        if value and len(value) > WORD_PROPERTY_LENGTH:
            reader.warnings.append(SpecWarning(
                f"this is {len(value)} characters long: the Word file's properties hold "
                f"{WORD_PROPERTY_LENGTH}, so there it is shortened (the memo shows it whole)",
                reader.document.where(path)))


def markings_of(spec: BriefingSpec) -> list[tuple[KeyPath, str]]:
    """Every marking the spec gives, with its key path: the memo's, the portions' and
    the releases'."""
    found: list[tuple[KeyPath, str]] = []

    def add(path: KeyPath, marking: str | None) -> None:
        if marking:
            found.append(((*path, "marking") if path else ("marking",), marking))

    add((), spec.marking)
    if spec.portion_marking:
        found.append((("portion_marking",), spec.portion_marking))
    if spec.decision_requested is not None:
        add(spec.decision_requested.key_path, spec.decision_requested.marking)
    for judgment in spec.key_judgments:
        add(judgment.key_path, judgment.marking)
        for passage in judgment.passages:
            add(passage.key_path, passage.marking)
    for section in spec.sections:
        add(section.key_path, section.marking)
        for point in section.points:
            add(point.key_path, point.marking)
            for passage in point.passages:
                add(passage.key_path, passage.marking)
    for release in spec.releases:
        add(release.key_path, release.marking)
    return found


# An address as mail servers take it: an ASCII local part (RFC 5322 atoms and dots), one @,
# a dotted or bare host name.
_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")


def _check_distribution(distribution: DistributionSpec, reader: Reader) -> None:
    """Every entry of `from`, `to` and `cc` must be one mail address."""

    fields = [("from", 0, distribution.from_)]
    fields += [("to", i, a) for i, a in enumerate(distribution.to)]
    fields += [("cc", i, a) for i, a in enumerate(distribution.cc)]
    for name, index, entry in fields:
        parsed = getaddresses([entry])
        path = (*distribution.key_path, name) + (() if name == "from" else (index,))
        if len(parsed) != 1 or not _ADDRESS.fullmatch(parsed[0][1]):
            reader.fail(f"expected one mail address, `Name <name@example.org>` or "
                        f"`name@example.org`, found {describe(entry)}", path,
                        hint="write each recipient as its own list item")


def _check_passage(spec: BriefingSpec, passage: PassageSpec, source_ids: list[str] | None,
                   reader: Reader) -> None:
    """Check a passage's source and selector; a passage found wrong is marked invalid, so
    that it is not resolved too."""
    path = passage.key_path
    problems = len(reader.errors)
    if source_ids is not None and passage.source not in source_ids \
            and spec.intact((*path, "source")):
        library = sorted(reader.library_ids or ())
        guess = did_you_mean(passage.source, [*source_ids, *library])
        hint = f"the sources defined under `sources` are: {', '.join(source_ids)}"
        if reader.library_ids is not None:
            hint = (f"the spec's sources are: {', '.join(source_ids) or 'none'}; the "
                    f"project's library holds {', '.join(library[:12]) or 'none'}"
                    f"{' and more' if len(library) > 12 else ''} (`brief sources "
                    "--library` lists it)")
        reader.fail(f"unknown source '{passage.source}'{guess}", (*path, "source"),
                    hint=hint)
    if spec.intact(path):  # else a selector could not be read; that was reported
        _check_selector(passage, reader)
        _check_translation(spec, passage, reader)
    if len(reader.errors) > problems:
        reader.invalid.add(path)


def _check_selector(passage: PassageSpec, reader: Reader) -> None:
    path = passage.key_path
    if (passage.from_ is None) != (passage.to is None):
        reader.fail("'from' and 'to' go together: give both, or neither", path)
    selectors = [name for name, value in (
        ("quote", passage.quote), ("paragraph", passage.paragraph),
        ("paragraphs", passage.paragraphs), ("from/to", passage.from_ or passage.to))
        if value is not None]
    if len(selectors) != 1:
        found = "none" if not selectors else " and ".join(f"'{s}'" for s in selectors)
        reader.fail(f"a passage needs exactly one of 'quote', 'paragraph', 'paragraphs' or "
                    f"'from'/'to'; found {found}", path)
    if passage.quote is None and (passage.prefix is not None or passage.suffix is not None):
        reader.fail("'prefix' and 'suffix' only go with 'quote'", path)
    if passage.quote is not None and not passage.quote.strip():
        reader.fail("'quote' is empty", (*path, "quote"))
    if passage.paragraphs is not None:
        match = PASSAGE_RANGE.fullmatch(passage.paragraphs)
        if not match:
            reader.fail(f"expected a paragraph range such as '9-10', found "
                        f"{describe(passage.paragraphs)}", (*path, "paragraphs"))
        elif match[2] and int(match[2]) < int(match[1]):
            reader.fail(f"paragraph range '{passage.paragraphs}' runs backwards",
                        (*path, "paragraphs"))
    rng = passage.paragraph_range
    if rng and rng[0] < 1:
        reader.fail("paragraphs are numbered from 1", path)


def _check_translation(spec: BriefingSpec, passage: PassageSpec, reader: Reader) -> None:
    """A translation goes with a `quote` (the words it translates, verified), of a source
    whose wording is its author's; a translator with a translation."""
    path = passage.key_path
    if passage.translation is not None:
        source = spec.sources.get(passage.source)
        if source is not None and source.language is None and passage.quote is not None:
            reader.warnings.append(SpecWarning(
                f"a translation of source '{passage.source}', which gives no `language`: "
                "its original is not marked as written in another language, so a screen "
                "reader reads it with the memo's voice", reader.document.where(
                    (*path, "translation")),
                hint=f"give the source's language, `language: ru`, under "
                f"`sources: {passage.source}:`"))
        if passage.quote is None:
            reader.fail("'translation' goes with 'quote': it translates the words quoted, "
                        "which are checked against the source", (*path, "translation"),
                        hint="quote the original words under `quote`, and give your "
                        "translation of them under `translation`")
        elif source is not None and source.paraphrased:
            reader.fail(f"'translation' of a machine-paraphrased source ('{passage.source}' "
                        "has `paraphrased: true`): its wording is not the author's, and a "
                        "translation would present it as such", (*path, "translation"),
                        hint="quote the original article, or show this passage untranslated")
        elif not passage.translation.strip():
            reader.fail("'translation' is empty", (*path, "translation"))
    if passage.translator is not None:
        if passage.translation is None:
            reader.fail("'translator' goes with 'translation': there is no translation to "
                        "credit", (*path, "translator"))
        elif translator_parts(passage.translator) == ("machine", ""):
            reader.fail("a machine translation names its tool and version: `translator: "
                        "machine DeepL (2026-11)`", (*path, "translator"),
                        hint="ICS 206-01 asks that machine translation be disclosed with "
                        "the tool and its version")


def translator_parts(translator: str | None) -> tuple[str, str]:
    """Who translated a quote: ("analyst", "") for the analyst (no `translator`, or
    `analyst`), ("machine", "DeepL (2026-11)") for `machine DeepL (2026-11)` (or `machine:
    ...`), else ("person", the name)."""
    words = " ".join((translator or "").split())
    if not words or words.lower() == "analyst":
        return ("analyst", "")
    first, _, rest = words.partition(" ")
    if first.lower().rstrip(":") == "machine":
        return ("machine", rest.strip())
    if words.lower().startswith("machine:"):
        return ("machine", words[len("machine:"):].strip())
    return ("person", words)


def _language_tag(tag: str) -> bool:
    """Whether `tag` is a BCP 47 language tag that brief knows the language of."""
    return bool(re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag)) and (
        language_known(tag))
