"""The examples at the end of each `trials` command's --help, built only when help is printed."""

from __future__ import annotations

import argparse

from pipeline.config.topics import TopicError

# --help epilogs: a few examples per subcommand; {topic} is a topic of the topics folder.
EXAMPLES = {
    "trials": [
        "trials demo                               # everything, against the local emulator",
        "trials top --explain                      # the ranked list and why",
        "trials query --list                       # the analysts' query library",
        "trials refresh                            # the live API (the nightly job)",
        "trials COMMAND --help                     # each command's options and examples",
    ],
    "refresh": [
        "trials refresh                            # every ranked topic from the live API",
        "trials refresh --full --force             # full resync even if the data is loaded",
        "trials refresh --rebuild --force          # every table rebuilt from raw",
        "trials refresh --data-dir /srv/trials --topic {topic}",
    ],
    "demo": [
        "trials demo                               # the nightly flow against the local emulator",
        "trials demo --data-dir /tmp/demo --no-progress",
        "trials -v demo                            # with retries, Prefect logs and tracebacks",
    ],
    "import": [
        "trials import --db data/trials.duckdb ctg-studies.json",
        "trials import --db /tmp/x.duckdb page-1.json page-2.json NCT00184067.json",
        "trials import --db data/trials.duckdb --list        # batches, what each still holds",
        "trials import --db data/trials.duckdb --remove import-20261126T101500123456Z-1a2b",
    ],
    "top": [
        "trials top --explain                      # reasons and score components",
        "trials top --format json --limit 3",
        "trials top --db /tmp/demo/trials.duckdb --topic {topic}",
    ],
    "query": [
        "trials query                              # the library: names and what each answers",
        "trials query open_trials_by_country",
        "trials query results_posted --format csv > results.csv",
    ],
    "dashboard": [
        "trials dashboard                          # data/site/dashboard.html",
        "trials dashboard --db /tmp/demo/trials.duckdb --out /tmp/dashboard.html",
    ],
    "snapshot": [
        "trials snapshot --out /srv/aact/snapshot  # Parquet + pipe-delimited zip + manifest",
        "trials snapshot --db /tmp/demo/trials.duckdb --out /tmp/snapshot",
    ],
    "emulator": [
        "trials emulator --port 8000               # the bundled corpus on 127.0.0.1:8000",
        "trials emulator --port 0 --corpus corpus/",
    ],
    "serve": [
        "prefect server start &                    # a server that outlives this process",
        "export PREFECT_API_URL=http://127.0.0.1:4200/api",
        "trials serve --cron '30 15 * * 1-5'",
    ],
}


def _example_topic() -> str:
    """A ranked topic of the topics folder to show in examples; SLUG if none loads."""
    from pipeline.config.topics import ranked_topics

    try:
        return ranked_topics()[0].slug
    except TopicError:
        return "SLUG"


def examples_text(command: str) -> str:
    """Return the `examples:` epilog of a command (the top-level one is "trials")."""
    lines = EXAMPLES[command]
    # The topic comes from reading every topic file: only for examples that show one.
    topic = _example_topic() if any("{topic}" in line for line in lines) else ""
    return "examples:\n" + "\n".join(f"  {line.format(topic=topic)}" for line in lines)


class Examples:
    """The epilog of a command's parser; its text is built by HelpFormatter, not at start-up."""

    def __init__(self, command: str) -> None:
        self.command = command


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """RawDescriptionHelpFormatter that builds an Examples epilog when help is printed."""

    def add_text(self, text: str | Examples | None) -> None:
        if isinstance(text, Examples):
            text = examples_text(text.command)
        super().add_text(text)
