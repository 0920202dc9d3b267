"""Warnings about sources that may not be what they seem.

None of these stops a build unless `--strict` is given: they are signs for the
analyst to weigh, not proof.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import BriefWarning, Where, plural
from .loading import Source
from .paragraphs import BOILERPLATE

# What a text spinner leaves behind: `{that a}`, or its raw syntax `{reviews|reports}`.
SPINNER = re.compile(r"\{[^{}\n]{1,60}\}")
SHORT_WORDS = 150
BOILERPLATE_SHARE = 0.5


def source_warnings(source: Source, where: Where) -> list[BriefWarning]:
    """Warnings about one source, placed at its entry in the spec."""
    found: list[BriefWarning] = []
    name = f"source '{source.id}'" if source.id else source.path.name
    # a source marked `paraphrased: true` is known to be spun: the analyst has said so
    spun = source.spec is not None and source.spec.paraphrased
    for paragraph in () if spun else source.paragraphs:
        token = SPINNER.search(paragraph.text)
        if token:
            found.append(BriefWarning(
                f"{name} {paragraph.label} contains '{token[0]}', a leftover of a text "
                "spinner: this copy was probably machine-paraphrased, and its wording may "
                "not be the author's", where,
                hint="find the original article and cite it; quoting a spun copy puts words "
                "in the author's mouth" + ("" if source.spec is None
                                           else "; or mark the source `paraphrased: true`, "
                                           "and the memo's source summary says so")))
            break
    for note in source.notes:
        found.append(BriefWarning(f"{name}: {note}", where,
                                  hint="quotes are matched against the text as shown by "
                                  f"`brief sources {source.path.name}`"))
    if source.left_out:
        found.append(BriefWarning(
            f"{name} holds {source.left_out} character{'s' if source.left_out != 1 else ''} "
            "no document can show (control characters, or no characters at all): they are "
            "left out", where,
            hint="quotes are matched against the text without them"))
    words = [len(p.text.split()) for p in source.paragraphs]
    total = sum(words)
    if total < SHORT_WORDS:
        found.append(BriefWarning(
            f"{name} has only {plural(total, 'word')}: is it the whole article?", where,
            hint="check that the file holds the article's full text"))
    boilerplate = sum(n for p, n in zip(source.paragraphs, words, strict=True)
                      if n <= 60 and BOILERPLATE.search(p.text))
    if total and boilerplate / total > BOILERPLATE_SHARE:
        found.append(BriefWarning(
            f"{name} is mostly boilerplate: {boilerplate / total:.0%} of its words are in "
            "share, subscribe, copyright and similar lines", where,
            hint="save the article's own text, without the page around it"))
    return found


def all_source_warnings(sources: Mapping[str, Source],
                        where: Mapping[str, Where]) -> list[BriefWarning]:
    return [w for source_id, source in sources.items()
            for w in source_warnings(source, where[source_id])]
