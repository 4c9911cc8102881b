"""Human-readable run summaries (Prefect artifact markdown and CLI text).

Record-derived text (ids, statuses, titles, check rows, the API's dataTimestamp) is made safe for
where it goes: `text.terminal_text` for the terminal, `text.markdown_cell` / `text.markdown_code`
for Prefect's Markdown and table artifacts (no HTML, image or link can come from a record).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.core.kinds import Outcome
from pipeline.core.text import markdown_cell, markdown_code, terminal_text


def _count(value: int | None) -> str:
    return "n/a" if value is None else f"{value:,}"


def fetch_lines(summary: dict) -> list[str]:
    """Return one line per fetched query: distinct received against totalCount."""
    lines = []
    for f in summary["fetches"]:
        complete = (None, f["unique_received"], f["received"])
        mark = "" if f["total_count"] in complete else "  MISMATCH"
        # Different records with one nctId count as the records the server counted.
        shared = sorted(set(f.get("collisions") or ()))
        twice = f", {len(shared)} nctId given to more than one record" if shared else ""
        lines.append(
            f"{terminal_text(f['topic'])}/{terminal_text(f['query_id'])}: "
            f"{f['unique_received']:,} distinct studies "
            f"(totalCount {_count(f['total_count'])}, {f['received']:,} received, "
            f"{f['pages']} pages, {f['requests']} requests{twice}){mark}"
        )
    return lines


def change_lines(changes: dict, esc: Callable[[object], str] = terminal_text) -> list[str]:
    """Return one line per kind of change a run made (nothing when it changed nothing).

    Every value from the data passes `esc`: `terminal_text` (the default) for the terminal,
    `markdown_cell` for an artifact.
    """
    lines = []
    for key, label in (("new", "new"), ("changed", "changed"), ("removed", "removed")):
        if changes.get(key):
            ids = ", ".join(esc(r["nct_id"]) for r in changes[key][:10])
            more = f" and {len(changes[key]) - 10} more" if len(changes[key]) > 10 else ""
            lines.append(f"{label} studies ({len(changes[key])}): {ids}{more}")
    for c in changes.get("status_changes", []):
        lines.append(
            f"status change: {esc(c['nct_id'])} {esc(c['old_status'])} -> {esc(c['new_status'])}"
        )
    for c in changes.get("rank_changes", []):
        lines.append(
            f"rank change ({esc(c['topic'])}): {esc(c['nct_id'])} {esc(c['old_rank'] or '-')} -> "
            f"{esc(c['new_rank'] or '-')} ({esc(c['movement'])})"
        )
    return lines


def run_text(summary: dict) -> str:
    """Return a plain-text summary of a refresh or import for the terminal."""
    if summary.get("outcome") == Outcome.SKIPPED:
        return (
            f"skipped: dataTimestamp {terminal_text(summary['data_timestamp'])} is already "
            f"published in {terminal_text(summary['published'])} ({summary['requests']} request); "
            "use --force to reload"
        )
    lines = [f"data timestamp {terminal_text(summary.get('data_timestamp') or 'n/a')}"]
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
        lines.append(f"warning: check {terminal_text(name)} found {count} rows")
    lines.append(f"published {terminal_text(summary['published'])}")
    for path in summary.get("site_files", []):
        lines.append(f"wrote {terminal_text(path)}")
    if summary.get("snapshot"):
        lines.append(f"wrote the snapshot {terminal_text(summary['snapshot'])}")
    for topic, trials in summary.get("top", {}).items():
        # As the page counts: the listed trials, and the relevant ones withheld (quarantined).
        withheld = summary.get("withheld", {}).get(topic, 0)
        held = f", {withheld} withheld" if withheld else ""
        lines.append(f"top trials for {terminal_text(topic)} ({len(trials)} listed{held}):")
        for t in trials[:10]:
            lines.append(
                f"  {t['rank']:>3}. {terminal_text(t['nct_id'])}  {t['score']:6.2f}  "
                f"{terminal_text(t['status']):<24} {terminal_text(t['title'])[:60]}"
            )
    return "\n".join(lines)


def skip_markdown(summary: dict) -> str:
    """Return the markdown artifact of a run skipped because the data was unchanged."""
    return (
        f"# Refresh {markdown_cell(summary['run_id'])}: skipped\n\n"
        f"dataTimestamp {markdown_code(summary['data_timestamp'])} is already published in "
        f"{markdown_code(summary['published'])}; {summary['requests']} request made, "
        "outputs untouched.\n"
    )


def changes_markdown(changes: dict) -> list[str]:
    """Return the 'what changed since the last run' section of a run artifact."""
    out = ["## Changes since the last run", ""]
    lines = change_lines(changes, esc=markdown_cell)
    out += [f"- {line}" for line in lines] if lines else ["No study, status or rank changed."]
    return out


def run_markdown(summary: dict) -> str:
    """Return the run summary as markdown for a Prefect artifact."""
    out = [
        f"# Refresh {markdown_cell(summary['run_id'])}",
        "",
        f"- API: {markdown_code(summary['base_url'])}, "
        f"dataTimestamp {markdown_code(summary['data_timestamp'])}",
        f"- Mode: {markdown_cell(summary['mode'])}; HTTP requests: {summary['requests']}",
        f"- Published: {markdown_code(summary['published'])}",
        "",
        "| query | distinct | totalCount | received | pages | requests |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for f in summary["fetches"]:
        out.append(
            f"| {markdown_cell(f['topic'])}/{markdown_cell(f['query_id'])} | "
            f"{f['unique_received']} | {_count(f['total_count'])} | {f['received']} | "
            f"{f['pages']} | {f['requests']} |"
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
    out += [f"| {markdown_cell(name)} | {count} |" for name, count in summary["tables"].items()]
    out += [""] + changes_markdown(summary.get("changes", {}))
    if summary["warnings"]:
        out += ["", "## Warnings (not blocking)", ""]
        for name, rows in summary["warnings"].items():
            out.append(
                f"- {markdown_code(name)}: {len(rows)} rows, e.g. {markdown_cell(str(rows[:5]))}"
            )
    return "\n".join(out) + "\n"


def top_trials_table(doc: dict, limit: int) -> list[dict]:
    """Return the rows of a topic's top-trials table artifact: the first `limit` trials of an
    export document, with rank, nct_id, score, status, title and reasons (joined by '; ').

    Prefect's UI renders every string cell of a table artifact as Markdown with raw HTML
    allowed (see `pipeline.core.text`), so each text cell passes `markdown_cell`: a record's
    <img>, <svg>, link or URL is shown as text. Rank and score stay numbers.
    """
    return [
        {
            "rank": t["rank"],
            "nct_id": markdown_cell(t["nct_id"]),
            "score": t["score"],
            "status": markdown_cell(t["status"]),
            "title": markdown_cell(t["title"]),
            "reasons": markdown_cell("; ".join(t["reasons"])),
        }
        for t in doc["trials"][:limit]
    ]
