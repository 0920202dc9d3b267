"""Stage 5 (optional): the memo as an email draft (`delivery` sends it over SMTP).

`compose` makes a standard RFC 5322 message: To, Cc and From from the spec's
`distribution`, a subject that starts with the marking, a plain-text and an HTML body
that open with the marking and the decision the principal is asked for, then give the
bottom line, the key judgments and the recommendations and close with the sender's
name, and the PDF and Word files attached. `X-Unsent: 1` makes Outlook open the .eml
as a draft to send; Thunderbird opens it as a message ("Edit as New Message").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from pathlib import Path

from ...errors import BriefError
from ...model import Briefing
from ...spec import BriefingSpec, DistributionSpec
from ...templates import Template
from .bodies import html_body, plain_body
from .headers import POLICY, address_header, header_text, subject

MIME_TYPES = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".html": ("text", "html"),  # `--format html`: the memo as a web page
}
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


def compose(briefing: Briefing, spec: BriefingSpec, template: Template,
            attachments: Iterable[tuple[str, bytes]], *, extra_to: Sequence[str] = (),
            extra_cc: Sequence[str] = ()) -> EmailMessage:
    """The memo as an email draft, with `attachments` (file name, content) attached."""
    distribution = require_distribution(spec)
    message = EmailMessage(policy=POLICY)
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
        # a web page's text is UTF-8, which a mail client is told
        params = {"name": name, **({"charset": "utf-8"} if maintype == "text" else {})}
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name,
                               params=params)
    _identify(message, address_domain(distribution.from_))
    return message


def _identify(message: EmailMessage, domain: str) -> None:
    """Give the draft a Message-ID and MIME boundaries drawn from its content, not at
    random, so that the same memo gives the same .eml. (`deliver` gives a sent message an
    ID of its own.)"""

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


def address_domain(address: str) -> str:
    """The domain of a `From` address, for the message's ID ('' if it has none)."""
    return getaddresses([address])[0][1].rpartition("@")[2]


def sender_name(address: str) -> str:
    """The name a sign-off gives: the display name of `Name <address>`, else the address."""
    name, bare = getaddresses([address])[0]
    return name or bare


