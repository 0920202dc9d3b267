"""The one exception hierarchy of brief.

Every problem with a user's input is a `BriefError` that knows where it happened
(file, line, column, key path) and how to fix it. Only the CLI turns these into
messages and exit codes; library code raises them and never prints.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Where:
    """A place in an input file: 1-based line and column, and the key path to it."""

    file: Path | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None

    def with_key(self, key: str) -> Where:
        return Where(self.file, self.line, self.column, key)


def display_path(path: Path) -> str:
    """Return `path` relative to the working folder when it lies inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def internal_error(exc: BaseException) -> str:
    """What a failure of brief's own (a bug, not a problem with the input) says."""
    return (f"internal error: {type(exc).__name__}: {exc}\nThis is a bug in brief. Run again "
            "with BRIEF_DEBUG=1 for the traceback, and please report it.")


def plural(count: int, noun: str) -> str:
    """`1 problem`, `3 problems`."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


# Control characters, and the marks that turn text right to left, which could make a
# message say on a terminal something other than it holds.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with control characters and direction marks written as escapes."""
    return _INVISIBLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


class BriefError(Exception):
    """A problem with the user's input that stops a build.

    `message` says what was expected and what was found; `details` are extra
    lines shown indented under it; `hint` says how to fix it.
    """

    severity = "error"

    def __init__(
        self,
        message: str,
        where: Where | None = None,
        *,
        details: Sequence[str] = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where or Where()
        self.details = tuple(details)
        self.hint = hint

    @property
    def problems(self) -> tuple[BriefError, ...]:
        """The single problems this error stands for: itself, or a group's members."""
        return (self,)

    def location(self) -> str:
        """Return `file:line:column` (as much of it as is known), or ''."""
        where = self.where
        if where.file is None:
            return ""
        text = display_path(where.file)
        if where.line is not None:
            text += f":{where.line}"
            if where.column is not None:
                text += f":{where.column}"
        return text

    def format(self) -> str:
        """Return the full message as the CLI prints it: control characters from the
        input are shown escaped (`\\x1b`), never sent to the terminal as they are."""
        head = self.location()
        key = f"{self.where.key}: " if self.where.key else ""
        text = f"{self.severity}: {key}{self.message}"
        lines = [f"{head}: {text}" if head else text]
        lines.extend(f"    {detail}" for detail in self.details)
        if self.hint:
            lines.append(f"    hint: {self.hint}")
        return "\n".join(visible(line) for line in lines)

    def __str__(self) -> str:
        return self.format()


class SpecError(BriefError):
    """The briefing spec cannot be read or does not follow the spec format."""


class SourceError(BriefError):
    """A source file is missing, empty, binary or not readable as text."""


class PassageError(BriefError):
    """A passage does not resolve to exactly one place in its source."""


class TemplateError(BriefError):
    """A template cannot be found, or is broken."""


class RenderError(BriefError):
    """A renderer failed to produce its document."""


class OutputError(BriefError):
    """An output file could not be written."""


class DeliveryError(BriefError):
    """The memo could not be sent: the mail server is unreachable, or refused it. `kept`
    says what the build before it wrote, in words ("the TLP:CLEAR release and its email
    draft"), once it is known."""

    kept = ""


class ReviewError(BriefError):
    """A reviewed Word file cannot be read, or does not belong to the spec it is
    reviewed against."""


class BriefWarning(BriefError):
    """A sign of trouble that does not stop a build, unless `--strict` is given."""

    severity = "warning"

    def as_error(self) -> BriefError:
        """The same problem, as an error (for `--strict`)."""
        return BriefError(self.message, self.where, details=self.details, hint=self.hint)


class BriefNote(BriefWarning):
    """Something the build did that the reader should know of (a section a template
    leaves out); never an error, even with `--strict`."""

    severity = "note"


class SpecWarning(BriefWarning):
    """A value of the spec that is shown otherwise than written (a line break pasted
    from Word)."""


class BriefErrors(BriefError):
    """Several problems found together (by `brief check`, or before a build)."""

    def __init__(self, errors: Iterable[BriefError]) -> None:
        self.errors = tuple(errors)
        count = len(self.errors)
        super().__init__(f"{plural(count, 'problem')} found")

    @property
    def problems(self) -> tuple[BriefError, ...]:
        return self.errors

    def format(self) -> str:
        return "\n".join(error.format() for error in self.errors)


def collect(errors: list[BriefError], error: BriefError) -> None:
    """Append `error` to `errors`, flattening a `BriefErrors` group."""
    errors.extend(error.problems)
