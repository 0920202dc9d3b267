"""Words a reviewer moved from one key to another (Word's tracked move: `w:moveFrom` here,
`w:moveTo` there, paired by name), applied all or nothing: where either half cannot be
applied (moved into a quotation, into words brief writes, into words changed since the
build) neither is, and the report says so at both places.

The findings are decided once; if a move came out half applied, they are decided again
with that move's halves refused (`Context.broken`), each saying where the other went."""

from __future__ import annotations

from collections.abc import Sequence

from .changes import MOVE_FROM, MOVE_TO
from .context import ALREADY, APPLY, CANNOT, Context
from .placing import Placed


def names(group: Sequence[Placed]) -> list[str]:
    """The moves (by name) whose halves `group` holds."""
    return list(dict.fromkeys(i.move for i in group
                              if i.move and i.kind in (MOVE_FROM, MOVE_TO)))


def note(context: Context, group: Sequence[Placed], path: str, outcome: str) -> None:
    """What became of the halves of moves `group` holds, at key `path`."""
    for name in names(group):
        kind = next(i.kind for i in group if i.move == name)
        context.moves.setdefault(name, []).append((kind, path, outcome))


def broken(context: Context, placed: Sequence[Placed]) -> dict[str, list[tuple[str, str]]]:
    """The moves half applied: one half can be, the other cannot, or was not found (moved
    into a paragraph the reviewer added); each with its halves' kind and key."""
    kinds: dict[str, set[str]] = {}
    for item in placed:
        if item.move and item.kind in (MOVE_FROM, MOVE_TO):
            kinds.setdefault(item.move, set()).add(item.kind)
    out: dict[str, list[tuple[str, str]]] = {}
    for name, halves in context.moves.items():
        outcomes = {outcome for _, _, outcome in halves}
        whole = kinds.get(name, set()) == {MOVE_FROM, MOVE_TO}
        if outcomes & {APPLY, ALREADY} and (CANNOT in outcomes or not whole):
            out[name] = [(kind, path) for kind, path, _ in halves]
    return out


def refused(context: Context, group: Sequence[Placed], path: str) -> str:
    """Why `group`, holding half of a move refused, is not applied ("" if it holds none):
    where the words go to or come from."""
    for name in names(group):
        halves = context.broken.get(name)
        if halves is None:
            continue
        kind = next(i.kind for i in group if i.move == name)
        others = list(dict.fromkeys(p for k, p in halves if k != kind and p != path))
        direction = "to" if kind == MOVE_FROM else "from"
        if not others:
            return (f"the reviewer moved these words {direction} a place brief cannot "
                    "apply them to (a paragraph the reviewer added?); neither half of "
                    "the move is applied: make it by hand")
        where = ", ".join(f"`{other}`" + (f" (line {line})" if (line := context.where(
            other, quote=True)[0]) else "") for other in others)
        return (f"the reviewer moved these words {direction} {where}, where they cannot "
                "be applied; neither half of the move is applied: make it by hand")
    return ""


def also(context: Context, group: Sequence[Placed], path: str) -> str:
    """For a half that cannot be applied of its own: that the other half is not either."""
    reason = refused(context, group, path)
    if not reason:
        return ""
    kind = next(i.kind for i in group if i.move in context.broken)
    others = list(dict.fromkeys(p for name in names(group) if name in context.broken
                                for k, p in context.broken[name] if k != kind))
    direction = "from" if kind == MOVE_TO else "to"
    where = ", ".join(f"`{other}`" for other in others) or "where the reviewer put them"
    return f"; so the words are not moved {direction} {where} either"
