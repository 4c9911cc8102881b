"""Schemathesis (PyPI) against the emulator with the official spec: `make conformance`.

Starts the emulator over the bundled corpus on 127.0.0.1, runs `schemathesis run` on
corpus/spec/ctg-oas-v2.0.5.yaml with a fixed seed, positive data only, and the checks
response-schema, status-code and content-type conformance and positive-data acceptance, then
prints one summary line (operations, cases, failures, seconds). Exit status: schemathesis's.

The spec's parameter schemas are looser than the API they describe: `fields` and `sort` items
are any name matching a pattern, though only names of /studies/metadata exist (the real API
answers 400 to others); `filter.ids` items must be NCT ids of existing studies to find any;
query.* strings are Essie expressions. So that positive data means what the API accepts, the
spec handed to Schemathesis narrows those schemas (written to a temporary file, the official
file untouched): `fields` and `sort` items to enums of real names, stats `fields` to real
field names, query.* and *.advanced to words, digits, spaces and hyphens (an Essie syntax error
is a 400). Nothing else changes: response schemas, status codes and content types are the
official ones.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from pipeline.emulator.api import UNSUPPORTED
from pipeline.emulator.catalog import _leaf_fields, _list_fields
from pipeline.emulator.pieces import DATE_PIECES, NUMERIC_PIECES, iter_nodes
from pipeline.emulator.server import DEFAULT_CORPUS, Emulator

SPEC_PATH = DEFAULT_CORPUS / "spec" / "ctg-oas-v2.0.5.yaml"
CHECKS = (
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "positive_data_acceptance",
)


def narrowed_spec(spec: dict) -> dict:
    """Return the spec with name-list parameters limited to names the API knows."""
    spec = copy.deepcopy(spec)
    pieces = sorted({node["piece"] for _, node in iter_nodes()})
    sortable = sorted(DATE_PIECES | NUMERIC_PIECES)
    sort_items = ["@relevance", *sortable, *(f"{p}:{d}" for p in sortable for d in ("asc", "desc"))]
    names = {
        ("/studies", "fields"): pieces,
        ("/studies/{nctId}", "fields"): pieces,
        ("/studies", "sort"): sort_items,
        ("/stats/field/values", "fields"): sorted({p for _, p, _, _ in _leaf_fields()}),
        ("/stats/field/sizes", "fields"): sorted({p for _, p, _ in _list_fields()}),
    }
    for (path, name), values in names.items():
        for parameter in spec["paths"][path]["get"].get("parameters", []):
            if parameter["name"] == name:
                parameter["schema"]["items"] = {"type": "string", "enum": values}
    # Essie expressions: a syntax error (a stray parenthesis or quote) is a 400, so generated
    # expressions are words, digits, spaces and hyphens (symbol-only `-` included).
    for parameter in spec["paths"]["/studies"]["get"]["parameters"]:
        if parameter["name"].startswith(("query.", "filter.advanced", "postFilter.advanced")):
            parameter["schema"] = {"type": "string", "pattern": "^[A-Za-z0-9 -]*$"}
    # What the emulator does not do (its README lists it; it answers 400 saying so) is left
    # out, so that positive data is data the emulator claims to handle.
    for operation in spec["paths"].values():
        get = operation["get"]
        # A pageToken is a token the server issued: made-up ones are 400 on the real API too.
        left_out = UNSUPPORTED | {"pageToken"}
        get["parameters"] = [p for p in get.get("parameters", []) if p["name"] not in left_out]
        for parameter in get["parameters"]:
            if parameter["name"] == "format":
                parameter["schema"]["enum"] = ["csv", "json"]
    # The spec documents format=csv on /studies but only an application/json 200 there;
    # /studies/{nctId} declares text/csv (StudiesCsv): the same is declared for /studies.
    content = spec["paths"]["/studies"]["get"]["responses"]["200"]["content"]
    content["text/csv"] = {"schema": {"$ref": "#/components/schemas/StudiesCsv"}}
    return spec


def run(seed: int, max_examples: int, report: Path | None) -> int:
    """Run Schemathesis against a fresh emulator; print the summary; return its exit status."""
    spec = narrowed_spec(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp, Emulator(DEFAULT_CORPUS) as emu:
        spec_file = Path(tmp) / "spec.json"
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        report_file = report or Path(tmp) / "report.ndjson"
        command = [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            str(spec_file),
            "--url",
            emu.base_url,
            "--checks",
            ",".join(CHECKS),
            "--mode",
            "positive",
            "--phases",
            "examples,coverage,fuzzing",
            "--seed",
            str(seed),
            "--max-examples",
            str(max_examples),
            "--generation-database",
            "none",
            "--workers",
            "1",
            "--max-redirects",
            "0",
            "--request-timeout",
            "60",
            "--no-color",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(report_file),
        ]
        start = time.monotonic()
        # In the temporary folder: Schemathesis keeps a crash cache in its working directory.
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp)
        seconds = time.monotonic() - start
        print(done.stdout[-6000:], end="")
        print(done.stderr[-2000:], end="", file=sys.stderr)
        cases = len(emu.request_log)
    print(summary(done.stdout, cases, seconds, seed))
    return done.returncode


def summary(output: str, requests: int, seconds: float, seed: int) -> str:
    """Return the one-line summary of a run from Schemathesis's closing lines."""
    tested = re.search(r"Tested: (\d+)", output)
    generated = re.search(r"(\d+) generated", output)
    failures = re.search(r"found (\d+) unique failures?", output)
    return (
        f"conformance: seed {seed}; {tested.group(1) if tested else '?'} operations; "
        f"{generated.group(1) if generated else '?'} cases generated; {requests} requests "
        f"answered by the emulator; {failures.group(1) if failures else 0} failures; "
        f"{seconds:.0f} s"
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.emulator.conformance")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--max-examples", type=int, default=100, help="cases per operation")
    parser.add_argument("--report", type=Path, help="keep Schemathesis's NDJSON events here")
    args = parser.parse_args(argv)
    return run(args.seed, args.max_examples, args.report)


if __name__ == "__main__":
    sys.exit(main())
