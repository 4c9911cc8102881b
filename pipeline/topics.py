"""Topics as data: load and validate topics/<slug>.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOPICS_DIR = Path(__file__).resolve().parents[1] / "topics"
# Parameters a topic query may set; paging parameters belong to the client.
QUERY_PARAMS = frozenset(
    {
        "query.cond",
        "query.term",
        "query.intr",
        "query.titles",
        "query.locn",
        "query.spons",
        "query.id",
        "filter.overallStatus",
        "filter.ids",
        "filter.advanced",
        "filter.geo",
    }
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MESH = re.compile(r"^D(\d{6}|\d{9})$")
# Nine-digit MeSH UIs (descriptors since about 2016) start above this (D066298 is a real
# six-digit UI); below it a nine-digit id is a zero-padded six-digit UI, as records from 2023
# to mid-2024 write them. The same rule is sql/macros/normalize_mesh_id.sql.
_FIRST_NINE_DIGIT_UI = 66300


class TopicError(ValueError):
    """A topic file is missing or malformed."""


def normalize_mesh_id(mesh_id: str) -> str:
    """Return a MeSH descriptor id in its official UI form (D000009120 -> D009120)."""
    match = _MESH.match(mesh_id.strip())
    if not match:
        raise TopicError(f"not a MeSH descriptor id: {mesh_id!r}")
    digits = match.group(1)
    if len(digits) == 9 and int(digits) < _FIRST_NINE_DIGIT_UI:
        return f"D{int(digits):06d}"
    return f"D{digits}"


@dataclass(frozen=True)
class TopicQuery:
    """One API query of a topic."""

    id: str
    params: dict[str, str]


# A topic file without queries mirrors the whole registry: one query with no parameters, which
# the API answers with every study (~580,000; see docs/scaling.md).
WHOLE_REGISTRY = TopicQuery("all", {})


@dataclass(frozen=True)
class Topic:
    """A topic: its queries, defining MeSH ids and the rest of its file (ranking, article)."""

    slug: str
    title: str
    article: str | None
    mesh_ids: tuple[str, ...]
    queries: tuple[TopicQuery, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def ranked(self) -> bool:
        """True when the topic has relevance terms to rank by; others are mirrored, not ranked."""
        relevance = self.settings.get("relevance", {})
        return bool(relevance.get("primary_terms") or relevance.get("secondary_terms"))


def list_topics(topics_dir: Path = TOPICS_DIR) -> list[str]:
    """Return the slugs of every topic file."""
    return sorted(p.stem for p in topics_dir.glob("*.toml"))


def load_topic(slug: str, topics_dir: Path = TOPICS_DIR) -> Topic:
    """Return the validated topic `slug` from topics_dir/<slug>.toml."""
    path = topics_dir / f"{slug}.toml"
    if not path.exists():
        known = ", ".join(list_topics(topics_dir)) or "none"
        raise TopicError(f"unknown topic {slug!r} (known: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"{path}: {exc}") from None
    return topic_from_dict(data, path)


def topic_from_dict(data: dict[str, Any], source: Path | str = "<topic>") -> Topic:
    """Return a Topic from parsed topic data, or raise TopicError saying what is wrong."""
    slug = data.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise TopicError(f"{source}: slug must be lower-case words joined by '-'")
    if isinstance(source, Path) and source.stem != slug:
        raise TopicError(f"{source}: slug {slug!r} must match the file name")
    if not isinstance(data.get("queries", []), list):
        raise TopicError(f"{source}: queries must be a list of [[queries]] tables")
    queries = []
    for raw in data.get("queries", []):
        qid, params = raw.get("id"), raw.get("params", {})
        if not isinstance(qid, str) or not _SLUG.match(qid):
            raise TopicError(f"{source}: every query needs an id of lower-case words joined by '-'")
        unknown = sorted(set(params) - QUERY_PARAMS)
        if unknown:
            raise TopicError(f"{source}: query {qid!r} has unsupported parameters {unknown}")
        queries.append(TopicQuery(qid, {k: str(v) for k, v in params.items()}))
    ids = [q.id for q in queries]
    if len(ids) != len(set(ids)):
        raise TopicError(f"{source}: query ids must be unique")
    known = {"slug", "title", "article", "article_title", "mesh_ids", "queries"}
    return Topic(
        slug=slug,
        title=str(data.get("title", slug)),
        article=data.get("article"),
        mesh_ids=tuple(normalize_mesh_id(m) for m in data.get("mesh_ids", [])),
        queries=tuple(queries) or (WHOLE_REGISTRY,),
        settings={k: v for k, v in data.items() if k not in known}
        | {"article_title": data.get("article_title")},
    )
