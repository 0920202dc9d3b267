"""Each input is read once: the spec's bytes and every file's SHA-256 are taken when the
spec is checked, and the PDF/A attachment, the manifest and the freshness record give
them, even when a file is saved again while the memo is rendered (as in `brief watch`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief import pipeline
from brief.files import InputFile
from brief.freshness import inputs_record, unchanged_since
from brief.options import BuildOptions
from brief.spec import read_spec

ARCHIVAL = BuildOptions(formats=("pdf",), pdf_variant="pdf/a-3b")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def saved_mid_build(monkeypatch: pytest.MonkeyPatch, save: Callable[[], None]) -> None:
    """Have `save` run once the spec is next checked, before anything is rendered."""
    check = pipeline.check
    saves = [save]

    def check_then_save(*args: object, **kwargs: object) -> pipeline.Checked:
        checked = check(*args, **kwargs)  # type: ignore[arg-type]
        while saves:
            saves.pop()()
        return checked

    monkeypatch.setattr(pipeline, "check", check_then_save)


def manifest(project: object, name: str = "memo") -> dict[str, object]:
    output: Path = project.output  # type: ignore[attr-defined]
    return json.loads((output / f"{name}.json").read_bytes())  # type: ignore[no-any-return]


def test_an_input_file_keeps_the_bytes_read_and_their_sha256(tmp_path):
    read = InputFile(tmp_path / "a.yaml", b"title: A\n")
    assert read.sha256 == sha256(b"title: A\n")
    assert "title" not in repr(read)  # the bytes stay out of messages and logs


def test_the_spec_is_read_once_with_its_bytes_as_on_disk(project):
    spec = project.spec()
    spec.write_bytes(b"\xef\xbb\xbf" + spec.read_bytes())  # a byte-order mark, as Notepad's
    read, _, _ = read_spec(spec)
    assert read.document is not None and read.document.file is not None
    assert read.document.file.content == spec.read_bytes()
    assert read.document.file.sha256 == sha256(spec.read_bytes())


def test_the_pdf_a_attachment_is_the_spec_as_read_not_as_saved_during_the_build(
        project, monkeypatch):
    spec = project.spec()
    as_read = spec.read_bytes()
    saved_mid_build(monkeypatch, lambda: spec.write_bytes(
        as_read.replace(b"Test memo", b"Saved while rendering")))
    result = pipeline.build(spec, ARCHIVAL)
    attachments = PdfReader(project.output / "memo.pdf").attachments
    assert attachments["memo.yaml"] == [as_read]
    assert spec.read_bytes() != as_read
    attached = json.loads(attachments["memo.json"][0])
    assert attached["spec"]["sha256"] == sha256(as_read)
    # No folder of the analyst's machine travels with the PDF: paths are the project's.
    assert (attached["project"], attached["spec"]["path"]) == ("..", "memo.yaml")
    assert str(project.root) not in attachments["memo.json"][0].decode("utf-8")
    assert result.checked.inputs.spec.content == as_read


def test_the_manifest_and_the_record_give_the_inputs_as_read(project, monkeypatch):
    spec = project.spec()
    source = project.root / "sources" / "quirks.txt"
    spec_bytes, source_bytes = spec.read_bytes(), source.read_bytes()

    def save() -> None:
        spec.write_bytes(spec_bytes + b"# saved while rendering\n")
        source.write_bytes(source_bytes + b"\nA paragraph saved while rendering.\n")

    saved_mid_build(monkeypatch, save)
    pipeline.build(spec, ARCHIVAL)
    written = manifest(project)
    assert written["spec"]["sha256"] == sha256(spec_bytes)  # type: ignore[index]
    assert written["sources"]["gazette"]["sha256"] == sha256(source_bytes)  # type: ignore[index]
    files = written["inputs"]["files"]  # type: ignore[index]
    # Given from the project's folder, so that a project moved still verifies.
    assert files["memo.yaml"] == sha256(spec_bytes)
    assert files["sources/quirks.txt"] == sha256(source_bytes)
    # What the memo was built from is not what the files hold now: it is built again.
    assert unchanged_since(spec, ARCHIVAL) is None


def test_a_source_saved_during_the_build_does_not_let_the_next_build_skip(project,
                                                                           monkeypatch):
    spec = project.spec()
    source = project.root / "sources" / "quirks.txt"
    assert project.run("build", spec).exit_code == 0
    assert unchanged_since(spec, BuildOptions(output=project.output)) is not None
    saved_mid_build(monkeypatch, lambda: source.write_bytes(
        source.read_bytes().replace(b"its costs were not known", b"its costs were known")))
    assert project.run("build", spec, "--force").exit_code == 0
    assert unchanged_since(spec, BuildOptions(output=project.output)) is None
    result = project.run("build", spec)  # so the next build builds, and finds the change
    assert result.exit_code == 1
    assert "its costs were not known" in result.stderr


def test_a_template_file_saved_during_the_build_is_recorded_as_it_was_checked(
        project, monkeypatch):
    folder = project.template("house")
    notes = folder / "notes.txt"
    notes.write_text("first\n", encoding="utf-8")
    spec = project.spec(template="house")
    saved_mid_build(monkeypatch, lambda: notes.write_text("second\n", encoding="utf-8"))
    pipeline.build(spec, ARCHIVAL)
    files = manifest(project)["inputs"]["files"]  # type: ignore[index]
    assert files["templates/house/notes.txt"] == sha256(b"first\n")
    assert unchanged_since(spec, ARCHIVAL) is None


def test_a_release_is_recorded_from_the_same_reading_as_the_memo(project):
    spec = project.spec(marking="TLP:AMBER", portion_marking="TLP:GREEN",
                        releases=[{"marking": "TLP:GREEN"}])
    checked = pipeline.check(spec)
    memo, release = checked.versions
    assert release.release is not None
    assert release.inputs.spec is memo.inputs.spec  # the spec's bytes, read once
    assert memo.inputs.folders == release.inputs.folders
    record = inputs_record(memo.inputs, BuildOptions())
    assert record["files"]["memo.yaml"] == sha256(spec.read_bytes())
    assert record["options"] == BuildOptions().record()
