"""The Word renderer: `writer` appends the memo's blocks to the template's reference.docx
through python-docx; `package` fills in the rest of the document, `tables` and
`footnotes` what Word's schema wants of those."""

from .writer import render_docx

__all__ = ["render_docx"]
