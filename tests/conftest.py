"""Shared fixtures: a project folder with test sources, valid specs with overrides,
the CLI run in-process, and readers that see the outputs as a reader would."""

from __future__ import annotations

import copy
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from brief.cli import cli

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Return `base` with `overrides` merged in; a value of None deletes the key."""
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class Project:
    """A temporary project folder holding tests/data's sources; the working folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(DATA / "sources", root / "sources")
        self.minimal = yaml.safe_load((DATA / "minimal.yaml").read_text(encoding="utf-8"))

    def spec(self, name: str = "memo", text: str | None = None, **overrides: Any) -> Path:
        """Write a spec: `text` as given, or the minimal valid spec with `overrides`."""
        path = self.root / f"{name}.yaml"
        if text is None:
            text = yaml.safe_dump(merge(self.minimal, overrides), sort_keys=False,
                                  allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str | Path) -> Result:
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def files(self) -> dict[str, bytes]:
        """Every file under the project's output folder, by name, with its bytes."""
        if not self.output.exists():
            return {}
        return {p.name: p.read_bytes() for p in sorted(self.output.iterdir())}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, as pdftotext (poppler) reads it."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text: str) -> str:
    """Fold all white space, so text wrapped over lines compares equal."""
    return " ".join(text.split())


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph of a .docx, read by python-docx."""
    import docx

    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs]
