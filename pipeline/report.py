"""Human-readable run summaries (Prefect artifact markdown and CLI text)."""

from __future__ import annotations


def _count(value: int | None) -> str:
    return "n/a" if value is None else f"{value:,}"


def fetch_lines(summary: dict) -> list[str]:
    """Return one line per fetched query: distinct received against totalCount."""
    lines = []
    for f in summary["fetches"]:
        mark = "" if f["total_count"] in (None, f["unique_received"]) else "  MISMATCH"
        lines.append(
            f"{f['topic']}/{f['query_id']}: {f['unique_received']:,} distinct studies "
            f"(totalCount {_count(f['total_count'])}, {f['received']:,} received, "
            f"{f['pages']} pages, {f['requests']} requests){mark}"
        )
    return lines


def run_text(summary: dict) -> str:
    """Return a plain-text summary of a refresh or import for the terminal."""
    lines = [f"data timestamp {summary.get('data_timestamp') or 'n/a'}"]
    lines += fetch_lines(summary) if summary.get("fetches") else []
    landed = summary["landed"]
    lines.append(
        f"landed {landed['received']:,} records: {landed['new']:,} new, "
        f"{landed['changed']:,} changed, {landed['unchanged']:,} unchanged"
    )
    lines.append(
        "tables: " + ", ".join(f"{name} {count:,}" for name, count in summary["tables"].items())
    )
    for name, rows in summary.get("warnings", {}).items():
        count = rows if isinstance(rows, int) else len(rows)
        lines.append(f"warning: check {name} found {count} rows")
    lines.append(f"published {summary['published']}")
    for path in summary.get("site_files", []):
        lines.append(f"wrote {path}")
    for topic, trials in summary.get("top", {}).items():
        lines.append(f"top trials for {topic} ({len(trials)} relevant):")
        for t in trials[:10]:
            lines.append(
                f"  {t['rank']:>3}. {t['nct_id']}  {t['score']:6.2f}  {t['status']:<24} "
                f"{(t['title'] or '')[:60]}"
            )
    return "\n".join(lines)


def run_markdown(summary: dict) -> str:
    """Return the run summary as markdown for a Prefect artifact."""
    out = [
        f"# Refresh {summary['run_id']}",
        "",
        f"- API: `{summary['base_url']}`, dataTimestamp `{summary['data_timestamp']}`",
        f"- HTTP requests: {summary['requests']}",
        f"- Published: `{summary['published']}`",
        "",
        "| query | distinct | totalCount | received | pages | requests |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for f in summary["fetches"]:
        out.append(
            f"| {f['topic']}/{f['query_id']} | {f['unique_received']} | "
            f"{_count(f['total_count'])} | {f['received']} | {f['pages']} | {f['requests']} |"
        )
    landed = summary["landed"]
    out += [
        "",
        f"Landed {landed['received']} records: {landed['new']} new, {landed['changed']} changed, "
        f"{landed['unchanged']} unchanged.",
        "",
        "| table | rows |",
        "|---|---:|",
    ]
    out += [f"| {name} | {count} |" for name, count in summary["tables"].items()]
    if summary["warnings"]:
        out += ["", "## Warnings (not blocking)", ""]
        for name, rows in summary["warnings"].items():
            out.append(f"- `{name}`: {len(rows)} rows, e.g. {rows[:5]}")
    return "\n".join(out) + "\n"
