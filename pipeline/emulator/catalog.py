"""The descriptive endpoints: /studies/metadata, /studies/enums, /studies/search-areas, /stats/*.

Shapes follow the official spec (FieldNodeList, EnumInfoList, SearchDocumentList, GzipStats,
FieldValuesStatsList, ListSizesList); contents come from the recorded metadata tree, the spec's
enum schemas and the emulator's own corpus.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import yaml

from pipeline.core import resources
from pipeline.emulator.corpus import _leaves, nct_id
from pipeline.emulator.fields import QUERY_PARAM_AREAS, area_pieces
from pipeline.emulator.matching import is_date
from pipeline.emulator.pieces import AREAS, iter_nodes, metadata

SPEC_PATH = resources.path("corpus/spec/ctg-oas-v2.0.5.yaml")
# FieldStatsType is the spec's own enum of /stats field types, not a value type of study data.
NOT_STUDY_ENUMS = frozenset({"FieldStatsType"})
STATS_TYPES = ("ENUM", "STRING", "DATE", "INTEGER", "NUMBER", "BOOLEAN")
TOP_VALUES = 25
LARGEST_STUDIES = 10
PERCENTILES = (10, 25, 50, 75, 90, 95, 99)
RANGE_BYTES = 5 * 1024


class NotFound(LookupError):
    """A /stats field name that names no field with such stats (404)."""


def metadata_body() -> list[dict]:
    """Return the /studies/metadata body: the recorded field tree."""
    return metadata()


@cache
def enums_body(spec_path: Path = SPEC_PATH) -> list[dict]:
    """Return the /studies/enums body: every enum type of the spec, its pieces and values.

    The spec carries no legacy (classic PRS) names, so each legacyValue is the value itself.
    """
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    pieces: dict[str, list[str]] = {}
    for _, node in iter_nodes():
        if node.get("isEnum"):
            pieces.setdefault(node["type"].removesuffix("[]"), []).append(node["piece"])
    return [
        {
            "type": name,
            "pieces": pieces.get(name, []),
            "values": [{"value": v, "legacyValue": v} for v in schema["enum"]],
        }
        for name, schema in spec["components"]["schemas"].items()
        if "enum" in schema and name not in NOT_STUDY_ENUMS
    ]


def search_areas_body() -> list[dict]:
    """Return the /studies/search-areas body: one Study document with the emulated areas."""
    nodes = {node["piece"]: node for _, node in iter_nodes()}
    params = {area: p.removeprefix("query.") for p, area in QUERY_PARAM_AREAS.items()}
    areas = []
    for area in [*AREAS, "LeadSponsorName"]:
        parts = [
            {
                "pieces": [piece],
                "type": nodes[piece]["sourceType"] if piece in nodes else "TEXT",
                "isEnum": bool(nodes.get(piece, {}).get("isEnum")),
                "isSynonyms": False,
                # No relevance ranking here: every part weighs the same.
                "weight": 1.0,
            }
            for piece in area_pieces(area)
        ]
        entry = {"name": area, "parts": parts}
        if area in params and params[area] not in ("filter.advanced", "postFilter.advanced"):
            entry["param"] = params[area]
        areas.append(entry)
    return [{"name": "Study", "areas": areas}]


def size_body(studies: Iterable[object]) -> dict:
    """Return the /stats/size body: gzip sizes of the studies' compact JSON."""
    sizes = sorted(((_gzip_size(s), nct_id(s) or "") for s in studies), key=lambda x: (-x[0], x[1]))
    total = len(sizes)
    ordered = sorted(size for size, _ in sizes)
    ranges = Counter(size // RANGE_BYTES for size in ordered)
    return {
        "totalStudies": total,
        "averageSizeBytes": round(sum(ordered) / total) if total else 0,
        "percentiles": {
            str(p): ordered[min(total - 1, p * total // 100)] for p in PERCENTILES if total
        },
        "largestStudies": [{"id": i, "sizeBytes": n} for n, i in sizes[:LARGEST_STUDIES]],
        "ranges": [
            {
                "sizeRange": f"{k * RANGE_BYTES // 1024}-{(k + 1) * RANGE_BYTES // 1024}KB",
                "studiesCount": n,
            }
            for k, n in sorted(ranges.items())
        ],
    }


def _gzip_size(study: object) -> int:
    text = json.dumps(study, separators=(",", ":"))
    return len(gzip.compress(text.encode(), mtime=0))


def _stats_type(node: dict) -> str | None:
    if node.get("isEnum"):
        return "ENUM"
    kind, source = node["type"].removesuffix("[]"), node["sourceType"]
    if kind == "boolean":
        return "BOOLEAN"
    if source == "DATE":
        return "DATE"
    if kind in ("integer", "long"):
        return "INTEGER"
    if kind == "number":
        return "NUMBER"
    return "STRING" if source in ("TEXT", "MARKUP", "TIME") else None


@cache
def _leaf_fields() -> list[tuple[str, str, tuple[str, ...], str]]:
    # (field path, piece, keys, stats type) of every leaf with value stats.
    out = []
    for path, node in iter_nodes():
        kind = None if node.get("children") else _stats_type(node)
        if kind:
            out.append((".".join(path), node["piece"], path, kind))
    return out


@cache
def _list_fields() -> list[tuple[str, str, tuple[str, ...]]]:
    return [(".".join(p), n["piece"], p) for p, n in iter_nodes() if n["type"].endswith("[]")]


def _chosen(rows: list, names: list[str] | None) -> list:
    if not names:
        return rows
    wanted = []
    for name in names:
        found = [r for r in rows if name.lower() in (r[0].lower(), r[1].lower())]
        if not found:
            raise NotFound(name)
        wanted += [r for r in found if r not in wanted]
    return wanted


def _scalar(value: object, kind: str) -> bool:
    if kind == "BOOLEAN":
        return isinstance(value, bool)
    if kind in ("INTEGER", "NUMBER"):
        return isinstance(value, int | float) and not isinstance(value, bool) and value == value
    return isinstance(value, str) and (kind != "DATE" or is_date(value))


def field_values_body(
    studies: list, names: list[str] | None, types: Iterable[str] | None
) -> list[dict]:
    """Return the /stats/field/values body for leaf fields (all, or the named ones)."""
    kinds = set(types or STATS_TYPES)
    out = []
    for field, piece, keys, kind in _chosen(_leaf_fields(), names):
        if kind not in kinds:
            continue
        per_study = [[v for v in _leaves(study, keys, []) if _scalar(v, kind)] for study in studies]
        present = [vs for vs in per_study if vs]
        entry = {"field": field, "piece": piece, "type": kind}
        entry["missingStudiesCount"] = len(studies) - len(present)
        values = [v for vs in present for v in vs]
        if kind in ("ENUM", "STRING"):
            counts = Counter(v for vs in present for v in set(vs))
            entry["uniqueValuesCount"] = len(counts)
            top = sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:TOP_VALUES]
            entry["topValues"] = [{"value": v, "studiesCount": n} for v, n in top]
            if kind == "STRING" and values:
                owner = next(
                    (nct_id(s) or "", v)
                    for s, vs in zip(studies, per_study, strict=True)
                    for v in vs
                    if len(v) == max(map(len, values))
                )
                entry["longest"] = {"length": len(owner[1]), "nctId": owner[0], "value": owner[1]}
        elif kind == "DATE":
            formats = {("yyyy", "yyyy-MM", "yyyy-MM-dd")[v.count("-")] for v in values}
            entry["formats"] = sorted(formats)
            if values:
                entry["min"], entry["max"] = min(values), max(values)
        elif kind in ("INTEGER", "NUMBER") and values:
            entry.update(min=min(values), max=max(values), avg=sum(values) / len(values))
        elif kind == "BOOLEAN":
            entry["trueCount"] = sum(1 for v in values if v)
            entry["falseCount"] = sum(1 for v in values if not v)
        out.append(entry)
    return out


def field_sizes_body(studies: list, names: list[str] | None) -> list[dict]:
    """Return the /stats/field/sizes body: list lengths of list fields over the studies."""
    out = []
    for field, piece, keys in _chosen(_list_fields(), names):
        # studiesCount counts studies: a study with two lists of one size counts once.
        sizes = Counter(size for s in studies for size in {len(v) for v in _lists(s, keys)})
        entry = {"field": field, "piece": piece, "uniqueSizesCount": len(sizes)}
        if sizes:
            entry.update(minSize=min(sizes), maxSize=max(sizes))
            top = sorted(sizes.items(), key=lambda x: (-x[1], x[0]))[:TOP_VALUES]
            entry["topSizes"] = [{"size": k, "studiesCount": n} for k, n in top]
        out.append(entry)
    return out


def _lists(study: object, keys: tuple[str, ...]) -> list[list]:
    # The lists at the path's end (one per enclosing list item), not walked into.
    found: list[list] = []

    def walk(node: object, rest: tuple[str, ...]) -> None:
        if not rest:
            if isinstance(node, list):
                found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item, rest)
        elif isinstance(node, dict) and rest[0] in node:
            walk(node[rest[0]], rest[1:])

    walk(study, keys)
    return found


def bool_param(params: Mapping[str, str], name: str) -> bool:
    """Return a boolean query parameter (default false), or raise ValueError."""
    value = params.get(name, "false").strip().lower()
    if value not in ("true", "false"):
        raise ValueError(f"{name} must be true or false, got '{params[name]}'")
    return value == "true"
