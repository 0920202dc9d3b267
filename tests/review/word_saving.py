"""What Word 365 writes when it saves a reviewed file, for the Word reviewer of the tests
(word_review.py): w14:paraId/w14:textId on every paragraph, the comment parts
(commentsExtended.xml with threads and resolved marks, commentsIds.xml,
commentsExtensible.xml, people.xml) with their content types and relationships, Word's
comment styles, w:trackRevisions and the session's rsid in settings.xml, and the reviewer
as the last to modify the file (docProps/core.xml)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
W16CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_PARTS = {  # name: (content type, relationship type, root, its namespace prefix and URI)
    "commentsExtended": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
        "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
        "commentsEx", "w15", W15),
    "commentsIds": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml",
        "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
        "commentsIds", "w16cid", W16CID),
    "commentsExtensible": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtensible+xml",
        "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
        "commentsExtensible", "w16cex", W16CEX),
    "people": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml",
        "http://schemas.microsoft.com/office/2011/relationships/people",
        "people", "w15", W15),
}
# Word's styles for comments, added to styles.xml when the file has none (as Word does).
_COMMENT_STYLES = (
    '<w:style xmlns:w="{w}" w:type="character" w:styleId="CommentReference">'
    '<w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>',
    '<w:style xmlns:w="{w}" w:type="paragraph" w:styleId="CommentText">'
    '<w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
    '<w:unhideWhenUsed/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
)
# What follows w:trackRevisions and w:rsids in settings.xml (CT_Settings' sequence).
_AFTER_TRACK = ("doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
                "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop")
_AFTER_RSIDS = ("mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def finish(document: Any, session: Any) -> None:
    """Do to `document` what Word does when it saves the review `session` made."""
    _paragraph_ids(document.element, session)
    if _has_comments(document):
        _comment_parts(document, session)
    _settings(document, session)
    core = document.core_properties
    core.last_modified_by = session.author
    core.modified = datetime.strptime(session.date, "%Y-%m-%dT%H:%M:%SZ")
    core.revision = (core.revision or 1) + 1


def _has_comments(document: Any) -> bool:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return any(rel.reltype == RT.COMMENTS for rel in document.part.rels.values())


def _paragraph_ids(root: Any, session: Any) -> None:
    """w14:paraId and w14:textId on every paragraph, as Word writes them on saving."""
    session.para_ids |= {p.get(f"{{{W14}}}paraId") for p in root.iter(w("p"))
                         if p.get(f"{{{W14}}}paraId")}
    for paragraph in root.iter(w("p")):
        if paragraph.get(f"{{{W14}}}paraId") is None:
            paragraph.set(f"{{{W14}}}paraId", session.hex_id(0x80000000))
            paragraph.set(f"{{{W14}}}textId", session.hex_id(0x80000000))


def _comment_parts(document: Any, session: Any) -> None:
    comments = document.comments
    root = comments._comments_elm
    _ignorable(root, "w14")
    _paragraph_ids(root, session)
    replies, resolved = session.replies, session.resolved
    last_para = {c.get(w("id")): c.findall(w("p"))[-1].get(f"{{{W14}}}paraId")
                 for c in root.iter(w("comment"))}
    extended, ids, extensible, people = [], [], [], []
    for comment in root.iter(w("comment")):
        cid = comment.get(w("id"))
        para = last_para[cid]
        parent = f' w15:paraIdParent="{last_para[replies[cid]]}"' if cid in replies else ""
        done = "1" if cid in resolved else "0"
        extended.append(f'<w15:commentEx w15:paraId="{para}"{parent} w15:done="{done}"/>')
        durable = session.hex_id()
        ids.append(f'<w16cid:commentId w16cid:paraId="{para}" w16cid:durableId="{durable}"/>')
        extensible.append(f'<w16cex:commentExtensible w16cex:durableId="{durable}" '
                          f'w16cex:dateUtc="{comment.get(w("date"))}"/>')
        author = comment.get(w("author"))
        if author not in people:
            people.append(author)
    persons = [f'<w15:person w15:author="{_attr(a)}"><w15:presenceInfo w15:providerId="None" '
               f'w15:userId="{_attr(a)}"/></w15:person>' for a in people]
    for name, children in (("commentsExtended", extended), ("commentsIds", ids),
                           ("commentsExtensible", extensible), ("people", persons)):
        _add_part(document, name, children)
    _comment_styles(document)


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _add_part(document: Any, name: str, children: list[str]) -> None:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    content_type, reltype, root, prefix, uri = _PARTS[name]
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<{prefix}:{root} xmlns:mc="{MC}" xmlns:{prefix}="{uri}" '
           f'mc:Ignorable="{prefix}">{"".join(children)}</{prefix}:{root}>')
    for rel in list(document.part.rels.values()):
        if rel.reltype == reltype:  # a second review: Word writes the part anew
            rel.target_part._blob = xml.encode()
            return
    part = Part(PackURI(f"/word/{name}.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, reltype)


def _comment_styles(document: Any) -> None:
    from lxml import etree

    styles = document.styles.element
    have = {style.get(w("styleId")) for style in styles.iter(w("style"))}
    for xml in _COMMENT_STYLES:
        style = etree.fromstring(xml.format(w=W))
        if style.get(w("styleId")) in have:
            continue
        based = style.find(w("basedOn"))
        if based is not None and based.get(w("val")) not in have:
            style.remove(based)
        styles.append(style)


def _ignorable(root: Any, prefix: str) -> None:
    ignorable = root.get(f"{{{MC}}}Ignorable", "").split()
    if prefix not in ignorable and root.nsmap.get("mc") == MC:
        root.set(f"{{{MC}}}Ignorable", " ".join([*ignorable, prefix]))


def _settings(document: Any, session: Any) -> None:
    from lxml import etree

    settings = document.settings.element
    if session.tracked and settings.find(w("trackRevisions")) is None:
        _insert_before(settings, etree.Element(w("trackRevisions")),
                       (*_AFTER_TRACK, "rsids", *_AFTER_RSIDS))
    rsids = settings.find(w("rsids"))
    if rsids is None:
        rsids = etree.Element(w("rsids"))
        _insert_before(settings, rsids, _AFTER_RSIDS)
        etree.SubElement(rsids, w("rsidRoot")).set(w("val"), session.rsid)
    if all(r.get(w("val")) != session.rsid for r in rsids.iter(w("rsid"))):
        etree.SubElement(rsids, w("rsid")).set(w("val"), session.rsid)


def _insert_before(parent: Any, element: Any, successors: tuple[str, ...]) -> None:
    """Insert `element` before the first child named in `successors`, or before the
    first extension of another namespace (w14, w15: they come last), or at the end."""
    names = {w(name) for name in successors} | {f"{{{M}}}mathPr"}
    for child in parent:
        extension = isinstance(child.tag, str) and not child.tag.startswith(f"{{{W}}}")
        if child.tag in names or extension:
            child.addprevious(element)
            return
    parent.append(element)
