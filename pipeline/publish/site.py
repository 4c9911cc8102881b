"""The article page, the top-trials fragment and the full-list page: render a validated export
(v2), write atomically."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.config import vocabulary
from pipeline.config.article import Article, ArticleBody
from pipeline.core import resources
from pipeline.core.files import write_atomic
from pipeline.publish import finder
from pipeline.publish.export import topic_site_settings
from pipeline.publish.export_validation import ExportInvalid, validate_export
from pipeline.publish.wording import long_date, results_posted

TEMPLATE_DIR = resources.templates()
COMPONENT_LABELS = vocabulary.labels("component")
ENROLLMENT_TYPES = vocabulary.labels("enrollment_type")
# Sites listed per trial on the page, the fragment and the full list; the others are counted
# ("and 99,990 more"), with a link to the registry page that lists them all. The export (JSON and
# CSV) keeps every site: one record with 100,000 sites made a 7.4 MB page.
SITES_SHOWN = 10
# Where the registry's study page lists every site of a trial.
REGISTRY_SITES_ANCHOR = "#contacts-and-locations"


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
        closure=closure,
        plain_reason=plain_reason,
        paragraphs=paragraphs,
        sex_label=lambda v: {"ALL": "All sexes", "FEMALE": "Female only", "MALE": "Male only"}.get(
            v, "Not stated"
        ),
        km=lambda v: f"{v:,.0f}",
        count=lambda v: f"{v:,}",
        coords=finder.points_attribute,
        enrollment_type=lambda v: ENROLLMENT_TYPES.get(v, ""),
        slug_class=lambda v: v.lower().replace("_", "-"),
        results_posted=results_posted,
    )
    return env


# Where each file sits in the site folder; links between them are relative to the file that holds
# them, or absolute under the site's base URL (topic [site] base_url) when one is set.
PAGE_DIRS = {"page": "", "fragment": "fragments/", "list": "top-trials/"}


def _href(target: str, where: str, base_url: str | None) -> str:
    """Return the link from a file in PAGE_DIRS[where] to the site path `target`."""
    if base_url:
        return base_url.rstrip("/") + "/" + target
    return "../" * PAGE_DIRS[where].count("/") + target


def links(export: dict, where: str, base_url: str | None = None) -> dict[str, str]:
    """Return the hrefs a trials section needs from `where` (page, fragment or list)."""
    topic = export["topic"]
    article = export["article"]
    page = f"{article['slug']}.html" if article else None
    return {
        # Anchors of the article's headings: in-page on the article itself.
        "article": "" if where == "page" else (_href(page, where, base_url) if page else ""),
        "list": _href(f"top-trials/{topic}.html", where, base_url),
        "json": _href(f"top-trials/{topic}.v2.json", where, base_url),
        "csv": _href(f"top-trials/{topic}.csv", where, base_url),
    }


def closure(trial: dict, as_of: str) -> str:
    """Return how a trial that is not open stands, with its end year, e.g. 'Closed: ended 2014'.

    `as_of` (an ISO date or timestamp) decides whether an end date is past or expected. Empty for
    an open trial.
    """
    if trial["open_to_enrol"]:
        return ""
    end = trial["completion_date"] or trial["primary_completion_date"]
    year = end[:4] if end else None
    past = bool(end) and end <= as_of[: len(end)]
    status = trial["status"]
    if status == "WITHDRAWN":
        return "Closed: withdrawn before anyone joined"
    if status == "TERMINATED":
        return f"Closed: stopped early{f' in {year}' if year else ''}"
    if status == "SUSPENDED":
        return "Paused: not taking new participants"
    if status == "UNKNOWN":
        when = f"; {'was due to end' if past else 'due to end'} {year}" if year else ""
        return f"Not known to be open{when}"
    if status == "ACTIVE_NOT_RECRUITING" and year and not past:
        return f"Closed to new participants; due to end {year}"
    if year:
        return f"Closed: {'ended' if past else 'ends'} {year}"
    return "Closed to new participants"


def plain_reason(reason: str) -> str:
    """Return an exclusion reason in a reader's words ('near miss: X' is pipeline jargon)."""
    head, sep, rest = reason.partition(": ")
    if sep and head == "near miss":
        return f"About another condition: {rest}"
    return reason[:1].upper() + reason[1:]


def paragraphs(text: str | None) -> list[str]:
    """Return plain text split into paragraphs at blank lines."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def _context(export: dict, limit: int, where: str, base_url: str | None) -> dict:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    trials = export["trials"][:limit]
    return {
        "export": export,
        "trials": trials,
        "more": max(0, len(export["trials"]) - limit),
        "links": links(export, where, base_url),
        "where": where,
        "as_of": export["data_timestamp"] or export["generated_at"],
        "excluded_total": sum(export["excluded_by_reason"].values()),
        # Relevant studies a full resync no longer found: neither listed, excluded nor withheld.
        "gone_total": max(
            0,
            export["studies_considered"]
            - export["studies_listed"]
            - sum(export["excluded_by_reason"].values())
            - export["quarantined"],
        ),
        "open_total": sum(t["open_to_enrol"] for t in export["trials"]),
        "places": finder.places(trials),
        "components": [COMPONENT_LABELS.get(c, c) for c in COMPONENT_LABELS],
        "sites_shown": SITES_SHOWN,
        "registry_sites": REGISTRY_SITES_ANCHOR,
    }


def _render_page(
    export: dict, article: Article, body: ArticleBody, limit: int, base_url: str | None
) -> str:
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
        **_context(export, limit, "page", base_url),
    )


def _render_fragment(export: dict, limit: int, base_url: str | None) -> str:
    template = environment().get_template("trials_table.html.j2")
    return template.render(
        standalone=True,
        intro=[],
        section_id="top-clinical-trials",
        section_title=f"Top clinical trials: {export['topic_title']}",
        **_context(export, limit, "fragment", base_url),
    )


def _render_list(export: dict, base_url: str | None) -> str:
    template = environment().get_template("list.html.j2")
    return template.render(
        standalone=False,
        intro=[],
        section_id="all-trials",
        section_title=f"All {len(export['trials'])} listed trials: {export['topic_title']}",
        **_context(export, max(1, len(export["trials"])), "list", base_url),
    )


def _base_url(export: dict, base_url: str | None) -> str | None:
    if base_url is None:
        base_url = topic_site_settings(export["topic"]).get("base_url") or None
    return base_url


def site_paths(export: dict, article: Article, site_dir: Path) -> dict[str, Path]:
    """Return where write_site puts the page, the fragment and the full-list page."""
    return {
        "page": site_dir / f"{article.slug}.html",
        "fragment": site_dir / "fragments" / f"{export['topic']}-top-trials.html",
        "list": site_dir / "top-trials" / f"{export['topic']}.html",
    }


def write_site(
    export: dict,
    article: Article,
    site_dir: Path,
    limit: int = 10,
    base_url: str | None = None,
    validated: bool = False,
) -> dict[str, Path]:
    """Validate (unless the caller has: `validated`), render the page, fragment and full list,
    then write each atomically."""
    if not validated:
        validate_export(export)
    body = article.body()
    check_anchors(export, body)
    base_url = _base_url(export, base_url)
    # Render everything before writing anything: a failure leaves the published files as they were.
    texts = {
        "page": _render_page(export, article, body, limit, base_url),
        "fragment": _render_fragment(export, limit, base_url),
        "list": _render_list(export, base_url),
    }
    paths = site_paths(export, article, site_dir)
    for key, path in paths.items():
        write_atomic(path, texts[key])
    return paths
