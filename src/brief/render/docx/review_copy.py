"""The review copy (`brief build --review`): the memo's Word file as a reviewer should
get it. Track Changes is on and the document is protected for tracked changes without a
password (`w:documentProtection w:edit="trackedChanges"`), so Word records every edit the
reviewer makes and LibreOffice keeps both settings; a custom property says it is a review
copy. Quotations are not locked. Word locks text only in a document protected read-only
(`w:edit="readOnly"`) with editable ranges (`w:permStart`/`w:permEnd`) around the rest;
tried with LibreOffice 7.4 (the example, its 30 passages left out of 90 ranges), it opens
such a file read-only and cannot save the reviewer's edits (`lo_review.py`: "SfxBaseModel::
impl_store failed"), and read-only protection would no longer force Track Changes in Word.
`brief review` reports a change inside a quotation as not appliable instead."""

from __future__ import annotations

from typing import Any

from ...ooxml import W
from .package import set_custom_property

# What follows w:documentProtection in w:settings, in the schema's order (CT_Settings).
_AFTER_PROTECTION = frozenset((
    "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop",
    "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps",
    "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle",
    "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace",
    "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
    "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"))
_AFTER_TRACKING = _AFTER_PROTECTION | {"doNotTrackMoves", "doNotTrackFormatting",
                                       "documentProtection"}
# The custom property that tells a review copy (File > Properties > Custom).
PROPERTY = "Review copy"


def for_review(document: Any) -> None:
    """Turn Track Changes on and protect the document for tracked changes; say so in a
    custom property."""
    from lxml import etree

    settings = document.settings.element
    for name in ("trackRevisions", "documentProtection"):
        for old in settings.findall(f"{{{W}}}{name}"):
            settings.remove(old)
    _insert(settings, etree.Element(f"{{{W}}}trackRevisions"), _AFTER_TRACKING)
    _insert(settings, etree.Element(f"{{{W}}}documentProtection", {
        f"{{{W}}}edit": "trackedChanges", f"{{{W}}}enforcement": "1"}), _AFTER_PROTECTION)
    set_custom_property(document, PROPERTY,
                        "Made for review: tracked changes and comments come back into the "
                        "spec with brief review")


def _insert(settings: Any, element: Any, after: frozenset[str]) -> None:
    """Put `element` before the first child of `settings` that the schema puts after it."""
    later = next((child for child in settings
                  if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in after), None)
    if later is not None:
        later.addprevious(element)
    else:
        settings.append(element)
