"""The build manifest: what a memo was built from, so that it can be verified later.

Every build writes `<spec name>.json` beside its documents: the tool's version, each
source's SHA-256 and details, and each passage's selector, the paragraphs (and pages)
it resolved to, and its character offsets within them. `brief verify` (`commands.verify`)
re-checks a manifest against the sources as they are now, reporting every passage that
drifted.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .checked import Checked
from .dates import source_date_epoch
from .passages import ResolvedPassage
from .sources import Source
from .spec import PassageSpec, spec_keys
from .version import __version__

MANIFEST_VERSION = 1


def build_manifest(checked: Checked, outputs: Mapping[Path, bytes],
                   built: datetime.datetime | None = None,
                   inputs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return the manifest of a checked spec and its rendered files,
    built at `built` (default: `SOURCE_DATE_EPOCH` if set, else now); `inputs` is what the
    build read (`freshness.inputs_record`), which tells a later build whether it may skip."""

    spec = checked.spec
    passages = []
    for passage in spec.passages():
        resolved: ResolvedPassage = checked.passages[passage.key_path]
        source: Source = checked.sources[passage.source]
        if resolved.scope == "page":
            source = source.page_view()
        first, last = (source.paragraph(resolved.first_paragraph),
                       source.paragraph(resolved.last_paragraph))
        passages.append({
            "key": list(passage.key_path),
            "line": spec.where(passage.key_path).line,
            "selector": selector(passage),
            "paragraphs": [resolved.first_paragraph, resolved.last_paragraph],
            "pages": [first.page, last.page] if first.page is not None else None,
            "start": resolved.start,
            "end": resolved.end,
            "spans": [list(span) for span in resolved.spans] or None,
            "text": list(resolved.texts),
        })
    return {
        "manifest": MANIFEST_VERSION,
        "tool": {"name": "brief", "version": __version__},
        "built": (built or source_date_epoch() or datetime.datetime.now(datetime.UTC))
        .isoformat(timespec="seconds"),
        "spec": {"path": str(spec.path), "sha256": checked.inputs.spec.sha256},  # as read
        "marking": spec.marking,
        "release": checked.release.marking if checked.release else None,
        "sources": {
            source_id: {
                "file": spec.sources[source_id].file,
                "path": str(source.path),
                "sha256": source.sha256,
                "format": source.format,
                "encoding": source.encoding,
                "paragraphs": len(source.paragraphs),
                "metadata": dataclasses.asdict(source.metadata),
            }
            for source_id, source in checked.sources.items()
        },
        "passages": passages,
        "outputs": {path.name: _sha256(content) for path, content in outputs.items()},
        **({"inputs": dict(inputs)} if inputs is not None else {}),
    }


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def selector(passage: PassageSpec) -> dict[str, Any]:
    """The passage's selector as the spec gives it (its YAML keys, without empty ones)."""
    return {name: getattr(passage, fld.name) for name, fld in spec_keys(PassageSpec)
            if getattr(passage, fld.name) is not None}


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


