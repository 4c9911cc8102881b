"""The `fields` parameter: piece, field-path and area names resolved on the metadata tree.

The tree is the recorded GET /studies/metadata body (corpus/metadata/). A name is a piece
(`NCTId`, `ConditionsModule`, `ProtocolSection`, or one of its `altPieceNames`), a field path
(`protocolSection.conditionsModule.conditions`), a search area (`ConditionSearch`: its pieces) or,
on /studies, `@query` (the pieces of the search areas the request queries). Names are
case-insensitive. A branch selects everything under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from pipeline.emulator.pieces import AREAS, iter_nodes

# The search area each query parameter searches (the API docs' query.* table).
QUERY_AREAS = {
    "query.cond": "ConditionSearch",
    "query.term": "BasicSearch",
    "query.intr": "InterventionSearch",
    "query.titles": "TitleSearch",
    "query.locn": "LocationSearch",
    "query.spons": "SponsorSearch",
    "query.lead": "LeadSponsorName",
    "query.outc": "OutcomeSearch",
    "query.id": "IdSearch",
}
# The areas each parameter searches, for `@query`: the query parameters and the advanced filters.
QUERY_PARAM_AREAS = {
    **QUERY_AREAS,
    "filter.advanced": "BasicSearch",
    "postFilter.advanced": "BasicSearch",
}
_WHOLE = True
_MISSING = object()
# Leaf source types whose values are text: what BasicSearch searches here (every string).
TEXT_TYPES = frozenset({"TEXT", "MARKUP"})


class UnknownField(ValueError):
    """A `fields` item that is no piece, field path or area name."""


@cache
def _index() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for path, node in iter_nodes():
        found.setdefault(".".join(path).lower(), path)
        for name in (node["piece"], *node.get("altPieceNames", ())):
            found.setdefault(name.lower(), path)
    return found


def piece_path(name: str) -> tuple[str, ...] | None:
    """Return the JSON path of a piece name or field path (case-insensitive), or None."""
    return _index().get(name.strip().lower())


@cache
def area_pieces(area: str) -> tuple[str, ...]:
    """Return the pieces of a search area; BasicSearch covers every text leaf here."""
    pieces = AREAS.get(area)
    if pieces is not None:
        return pieces
    if area in AREAS:
        return tuple(
            node["piece"]
            for _, node in iter_nodes()
            if not node.get("children") and node["sourceType"] in TEXT_TYPES
        )
    return (area,) if area == "LeadSponsorName" else ()


_AREA_NAMES = {name.lower(): name for name in AREAS}


def selection(names: Iterable[str], params: Mapping[str, str] | None = None) -> dict:
    """Return the selection tree ({key: subtree or True}) for `fields` items, or raise."""
    tree: dict = {}
    for raw in names:
        name = raw.strip()
        paths = []
        if name == "@query" and params is not None:
            areas = {area for p, area in QUERY_PARAM_AREAS.items() if params.get(p, "").strip()}
            pieces = [piece for area in sorted(areas) for piece in area_pieces(area)]
            paths = [piece_path(p) for p in pieces]
        elif name.lower() in _AREA_NAMES:
            paths = [piece_path(p) for p in area_pieces(_AREA_NAMES[name.lower()])]
        elif (path := piece_path(name)) is not None:
            paths = [path]
        else:
            raise UnknownField(name)
        for path in paths:
            if path is not None:
                _add(tree, path)
    return tree


def _add(tree: dict, path: tuple[str, ...]) -> None:
    for key in path[:-1]:
        sub = tree.get(key)
        if sub is _WHOLE:
            return
        tree = tree.setdefault(key, {})
    tree[path[-1]] = _WHOLE


def narrow(node: object, tree: dict | bool) -> object:
    """Return the record restricted to the selection tree ({} when nothing is selected).

    Lists are walked element by element; an object or list left empty by the restriction is
    dropped, a selected value is kept whole (even an empty list the record itself holds).
    """
    found = _narrow(node, tree)
    return {} if found is _MISSING else found


def _narrow(node: object, tree: dict | bool) -> object:
    if tree is _WHOLE:
        return node
    if isinstance(node, list):
        items = [x for x in (_narrow(item, tree) for item in node) if x is not _MISSING]
        return items or _MISSING
    if not isinstance(node, dict):
        return _MISSING
    out = {}
    for key, sub in tree.items():
        if key in node and (value := _narrow(node[key], sub)) is not _MISSING:
            out[key] = value
    return out or _MISSING
