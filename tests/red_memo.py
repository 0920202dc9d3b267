"""The memo of issue 27's "done when": a TLP:AMBER memo with one TLP:RED paragraph, so
marked TLP:RED, with a TLP:AMBER release for the house and a TLP:CLEAR one for partners,
whose memo header and distribution are the partners' own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

RED = "Minsk has asked us privately for a channel."
PARTNERS_BLUF = "The plan is rushed, and its costs are not known."
PARTNERS_HEADER = {"to": "Partner desk", "from": "Eastern Europe desk"}
PARTNERS = {"from": "Eastern Europe desk <ee-desk@example.org>",
            "to": "Partner desk <desk@partner.example>"}
HOUSE = {"from": "Test desk <desk@example.org>",
         "to": ["Political Director <pd@example.org>"]}


def red_memo(project: Any, **overrides: Any) -> Path:
    """Write the memo's spec (memo.yaml) into `project`."""
    settings: dict[str, Any] = dict(
        marking="TLP:RED", portion_marking="TLP:AMBER",
        memo={"to": "Political Director", "from": "Test desk"},
        distribution=HOUSE,
        sections=[
            {"title": "Risks", "kind": "risks", "marking": "TLP:CLEAR", "points": [
                {"text": "Costs are unknown.",
                 "passages": [{"source": "gazette", "quote": "its costs were not known"}]}]},
            {"title": "Actors", "kind": "incentives", "points": [
                {"actor": "Critics", "text": "They want delay.",
                 "passages": [{"source": "gazette", "paragraph": 4}]},
                {"actor": "Minsk", "text": RED, "marking": "TLP:RED"}]}],
        releases=[
            {"marking": "TLP:AMBER"},
            {"marking": "TLP:CLEAR", "bluf": PARTNERS_BLUF, "memo": PARTNERS_HEADER,
             "distribution": PARTNERS}])
    settings.update(overrides)
    return project.spec(**settings)  # type: ignore[no-any-return]
