"""python-docx's run text and element placement, made quicker by brief
(`render/docx/quick.py`), write the same XML as python-docx's own steps."""

from __future__ import annotations

import random

import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.run import _RunContentAppender
from lxml import etree

from brief.render.docx import quick

TEXTS = ["", "plain", " leading", "trailing ", "tab\there", "two\nlines", "cr\rhere",
         "\t", "\n\n", "mixed \t and\r\n all ", "Zürich — «quoted» \U0001f600", "  ", "a\tb\tc"]


def as_python_docx_writes_it(text: str, run_xml: str) -> bytes:
    """The run after python-docx's own `text` setter: its content cleared, then the text
    fed to its appender."""
    run = parse_xml(run_xml)
    run.clear_content()
    _RunContentAppender.append_to_run_from_text(run, text)
    return etree.tostring(run)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("run_xml", [
    f"<w:r {nsdecls('w')}/>",
    f"<w:r {nsdecls('w')}><w:rPr><w:b/></w:rPr></w:r>",
    f"<w:r {nsdecls('w')}><w:rPr><w:i/></w:rPr><w:t>old</w:t><w:tab/><!-- kept --></w:r>"])
def test_a_run_s_text_is_written_as_python_docx_writes_it(text: str, run_xml: str) -> None:
    quick.quicken_python_docx()
    run = parse_xml(run_xml)
    run.text = text
    assert etree.tostring(run) == as_python_docx_writes_it(text, run_xml)


def test_random_texts_are_written_alike() -> None:
    quick.quicken_python_docx()
    rng = random.Random(28)
    for _ in range(300):
        text = "".join(rng.choice("ab \t\n\r\u00e9") for _ in range(rng.randrange(8)))
        run = parse_xml(f"<w:r {nsdecls('w')}/>")
        run.text = text
        assert etree.tostring(run) == as_python_docx_writes_it(text, f"<w:r {nsdecls('w')}/>")


def test_an_element_is_placed_where_python_docx_places_it() -> None:
    """`first_child_found_in` finds the child of the first name, in the names' order, that
    the element has (not the first child in the document's order)."""
    quick.quicken_python_docx()
    properties = OxmlElement("w:rPr")
    assert properties.first_child_found_in("w:b", "w:i") is None  # no children
    for name in ("w:i", "w:color", "w:b", "w:sz"):
        properties.append(OxmlElement(name))
    properties.append(etree.Comment("a comment"))

    def found(*names: str) -> object:
        return next((c for n in names if (c := properties.find(qn(n))) is not None), None)

    for names in (("w:b", "w:i"), ("w:sz", "w:color", "w:b"), ("w:u", "w:strike"),
                  ("w:u", "w:sz"), ()):
        assert properties.first_child_found_in(*names) is found(*names)
