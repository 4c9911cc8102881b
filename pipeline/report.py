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


def change_lines(changes: dict) -> list[str]:
    """Return one line per kind of change a run made (nothing when it changed nothing)."""
    lines = []
    for key, label in (("new", "new"), ("changed", "changed"), ("removed", "removed")):
        if changes.get(key):
            ids = ", ".join(r["nct_id"] for r in changes[key][:10])
            more = f" and {len(changes[key]) - 10} more" if len(changes[key]) > 10 else ""
            lines.append(f"{label} studies ({len(changes[key])}): {ids}{more}")
    for c in changes.get("status_changes", []):
        lines.append(f"status change: {c['nct_id']} {c['old_status']} -> {c['new_status']}")
    for c in changes.get("rank_changes", []):
        lines.append(
            f"rank change ({c['topic']}): {c['nct_id']} {c['old_rank'] or '-'} -> "
            f"{c['new_rank'] or '-'} ({c['movement']})"
        )
    return lines


def run_text(summary: dict) -> str:
    """Return a plain-text summary of a refresh or import for the terminal."""
    if summary.get("outcome") == "skipped":
        return (
            f"skipped: dataTimestamp {summary['data_timestamp']} is already published in "
            f"{summary['published']} ({summary['requests']} request); use --force to reload"
        )
    lines = [f"data timestamp {summary.get('data_timestamp') or 'n/a'}"]
    if summary.get("mode"):
        lines.append(f"mode {summary['mode']}, {summary['requests']} HTTP requests")
    lines += fetch_lines(summary) if summary.get("fetches") else []
    landed = summary["landed"]
    lines.append(
        f"landed {landed['received']:,} records: {landed['new']:,} new, "
        f"{landed['changed']:,} changed, {landed['unchanged']:,} unchanged"
    )
    if summary.get("removed"):
        lines.append(f"marked {summary['removed']} studies removed from their topic")
    lines += change_lines(summary.get("changes", {}))
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


def skip_markdown(summary: dict) -> str:
    """Return the markdown artifact of a run skipped because the data was unchanged."""
    return (
        f"# Refresh {summary['run_id']}: skipped\n\n"
        f"dataTimestamp `{summary['data_timestamp']}` is already published in "
        f"`{summary['published']}`; {summary['requests']} request made, outputs untouched.\n"
    )


def changes_markdown(changes: dict) -> list[str]:
    """Return the 'what changed since the last run' section of a run artifact."""
    out = ["## Changes since the last run", ""]
    lines = change_lines(changes)
    out += [f"- {line}" for line in lines] if lines else ["No study, status or rank changed."]
    return out


def run_markdown(summary: dict) -> str:
    """Return the run summary as markdown for a Prefect artifact."""
    out = [
        f"# Refresh {summary['run_id']}",
        "",
        f"- API: `{summary['base_url']}`, dataTimestamp `{summary['data_timestamp']}`",
        f"- Mode: {summary['mode']}; HTTP requests: {summary['requests']}",
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
    out += [""] + changes_markdown(summary.get("changes", {}))
    if summary["warnings"]:
        out += ["", "## Warnings (not blocking)", ""]
        for name, rows in summary["warnings"].items():
            out.append(f"- `{name}`: {len(rows)} rows, e.g. {rows[:5]}")
    return "\n".join(out) + "\n"


def top_trials_table(doc: dict, limit: int) -> list[dict]:
    """Rows of the top-trials table artifact."""
    return [
        {
            "rank": t["rank"],
            "nct_id": t["nct_id"],
            "score": t["score"],
            "status": t["status"],
            "title": t["title"],
            "reasons": "; ".join(t["reasons"]),
        }
        for t in doc["trials"][:limit]
    ]
