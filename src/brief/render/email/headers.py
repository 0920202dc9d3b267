"""Email headers as RFC 5322 wants them and mail programs show them: folded only between
words, non-ASCII text as encoded words, display names quoted or encoded so that they read
back as written."""

from __future__ import annotations

import base64
import email.policy
import re
from collections.abc import Sequence
from email.utils import getaddresses
from typing import Any

from ...model import Briefing


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
POLICY = _MailPolicy(linesep="\r\n")


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


def subject(briefing: Briefing) -> str:
    """`[TLP:AMBER] Will Belarus join…`: the marking first, as TLP asks of emails."""
    return f"[{briefing.marking}] {briefing.title}" if briefing.marking else briefing.title
