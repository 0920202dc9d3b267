"""Two of python-docx's steps made quicker, writing the same XML.

A Word render spent a quarter of its time in two of python-docx's own steps
(docs/performance.md, "The last two targets"):

- `run.text = ...` (and `paragraph.add_run(text)`) fed the text to a state machine one
  character at a time, to turn tabs and line ends into `w:tab` and `w:br`, after an XPath
  query for the run's old content. Text with no tab or line end is now one `w:t` at once,
  as the state machine would have made it, and a run holding nothing but its properties
  is not searched.
- Adding an element in its schema's place (`insert_element_before`: a `w:b` into a run's
  properties, say) looked for each of the dozens of elements that may follow it with a
  search of its own. Now the children present are listed once and only those looked for.

`quicken_python_docx()` makes the change, once a process; python-docx's behaviour is
otherwise as it was (the same element found, the same text written:
tests/render/test_docx_quick.py).
"""

from __future__ import annotations

from typing import Any

_installed: list[bool] = []  # made true once installed in this process


def quicken_python_docx() -> None:
    """Make python-docx's run text and element placement quicker (once a process)."""
    from docx.oxml.ns import qn
    from docx.oxml.text.run import CT_R, _RunContentAppender
    from docx.oxml.xmlchemy import BaseOxmlElement

    if _installed:
        return
    properties = qn("w:rPr")
    text_property: Any = CT_R.__dict__["text"]

    def set_text(run: Any, text: str) -> None:
        if any(child.tag != properties for child in run):  # else nothing to clear
            run.clear_content()
        if "\t" in text or "\n" in text or "\r" in text:
            _RunContentAppender.append_to_run_from_text(run, text)
        elif text:
            run.add_t(text)  # what the appender's one flush would add

    setattr(CT_R, "text", property(text_property.fget, set_text))  # noqa: B010 (for mypy)
    names: dict[str, str] = {}

    def first_child_found_in(element: Any, *tagnames: str) -> Any:
        """The first child with the first of `tagnames` that any child has (as before:
        by the names' order, not the children's)."""
        if not len(element):
            return None
        present = {child.tag for child in element}
        for tagname in tagnames:
            tag = names.get(tagname)
            if tag is None:
                tag = names[tagname] = qn(tagname)
            if tag in present:
                return element.find(tag)
        return None

    setattr(BaseOxmlElement, "first_child_found_in", first_child_found_in)  # noqa: B010
    _installed.append(True)
