"""BuildOptions: one set of defaults, checked when made, recorded in the manifest as
before, and made by every command from its own parameters."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import click
import pytest

from brief.cli import _build_options, cli
from brief.errors import BriefError
from brief.options import DEFAULT_FORMATS, BuildOptions

# The parameters of the commands that build which are not build options.
COMMANDS_OWN = {"specs", "spec", "port", "no_browser", "host", "security", "cafile"}
BUILDING = ("build", "watch", "preview", "email", "send", "check")


def test_the_defaults():
    options = BuildOptions()
    assert options.formats == DEFAULT_FORMATS == ("pdf", "docx")
    assert options.pdf_variant is None and options.releases is None
    assert not (options.email or options.strict or options.force)
    assert options.extra_to == options.extra_cc == ()
    assert options.output is None and options.root is None and options.jobs is None
    assert options.output_folder == Path.cwd() / "output"
    assert options.workers == (os.cpu_count() or 1)


def test_sequences_become_tuples_and_formats_lose_repeats():
    given: dict[str, Any] = {"formats": ["docx", "pdf", "docx"], "extra_to": ["a@example.org"],
                             "extra_cc": ["b@example.org"], "releases": ["TLP:CLEAR"]}
    options = BuildOptions(**given)
    assert options.formats == ("docx", "pdf")
    assert options.extra_to == ("a@example.org",) and options.extra_cc == ("b@example.org",)
    assert options.releases == ("TLP:CLEAR",)
    assert BuildOptions(releases=()).releases == ()  # no release, not the spec's (None)
    assert hash(options) == hash(dataclasses.replace(options))  # frozen, and so hashable


def test_options_cannot_be_changed():
    with pytest.raises(dataclasses.FrozenInstanceError):
        BuildOptions().strict = True  # type: ignore[misc]


def test_the_output_folder_and_workers_given():
    options = BuildOptions(output=Path("elsewhere"), jobs=3)
    assert options.output_folder == Path("elsewhere")
    assert options.workers == 3


@pytest.mark.parametrize(("given", "message"), [
    ({"formats": ("pdf", "odt")}, "unknown output format 'odt'; choose from pdf, docx, html"),
    ({"formats": ()}, "unknown output format ''; choose from pdf, docx, html"),
    ({"pdf_variant": "pdf/x-4"},
     "unknown PDF variant 'pdf/x-4'; choose from pdf/ua-1, pdf/a-3b"),
])
def test_unknown_formats_and_variants_are_refused_when_made(given, message):
    with pytest.raises(BriefError) as raised:
        BuildOptions(**given)
    assert raised.value.message == message


def test_the_record_is_what_manifests_have_always_held(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert BuildOptions().record() == {
        "formats": ["docx", "pdf"], "pdf_variant": None, "email": False, "to": [], "cc": [],
        "releases": None, "strict": False, "source_date_epoch": None}
    options = BuildOptions(formats=("pdf",), pdf_variant="pdf/a-3b", email=True,
                           extra_to=("a@example.org",), extra_cc=("b@example.org",),
                           releases=("TLP:CLEAR",), strict=True, output=Path("out"),
                           root=Path("."), force=True, jobs=2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1700000000 ")
    record = options.record()
    assert list(record) == ["formats", "pdf_variant", "email", "to", "cc", "releases",
                            "strict", "source_date_epoch"]
    assert record == {"formats": ["pdf"], "pdf_variant": "pdf/a-3b", "email": True,
                      "to": ["a@example.org"], "cc": ["b@example.org"],
                      "releases": ["TLP:CLEAR"], "strict": True,
                      "source_date_epoch": "1700000000"}
    # Where the files go, and whether and how many at a time, change nothing written.
    assert record == dataclasses.replace(options, output=None, root=None, force=False,
                                         jobs=None).record()


def test_the_command_line_makes_them_from_its_parameters():
    options = _build_options({"output": Path("out"), "formats": ["pdf"], "strict": True,
                              "pdf_variant": None, "email": False, "releases": (),
                              "force": True, "jobs": None, "root": None})
    assert options == BuildOptions(formats=("pdf",), strict=True, output=Path("out"),
                                   force=True)
    assert options.releases is None  # no --release: the memo and the spec's releases
    assert _build_options({"releases": ("TLP:CLEAR",)}).releases == ("TLP:CLEAR",)
    assert _build_options({"strict": False}, email=True).email
    with pytest.raises(TypeError):  # a parameter named as no option is not let through
        _build_options({"stict": True})


@pytest.mark.parametrize("name", BUILDING)
def test_every_building_command_names_its_parameters_as_the_options_do(name):
    command = cli.commands[name]
    fields = {f.name for f in dataclasses.fields(BuildOptions)}
    names = {p.name for p in command.params if isinstance(p, click.Option | click.Argument)}
    assert names - COMMANDS_OWN <= fields
    formats = next((p for p in command.params if p.name == "formats"), None)
    if formats is not None:  # one default, on the command line as in the options
        assert formats.default == ",".join(BuildOptions().formats)


def test_the_memo_alone_is_recorded_and_never_with_a_release(monkeypatch):
    """A build of the memo alone (`--main-only`, and every save of `brief watch`) is
    recorded so: a later `brief build` of every version is not skipped for it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    alone = BuildOptions(main_only=True).record()
    assert alone["main_only"] is True
    assert alone != BuildOptions().record()
    assert "main_only" not in BuildOptions().record()
    with pytest.raises(BriefError) as raised:
        BuildOptions(main_only=True, releases=("TLP:CLEAR",))
    assert raised.value.message == ("--main-only and --release ask for different versions: "
                                    "give one or the other")
    assert BuildOptions(main_only=True, releases=()).main_only  # no release: the memo alone
