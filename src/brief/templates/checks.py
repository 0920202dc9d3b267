"""What a template does to a spec's content that the analyst should hear of: sections it
leaves out (`include`), and parts of the spec a house's own layout does not show."""

from __future__ import annotations

import re

from ..errors import BriefNote, BriefWarning, Where
from ..spec import BriefingSpec
from . import Template


def template_notes(spec: BriefingSpec, template: Template) -> list[BriefWarning]:
    """A note naming every section the template leaves out (a warning, which `--strict`
    makes an error, where the template's `left_out` says so), and a warning when the
    spec asks for a decision, or names a previous edition, that the template's PDF layout
    does not show."""
    found: list[BriefWarning] = []
    where = spec.where(("template",)) if spec.document and ("template",) in \
        spec.document.value_marks else Where(spec.path)
    left = [f'"{section.title}" ({section.kind})' for section in spec.sections
            if section.kind not in template.include and spec.intact((*section.key_path, "kind"))]
    if spec.key_judgments and "key_judgments" not in template.include:
        left.insert(0, "the key judgments")
    if left:
        kind = BriefNote if template.left_out == "note" else BriefWarning
        found.append(kind(
            f"template '{template.name}' does not show {', '.join(left)}",
            where, hint=f"it shows only {', '.join(template.include)}; build with another "
            "template (`template: memo`) to show everything"))
    if spec.decision_requested is not None and "decision" not in \
            template.file("document.html.j2").read_text(encoding="utf-8"):
        found.append(BriefWarning(
            f"template '{template.name}' does not show `decision_requested` in the PDF: its "
            "document.html.j2 was made before brief had it", spec.where(("decision_requested",)),
            hint="copy the decision block from the built-in memo's document.html.j2 (`brief "
            "templates new` makes a fresh copy)"))
    if spec.previous and not re.search(r"macro\s+changes\s*\(", template.file(
            "document.html.j2").read_text(encoding="utf-8")):
        found.append(BriefWarning(
            f"template '{template.name}' does not show what changed since the previous "
            "edition in the PDF (the Word file and the email do): its document.html.j2 has no "
            "macro `changes`", spec.where(("previous",)),
            hint="copy the macro `changes` from the built-in memo's document.html.j2 into "
            "the template's"))
    return found
