"""Stage 6: output is written whole or not at all, where and in the formats asked for."""

from __future__ import annotations

from conftest import flat, pdf_pages


def test_build_writes_pdf_and_docx_into_output(project):
    result = project.run("build", project.spec())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "memo.yaml: 3 passages verified in 2 sources"
    assert sorted(project.files()) == ["memo.docx", "memo.json", "memo.pdf"]
    text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "its costs were not known" in text
    assert "First line paragraph about Minsk. Second line paragraph about Moscow." in text
    # The memo cites in footnotes, at the foot of the page.
    assert "1. Example 2024, ¶4. 2. Example 2024, ¶4. 3. One & Two 2023, ¶1–2." in text


def test_failed_build_leaves_earlier_output_untouched(project):
    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    before = project.files()
    mtimes = {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()}
    # One word of one quote changed: the build must fail and write nothing.
    text = spec.read_text(encoding="utf-8").replace("its costs were not known",
                                                    "its costs were not clear")
    spec.write_text(text, encoding="utf-8")
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "quote not found in source 'gazette'" in result.stderr
    assert result.stderr.endswith("brief build: failed (1 problem); no files were written\n")
    assert project.files() == before  # same names, same bytes: no temporary files left
    assert {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()} == mtimes


def test_format_and_output_folder_options(project):
    result = project.run("build", project.spec(), "--format", "pdf", "-o", "out/memos")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (project.root / "out" / "memos").iterdir()) == [
        "memo.json", "memo.pdf"]
    assert not project.output.exists()


def test_unknown_format_is_a_usage_error(project):
    result = project.run("build", project.spec(), "--format", "pdf,odt")
    assert result.exit_code == 2
    assert "Invalid value for '-f' / '--format': unknown format 'odt'; choose from pdf, " \
        "docx (comma-separated)" in result.stderr
    assert not project.output.exists()


def test_output_folder_that_is_a_file(project):
    (project.root / "taken").write_text("a file, not a folder")
    result = project.run("build", project.spec(), "-o", "taken")
    assert result.exit_code == 2
    assert "Error: Invalid value for '-o' / '--output': Directory 'taken' is a file." \
        in result.stderr
    result = project.run("build", project.spec(), "-o", "taken/memos")
    assert result.exit_code == 1
    assert result.stderr == (
        "taken/memos: error: cannot create output folder taken/memos: Not a directory\n"
        "brief build: failed (1 problem); no files were written\n")
    assert (project.root / "taken").read_text() == "a file, not a folder"


def test_output_files_get_the_usual_permissions(project):
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert project.run("build", project.spec(), "-f", "pdf").exit_code == 0
    finally:
        os.umask(old)
    mode = stat.S_IMODE((project.output / "memo.pdf").stat().st_mode)
    assert mode == 0o644  # not the 0600 of a temporary file


def test_output_name_from_metadata_made_safe(project):
    spec = project.spec(title='Minsk’s choice: "now" or never?', date="2024-05-01",
                        output_name="{date}-{title}")
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    assert sorted(project.files()) == [
        "2024-05-01-Minsks-choice-now-or-never.docx", "2024-05-01-Minsks-choice-now-or-never.json",
        "2024-05-01-Minsks-choice-now-or-never.pdf"]


def test_output_name_with_an_unknown_placeholder(project):
    result = project.run("check", project.spec(output_name="{date}-{subject}"))
    assert result.exit_code == 1
    assert "error: output_name: unknown placeholder '{subject}' in output_name; use {name}, " \
        "{title}, {date} or {marking}" in result.stderr


def test_safe_file_names():
    from brief.spec import safe_file_name

    assert safe_file_name("TLP:AMBER / Café ../x", "memo") == "TLP-AMBER-Cafe-x"
    assert safe_file_name("CON", "memo") == "memo"
    assert safe_file_name("???", "memo") == "memo"
    assert len(safe_file_name("a" * 300, "memo")) == 100
