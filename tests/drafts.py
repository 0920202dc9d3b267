"""Email drafts in tests: a distribution to send to, and a draft read back as a mail
program reads it."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

DISTRIBUTION = {"from": "Test desk <desk@example.org>",
                "to": ["The Minister <minister@example.org>", "aide@example.org"],
                "cc": "Press office <press@example.org>"}


def read_eml(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message
