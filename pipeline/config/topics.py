"""Topics as data: load and validate topics/<slug>.toml."""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import vocabulary
from pipeline.core import resources

TOPICS_DIR = resources.path("topics")
# Point the pipeline at another topics folder (tests, a deployment with its own topics).
TOPICS_DIR_ENV = "TRIALS_TOPICS_DIR"
# Keys a topic file may have; everything else is a typo worth reporting.
TOP_LEVEL_KEYS = frozenset(
    {"slug", "title", "article", "article_title", "mesh_ids", "queries", "relevance", "weights",
     "status_values", "sponsor_values", "tiers", "site"}
)  # fmt: skip
# [site]: how the topic's list is published (pipeline.publish.export, pipeline.publish.site).
SITE_KEYS = {"central_contacts": bool, "base_url": str}
RELEVANCE_KEYS = ("primary_terms", "secondary_terms", "exclude_terms")
# Relevance tiers with their default labels ([tiers] in a topic file relabels them), and the score
# components of sql/views/trial_scores.sql, each weighted by [weights]: both from the vocabulary.
TIERS = vocabulary.labels("tier")
SCORE_COMPONENTS = tuple(vocabulary.labels("component"))
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
    """Return a MeSH descriptor id in its official UI form (D000003920 -> D003920)."""
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


def default_topics_dir() -> Path:
    """Return the topics folder: $TRIALS_TOPICS_DIR when set, else topics/ of this package."""
    return Path(os.environ.get(TOPICS_DIR_ENV) or TOPICS_DIR)


def list_topics(topics_dir: Path | None = None) -> list[str]:
    """Return the slugs of every topic file."""
    folder = topics_dir if topics_dir is not None else default_topics_dir()
    return sorted(p.stem for p in folder.glob("*.toml") if _SLUG.match(p.stem))


def ranked_topics(topics_dir: Path | None = None) -> list[Topic]:
    """Return every ranked topic of the topics folder (a topic file with relevance terms).

    Raises TopicError naming the folder when it has none."""
    folder = topics_dir if topics_dir is not None else default_topics_dir()
    ranked = [t for t in (load_topic(s, folder) for s in list_topics(folder)) if t.ranked]
    if not ranked:
        raise TopicError(
            f"no topic file with relevance terms in {folder}; name a topic with --topic"
        )
    return ranked


def load_topic(slug: str, topics_dir: Path | None = None) -> Topic:
    """Return the validated topic `slug` from <topics folder>/<slug>.toml.

    A slug is lower-case words joined by '-', so it names a file inside the topics folder and
    nothing else (`../x` is refused)."""
    folder = topics_dir if topics_dir is not None else default_topics_dir()
    known = ", ".join(list_topics(folder)) or "none"
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise TopicError(
            f"{slug!r} is not a topic slug (lower-case words joined by '-'); "
            f"known topics in {folder}: {known}"
        )
    path = folder / f"{slug}.toml"
    if not path.is_file():
        raise TopicError(f"unknown topic {slug!r} (known topics in {folder}: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise TopicError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise TopicError(f"{path}: {exc.strerror}") from None
    return topic_from_dict(data, path)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _table(data: dict[str, Any], key: str, source: Path | str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise TopicError(f"{source}: {key} must be a table ([{key}]), not {_kind(value)}")
    return value


def _kind(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _strings(value: object, name: str, source: Path | str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        what = _kind(value) if not isinstance(value, list) else "a list with other items"
        raise TopicError(f"{source}: {name} must be a list of non-empty strings, not {what}")
    return value


def _validate(data: dict[str, Any], source: Path | str) -> None:
    """Raise TopicError naming the key when the topic data is malformed."""
    unknown = sorted(set(data) - TOP_LEVEL_KEYS)
    if unknown:
        raise TopicError(
            f"{source}: unknown key(s) {', '.join(unknown)} "
            f"(a topic file has {', '.join(sorted(TOP_LEVEL_KEYS))})"
        )
    for key in ("title", "article", "article_title"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            raise TopicError(f"{source}: {key} must be a non-empty string, not {_kind(data[key])}")
    if "mesh_ids" in data:
        _strings(data["mesh_ids"], "mesh_ids", source)
    relevance = _table(data, "relevance", source)
    extra = sorted(set(relevance) - set(RELEVANCE_KEYS))
    if extra:
        raise TopicError(
            f"{source}: unknown key(s) relevance.{', relevance.'.join(extra)} "
            f"(known: {', '.join(RELEVANCE_KEYS)})"
        )
    for key in RELEVANCE_KEYS:
        if key in relevance:
            _strings(relevance[key], f"relevance.{key}", source)
    for tier, label in _table(data, "tiers", source).items():
        if tier not in TIERS:
            raise TopicError(f"{source}: tiers.{tier} is not a tier (known: {', '.join(TIERS)})")
        if not (isinstance(label, str) and label.strip()):
            raise TopicError(
                f"{source}: tiers.{tier} must be a non-empty string, not {_kind(label)}"
            )
    for component, weight in _table(data, "weights", source).items():
        if component not in SCORE_COMPONENTS:
            raise TopicError(
                f"{source}: weights.{component} is not a score component "
                f"(known: {', '.join(SCORE_COMPONENTS)})"
            )
        if not _is_number(weight) or weight < 0:
            raise TopicError(f"{source}: weights.{component} must be a number >= 0, not {weight!r}")
    for key, value in _table(data, "site", source).items():
        if key not in SITE_KEYS:
            raise TopicError(
                f"{source}: unknown key site.{key} (known: {', '.join(sorted(SITE_KEYS))})"
            )
        if not isinstance(value, SITE_KEYS[key]):
            raise TopicError(f"{source}: site.{key} must be a {SITE_KEYS[key].__name__}")
    for table in ("status_values", "sponsor_values"):
        for key, value in _table(data, table, source).items():
            if not _is_number(value) or not 0 <= value <= 1:
                raise TopicError(
                    f"{source}: {table}.{key} must be a number from 0 to 1, not {value!r}"
                )


def topic_from_dict(data: dict[str, Any], source: Path | str = "<topic>") -> Topic:
    """Return a Topic from parsed topic data, or raise TopicError saying what is wrong."""
    slug = data.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise TopicError(f"{source}: slug must be lower-case words joined by '-'")
    if isinstance(source, Path) and source.stem != slug:
        raise TopicError(f"{source}: slug {slug!r} must match the file name")
    _validate(data, source)
    if not isinstance(data.get("queries", []), list):
        raise TopicError(f"{source}: queries must be a list of [[queries]] tables")
    queries = []
    for number, raw in enumerate(data.get("queries", []), start=1):
        where = f"{source}: queries[{number}]"
        if not isinstance(raw, dict):
            raise TopicError(f"{where} must be a table with id and params")
        extra = sorted(set(raw) - {"id", "params"})
        if extra:
            raise TopicError(f"{where} has unknown key(s) {', '.join(extra)} (known: id, params)")
        qid, params = raw.get("id"), raw.get("params", {})
        if not isinstance(qid, str) or not _SLUG.match(qid):
            raise TopicError(f"{where}: every query needs an id of lower-case words joined by '-'")
        if not isinstance(params, dict):
            raise TopicError(f"{where} ({qid}): params must be a table, not {_kind(params)}")
        unknown = sorted(set(params) - QUERY_PARAMS)
        if unknown:
            raise TopicError(f"{source}: query {qid!r} has unsupported parameters {unknown}")
        for key, value in params.items():
            if not isinstance(value, str):
                raise TopicError(
                    f"{source}: query {qid!r} params.{key} must be a string, not {_kind(value)}"
                )
        queries.append(TopicQuery(qid, dict(params)))
    ids = [q.id for q in queries]
    if len(ids) != len(set(ids)):
        duplicated = sorted({q for q in ids if ids.count(q) > 1})
        raise TopicError(f"{source}: query ids must be unique ({', '.join(duplicated)} repeated)")
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
