"""What every renderer shares: the options a render is given, and the PDF variants."""

from __future__ import annotations

from dataclasses import dataclass

# PDF variants brief offers (WeasyPrint makes them), each tagged for screen readers: the
# accessible PDF/UA-1, which is the default, and an archival PDF/A-3b, which meets
# PDF/UA-1 too and carries the spec and the build manifest.
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
DEFAULT_PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    description: str


@dataclass(frozen=True)
class RenderOptions:
    pdf_variant: str | None = None
    attachments: tuple[Attachment, ...] = ()  # files embedded in the PDF
