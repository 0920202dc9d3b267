"""What a house's reference.docx may hold that reaches outside the memo, taken out of it
before brief copies anything of the file into a memo, with a warning naming each.

A memo's Word file fetches and opens nothing outside itself when the principal opens it,
as its PDF and its template's HTML and CSS do not. So brief takes out of reference.docx:

- every relationship to a target outside the package (`TargetMode="External"`, in any
  part's relationships: an attached template, a frame, a subdocument, a linked picture or
  object, a mail merge's data source), and what in the part refers to it; a link to an
  `http:`, `https:` or `mailto:` address (the house's website in its footer) is kept,
  since Word opens it only when clicked, but a link to a file (`file:`, `\\\\server`, a
  relative path) or of any other scheme is not (its text stays, the link goes);
- the fields that fetch or run something when they are updated (INCLUDEPICTURE,
  INCLUDETEXT, LINK, DDE, DDEAUTO, IMPORT, DATABASE, RD) and HYPERLINK fields whose
  target is not kept as above, each with what it last showed;
- a mail merge's settings (its data source and query), and a picture's note of where it
  was linked from (VML's `o:href`);
- macros (`vbaProject.bin`, its data and key bindings) and the content type of a
  macro-enabled document or template (.docm, .dotm), and ActiveX controls (a form's
  buttons and boxes, which run code of their own).

Every path that reads reference.docx goes through `word._prepare`, which calls `clean`
first: a build's Word file, its copy in the email, and `brief templates new --from-word`.
A file with none of these is left byte for byte as it was.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..errors import BriefWarning, Where, visible
from ..ooxml import W, part_at, qn, relationships_part
from ..text import shortened

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# Link targets Word opens only when the reader clicks them, in a browser or a mail program.
KEPT_SCHEMES = ("http", "https", "mailto")
# Fields that fetch a file or a web address, or run a program, when they are updated.
FETCHING_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO",
                   "IMPORT", "DATABASE", "RD")
# What each kind of outside relationship is, in a warning.
_KINDS = {"attachedTemplate": "an attached template at", "frame": "an external frame showing",
          "subDocument": "a subdocument at", "image": "a linked picture at",
          "hyperlink": "a link to", "oleObject": "a linked object at",
          "mailMergeSource": "a mail merge's data source at",
          "mailMergeHeaderSource": "a mail merge's header source at",
          "recipientData": "a mail merge's recipients at"}
# Macros: their content types, and the main part's type of a macro-enabled file.
_MACRO_TYPES = ("application/vnd.ms-office.vbaProject", "application/vnd.ms-word.vbaData+xml",
                "application/vnd.ms-word.keyMapCustomizations+xml",
                "application/vnd.ms-word.attachedToolbars")
_MACRO_MAIN_TYPES = ("application/vnd.ms-word.document.macroEnabled.main+xml",
                     "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
_MACRO_RELATIONSHIPS = ("vbaProject", "wordVbaData", "keyMapCustomizations",
                        "attachedToolbars")

HINT = ("remove it from reference.docx in Word or LibreOffice: a memo's Word file fetches "
        "and opens nothing outside itself (docs/house-style.md, \"What reference.docx may "
        "not hold\")")


def clean(parts: dict[str, bytes], where: Where) -> list[BriefWarning]:
    """Take out of the package's `parts` whatever reaches outside it, and its macros; a
    warning for each thing taken out."""
    warnings = _macros(parts, where) + _controls(parts, where)
    removed: dict[str, dict[str, str]] = {}  # part -> relationship ids taken out
    for name in sorted(n for n in parts if n.endswith(".rels")):
        owner, ids, found = _outside_relationships(parts, name)
        removed[owner] = ids
        warnings += [_warning(owner or name, what, where) for what in found]
    for name in sorted(n for n in parts if n.endswith(".xml") and n != "[Content_Types].xml"):
        warnings += [_warning(name, what, where)
                     for what in _clean_part(parts, name, removed.get(name, {}))]
    return warnings


def _warning(part: str, what: str, where: Where) -> BriefWarning:
    return BriefWarning(f"reference.docx's {part} has {what}, which reaches outside the "
                        "memo: brief leaves it out of the memos it builds", where, hint=HINT)


def _shown(target: str) -> str:
    return shortened(visible(target), 100)


def kept_link(target: str) -> bool:
    """Whether a link's target is one Word opens only when clicked (see KEPT_SCHEMES)."""
    if target.startswith(("\\", "//")) or re.search(r"[\x00-\x20\x7f]", target.strip()):
        return False
    try:
        scheme = urlsplit(target.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in KEPT_SCHEMES


_NOT_A_PART = re.compile(r"\s*(?:[A-Za-z][\w+.-]*:|\\\\|//)")


# --- relationships ------------------------------------------------------------------------

def _owner(rels_name: str) -> str:
    """The part a relationships part belongs to ("" for the package's own)."""
    folder, _, file = rels_name.rpartition("_rels/")
    return f"{folder}{file.removesuffix('.rels')}" if file != ".rels" else folder.rstrip("/")


def _outside_relationships(parts: dict[str, bytes], name: str
                           ) -> tuple[str, dict[str, str], list[str]]:
    """Take the outside relationships out of the relationships part `name`: the part it
    belongs to, the ids taken out (with the kind of each), and what each was."""
    from lxml import etree

    owner = _owner(name)
    root = etree.fromstring(parts[name])
    ids, found = {}, []
    for rel in list(root):
        target = rel.get("Target") or ""
        # outside: said so, or a target no part of a package has (a scheme, a share)
        if rel.get("TargetMode") != "External" and not _NOT_A_PART.match(target):
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if kind == "hyperlink" and kept_link(target):
            continue
        root.remove(rel)
        ids[rel.get("Id") or ""] = kind
        found.append(f"{_KINDS.get(kind, f'an outside {kind} at')} {_shown(target)}")
    if ids:
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
    return owner, ids, found


def _unlink(element: Any, attribute: str) -> None:
    """Take out what refers to a relationship taken out: a hyperlink keeps its text, a
    picture goes (unless it also holds the picture itself), anything else goes."""
    tag = element.tag
    if tag == qn("w:hyperlink"):
        parent = element.getparent()
        for child in list(element):
            element.addprevious(child)
        parent.remove(element)
        return
    del element.attrib[attribute]
    if tag in (f"{{{_A}}}blip", f"{{{_V}}}imagedata"):
        if any(a.startswith(f"{{{_R}}}") for a in element.attrib):
            return  # the picture is in the file too: only its link goes
        picture = next((a for a in element.iterancestors(qn("w:drawing"), qn("w:pict"))),
                       element)
        picture.getparent().remove(picture)
        return
    if tag == qn("w:sourceFileName"):  # a frame of a frameset: the frameset goes
        element = next(element.iterancestors(qn("w:frameset")), element)
    if element.getparent() is not None:
        element.getparent().remove(element)


# --- the parts themselves -----------------------------------------------------------------

_FIELD_HINTS = re.compile(rb"instr|imagedata|:fill\b|mailMerge")


def _clean_part(parts: dict[str, bytes], name: str, removed: dict[str, str]) -> list[str]:
    """Take out of the XML part `name` what refers to the relationships `removed`, the
    fields that reach outside, a mail merge and VML's links; what was taken out."""
    from lxml import etree

    data = parts[name]
    if not removed and not _FIELD_HINTS.search(data):
        return []
    root = etree.fromstring(data)
    unlinked: set[int] = set()
    for element in list(root.iter()) if removed else ():
        if not isinstance(element.tag, str):
            continue
        for attribute, value in list(element.attrib.items()):
            if attribute.startswith(f"{{{_R}}}") and value in removed:
                unlinked.add(id(element))
                _unlink(element, attribute)
                break
    found = []
    changed = bool(unlinked)
    for element in list(root.iter(f"{{{_V}}}imagedata", f"{{{_V}}}fill")):
        for attribute in (f"{{{_O}}}href", "src"):  # where a VML picture was linked from
            href = element.attrib.pop(attribute, None)
            if href is not None:
                changed = True
                if href and id(element) not in unlinked:
                    found.append(f"a picture linked to {_shown(href)}")
    for merge in list(root.iter(qn("w:mailMerge"))):
        merge.getparent().remove(merge)
        found.append("a mail merge's data source and query")
    found += _simple_fields(root) + _complex_fields(root)
    if changed or found:
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
    return found


def field_problem(instruction: str) -> str | None:
    """What a field reaches outside for, from its instruction; None for a field that
    reaches nothing (PAGE, DATE, a HYPERLINK to a web page)."""
    tokens = [quoted or bare for quoted, bare in
              re.findall(r'"([^"]*)"|(\S+)', instruction.replace("\u201c", '"')
                         .replace("\u201d", '"'))]
    if not tokens:
        return None
    name = tokens[0].upper()
    shown = _shown(" ".join(instruction.split()))
    if name in FETCHING_FIELDS:
        return f"a field {{ {shown} }}"
    if name != "HYPERLINK":
        return None
    rest = iter(tokens[1:])
    for token in rest:
        if token.lower() in ("\\l", "\\o", "\\t"):
            next(rest, None)  # the switch's own value (a bookmark, a tip, a frame)
            continue
        if token.startswith("\\") and len(token) == 2:
            continue
        return None if kept_link(token) else f"a field {{ {shown} }}"
    return None


def _simple_fields(root: Any) -> list[str]:
    found = []
    for field in list(root.iter(qn("w:fldSimple"))):
        problem = field_problem(field.get(qn("w:instr")) or "")
        if problem and field.getparent() is not None:
            field.getparent().remove(field)
            found.append(problem)
    return found


_INSTRUCTIONS = (qn("w:instrText"), qn("w:delInstrText"))


def _complex_fields(root: Any) -> list[str]:
    """Fields written over runs (w:fldChar begin, instruction, separate, result, end):
    those that reach outside, taken out whole, with the fields inside them."""
    if root.find(f".//{{{W}}}fldChar") is None:
        return []
    open_fields: list[tuple[list[Any], list[str]]] = []  # (runs, instruction) of each
    taken: list[Any] = []
    found = []
    for run in root.iter(qn("w:r")):
        char = run.find(qn("w:fldChar"))
        kind = char.get(qn("w:fldCharType")) if char is not None else None
        if kind == "begin":
            open_fields.append(([], []))
        for runs, _ in open_fields:
            runs.append(run)
        if open_fields:
            open_fields[-1][1].extend(t.text or "" for t in run if t.tag in _INSTRUCTIONS)
        if kind == "end" and open_fields:
            runs, instruction = open_fields.pop()
            problem = field_problem("".join(instruction))
            if problem:
                taken += runs
                found.append(problem)
    for runs, instruction in open_fields:  # a field never ended
        problem = field_problem("".join(instruction))
        if problem:
            taken += runs
            found.append(problem)
    for run in taken:
        if run.getparent() is not None:
            run.getparent().remove(run)
    return found


# --- macros -------------------------------------------------------------------------------

def _macros(parts: dict[str, bytes], where: Where) -> list[BriefWarning]:
    """Take the macros out of the package: their parts, the relationships to them, their
    content types; a macro-enabled main part made an ordinary document."""
    from lxml import etree

    types_name = "[Content_Types].xml"
    types = parts.get(types_name, b"")
    if not any(t.encode() in types for t in (*_MACRO_TYPES, *_MACRO_MAIN_TYPES)) and not any(
            n.lower().endswith("vbaproject.bin") for n in parts):
        return []
    root = etree.fromstring(types)
    taken = {n for n in parts if n.lower().endswith(("vbaproject.bin", "vbadata.xml"))}
    for entry in list(root):
        content_type = entry.get("ContentType") or ""
        if content_type in _MACRO_MAIN_TYPES:
            entry.set("ContentType", _DOCUMENT)
        elif content_type in _MACRO_TYPES:
            if entry.get("PartName"):
                taken.add(entry.get("PartName", "").lstrip("/"))
            else:
                extension = f".{entry.get('Extension', '').lower()}"
                taken |= {n for n in parts if n.lower().endswith(extension)}
            root.remove(entry)
    parts[types_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
    for name in taken:
        parts.pop(name, None)
        parts.pop(relationships_part(name), None)
    for name in [n for n in parts if n.endswith(".rels")]:
        parts[name] = re.sub(
            rb"<Relationship [^<>]*/(?:" + "|".join(_MACRO_RELATIONSHIPS).encode()
            + rb")\"[^<>]*/>", b"", parts[name])
    if not taken:
        return []
    return [BriefWarning(
        f"reference.docx holds macros ({', '.join(sorted(taken))}): brief never copies "
        "them into a memo", where,
        hint="save it as a Word Document (.docx) or Word Template (.dotx), without macros")]


# --- ActiveX controls ---------------------------------------------------------------------

_CONTROL = "/relationships/control"


def _controls(parts: dict[str, bytes], where: Where) -> list[BriefWarning]:
    """Take out the ActiveX controls: each `w:object` that shows one (or the `w:control`
    alone), the relationship to it, its parts and their content types."""
    from lxml import etree

    warnings: list[BriefWarning] = []
    for rels_name in sorted(n for n in parts if n.endswith(".rels")):
        if _CONTROL.encode() not in parts.get(rels_name, b""):  # (or a control's, taken out)
            continue
        owner = _owner(rels_name)
        rels = etree.fromstring(parts[rels_name])
        ids: dict[str, str] = {}
        for rel in list(rels):
            if (rel.get("Type") or "").endswith(_CONTROL):
                rels.remove(rel)
                ids[rel.get("Id") or ""] = part_at(owner, rel.get("Target") or "")
        parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
        names: list[str] = []
        if owner in parts:
            root = etree.fromstring(parts[owner])
            for control in list(root.iter(qn("w:control"))):
                if control.get(f"{{{_R}}}id") in ids:
                    names.append(control.get(qn("w:name")) or "unnamed")
                    shown = next(control.iterancestors(qn("w:object")), control)
                    shown.getparent().remove(shown)
            parts[owner] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
        for target in ids.values():
            _drop_part(parts, target)
        warnings.append(BriefWarning(
            f"reference.docx's {owner or 'package'} has ActiveX controls "
            f"({', '.join(names) or len(ids)}), which run code of their own: brief never "
            "copies them into a memo", where,
            hint="remove them in Word (Developer > Design Mode) or LibreOffice (Form > "
            "Design Mode)"))
    return warnings


def _drop_part(parts: dict[str, bytes], name: str) -> None:
    """Take a part out, with the parts only it refers to (an ActiveX control's binary
    data), its relationships and its content type."""
    for target in re.findall(rb'Target="([^"]+)"', parts.pop(relationships_part(name), b"")):
        inner = part_at(name, target.decode("utf-8", "replace"))
        if inner in parts and inner != name:
            parts.pop(inner)
            _drop_override(parts, inner)
    parts.pop(name, None)
    _drop_override(parts, name)


def _drop_override(parts: dict[str, bytes], name: str) -> None:
    types = "[Content_Types].xml"
    parts[types] = re.sub(rb'<Override [^<>]*PartName="/' + re.escape(name.encode())
                          + rb'"[^<>]*/>', b"", parts.get(types, b""))
