"""Stage 6 (optional): the memo as an email draft, and its delivery over SMTP.

`compose` makes a standard RFC 5322 message: To, Cc and From from the spec's
`distribution`, a subject that starts with the marking, a plain-text and an HTML body
that open with the marking and the decision the principal is asked for, then give the
bottom line, the key judgments and the recommendations and close with the sender's
name, and the PDF and Word files attached. `X-Unsent: 1` makes Outlook open the .eml
as a draft to send; Thunderbird opens it as a message ("Edit as New Message").
`deliver` sends it.
"""

from __future__ import annotations

import contextlib
import copy
import email.policy
import os
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formatdate, getaddresses, make_msgid
from html import escape
from pathlib import Path
from typing import Any

from .errors import BriefError, DeliveryError, Where
from .model import Block, Briefing, ListBlock, RichText, TextBlock
from .render.html import rich_html
from .render.layout import LayoutBlock, email_layout
from .spec import BriefingSpec, DistributionSpec
from .standards.markings import TLP_BACKGROUND
from .templates import Template

MIME_TYPES = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


def subject(briefing: Briefing) -> str:
    """`[TLP:AMBER] Will Belarus join…`: the marking first, as TLP asks of emails."""
    return f"[{briefing.marking}] {briefing.title}" if briefing.marking else briefing.title


def recipients_problem(spec: BriefingSpec, extra: Sequence[str]) -> BriefError | None:
    """Why the memo may not go to the `extra` recipients, if it may not: a TLP:RED memo
    goes only to those the spec's distribution names."""
    if spec.marking != "TLP:RED" or not extra:
        return None
    named = set(spec.distribution.addresses()) if spec.distribution else set()
    outside = [address for _, address in getaddresses(list(extra))
               if address.lower() not in named]
    if not outside:
        return None
    return BriefError(
        f"this memo is TLP:RED: it goes only to the recipients its distribution names, and "
        f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not among them",
        spec.where(("marking",)),
        hint="add the recipient to `distribution` in the spec if they may see it, or send "
        "without them")


def require_distribution(spec: BriefingSpec) -> DistributionSpec:
    """The spec's distribution; an email cannot be made without one."""
    if spec.distribution is None:
        raise BriefError(
            "an email needs a `distribution` in the spec: who it is from and who it goes to",
            spec.where(()),
            hint="add `distribution:` with `from: Desk <desk@example.org>` and `to:` (see "
            "docs/spec.md, \"Email\")")
    return spec.distribution


class _MailPolicy(email.policy.EmailPolicy):
    """SMTP's policy, but brief folds the headers it makes from spec text itself: the
    standard library folds right after `Subject:` when the first word is long (a parser
    then reads a leading space), and, folding an address whose name looks like an
    encoded word, writes that word decoded, line breaks and all, so that a name could add
    a header (`Bcc:`)."""

    def fold(self, name: str, value: Any) -> str:
        return self._own(name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        own = self._own(name, value)
        return own.encode("ascii") if own else super().fold_binary(name, value)

    def _own(self, name: str, value: Any) -> str | None:
        if name.lower() in _TEXT_HEADERS:
            return fold_text_header(name, str(value), self.linesep)
        if name.lower() in _ADDRESS_HEADERS and hasattr(value, "addresses"):
            atoms = []
            for index, address in enumerate(value.addresses):
                words = [*phrase_atoms(address.display_name), f"<{address.addr_spec}>"] \
                    if address.display_name else [address.addr_spec]
                if index < len(value.addresses) - 1:
                    words[-1] += ","
                atoms.extend(words)
            return _fold(name, atoms, self.linesep)
        return None


_TEXT_HEADERS = ("subject", "keywords")
_ADDRESS_HEADERS = ("from", "to", "cc")
# Characters a name may hold unquoted in an address header (RFC 5322 atext).
_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_POLICY = _MailPolicy(linesep="\r\n")


def header_text(text: str) -> str:
    """`text` as a header value made of plain ASCII words and RFC 2047 encoded words:
    what is not plain ASCII, or looks like an encoded word, is encoded, so that a mail
    program (and Python's own header parser) reads back exactly `text`, and never a
    header hidden in it."""
    return " ".join(_atoms(text))


def fold_text_header(name: str, text: str, linesep: str = "\r\n") -> str:
    """`Name: text` as header lines of at most 78 characters where a space allows, folded
    only between words (never before the first), encoded as `header_text` encodes it."""
    return _fold(name, _atoms(text), linesep)


def _fold(name: str, atoms: list[str], linesep: str) -> str:
    lines = [f"{name}:"]
    for index, atom in enumerate(atoms):
        if index and len(lines[-1]) + 1 + len(atom) > 78:
            lines.append("")
        lines[-1] += " " + atom
    return linesep.join(lines) + linesep


def phrase_atoms(name: str) -> list[str]:
    """The display name of an address as header words: as it is where it is plain ASCII
    words, a quoted string where it holds other ASCII (a comma), else encoded words."""
    words = name.split()
    if words and all(_ATEXT.fullmatch(w) and "=?" not in w for w in words):
        return words
    if name.isascii() and name.isprintable() and "=?" not in name:
        quoted = " ".join(words).replace("\\", "\\\\").replace('"', '\\"')
        if len(quoted) <= 74:
            return [f'"{quoted}"']
    return _encoded_words(" ".join(words))


def address_header(entries: Sequence[str]) -> str:
    """Addresses of the spec (`Name <address>` or `address`) as a header value whose names
    read back as written: see `phrase_atoms`."""
    return ", ".join(" ".join([*phrase_atoms(name), f"<{address}>"]) if name else address
                     for name, address in getaddresses(list(entries)))


def _atoms(text: str) -> list[str]:
    """The words of a header value: plain ASCII words as they are, and each run of other
    words as encoded words (the spaces inside a run are encoded with it)."""
    atoms: list[str] = []
    encoded: list[str] = []

    def flush() -> None:
        if encoded:
            atoms.extend(_encoded_words(" ".join(encoded)))
            encoded.clear()

    for word in text.split():
        if word.isascii() and word.isprintable() and "=?" not in word and len(word) <= 76:
            flush()
            atoms.append(word)
        else:
            encoded.append(word)
    flush()
    return atoms


def _encoded_words(text: str) -> list[str]:
    """RFC 2047 encoded words of `text`, each at most 75 characters, split between
    characters (never inside one)."""
    import base64

    chunks: list[bytes] = []
    chunk = b""
    for char in text:
        data = char.encode("utf-8", "surrogatepass")
        if len(chunk) + len(data) > 45:  # 45 bytes are 60 base64 characters
            chunks.append(chunk)
            chunk = b""
        chunk += data
    chunks.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(c).decode()}?=" for c in chunks if c]


def compose(briefing: Briefing, spec: BriefingSpec, template: Template,
            attachments: Iterable[tuple[str, bytes]], *, extra_to: Sequence[str] = (),
            extra_cc: Sequence[str] = ()) -> EmailMessage:
    """The memo as an email draft, with `attachments` (file name, content) attached."""
    distribution = require_distribution(spec)
    message = EmailMessage(policy=_POLICY)
    message["From"] = address_header([distribution.from_])
    message["To"] = address_header([*distribution.to, *extra_to])
    if distribution.cc or extra_cc:
        message["Cc"] = address_header([*distribution.cc, *extra_cc])
    message["Subject"] = header_text(subject(briefing))
    message["Date"] = format_datetime(briefing.stamp)
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft, ready to send
    if briefing.marking:
        message["Keywords"] = header_text(briefing.marking)
    files = list(attachments)
    names = [name for name, _ in files]
    # Quoted-printable: the bodies pass through any mail server, 8-bit clean or not.
    sender = sender_name(distribution.from_)
    message.set_content(plain_body(briefing, template, names, sender), cte="quoted-printable")
    message.add_alternative(html_body(briefing, template, names, sender), subtype="html",
                            cte="quoted-printable")
    for name, content in files:
        maintype, subtype = MIME_TYPES[Path(name).suffix.lower()]
        # name= as well as filename=: some mail clients read only the Content-Type's name.
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name,
                               params={"name": name})
    _identify(message, _domain(distribution.from_))
    return message


def _identify(message: EmailMessage, domain: str) -> None:
    """Give the draft a Message-ID and MIME boundaries drawn from its content, not at
    random, so that the same memo gives the same .eml. (`deliver` gives a sent message an
    ID of its own.)"""
    import hashlib

    digest = hashlib.sha256()
    for part in message.walk():
        digest.update(str(part.get_params() or "").encode())
        if not part.is_multipart():
            payload = part.get_payload(decode=True)
            digest.update(payload if isinstance(payload, bytes) else b"")
    for name, value in message.items():
        digest.update(f"{name}: {value}".encode())
    key = digest.hexdigest()
    for index, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_brief_{key[:24]}_{index}")  # "=_" never occurs in QP or base64
    message["Message-ID"] = f"<{key[:32]}@{domain or 'brief.invalid'}>"


def _domain(address: str) -> str:
    """The domain of a `From` address, for the message's ID ('' if it has none)."""
    return getaddresses([address])[0][1].rpartition("@")[2]


def sender_name(address: str) -> str:
    """The name a sign-off gives: the display name of `Name <address>`, else the address."""
    name, bare = getaddresses([address])[0]
    return name or bare


def plain_body(briefing: Briefing, template: Template, names: Sequence[str],
               sender: str = "") -> str:
    """The text/plain body: marking, title and date, the decision requested, bottom line,
    key judgments, recommendations (the blocks of `email_layout`), attachments, sign-off."""
    out: list[str] = []
    if briefing.marking:
        out += [briefing.marking, ""]
    for block in email_layout(briefing, template):
        _PLAIN[block.kind](out, briefing, template, block)
    if names:
        out += [""] if out[-1] else []
        out.append(_wrap(_attached(names)))
    if sender:
        out += ["", template.labels["sign_off"], sender]
    if briefing.marking:
        out += ["", briefing.marking]
    return "\n".join(out) + "\n"


def _plain_title(out: list[str], briefing: Briefing, template: Template,
                 block: LayoutBlock) -> None:
    out += [briefing.title]
    if briefing.subtitle:
        out += [_wrap(briefing.subtitle)]
    if briefing.date:
        out += [briefing.date]


def _plain_decision(out: list[str], briefing: Briefing, template: Template,
                    block: LayoutBlock) -> None:
    assert briefing.decision is not None
    out += ["", template.labels["decision"].upper(), "", _plain(briefing.decision.body)]
    if briefing.decision.deadline:
        out += [_deadline(briefing, template)]


def _plain_bluf(out: list[str], briefing: Briefing, template: Template,
                block: LayoutBlock) -> None:
    out += ["", template.labels["bluf"].upper(), "", _plain(briefing.bluf)]


def _plain_section(out: list[str], briefing: Briefing, template: Template,
                   block: LayoutBlock) -> None:
    section = block.section
    assert section is not None
    out += ([""] if out[-1] else []) + [section.title.upper(), ""]
    for group in section.groups:
        for point in group.points:
            indent = " " * len(f"{point.number}. ")
            out.append(_hanging(f"{point.number}. ", point.body))
            if point.estimate:
                out.append(_wrap(point.estimate.statement, indent))
            cited = "; ".join(q.citation.label for q in point.quotations)
            if cited:
                out.append(_wrap(f"({cited})", indent))
            out.append("")


# How the plain body draws each kind of block `email_layout` gives.
_PLAIN: dict[str, Callable[[list[str], Briefing, Template, LayoutBlock], None]] = {
    "title": _plain_title, "decision": _plain_decision, "bluf": _plain_bluf,
    "section": _plain_section}


def _deadline(briefing: Briefing, template: Template) -> str:
    assert briefing.decision is not None and briefing.decision.deadline
    return template.labels["deadline"].replace("{deadline}", briefing.decision.deadline) + "."


def _attached(names: Sequence[str]) -> str:
    return "The full memo is attached: " + " and ".join(names) + "."


def html_body(briefing: Briefing, template: Template, names: Sequence[str],
              sender: str = "") -> str:
    """The text/html body: the same as the plain one, with the marking in its colours."""
    parts = [f'<!DOCTYPE html><html lang="{escape(briefing.language)}"><head>'
             '<meta charset="utf-8">'
             f"<title>{escape(subject(briefing))}</title></head>"
             '<body style="font-family: sans-serif; font-size: 14px; line-height: 1.4">']
    marking = _marking_html(briefing, template)
    parts.append(marking)
    for block in email_layout(briefing, template):
        _HTML[block.kind](parts, briefing, template, block)
    if names:
        parts.append(f"<p>{escape(_attached(names))}</p>")
    if sender:
        parts.append(f"<p>{escape(template.labels['sign_off'])}<br>{escape(sender)}</p>")
    parts.append(marking)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _heading(template: Template) -> str:
    """The opening tag of a heading of the HTML body."""
    return f'<h2 style="font-size: 16px; color: {template.style["accent_colour"]}">'


def _html_title(parts: list[str], briefing: Briefing, template: Template,
                block: LayoutBlock) -> None:
    accent = template.style["accent_colour"]
    parts.append(f'<h1 style="font-size: 20px; color: {accent}">{escape(briefing.title)}</h1>')
    if briefing.subtitle:
        parts.append(f"<p><em>{escape(briefing.subtitle)}</em></p>")
    if briefing.date:
        parts.append(f"<p>{escape(briefing.date)}</p>")


def _html_decision(parts: list[str], briefing: Briefing, template: Template,
                   block: LayoutBlock) -> None:
    assert briefing.decision is not None
    parts.append(f'<div style="border: 1px solid {template.style["accent_colour"]}; '
                 'padding: 0 12px">')
    parts.append(f"{_heading(template)}{escape(template.labels['decision'])}</h2>")
    parts.append(str(rich_html(briefing.decision.body)))
    if briefing.decision.deadline:
        parts.append(f"<p><strong>{escape(_deadline(briefing, template))}</strong></p>")
    parts.append("</div>")


def _html_bluf(parts: list[str], briefing: Briefing, template: Template,
               block: LayoutBlock) -> None:
    parts.append(f'{_heading(template)}{escape(template.labels["bluf"])}</h2>')
    parts.append(str(rich_html(briefing.bluf)))


def _html_section(parts: list[str], briefing: Briefing, template: Template,
                  block: LayoutBlock) -> None:
    section = block.section
    assert section is not None
    accent = template.style["accent_colour"]
    parts.append(f"{_heading(template)}{escape(section.title)}</h2><ol>")
    for group in section.groups:
        for point in group.points:
            cited = "; ".join(q.citation.label for q in point.quotations)
            parts.append(f"<li>{rich_html(point.body)}")
            if point.estimate:
                parts.append(f"<p><em>{escape(point.estimate.statement)}</em></p>")
            if cited:
                parts.append(f'<p style="color: {accent}">({escape(cited)})</p>')
            parts.append("</li>")
    parts.append("</ol>")


# How the HTML body draws each kind of block `email_layout` gives.
_HTML: dict[str, Callable[[list[str], Briefing, Template, LayoutBlock], None]] = {
    "title": _html_title, "decision": _html_decision, "bluf": _html_bluf,
    "section": _html_section}


def _marking_html(briefing: Briefing, template: Template) -> str:
    if briefing.tlp:
        return (f'<p style="text-align: right"><span style="font-weight: bold; color: '
                f'{briefing.tlp_colour}; background-color: {TLP_BACKGROUND}; padding: 2px 6px">'
                f"{escape(briefing.tlp)}</span></p>")
    if briefing.classification:
        return (f'<p style="text-align: center; font-weight: bold; color: '
                f'{template.style["marking_colour"]}">{escape(briefing.classification)}</p>')
    return ""


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), width=76, initial_indent=indent,
                         subsequent_indent=indent)


def _plain(blocks: RichText, indent: str = "") -> str:
    """Rich text as plain text: paragraphs wrapped at 76 columns, lists with - and 1."""
    return "\n\n".join(_plain_block(block, indent) for block in blocks)


def _plain_block(block: Block, indent: str) -> str:
    if isinstance(block, TextBlock):
        return _wrap(block.plain, indent)
    assert isinstance(block, ListBlock)
    return "\n".join(_hanging(f"{number}. " if block.ordered else "- ", item, indent)
                     for number, item in enumerate(block.items, start=block.start))


def _hanging(bullet: str, blocks: RichText, indent: str = "") -> str:
    """Rich text after a bullet or number, its later lines indented to the text."""
    inner = indent + " " * len(bullet)
    return indent + bullet + _plain(blocks, inner)[len(inner):]


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: the server, its security, and the credentials, which come
    from the environment (BRIEF_SMTP_USER, BRIEF_SMTP_PASSWORD), never from a spec."""

    host: str
    port: int
    security: str = "starttls"  # starttls, tls (implicit, port 465) or none
    cafile: Path | None = None  # a private certificate authority to trust
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0  # for each read and write
    deadline: float = 120.0  # for the whole delivery

    @classmethod
    def from_environment(cls, host: str | None, port: int | None, security: str | None,
                         cafile: Path | None) -> SmtpSettings:
        env = os.environ
        security = security or env.get("BRIEF_SMTP_SECURITY") or "starttls"
        if security not in SECURITY:
            raise BriefError(f"unknown SMTP security '{security}'; choose from "
                             f"{', '.join(SECURITY)}")
        host = host or env.get("BRIEF_SMTP_HOST") or "localhost"
        if port is None and env.get("BRIEF_SMTP_PORT"):
            if not env["BRIEF_SMTP_PORT"].isdigit():
                raise BriefError(f"BRIEF_SMTP_PORT must be a port number, not "
                                 f"'{env['BRIEF_SMTP_PORT']}'")
            port = int(env["BRIEF_SMTP_PORT"])
        cafile = cafile or (Path(env["BRIEF_SMTP_CAFILE"]) if env.get("BRIEF_SMTP_CAFILE")
                            else None)
        user, password = env.get("BRIEF_SMTP_USER"), env.get("BRIEF_SMTP_PASSWORD")
        if bool(user) != bool(password):
            raise BriefError("set both BRIEF_SMTP_USER and BRIEF_SMTP_PASSWORD, or neither")
        if user and security == "none":
            raise BriefError(
                "brief does not send a password over an unencrypted connection",
                hint="use --security starttls or tls, or unset BRIEF_SMTP_USER and "
                "BRIEF_SMTP_PASSWORD for a server that needs no login")
        deadline = env.get("BRIEF_SMTP_DEADLINE") or "120"
        try:
            seconds = float(deadline)
        except ValueError:
            seconds = -1.0
        if not 0 < seconds < 86_400:
            raise BriefError(f"BRIEF_SMTP_DEADLINE must be a number of seconds, not "
                             f"'{deadline}'")
        return cls(host, port or DEFAULT_PORTS[security], security, cafile, user or None,
                   password or None, min(30.0, seconds / 2), seconds)

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def deliver(draft: EmailMessage, settings: SmtpSettings) -> list[str]:
    """Send the draft (as a sent message: no draft flag, a fresh date); return the
    addresses it went to. Raise `DeliveryError` if the server refuses or fails, or takes
    longer than the deadline for the whole delivery (a server that trickles its replies
    never trips the timeout of one read); once the message has gone to the server, the
    error says that the server may already hold it."""
    import threading

    message = copy.deepcopy(draft)
    del message["X-Unsent"]  # a recipient's Outlook would open it as a draft, too
    message.replace_header("Date", formatdate(localtime=True))
    message.replace_header("Message-ID", make_msgid(domain=_domain(draft["From"]) or None))
    session = _Delivery(settings, message)
    worker = threading.Thread(target=session.run, name="brief-smtp", daemon=True)
    worker.start()
    worker.join(settings.deadline)
    if worker.is_alive():
        session.abandon()
        worker.join(5)
        raise DeliveryError(
            f"the mail server {settings.address} did not finish within "
            f"{settings.deadline:.0f} s{session.outcome()}", Where(),
            hint="try again later, or another server (BRIEF_SMTP_DEADLINE sets the time "
            "allowed, in seconds)")
    if session.error is not None:
        raise session.error
    return session.recipients


class _Delivery:
    """One SMTP conversation, run in a worker thread so that a deadline can end it; it
    remembers how far it got."""

    def __init__(self, settings: SmtpSettings, message: EmailMessage) -> None:
        self.settings, self.message = settings, message
        self.sender = getaddresses([message["From"]])[0][1]
        self.recipients = [a for _, a in getaddresses(message.get_all("To", [])
                                                     + message.get_all("Cc", []))]
        self.phase = "connect"  # then "send" once the message is under way
        self.error: DeliveryError | None = None
        self.smtp: Any = None

    def outcome(self) -> str:
        if self.phase == "send":
            return (": the message had gone to it, and it may hold it and deliver it; check "
                    "with a recipient before sending again")
        return "; the memo was not sent"

    def abandon(self) -> None:
        """Shut the connection, which ends the worker's wait (a deadline has passed)."""
        import socket

        with contextlib.suppress(Exception):
            if self.smtp is not None and self.smtp.sock is not None:
                self.smtp.sock.shutdown(socket.SHUT_RDWR)  # wakes a read that waits
                self.smtp.sock.close()

    def run(self) -> None:
        try:
            self._converse()
        except DeliveryError as error:
            self.error = error
        except Exception as exc:  # the server or the network failed: say what happened
            self.error = self._failure(exc)

    def _converse(self) -> None:
        import smtplib
        import ssl

        settings, where = self.settings, Where()
        try:
            context = ssl.create_default_context(
                cafile=str(settings.cafile) if settings.cafile else None)
        except (OSError, ssl.SSLError) as exc:
            raise DeliveryError(f"the certificate file {settings.cafile} cannot be used: "
                                f"{exc}", where) from None
        if settings.security == "tls":
            self.smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                         context=context)
        else:
            self.smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        smtp = self.smtp
        with smtp:
            smtp.ehlo()
            if settings.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(
                        f"the mail server {settings.address} does not offer STARTTLS, so "
                        "the memo would travel unencrypted", where,
                        hint="use --security tls for a server that speaks TLS from the "
                        "start, or --security none only on a network you trust")
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.user and settings.password:
                smtp.login(settings.user, settings.password)
            data = smtp.data

            def send(content: Any) -> Any:  # from here the server may keep the message
                self.phase = "send"
                return data(content)

            smtp.data = send
            refused = smtp.sendmail(self.sender, self.recipients, self.message.as_bytes())
        if refused:
            raise DeliveryError(
                "the memo was sent, but the mail server refused some recipients: "
                + "; ".join(f"{a} ({_reply(r)})" for a, r in refused.items()), where)

    def _failure(self, exc: Exception) -> DeliveryError:
        """What a fault of the server or the network means for the memo."""
        import smtplib
        import ssl

        address, where = self.settings.address, Where()
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return DeliveryError(f"the mail server {address} refused the login: {_reply(exc)}",
                                 where, hint="check BRIEF_SMTP_USER and BRIEF_SMTP_PASSWORD")
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            return DeliveryError(
                f"the mail server {address} refused every recipient: "
                + "; ".join(f"{a} ({_reply(r)})" for a, r in exc.recipients.items()), where)
        if isinstance(exc, smtplib.SMTPResponseException):  # a 4xx or 5xx answer
            return DeliveryError(f"the mail server {address} refused the memo: "
                                 f"{_reply(exc)}; the memo was not sent", where)
        if isinstance(exc, ssl.SSLError):
            return DeliveryError(
                f"no secure connection to {address}: {exc.reason or exc}", where,
                hint="if the server uses a private certificate authority, give its "
                "certificate with --cafile (or BRIEF_SMTP_CAFILE)")
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            return DeliveryError(f"the mail server {address} did not answer within "
                                 f"{self.settings.timeout:.0f} s{self.outcome()}", where)
        if self.phase == "send":
            return DeliveryError(f"the connection to the mail server {address} broke while "
                                 f"it took the memo ({_reply(exc)}){self.outcome()}", where)
        if isinstance(exc, smtplib.SMTPException):
            return DeliveryError(f"the mail server {address} failed: {_reply(exc)}; the memo "
                                 "was not sent", where)
        if isinstance(exc, OSError):
            return DeliveryError(
                f"cannot reach the mail server {address}: {exc.strerror or exc}", where,
                hint="check --host and --port (or BRIEF_SMTP_HOST and BRIEF_SMTP_PORT)")
        return DeliveryError(f"the mail server {address} failed: {type(exc).__name__}; the "
                             "memo was not sent", where)


def _reply(error: object) -> str:
    """An SMTP reply or exception as one line: `535 authentication failed`."""
    if isinstance(error, tuple) and len(error) == 2:
        code, text = error
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {' '.join(text.split())}"
    code = getattr(error, "smtp_code", None)
    text = getattr(error, "smtp_error", None)
    if code is not None and text is not None:
        return _reply((code, text))
    return str(error)
