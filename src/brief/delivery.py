"""Delivery: an email draft sent over SMTP, STARTTLS or TLS unless told otherwise, the
login from the environment and never from a spec."""

from __future__ import annotations

import contextlib
import copy
import os
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path
from typing import Any

from .errors import BriefError, DeliveryError, Where
from .render.email import address_domain

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


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
    default_host: bool = False  # neither --host nor BRIEF_SMTP_HOST named the server

    @classmethod
    def from_environment(cls, host: str | None, port: int | None, security: str | None,
                         cafile: Path | None) -> SmtpSettings:
        env = os.environ
        default_host = not host and not env.get("BRIEF_SMTP_HOST")
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
                   password or None, min(30.0, seconds / 2), seconds, default_host)

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def deliver(draft: EmailMessage, settings: SmtpSettings) -> list[str]:
    """Send the draft (as a sent message: no draft flag, a fresh date); return the
    addresses it went to. Raise `DeliveryError` if the server refuses or fails, or takes
    longer than the deadline for the whole delivery (a server that trickles its replies
    never trips the timeout of one read); once the message has gone to the server, the
    error says that the server may already hold it."""

    message = copy.deepcopy(draft)
    del message["X-Unsent"]  # a recipient's Outlook would open it as a draft, too
    message.replace_header("Date", formatdate(localtime=True))
    message.replace_header("Message-ID", make_msgid(domain=address_domain(draft["From"]) or None))
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
            return self._unreachable(exc)
        return DeliveryError(f"the mail server {address} failed: {type(exc).__name__}; the "
                             "memo was not sent", where)

    def _unreachable(self, exc: OSError) -> DeliveryError:
        """No mail server answers where the settings say: which, why, and what to do."""
        settings = self.settings
        if isinstance(exc, ConnectionRefusedError):
            why = f"nothing listens on port {settings.port} there"
        elif isinstance(exc, socket.gaierror):
            why = f"no computer is known by the name {settings.host}"
        else:
            why = (exc.strerror or str(exc) or type(exc).__name__).lower()
        named = (" (no server was named, and brief tried this machine's)"
                 if settings.default_host else "")
        return DeliveryError(
            f"cannot reach the mail server {settings.address}{named}: {why}; the memo was "
            "not sent", Where(),
            hint="name your organisation's mail server with --host and --port (or "
            "BRIEF_SMTP_HOST and BRIEF_SMTP_PORT), or start the one you named; meanwhile the "
            "email draft in the output folder opens in a mail program, to send from there")


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
