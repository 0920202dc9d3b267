"""The header's placeholders found however Word or LibreOffice cut their runs
(render/docx/running.py): each gets a run of its own, the rest of the text keeps its
run's formatting."""

from __future__ import annotations

from lxml import etree

from brief.render.docx.running import PLACEHOLDER, own_runs, split_runs

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph(runs: str) -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W}">{runs}</w:p>')


def runs_of(p: etree._Element) -> list[tuple[str, str]]:
    """Each run as (what it shows, its formatting): text, `TAB`, or a field's parts."""
    shown = []
    for run in own_runs(p):
        content = [c for c in run if c.tag != f"{{{W}}}rPr"]
        assert len(content) <= 1, etree.tostring(run)
        what = "".join(c.text or "" if c.tag in (f"{{{W}}}t", f"{{{W}}}instrText")
                       else etree.QName(c).localname.upper()
                       for c in content)
        r_pr = run.find(f"{{{W}}}rPr")
        shown.append((what, "".join(etree.QName(c).localname for c in r_pr)
                      if r_pr is not None else ""))
    return shown


def test_libreoffice_s_merged_run_is_cut_into_one_run_each():
    # As LibreOffice saves the built-in memo's header: tab, {classification}, tab, {tlp}.
    p = paragraph('<w:r><w:rPr><w:b/></w:rPr><w:tab/><w:t>{classification}</w:t><w:tab/>'
                  "<w:t>{tlp}</w:t></w:r>")
    split_runs(p)
    assert runs_of(p) == [("TAB", "b"), ("{classification}", "b"), ("TAB", "b"), ("{tlp}", "b")]


def test_a_placeholder_split_over_runs_is_put_together_in_the_first():
    # As Word saves a placeholder typed in two goes, a proofing mark between.
    p = paragraph('<w:r><w:rPr><w:i/></w:rPr><w:t>Memo {cla</w:t></w:r><w:proofErr w:type='
                  '"spellStart"/><w:r><w:rPr><w:u/></w:rPr><w:t>ssific</w:t></w:r><w:r><w:t>'
                  "ation} and {t</w:t></w:r><w:r><w:t>lp} end</w:t></w:r>")
    split_runs(p)
    assert runs_of(p) == [("Memo ", "i"), ("{classification}", "i"), (" and ", ""),
                          ("{tlp}", ""), (" end", "")]


def test_text_around_placeholders_keeps_its_formatting_and_fields_stay_whole():
    p = paragraph('<w:r><w:rPr><w:color w:val="555555"/></w:rPr><w:t>Page </w:t></w:r>'
                  '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE '
                  '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                  '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                  '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> · {date}'
                  "{marking}{title}!</w:t></w:r>")
    split_runs(p)
    assert runs_of(p) == [("Page ", "color"), ("FLDCHAR", ""), (" PAGE ", ""),
                          ("FLDCHAR", ""), ("1", ""), ("FLDCHAR", ""), (" · ", "sz"),
                          ("{date}", "sz"), ("{marking}", "sz"), ("{title}", "sz"), ("!", "sz")]


def test_text_that_only_looks_like_a_placeholder_is_left_alone():
    p = paragraph("<w:r><w:t>{tl</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>p} {unknown}</w:t></w:r>")
    split_runs(p)
    assert runs_of(p) == [("{tl", ""), ("TAB", ""), ("p} {unknown}", "")]
    assert not any(PLACEHOLDER.fullmatch(text) for text, _ in runs_of(p))
