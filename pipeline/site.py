"""The article page and the top-trials fragment: validate an export, render, write atomically."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jsonschema import Draft202012Validator

from pipeline import resources, vocabulary
from pipeline.article import Article, ArticleBody
from pipeline.files import write_atomic

SCHEMA_PATH = resources.path("schemas/top-trials.v1.schema.json")
TEMPLATE_DIR = resources.templates()
MAX_ERRORS = 5
COMPONENT_LABELS = vocabulary.labels("component")
ENROLLMENT_TYPES = vocabulary.labels("enrollment_type")


class ExportInvalid(ValueError):
    """A top-trials export does not match schemas/top-trials.v1.schema.json or its rules."""


@cache
def load_schema() -> dict:
    """Return the top-trials export JSON Schema."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _where(path) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _problem(error) -> str:
    """Return '<path>: <message>' for a jsonschema error, long enum lists cut short."""
    if error.validator == "enum":
        allowed = len(error.validator_value)
        message = f"{error.instance!r} is not one of the {allowed} allowed values"
    elif error.validator == "minItems":
        message = f"has {len(error.instance)} items, needs at least {error.validator_value}"
    else:
        message = error.message if len(error.message) <= 200 else error.message[:199] + "…"
    return f"{_where(error.absolute_path)}: {message}"


def _semantic_problems(doc: dict) -> list[str]:
    """Return the rules the schema cannot express that the document breaks."""
    problems = []
    trials = doc["trials"]
    ranks = [t["rank"] for t in trials]
    if ranks != list(range(1, len(trials) + 1)):
        problems.append(f"$.trials: ranks must be 1..{len(trials)} in order, got {ranks[:12]}")
    ids = [t["nct_id"] for t in trials]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"$.trials: nct_id listed more than once: {', '.join(duplicates)}")
    if doc["studies_listed"] != len(trials):
        problems.append(
            f"$.studies_listed: {doc['studies_listed']} but there are {len(trials)} trials"
        )
    if doc["studies_listed"] > doc["studies_considered"]:
        problems.append("$.studies_listed: more studies listed than considered")
    weights = set(doc["score_weights"])
    for i, t in enumerate(trials):
        if not t["url"].endswith("/" + t["nct_id"]):
            problems.append(f"$.trials[{i}].url: {t['url']} is not the page of {t['nct_id']}")
        if set(t["components"]) != weights:
            problems.append(f"$.trials[{i}].components: keys differ from score_weights")
        elif not math.isclose(t["score"], sum(t["components"].values()), abs_tol=0.01):
            problems.append(f"$.trials[{i}].score: {t['score']} is not the sum of its components")
    return problems


def validate_export(doc: dict) -> None:
    """Return None when doc is a valid top-trials export; raise ExportInvalid naming the errors."""
    validator = Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    problems = [_problem(e) for e in errors]
    if not problems:
        problems = _semantic_problems(doc)
    if problems:
        shown = "; ".join(problems[:MAX_ERRORS])
        more = f" (and {len(problems) - MAX_ERRORS} more)" if len(problems) > MAX_ERRORS else ""
        raise ExportInvalid(f"top-trials export is invalid: {shown}{more}")


def check_anchors(export: dict, body: ArticleBody) -> None:
    """Return None when every trial's article section links to a heading the article has."""
    ids = set(body.heading_ids())
    for t in export["trials"]:
        for section in t["article_sections"]:
            if section["anchor"] not in ids:
                raise ExportInvalid(
                    f"{t['nct_id']} links to #{section['anchor']}, which the article lacks"
                )


def status_tone(status: str) -> str:
    """Return the badge tone of an API status: open, soon or closed."""
    return vocabulary.status_tone(status)


def long_date(value: str | None) -> str:
    """Return '24 November 2026' for an ISO date or timestamp, 'March 2024' or '2024' if partial."""
    if not value:
        return ""
    if len(value) == 4:
        return value
    if len(value) == 7:
        return date.fromisoformat(value + "-01").strftime("%B %Y")
    day = date.fromisoformat(value[:10])
    return f"{day.day} {day:%B %Y}"


def long_timestamp(value: str) -> str:
    """Return '25 November 2026, 10:00 UTC' for an ISO timestamp ending in Z."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return f"{long_date(value)}, {moment:%H:%M} UTC"


def component_label(name: str) -> str:
    """Return the reader's name of a score component."""
    return COMPONENT_LABELS.get(name, name.replace("_", " ").capitalize())


@cache
def environment() -> Environment:
    """Return the jinja2 environment of pipeline/templates, autoescaping everything."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        long_date=long_date,
        long_timestamp=long_timestamp,
        status_tone=status_tone,
        component_label=component_label,
        enrollment_type=lambda v: ENROLLMENT_TYPES.get(v, ""),
        slug_class=lambda v: v.lower().replace("_", "-"),
    )
    return env


def _context(export: dict, limit: int, json_href: str | None) -> dict:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    weights = export["score_weights"]
    return {
        "export": export,
        "trials": export["trials"][:limit],
        "more": max(0, len(export["trials"]) - limit),
        "json_href": json_href or f"top-trials/{export['topic']}.json",
        "excluded_total": sum(export["excluded_by_reason"].values()),
        "components": sorted(weights, key=lambda c: (-weights[c], c)),
        "max_score": sum(weights.values()),
    }


def _render_page(export: dict, article: Article, body: ArticleBody, limit: int) -> str:
    marker_at = next((i for i, b in enumerate(body.blocks) if b.kind == "marker"), None)
    before, intro, after = list(body.blocks), [], []
    if marker_at is not None:
        # The marker's own lines (up to the next heading) introduce the trials section.
        before = list(body.blocks[:marker_at])
        rest = list(body.blocks[marker_at + 1 :])
        cut = next((i for i, b in enumerate(rest) if b.kind == "heading"), len(rest))
        intro, after = rest[:cut], rest[cut:]
    marker = body.blocks[marker_at] if marker_at is not None else None
    template = environment().get_template("page.html.j2")
    return template.render(
        standalone=False,
        article=article,
        body=body,
        before=before,
        intro=intro,
        after=after,
        section_id=marker.id if marker else "top-clinical-trials",
        section_title=marker.text if marker else "Top clinical trials",
        **_context(export, limit, None),
    )


def _render_fragment(export: dict, limit: int, json_href: str | None) -> str:
    template = environment().get_template("trials_table.html.j2")
    return template.render(
        standalone=True,
        intro=[],
        section_id="top-clinical-trials",
        section_title=f"Top clinical trials: {export['topic_title']}",
        **_context(export, limit, json_href),
    )


def render_page(export: dict, article: Article, limit: int = 10) -> str:
    """Return the article page as HTML with the top `limit` trials in place of its marker line."""
    validate_export(export)
    body = article.body()
    check_anchors(export, body)
    return _render_page(export, article, body, limit)


def render_fragment(export: dict, limit: int = 10, json_href: str | None = None) -> str:
    """Return the trials section alone (no <html>), with its own scoped styles."""
    validate_export(export)
    return _render_fragment(export, limit, json_href)


def site_paths(export: dict, article: Article, site_dir: Path) -> dict[str, Path]:
    """Return where write_site puts the page and the fragment."""
    return {
        "page": site_dir / f"{article.slug}.html",
        "fragment": site_dir / "fragments" / f"{export['topic']}-top-trials.html",
    }


def write_site(export: dict, article: Article, site_dir: Path, limit: int = 10) -> dict[str, Path]:
    """Validate, render both files, then write each atomically; return their paths."""
    validate_export(export)
    body = article.body()
    check_anchors(export, body)
    # Render everything before writing anything: a failure leaves the published files as they were.
    texts = {
        "page": _render_page(export, article, body, limit),
        "fragment": _render_fragment(export, limit, None),
    }
    paths = site_paths(export, article, site_dir)
    for key, path in paths.items():
        write_atomic(path, texts[key])
    return paths
