"""Email drafts: `brief build --email` and `brief email` write an RFC 5322 message, read
back here with Python's email package as a mail program would."""

from __future__ import annotations

import pytest

from drafts import DISTRIBUTION, read_eml

pytestmark = pytest.mark.e2e

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def judgments() -> list[dict]:
    return [{"text": "Costs are unlikely to be known soon.", "likelihood": "unlikely",
             "confidence": "moderate",
             "passages": [{"source": "gazette", "quote": "its costs were not known"}]}]


@pytest.mark.slow
@pytest.mark.parametrize("command", [("build", "--email"), ("email",)])
def test_draft_to_the_distribution_with_both_files_attached(project, command):
    spec = project.spec(marking="TLP:AMBER", distribution=DISTRIBUTION,
                        key_judgments=judgments())
    result = project.run(command[0], spec, *command[1:])
    assert result.exit_code == 0, result.stderr
    assert "wrote output/memo.eml (" in result.stdout
    assert "(email draft: open it in your mail program to send it)" in result.stdout
    assert sorted(project.files()) == ["memo.docx", "memo.eml", "memo.json", "memo.pdf"]
    raw = (project.output / "memo.eml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF, as RFC 5322
    message = read_eml(project.output / "memo.eml")
    assert message["From"] == "Test desk <desk@example.org>"
    assert message["To"] == "The Minister <minister@example.org>, aide@example.org"
    assert message["Cc"] == "Press office <press@example.org>"
    assert message["Subject"] == "[TLP:AMBER] Test memo"
    assert message["X-Unsent"] == "1"  # Outlook opens it as a draft
    assert message["Date"] and message["Message-ID"].endswith("@example.org>")
    assert message.get_content_type() == "multipart/mixed"
    # Line ends are CRLF on the wire and in the decoded text.
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()
    assert plain.startswith("TLP:AMBER\n\nTest memo\n1 May 2024\n\nBOTTOM LINE UP FRONT\n\n"
                            "The plan is rushed.\n\nKEY JUDGMENTS\n\n"
                            "1. Costs are unlikely (20–45%) to be known soon.\n"
                            "   We have moderate confidence in this judgment.\n"
                            "   (Example 2024, ¶4)\n\n"
                            "RECOMMENDATIONS\n\n1. Watch Moscow.\n   (One & Two 2023, ¶1–2)\n")
    assert plain.endswith("The full memo is attached: memo.pdf and memo.docx.\n\n"
                          "Regards,\nTest desk\n\nTLP:AMBER\n")
    body = html.split("<body", 1)[1]
    assert body.index("TLP:AMBER") < body.index("Test memo") < body.index("rushed")
    assert "color: #FFC000; background-color: #000000" in body
    assert "<strong>plan</strong>" in body and "<strong>unlikely</strong> (20–45%)" in body
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert list(attachments) == ["memo.pdf", "memo.docx"]
    assert attachments["memo.pdf"].get_content_type() == "application/pdf"
    assert attachments["memo.docx"].get_content_type() == DOCX_TYPE
    for name, part in attachments.items():
        assert part.get_content_disposition() == "attachment"
        assert part.get_content() == (project.output / name).read_bytes()


def test_subject_with_a_classification_and_a_word_only_build(project):
    spec = project.spec(distribution=DISTRIBUTION)  # minimal.yaml: OFFICIAL-SENSITIVE
    result = project.run("build", spec, "--email", "-f", "docx")
    assert result.exit_code == 0, result.stderr
    message = read_eml(project.output / "memo.eml")
    assert message["Subject"] == "[OFFICIAL-SENSITIVE] Test memo"
    assert [p.get_filename() for p in message.iter_attachments()] == ["memo.docx"]
    assert message.get_body(("plain",)).get_content().startswith("OFFICIAL-SENSITIVE\r\n\r\n")


def test_email_without_distribution_is_an_error_and_writes_nothing(project):
    result = project.run("email", project.spec())
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:1:1: error: an email needs a `distribution` in the spec: who it is from "
        "and who it goes to\n"
        "    hint: add `distribution:` with `from: Desk <desk@example.org>` and `to:` (see "
        "docs/spec.md, \"Email\")\n"
        "brief email: failed (1 problem); no files were written\n")
    assert not project.output.exists()


@pytest.mark.parametrize(("to", "found"), [
    ("minister.example.org", "the text 'minister.example.org'"),
    ("Minister, Aide <aide@example.org>", "the text 'Minister, Aide <aide@example.org>'"),
])
def test_each_recipient_must_be_one_address(project, to, found):
    spec = project.spec(distribution={**DISTRIBUTION, "to": [to]})
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert (f"error: distribution.to[0]: expected one mail address, `Name "
            f"<name@example.org>` or `name@example.org`, found {found}\n"
            "    hint: write each recipient as its own list item\n") in result.stderr


def test_a_password_in_the_spec_is_refused(project):
    spec = project.spec(distribution={**DISTRIBUTION, "password": "hunter2"})
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert "error: distribution.password: unknown key 'password' in distribution" \
        in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("title", [
    "Lukashenko’s-room-for-manoeuvre-the-Kremlin’s-calculation-and-the-Western-response",
    "Will Belarus join Russia’s war in Ukraine? Lukashenko’s room for manoeuvre, the "
    "Kremlin’s calculation, and the Western response, with more words to fold",
    "Title =?utf-8?q?=0D=0ABcc:_someone@example.org?= as the analyst wrote it",
])
def test_the_subject_is_folded_between_words_and_reads_back_as_written(project, title):
    spec = project.spec(title=title, distribution=DISTRIBUTION)
    assert project.run("email", spec).exit_code == 0
    raw = (project.output / "memo.eml").read_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    after = head[head.index("\r\nSubject:") + 2:].split("\r\n")
    lines = after[:1]  # the Subject line and the lines folded from it
    for line in after[1:]:
        if not line.startswith(" "):
            break
        lines.append(line)
    assert not lines[0].rstrip().endswith(":")  # never folded right after "Subject:"
    assert all(len(line) <= 84 for line in lines)
    message = read_eml(project.output / "memo.eml")
    assert message["Subject"] == f"[OFFICIAL-SENSITIVE] {title}"
    assert "Bcc" not in message  # text that looks like an encoded word stays text


@pytest.mark.slow
def test_a_name_that_looks_like_an_encoded_word_adds_no_header(project):
    """`=?utf-8?b?DQpCY2M6IHhAeS56?=` decodes to a line break and `Bcc: x@y.z`: in a name
    it stays the text it is, and the message has no Bcc."""
    sly = "Desk =?utf-8?b?DQpCY2M6IHhAeS56?="
    distribution = {**DISTRIBUTION, "from": f"{sly} <desk@example.org>",
                    "cc": ["Ünïcödé Office <press@example.org>"]}
    assert project.run("email", project.spec(distribution=distribution)).exit_code == 0
    raw = (project.output / "memo.eml").read_bytes()
    message = read_eml(project.output / "memo.eml")
    assert "Bcc" not in message and b"\r\nBcc:" not in raw and b"Bcc: x@y.z" not in raw
    assert message["From"].addresses[0].display_name == sly
    assert message["From"].addresses[0].addr_spec == "desk@example.org"
    assert message["Cc"].addresses[0].display_name == "Ünïcödé Office"


def test_a_line_break_in_a_recipient_is_refused_at_its_line(project):
    distribution = {**DISTRIBUTION, "to": ["The Minister\r\nBcc: x@y.z <minister@example.org>"]}
    result = project.run("email", project.spec(distribution=distribution))
    assert result.exit_code == 1
    assert "error: distribution.to[0]: expected one mail address" in result.stderr
    assert not project.output.exists()


@pytest.mark.e2e
def test_a_spec_whose_file_name_holds_a_line_break_is_one_message(project):
    """The memo's files and the email's attachments are named after the spec: a name with
    CR/LF would have become a header line of the draft."""
    spec = project.spec(name="evil\r\nBcc: x", distribution=DISTRIBUTION)
    result = project.run("email", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        "evil\\r\\nBcc: x.yaml:1:1: error: the spec's file name 'evil\\r\\nBcc: x' holds a "
        "control character (a line break, say), and the memo's files and email are named "
        "after it\n"
        "    hint: rename the spec file, or give the outputs a name with `output_name`\n"
        "brief email: failed (1 problem); no files were written\n")
    assert not project.output.exists()
    # with `output_name`, the files have a safe name of their own and the draft is made
    named = project.spec(name="evil\r\nBcc: x", distribution=DISTRIBUTION,
                         output_name="memo-{date}")
    assert project.run("email", named).exit_code == 0
    assert sorted(p.suffix for p in project.output.iterdir()) == [
        ".docx", ".eml", ".json", ".pdf"]


@pytest.mark.slow
def test_brief_email_is_brief_build_email_up_to_date_memos_and_all(project):
    """`brief email` is `brief build --email`: a memo whose outputs and draft are up to
    date is not built again, whichever of the two wrote them."""
    spec = project.spec(marking="TLP:AMBER", distribution=DISTRIBUTION,
                        key_judgments=judgments())
    assert project.run("build", spec).exit_code == 0
    first = project.run("email", spec)  # no draft yet: built, draft and all
    assert first.exit_code == 0, first.stderr
    assert "wrote output/memo.eml (" in first.stdout
    written = project.files()
    for command in (("email",), ("build", "--email")):
        again = project.run(*command[:1], spec, *command[1:])
        assert again.exit_code == 0, again.stderr
        assert again.stdout.startswith("memo.yaml: unchanged since ")
        assert "not built again" in again.stdout and "wrote" not in again.stdout
        assert project.files() == written
    forced = project.run("email", spec, "--force")
    assert forced.exit_code == 0 and "wrote output/memo.eml (" in forced.stdout
