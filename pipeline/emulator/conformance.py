"""Schemathesis (PyPI) against the emulator with the official spec: `make conformance`.

Starts the emulator over the bundled corpus on 127.0.0.1, runs `schemathesis run` on
corpus/spec/ctg-oas-v2.0.5.yaml with a fixed seed, positive and negative data, and the checks
below, then prints one summary line (operations, cases, failures, seconds). Exit status:
schemathesis's, or 1 when a feature the emulator does not do is not answered with its 400.

The spec handed to Schemathesis (a temporary file, the official one untouched) narrows only
what a real API answer justifies, each narrowing with its answer in `narrowed_spec`; response
schemas, status codes and content types are the official ones. The emulator's declared gaps
(README "Not emulated") are no narrowing of the API: they are left out of the generated data
and checked here to be each a 400 that says so.
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

import requests
import yaml

from pipeline.emulator.api import UNSUPPORTED, sort_names
from pipeline.emulator.pieces import iter_nodes
from pipeline.emulator.server import DEFAULT_CORPUS, Emulator

SPEC_PATH = DEFAULT_CORPUS / "spec" / "ctg-oas-v2.0.5.yaml"
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "positive_data_acceptance",
    "negative_data_rejection",
    "unsupported_method",
    "allow_header_conformance",
)
UNSUPPORTED_FORMATS = ("json.zip", "fhir.json", "ris")
# Essie expressions as the site's search-expression pages and the spec's own examples write them:
# every operator, handed to Schemathesis beside the generated words.
DOCUMENTED_EXPRESSIONS = (
    "lung cancer",
    "(head OR neck) AND pain",
    "heart attack OR stroke",
    "heart attack AND stroke",
    "bethesda NOT maryland",
    '"back pain"',
    "(acetaminophen OR aspirin) AND NOT (heart failure OR heart attack)",
    "COVERAGE[FullMatch]pain",
    "COVERAGE[StartsWith]heart",
    "EXPANSION[None]pain",
    'EXPANSION[Concept]"heart attack"',
    "EXPANSION[Lossy]heart disease",
    "AREA[InterventionName]aspirin",
    "AREA[StartDate]2022",
    "AREA[ResultsFirstPostDate]MISSING",
    "AREA[ResultsFirstPostDate]RANGE[01/01/2015, MAX]",
    "AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]",
    "AREA[MinimumAge]RANGE[MIN, 16 years] AND AREA[MaximumAge]RANGE[16 years, MAX]",
    "SEARCH[Location](AREA[LocationCity]Portland AND AREA[LocationState]Maine)",
    "TILT[StudyFirstPostDate]prostate cancer",
    "ALL",
)


def _parameters(spec: dict, path: str) -> list[dict]:
    return spec["paths"][path]["get"].get("parameters", [])


def handed_spec(spec: dict) -> dict:
    """Return the official spec as both runs get it: the emulator's gaps out, lists non-empty.

    The negative run takes it as it is: data that breaks it is data the API rejects."""
    spec = copy.deepcopy(spec)
    for operation in spec["paths"].values():
        get = operation["get"]
        # A pageToken is a token the server issued: a made-up one is a 400 on the real API.
        left_out = UNSUPPORTED | {"pageToken"}
        get["parameters"] = [p for p in get.get("parameters", []) if p["name"] not in left_out]
        for parameter in get["parameters"]:
            schema = parameter["schema"]
            if parameter["name"] == "format":
                schema["enum"] = [v for v in schema["enum"] if v not in UNSUPPORTED_FORMATS]
            # A pipeDelimited list has no empty form in OpenAPI (its style table: n/a), so
            # `name=` is one empty item, which no item schema of the spec takes; Schemathesis
            # writes an empty list that way, so a list has at least one item.
            if parameter.get("style") == "pipeDelimited":
                schema["minItems"] = max(1, schema.get("minItems", 0))
                schema.pop("default", None)
    # The spec documents format=csv on /studies but only an application/json 200 there;
    # /studies/{nctId} declares text/csv (StudiesCsv): the same is declared for /studies.
    content = spec["paths"]["/studies"]["get"]["responses"]["200"]["content"]
    content["text/csv"] = {"schema": {"$ref": "#/components/schemas/StudiesCsv"}}
    return spec


def narrowed_spec(spec: dict) -> dict:
    """Return the handed spec with its values narrowed to what the real API accepts.

    The positive run takes it: every narrowing says which real API answer justifies it."""
    spec = handed_spec(spec)
    pieces = sorted({node["piece"] for _, node in iter_nodes()})
    keys = sorted(sort_names())
    sort_items = [*keys, *(f"{n}:{d}" for n in keys for d in ("asc", "desc"))]
    for path in ("/studies", "/studies/{nctId}"):
        for parameter in _parameters(spec, path):
            schema = parameter["schema"]
            # `fields` items match a name pattern, but the real API answers 400 to a name that is
            # no field of /studies/metadata (JSON) or no CSV column (format=csv): piece names
            # are the names both take.
            if parameter["name"] == "fields":
                schema["items"] = {"type": "string", "enum": pieces}
            # The spec: "only date and numeric fields are allowed for sorting"; the real API
            # answers another name with a 400. Every date and numeric piece, alt name and
            # field path is here.
            if parameter["name"] == "sort":
                schema["items"] = {"type": "string", "enum": sort_items}
            # Essie: the real API answers a syntax error (a stray parenthesis, quote or
            # bracket) with a 400, so generated expressions are words, digits, spaces and
            # hyphens, beside every documented operator expression.
            if parameter["name"].startswith(("query.", "filter.advanced", "postFilter.advanced")):
                words = {"type": "string", "pattern": "^[A-Za-z0-9 -]*$"}
                parameter["schema"] = {"anyOf": [words, {"enum": list(DOCUMENTED_EXPRESSIONS)}]}
    return spec


def gaps_answered(base_url: str) -> tuple[int, list[str]]:
    """Return how many not-emulated features were asked, and those not answered with their 400."""
    asks = [("/studies", {name: "x"}) for name in sorted(UNSUPPORTED)]
    asks += [("/studies/NCT04839783", {"format": f}) for f in UNSUPPORTED_FORMATS]
    wrong = []
    for path, params in asks:
        response = requests.get(base_url + path, params=params, timeout=30)
        if response.status_code != 400 or "not supported" not in response.text:
            wrong.append(f"{path} {params}: {response.status_code} {response.text[:80]!r}")
    return len(asks), wrong


def run(seed: int, max_examples: int, report: Path | None) -> int:
    """Run Schemathesis against a fresh emulator; print the summary; return its exit status."""
    official = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    runs = {"positive": narrowed_spec(official), "negative": handed_spec(official)}
    outputs, codes, requests_seen, seconds = [], [], 0, 0.0
    with tempfile.TemporaryDirectory() as tmp, Emulator(DEFAULT_CORPUS) as emu:
        gaps, wrong = gaps_answered(emu.base_url)
        for mode, spec in runs.items():
            emu.reset_log()
            spec_file = Path(tmp) / f"{mode}.json"
            spec_file.write_text(json.dumps(spec), encoding="utf-8")
            report_file = Path(tmp) / f"{mode}.ndjson"
            if report is not None:
                report_file = report.with_name(f"{report.stem}-{mode}{report.suffix}")
            command = [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                str(spec_file),
                "--url",
                emu.base_url,
                "--checks",
                ",".join(CHECKS),
                "--mode",
                mode,
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
            seconds += time.monotonic() - start
            print(f"--- {mode} data ---")
            print(done.stdout[-6000:], end="")
            print(done.stderr[-2000:], end="", file=sys.stderr)
            outputs.append(done.stdout)
            codes.append(done.returncode)
            requests_seen += len(emu.request_log)
    for line in wrong:
        print(f"not emulated, but not answered with its 400: {line}", file=sys.stderr)
    print(summary(outputs, requests_seen, seconds, seed), f"{gaps - len(wrong)}/{gaps}", end=" ")
    print("not-emulated features answered with their 400")
    return next((code for code in codes if code), 1 if wrong else 0)


def summary(outputs: list[str], requests: int, seconds: float, seed: int) -> str:
    """Return the one-line summary of the runs from Schemathesis's closing lines."""

    def total(pattern: str) -> int:
        return sum(int(m.group(1)) for out in outputs if (m := re.search(pattern, out)))

    tested = [int(m.group(1)) for out in outputs if (m := re.search(r"Tested: (\d+)", out))]
    generated = total(r"(\d+) generated")
    failures = total(r"found (\d+) unique failures?")
    return (
        f"conformance: seed {seed}; {max(tested, default=0)} operations; positive and negative "
        f"data; {generated} cases generated; {requests} requests answered by the emulator; "
        f"{failures} failures; {seconds:.0f} s;"
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
