"""The pinned set: what `make` installs is what requirements/*.txt pin, and the pins cover
every package brief and its tests need, so a release cannot change a fresh install."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REQUIREMENTS = Path(__file__).parent.parent / "requirements"


def pins(name: str) -> dict[str, str]:
    text = (REQUIREMENTS / name).read_text(encoding="utf-8")
    return {canonicalize_name(match[1]): match[2]
            for match in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.MULTILINE)}


def needed(name: str, extras: frozenset[str] = frozenset()) -> set[str]:
    """The distributions `name[extras]` needs, all the way down, as installed here."""
    seen: set[str] = set()
    waiting = [(canonicalize_name(name), extras)]
    while waiting:
        package, wanted_extras = waiting.pop()
        for line in metadata.requires(package) or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker and not any(marker.evaluate({"extra": extra})
                                  for extra in wanted_extras or {""}):
                continue
            child = canonicalize_name(requirement.name)
            if child not in seen:
                seen.add(child)
                waiting.append((child, frozenset(requirement.extras)))
    return seen


def test_every_package_brief_and_its_tests_need_is_pinned_and_installed_as_pinned():
    pinned = pins("dev.txt")
    need = needed("brief", frozenset({"dev"}))
    assert "pyyaml" in need and "pytest" in need
    assert sorted(need - pinned.keys()) == []
    installed = {package: metadata.version(package) for package in need}
    assert {package: pinned[package] for package in need} == installed


def test_the_run_pins_agree_with_the_dev_pins():
    run, dev = pins("run.txt"), pins("dev.txt")
    assert "weasyprint" in run
    assert {package: dev.get(package) for package in run} == run
    assert needed("brief") <= run.keys()
