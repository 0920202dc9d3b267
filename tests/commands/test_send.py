"""`brief send`: the memo delivered over SMTP to a real server (aiosmtpd) on loopback,
started by the tests, with STARTTLS and a login where the test asks for them."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from conftest import flat, pdf_pages
from red_memo import RED, red_memo

pytestmark = pytest.mark.e2e

DISTRIBUTION = {"from": "Test desk <desk@example.org>",
                "to": ["The Minister <minister@example.org>", "aide@example.org"],
                "cc": "Press office <press@example.org>"}
RECIPIENTS = ["minister@example.org", "aide@example.org", "press@example.org"]


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.original_content, policy=email.policy.default)
                for e in self.envelopes]


def failure(result) -> str:
    """What a failed send says once the build before it is reported (its warnings, then
    the files it wrote): its error, from the first line that starts "error:"."""
    lines = result.stderr.splitlines(keepends=True)
    return "".join(lines[next(i for i, line in enumerate(lines) if line.startswith("error:")):])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, inbox: Inbox, port: int, ca_file: Path | None = None) -> None:
        self.inbox, self.port, self.ca_file = inbox, port, ca_file

    def args(self, *more: str) -> list[str]:
        args = ["--host", "127.0.0.1", "--port", str(self.port)]
        if self.ca_file:
            args += ["--cafile", str(self.ca_file)]
        return args + list(more)


@pytest.fixture
def plain_server() -> Iterator[Server]:
    """An SMTP server with no TLS and no login, as on a trusted internal network."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield Server(inbox, controller.port)
    controller.stop()


@pytest.fixture
def secure_server(tmp_path: Path) -> Iterator[Server]:
    """An SMTP server that requires STARTTLS, then a login (analyst / s3cret), with a
    certificate from a throwaway authority."""
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
        return AuthResult(success=auth_data.login == b"analyst"
                          and auth_data.password == b"s3cret", handled=False)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(),
                            tls_context=context, require_starttls=True, auth_required=True,
                            auth_require_tls=True, authenticator=authenticate)
    controller.start()
    yield Server(inbox, controller.port, ca_file)
    controller.stop()


@pytest.fixture
def login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_SMTP_USER", "analyst")
    monkeypatch.setenv("BRIEF_SMTP_PASSWORD", "s3cret")


@pytest.fixture(autouse=True)
def no_smtp_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "PORT", "SECURITY", "CAFILE", "USER", "PASSWORD"):
        monkeypatch.delenv(f"BRIEF_SMTP_{name}", raising=False)


@pytest.mark.slow
def test_send_over_starttls_with_the_login_from_the_environment(project, secure_server,
                                                               login):
    spec = project.spec(marking="TLP:AMBER", distribution=DISTRIBUTION)
    result = project.run("send", spec, *secure_server.args())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        f"sent \"[TLP:AMBER] Test memo\" to 3 recipients ({', '.join(RECIPIENTS)}) via "
        f"127.0.0.1:{secure_server.port} (STARTTLS)\n")
    [envelope] = secure_server.inbox.envelopes
    assert envelope.mail_from == "desk@example.org"
    assert envelope.rcpt_tos == RECIPIENTS
    [message] = secure_server.inbox.messages()
    assert message["Subject"] == "[TLP:AMBER] Test memo"
    assert message["X-Unsent"] is None  # a sent message, not a draft
    assert [p.get_filename() for p in message.iter_attachments()] == ["memo.pdf", "memo.docx"]
    for part in message.iter_attachments():
        assert part.get_content() == (project.output / part.get_filename()).read_bytes()
    # The draft written beside the memo is still marked as a draft.
    draft = email.message_from_bytes((project.output / "memo.eml").read_bytes(),
                                     policy=email.policy.default)
    assert draft["X-Unsent"] == "1"
    # The draft's ID is drawn from its content (the same memo, the same .eml); a message
    # sent is given one of its own, so that two sendings are two messages.
    assert message["Message-ID"] != draft["Message-ID"]
    assert message["Message-ID"].endswith("@example.org>")


@pytest.mark.slow
def test_wrong_password_is_refused_by_the_server(project, secure_server, monkeypatch):
    monkeypatch.setenv("BRIEF_SMTP_USER", "analyst")
    monkeypatch.setenv("BRIEF_SMTP_PASSWORD", "wrong")
    result = project.run("send", project.spec(distribution=DISTRIBUTION),
                         *secure_server.args())
    assert result.exit_code == 1
    assert failure(result) == (
        f"error: the mail server 127.0.0.1:{secure_server.port} refused the login: 535 5.7.8 "
        "Authentication credentials invalid\n"
        "    hint: check BRIEF_SMTP_USER and BRIEF_SMTP_PASSWORD\n"
        "brief send: failed (1 problem); the memo and its email draft were written to the "
        "output folder\n")
    assert secure_server.inbox.envelopes == []
    assert (project.output / "memo.eml").exists()


@pytest.mark.slow
def test_an_untrusted_certificate_is_refused(project, secure_server, login):
    secure_server.ca_file = None  # the system's authorities do not know the test's
    result = project.run("send", project.spec(distribution=DISTRIBUTION),
                         *secure_server.args())
    assert result.exit_code == 1
    assert failure(result).startswith(
        f"error: no secure connection to 127.0.0.1:{secure_server.port}: "
        "CERTIFICATE_VERIFY_FAILED\n"
        "    hint: if the server uses a private certificate authority, give its certificate "
        "with --cafile (or BRIEF_SMTP_CAFILE)\n")
    assert secure_server.inbox.envelopes == []


@pytest.mark.slow
def test_a_server_without_starttls_is_refused_unless_asked(project, plain_server):
    spec = project.spec(distribution=DISTRIBUTION)
    result = project.run("send", spec, *plain_server.args())
    assert result.exit_code == 1
    assert failure(result).startswith(
        f"error: the mail server 127.0.0.1:{plain_server.port} does not offer STARTTLS, so the "
        "memo would travel unencrypted\n")
    assert plain_server.inbox.envelopes == []
    result = project.run("send", spec, *plain_server.args("--security", "none"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"via 127.0.0.1:{plain_server.port} (unencrypted)\n")
    assert plain_server.inbox.envelopes[0].rcpt_tos == RECIPIENTS


def test_no_password_over_an_unencrypted_connection(project, plain_server, login):
    result = project.run("send", project.spec(distribution=DISTRIBUTION),
                         *plain_server.args("--security", "none"))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: brief does not send a password over an unencrypted connection\n"
        "    hint: use --security starttls or tls, or unset BRIEF_SMTP_USER and "
        "BRIEF_SMTP_PASSWORD for a server that needs no login\n"
        "brief send: failed (1 problem); no files were written\n")
    assert not project.output.exists()


@pytest.mark.slow
def test_tlp_red_goes_to_nobody_outside_the_distribution(project, plain_server):
    spec = project.spec(marking="TLP:RED", distribution=DISTRIBUTION)
    result = project.run("send", spec, *plain_server.args(
        "--security", "none", "--to", "Friend <friend@elsewhere.example>",
        "--cc", "AIDE@example.org"))
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:3:10: error: marking: this memo is TLP:RED: it goes only to the recipients "
        "its distribution names, and friend@elsewhere.example is not among them\n"
        "    hint: add the recipient to `distribution` in the spec if they may see it, or send "
        "without them\n"
        "brief send: failed (1 problem); no files were written\n")
    assert plain_server.inbox.envelopes == []
    assert not project.output.exists()
    # Recipients the distribution names may be given again; they are not outsiders.
    result = project.run("send", spec, *plain_server.args("--security", "none",
                                                          "--cc", "AIDE@example.org"))
    assert result.exit_code == 0, result.stderr


@pytest.mark.slow
def test_extra_recipients_of_an_amber_memo(project, plain_server):
    spec = project.spec(marking="TLP:AMBER", distribution=DISTRIBUTION)
    result = project.run("send", spec, *plain_server.args(
        "--security", "none", "--to", "Friend <friend@elsewhere.example>"))
    assert result.exit_code == 0, result.stderr
    assert plain_server.inbox.envelopes[0].rcpt_tos == [
        "minister@example.org", "aide@example.org", "friend@elsewhere.example",
        "press@example.org"]
    assert plain_server.inbox.messages()[0]["To"] == \
        "The Minister <minister@example.org>, aide@example.org, Friend " \
        "<friend@elsewhere.example>"


@pytest.mark.slow
def test_no_server_listening(project):
    port = free_port()
    result = project.run("send", project.spec(distribution=DISTRIBUTION),
                         "--host", "127.0.0.1", "--port", str(port))
    assert result.exit_code == 1
    # brief's own message, as every other: what failed, where, and what to do.
    assert failure(result) == (
        f"error: cannot reach the mail server 127.0.0.1:{port}: nothing listens on port "
        f"{port} there; the memo was not sent\n" + UNREACHABLE_HINT +
        "brief send: failed (1 problem); the memo and its email draft were written to the "
        "output folder\n")
    assert sorted(project.files()) == ["memo.docx", "memo.eml", "memo.json", "memo.pdf"]


UNREACHABLE_HINT = (
    "    hint: name your organisation's mail server with --host and --port (or "
    "BRIEF_SMTP_HOST and BRIEF_SMTP_PORT), or start the one you named; meanwhile the email "
    "draft in the output folder opens in a mail program, to send from there\n")


@pytest.mark.slow
def test_no_server_named_and_none_on_this_machine(project, no_smtp_settings, monkeypatch):
    port = free_port()
    monkeypatch.setenv("BRIEF_SMTP_PORT", str(port))  # nothing listens there
    result = project.run("send", project.spec(distribution=DISTRIBUTION))
    assert result.exit_code == 1
    assert failure(result).startswith(
        f"error: cannot reach the mail server localhost:{port} (no server was named, and "
        f"brief tried this machine's): nothing listens on port {port} there; the memo was "
        "not sent\n" + UNREACHABLE_HINT)
    assert "Error:" not in result.stderr and "Traceback" not in result.stderr


def test_a_server_name_that_is_no_computer():
    """(Said from the resolver's answer: the test asks no name server.)"""
    from email.message import EmailMessage

    from brief.delivery import SmtpSettings, _Delivery

    message = EmailMessage()
    message["From"] = "desk@example.org"
    session = _Delivery(SmtpSettings("mail.invalid", 25), message)
    error = session._failure(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    assert error.format() == (
        "error: cannot reach the mail server mail.invalid:25: no computer is known by the "
        "name mail.invalid; the memo was not sent\n" + UNREACHABLE_HINT.rstrip("\n"))


@pytest.mark.slow
def test_settings_from_the_environment(project, plain_server, monkeypatch):
    monkeypatch.setenv("BRIEF_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BRIEF_SMTP_PORT", str(plain_server.port))
    monkeypatch.setenv("BRIEF_SMTP_SECURITY", "none")
    result = project.run("send", project.spec(distribution=DISTRIBUTION))
    assert result.exit_code == 0, result.stderr
    assert len(plain_server.inbox.envelopes) == 1


class RudeServer:
    """An SMTP server on loopback that misbehaves as asked: `drop` closes the connection
    once it has the message, `refuse` answers it with 554, `stall` never answers the
    greeting, `trickle` answers the message one byte every half second."""

    def __init__(self, behaviour: str) -> None:
        import threading

        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        import time

        connection, _ = self.listener.accept()
        stream = connection.makefile("rb")
        if self.behaviour == "stall":
            time.sleep(30)
            return
        connection.sendall(b"220 rude.example ESMTP\r\n")
        for line in stream:
            command = line.split(b" ")[0].strip().upper()
            if command in (b"EHLO", b"HELO"):
                connection.sendall(b"250-rude.example\r\n250 OK\r\n")
            elif command in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                connection.sendall(b"250 OK\r\n")
            elif command == b"DATA":
                connection.sendall(b"354 Go ahead\r\n")
                for body in stream:
                    self.received += body
                    if body == b".\r\n":
                        break
                if self.behaviour == "drop":
                    connection.close()
                    return
                if self.behaviour == "refuse":
                    connection.sendall(b"554 5.7.1 Message refused\r\n")
                if self.behaviour == "trickle":
                    try:
                        for byte in b"250 OK, queued\r\n":
                            connection.sendall(bytes([byte]))
                            time.sleep(0.5)
                    except BrokenPipeError:  # brief gave up on it, as it should
                        return
            elif command == b"QUIT":
                connection.sendall(b"221 Bye\r\n")
                connection.close()
                return

    def close(self) -> None:
        self.listener.close()


@pytest.mark.slow
@pytest.mark.parametrize(("behaviour", "message"), [
    ("drop", "the connection to the mail server 127.0.0.1:{port} broke while it took the memo "
     "(Connection unexpectedly closed): the message had gone to it, and it may hold it and "
     "deliver it; check with a recipient before sending again"),
    ("refuse", "the mail server 127.0.0.1:{port} refused the memo: 554 5.7.1 Message refused; "
     "the memo was not sent"),
    ("stall", "the mail server 127.0.0.1:{port} did not answer within 2 s; the memo was not "
     "sent"),
    ("trickle", "the mail server 127.0.0.1:{port} did not finish within 4 s: the message had "
     "gone to it, and it may hold it and deliver it; check with a recipient before sending "
     "again"),
])
def test_a_server_that_fails_gets_one_line_and_the_files_are_kept(project, monkeypatch,
                                                                  behaviour, message):
    import time

    monkeypatch.setenv("BRIEF_SMTP_DEADLINE", "4")
    server = RudeServer(behaviour)
    try:
        start = time.perf_counter()
        result = project.run("send", project.spec(distribution=DISTRIBUTION), "--host",
                             "127.0.0.1", "--port", str(server.port), "--security", "none")
        took = time.perf_counter() - start
    finally:
        server.close()
    assert result.exit_code == 1
    assert failure(result).splitlines()[0] == f"error: {message.format(port=server.port)}"
    assert result.stderr.endswith("brief send: failed (1 problem); the memo and its email "
                                  "draft were written to the output folder\n")
    assert sorted(project.files()) == ["memo.docx", "memo.eml", "memo.json", "memo.pdf"]
    assert took < 12  # the deadline holds (with the build's own time besides)


@pytest.mark.slow
def test_send_only_the_partners_copy(project, plain_server):
    """`--release TLP:CLEAR` sends the partners' draft alone: to the partners, with the
    partners' memo header, and its own files attached; nothing of the TLP:RED memo."""
    result = project.run("send", red_memo(project), "--release", "TLP:CLEAR",
                         *plain_server.args("--security", "none"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "sent \"[TLP:CLEAR] Test memo\" to 1 recipient (desk@partner.example) via "
        f"127.0.0.1:{plain_server.port} (unencrypted)\n")
    [envelope] = plain_server.inbox.envelopes
    assert envelope.mail_from == "ee-desk@example.org"
    assert envelope.rcpt_tos == ["desk@partner.example"]
    [message] = plain_server.inbox.messages()
    assert message["Subject"] == "[TLP:CLEAR] Test memo"
    attached = {p.get_filename(): p.get_content() for p in message.iter_attachments()}
    assert list(attached) == ["memo-TLP-CLEAR.pdf", "memo-TLP-CLEAR.docx"]
    pdf = project.root / "sent.pdf"
    pdf.write_bytes(attached["memo-TLP-CLEAR.pdf"])
    text = flat(" ".join(pdf_pages(pdf)))
    assert "To: Partner desk From: Eastern Europe desk" in text
    assert RED not in text and "Political Director" not in text and "TLP:AMBER" not in text
    plain = message.get_body(("plain",)).get_content()
    assert RED not in plain and "They want delay" not in plain
    assert sorted(project.files()) == ["memo-TLP-CLEAR.docx", "memo-TLP-CLEAR.eml",
                                       "memo-TLP-CLEAR.json", "memo-TLP-CLEAR.pdf"]


@pytest.mark.slow
def test_send_the_memo_alone(project, plain_server):
    result = project.run("send", red_memo(project), "--main-only",
                         *plain_server.args("--security", "none"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "sent \"[TLP:RED] Test memo\" to 1 recipient (pd@example.org) via "
        f"127.0.0.1:{plain_server.port} (unencrypted)\n")
    [message] = plain_server.inbox.messages()
    assert [p.get_filename() for p in message.iter_attachments()] == ["memo.pdf", "memo.docx"]
    assert sorted(project.files()) == ["memo.docx", "memo.eml", "memo.json", "memo.pdf"]


def test_main_only_and_a_release_are_one_clear_message(project, plain_server):
    result = project.run("send", red_memo(project), "--main-only", "--release", "TLP:CLEAR",
                         *plain_server.args("--security", "none"))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --main-only and --release ask for different versions: give one or the other\n"
        "brief send: failed (1 problem); no files were written\n")
    assert plain_server.inbox.envelopes == []
    assert not project.output.exists()


@pytest.mark.slow
def test_a_send_that_fails_shows_what_the_build_wrote_and_names_it(project):
    """The build before a send is reported as `brief build` reports it (its warnings, the
    files it wrote) before the send fails; the closing line names the version written."""
    port = free_port()
    spec = red_memo(project)
    result = project.run("send", spec, "--release", "TLP:CLEAR", "--host", "127.0.0.1",
                         "--port", str(port))
    assert result.exit_code == 1
    assert "wrote output/memo-TLP-CLEAR.pdf (" in result.stdout
    assert "wrote output/memo-TLP-CLEAR.eml (" in result.stdout
    assert "warning: sources.gazette: source 'gazette' has no reliability grade" \
        in result.stderr
    assert result.stderr.endswith(
        f"error: cannot reach the mail server 127.0.0.1:{port}: nothing listens on port "
        f"{port} there; the memo was not sent\n" + UNREACHABLE_HINT +
        "brief send: failed (1 problem); the TLP:CLEAR release and its email draft were "
        "written to the output folder\n")
    assert "Error:" not in result.stderr
    result = project.run("send", spec, "--host", "127.0.0.1", "--port", str(port))
    assert result.stderr.endswith(
        "brief send: failed (1 problem); the memo, its TLP:AMBER and TLP:CLEAR releases, "
        "and their email drafts were written to the output folder\n")


@pytest.mark.parametrize(("args", "message"), [
    (("--port", "99999"), "error: invalid value for '--port': 99999 is not in the range "
                          "1<=x<=65535.\n"),
    (("--cafile", "missing.pem"), "error: invalid value for '--cafile': File 'missing.pem' "
                                  "does not exist.\n"),
    (("--security", "ssl"), "error: invalid value for '--security': 'ssl' is not one of "
                            "'starttls', 'tls', 'none'.\n"),
])
def test_a_bad_option_is_said_in_brief_s_own_form(project, args, message):
    """Every message of `brief send` begins `error:`, click's own about its options too."""
    result = project.run("send", project.spec(distribution=DISTRIBUTION), *args)
    assert result.exit_code == 2
    assert result.stderr == message + (
        "    hint: usage: brief send [OPTIONS] SPEC; `brief send -h` lists its options\n")
    assert not project.output.exists()
