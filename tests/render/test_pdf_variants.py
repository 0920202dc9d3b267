"""PDF/A-3b for archives and PDF/UA-1 for accessibility, as pypdf reads them. Their
structure and their validation are tested in pdf/test_accessibility.py."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.e2e


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_pdf_a_3b_attaches_the_spec_and_the_manifest(project):
    spec = project.spec()
    result = project.run("build", spec, "--pdf-variant", "pdf/a-3b", "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(project.output / "memo.pdf")
    metadata = xmp(reader)
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in metadata
    attachments = reader.attachments
    assert sorted(attachments) == ["memo.json", "memo.yaml"]
    assert attachments["memo.yaml"] == [spec.read_bytes()]
    manifest = json.loads(attachments["memo.json"][0])
    assert manifest["passages"][0]["text"] == ["its costs were not known"]


def test_pdf_ua_1_is_tagged_with_language_and_title(project):
    result = project.run("build", project.spec(language="en-GB"), "--pdf-variant", "pdf/ua-1",
                         "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(project.output / "memo.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == "Test memo"
    assert 'pdfuaid:part="1"' in xmp(reader)


@pytest.mark.slow
def test_every_pdf_is_tagged_pdf_ua_1_by_default_and_pdf_a_3b_too(project):
    for variant in ((), ("--pdf-variant", "pdf/a-3b")):
        assert project.run("build", project.spec(), "-f", "pdf", *variant).exit_code == 0
        reader = PdfReader(project.output / "memo.pdf")
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712
        assert 'pdfuaid:part="1"' in xmp(reader)
        assert "/Filter" not in root["/Metadata"].get_object()  # XMP left uncompressed


def test_unknown_variant_is_a_usage_error(project):
    result = project.run("build", project.spec(), "--pdf-variant", "pdf/x-4")
    assert result.exit_code == 2
    assert "invalid value for '--pdf-variant'" in result.stderr
