"""Seeded property-based test: hostile variants of real records never stop a run (issue 10).

Every generated record is SYNTHETIC: a real corpus record (tests/realdata.py) changed in code by a
grammar of hostile edits (bad and odd ids, unknown enums, wrong types, lists for objects and back,
missing modules, NUL/ESC/RTL characters, 1 MB strings, future, partial and garbage dates, odd
enrollment, formula-leading strings, HTML and script). Each example serves a batch of them with
the clean corpus from the emulator and loads the same batch with `trials import`, then checks:
the run publishes; every clean relevant trial is listed; every mutated record that landed is
listed (rendered safely), quarantined with a reason, or excluded as not relevant; the outputs
validate; the next run publishes.

`make test` runs FUZZ_EXAMPLES (default 3) examples of FUZZ_BATCH (default 50) records: 150
records; `make fuzz` runs thousands. The seed is fixed (FUZZ_SEED), so a failure reproduces.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from realdata import corpus_records

from pipeline.emulator import Emulator
from pipeline.jobs import run
from pipeline.publish.export import export_paths, v2_path
from pipeline.publish.export_validation import validate_export

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
BATCH = int(os.environ.get("FUZZ_BATCH", "50"))
SEED = int(os.environ.get("FUZZ_SEED", "20261126"))
NEXT_TIMESTAMP = "2026-11-25T09:00:03"

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_TEXT = [
    "\x00\x1b[2J<script>alert(1)</script>=1+1", "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\u202eevil\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd", "\x9b31m", "\r", "a\rb", "a\nb",
    "=HYPERLINK(\"https://evil.example\")", "+1+1", "-2", "@SUM(A1)",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "https://evil.example", "&amp;&lt;", "'); drop table studies; --", "",
]  # fmt: skip
ODD_IDS = [123, "", None, ["NCT00000001"], {"id": 1}, "NCT123", "../../etc/passwd",
           "NCT0<script>", "nct01234567", "NCT012345678", "NCT\u0661\u0662\u0663\u0664\u0665"
           "\u0666\u0667\u0668", "NCT01234567\x00", "NCT 1234567"]  # fmt: skip
ENUM_PATHS = [
    ("statusModule", "overallStatus"),
    ("designModule", "studyType"),
    ("designModule", "enrollmentInfo", "type"),
    ("sponsorCollaboratorsModule", "leadSponsor", "class"),
    ("eligibilityModule", "sex"),
]
TEXT_PATHS = [
    ("identificationModule", "briefTitle"),
    ("identificationModule", "acronym"),
    ("identificationModule", "officialTitle"),
    ("sponsorCollaboratorsModule", "leadSponsor", "name"),
    ("descriptionModule", "briefSummary"),
]
DATE_PATHS = [
    ("statusModule", "lastUpdatePostDateStruct", "date"),
    ("statusModule", "startDateStruct", "date"),
    ("statusModule", "completionDateStruct", "date"),
]
MODULES = ["identificationModule", "statusModule", "sponsorCollaboratorsModule",
           "descriptionModule", "conditionsModule", "designModule", "armsInterventionsModule",
           "outcomesModule", "eligibilityModule", "contactsLocationsModule"]  # fmt: skip
ODD_VALUES = [None, 0, -1, 1.5, True, [], {}, ["x"], {"a": 1}, "x"]
DATES = ["2099-01-01", "2019", "2019-13", "2019-02-30", "yesterday", "", "0000-00-00",
         "99999-01-01", 20190101, None]  # fmt: skip
ENROLLMENT = [-5, -1, 0, 10**20, "12", "many", 1.5, None, [], {"n": 1}]
ONE_MB = "x" * (1 << 20)


def put(obj: dict, path: tuple, value) -> None:
    """Set a nested key, creating objects on the way (replacing non-objects)."""
    for key in path[:-1]:
        if not isinstance(obj.get(key), dict):
            obj[key] = {}
        obj = obj[key]
    obj[path[-1]] = value


@dataclass
class Mutant:
    record: object
    edits: list[str]

    def __repr__(self) -> str:  # Hypothesis prints failing examples: keep them readable
        return f"Mutant(id={record_id(self.record)!r}, edits={self.edits})"


@st.composite
def mutants(draw, sources: list[dict], serial: int) -> Mutant:
    """One SYNTHETIC hostile record: a real record with 1-4 hostile edits."""
    record = copy.deepcopy(draw(st.sampled_from(sources)))
    protocol = record.setdefault("protocolSection", {})
    put(protocol, ("identificationModule", "nctId"), f"NCT98{serial:06d}")
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(
            # Hypothesis starts from the simplest example (the first choice everywhere): a
            # hostile text in a record that keeps its id, so even that one lands and ranks.
            ["text", "id", "enum", "type", "list", "unlist", "drop", "big", "date",
             "enrollment", "condition", "location", "phase", "intervention", "whole"]
        ))  # fmt: skip
        edits.append(kind)
        if kind == "id":
            put(protocol, ("identificationModule", "nctId"), draw(st.sampled_from(ODD_IDS)))
        elif kind == "enum":
            value = draw(st.sampled_from(["MAYBE", "recruiting", "", "PHASE9", "X" * 300]))
            put(protocol, draw(st.sampled_from(ENUM_PATHS)), value)
        elif kind == "type":
            path = draw(st.sampled_from(ENUM_PATHS + TEXT_PATHS + DATE_PATHS))
            put(protocol, path, draw(st.sampled_from(ODD_VALUES)))
        elif kind == "list":  # an object given as a list
            module = draw(st.sampled_from(MODULES))
            protocol[module] = [protocol.get(module, {})]
        elif kind == "unlist":  # a list given as its first element, or as a string
            path = draw(st.sampled_from([("conditionsModule", "conditions"),
                                         ("designModule", "phases"),
                                         ("conditionsModule", "keywords")]))  # fmt: skip
            put(protocol, path, draw(st.sampled_from(["Leg cramps", {"x": 1}, 7])))
        elif kind == "drop":
            protocol.pop(draw(st.sampled_from(MODULES)), None)
        elif kind == "text":
            path = draw(st.sampled_from(TEXT_PATHS))
            put(protocol, path, draw(st.sampled_from(HOSTILE_TEXT)) + " cramps")
        elif kind == "big":
            put(protocol, draw(st.sampled_from(TEXT_PATHS)), ONE_MB)
        elif kind == "date":
            put(protocol, draw(st.sampled_from(DATE_PATHS)), draw(st.sampled_from(DATES)))
        elif kind == "enrollment":
            put(protocol, ("designModule", "enrollmentInfo", "count"),
                draw(st.sampled_from(ENROLLMENT)))  # fmt: skip
        elif kind == "condition":
            extra = draw(st.lists(st.sampled_from(HOSTILE_TEXT), min_size=1, max_size=3))
            put(protocol, ("conditionsModule", "conditions"), ["Leg cramps", *extra])
        elif kind == "location":
            text = draw(st.sampled_from(HOSTILE_TEXT))
            put(protocol, ("contactsLocationsModule", "locations"),
                [{"facility": text, "city": text, "country": text},
                 {"facility": "Site",
                  "country": draw(st.sampled_from(["", "US", None, 5]))}])  # fmt: skip
        elif kind == "phase":
            put(protocol, ("designModule", "phases"),
                draw(st.lists(st.sampled_from(["PHASE2", "PHASE9", "", None]),
                              max_size=3)))  # fmt: skip
        elif kind == "intervention":
            put(protocol, ("armsInterventionsModule", "interventions"),
                [{"type": draw(st.sampled_from(["DRUG", "MAGIC", "", None, 3])),
                  "name": draw(st.sampled_from(HOSTILE_TEXT))}])  # fmt: skip
        elif kind == "whole":  # not an object at all
            return Mutant(draw(st.sampled_from([["a list"], "a string", 7, None])), edits)
    return Mutant(record, edits)


@st.composite
def batches(draw, sources: list[dict]) -> list[Mutant]:
    return [draw(mutants(sources, i)) for i in range(BATCH)]


def record_id(record) -> str | None:
    try:
        value = record["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError, IndexError):
        return None
    return value if isinstance(value, str) else None


def sources() -> list[dict]:
    """Real records the topic queries find (so mutants reach the ranking), plus a few others."""
    records = list(corpus_records().values())
    text = [json.dumps(r).lower() for r in records]
    about = [r for r, t in zip(records, text, strict=True) if "cramp" in t]
    return about + records[:10]


SOURCES = sources()


def check_site(site_dir: Path) -> dict:
    """Every output validates and is safe to render; return the export."""
    _, csv_path = export_paths(site_dir, "leg-cramps")
    doc = json.loads(v2_path(site_dir, "leg-cramps").read_text())
    validate_export(doc)
    for text in strings(doc):
        assert not CONTROL.search(text), text[:80]
    with csv_path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(doc["trials"]) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA) or re.fullmatch(r"-?\d+(\.\d+)?", cell), cell
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert not CONTROL.search(html), page
    return doc


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def landed_outcomes(path: Path, ids: set[str]) -> dict[str, str]:
    """Per landed mutant id: listed, quarantined, excluded (not relevant), or unranked."""
    with duckdb.connect(str(path), read_only=True) as con:
        listed = {r[0] for r in con.execute(
            "select nct_id from raw_rankings where topic = 'leg-cramps' and run_id ="
            " (select arg_max(run_id, ranked_at) from raw_rankings)").fetchall()}  # fmt: skip
        quarantined = {r[0] for r in con.execute("select nct_id from quarantine").fetchall()}
        excluded = {r[0] for r in con.execute(
            "select nct_id from study_relevance where topic = 'leg-cramps'"
            " and (tier = 'excluded' or removed_from_topic)").fetchall()}  # fmt: skip
        landed = {r[0] for r in con.execute("select nct_id from study_records").fetchall()}
        # Whatever has no NCT number (no id, not an object, an odd id) is quarantined.
        odd = con.execute(
            "select nct_id from study_records where not regexp_full_match(nct_id, 'NCT[0-9]{8}')"
            " and nct_id not in (select nct_id from quarantine)"
        ).fetchall()
    assert odd == []
    out = {}
    for nct_id in ids & landed:
        if nct_id in listed:
            out[nct_id] = "listed"
        elif nct_id in quarantined:
            out[nct_id] = "quarantined"
        elif nct_id in excluded:
            out[nct_id] = "excluded"
        else:
            out[nct_id] = "unaccounted"
    return out


@pytest.fixture(scope="module")
def clean_list(tmp_path_factory, corpus_studies) -> set[str]:
    """The leg-cramps list of the clean corpus."""
    tmp = tmp_path_factory.mktemp("fuzz-clean")
    with Emulator(corpus_studies) as emu:
        run.refresh_run(options(emu, tmp))
    return {t["nct_id"] for t in check_site(tmp / "site")["trials"]}


def options(emu, tmp: Path, **kw) -> run.RefreshOptions:
    kw.setdefault("build_dashboard", False)
    kw.setdefault("build_snapshot", False)
    return run.RefreshOptions(
        db_path=tmp / "trials.duckdb", data_dir=tmp, base_url=emu.base_url, min_interval=0,
        backoff=0, max_attempts=2, **kw,
    )  # fmt: skip


FIGURES = {"examples": 0, "records": 0, "landed": 0, "listed": 0, "quarantined": 0,
           "excluded": 0}  # fmt: skip


@pytest.mark.fuzz
@seed(SEED)
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(batch=batches(SOURCES))
def test_hostile_records_never_stop_a_run(batch, clean_list, corpus_studies):
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        records = [m.record for m in batch]
        ids = {i for i in map(record_id, records) if i}
        with Emulator(corpus_studies) as emu:
            for record in records:
                emu.put_study(record)
            # The dashboard (a child process per render) is drawn in every tenth example.
            dashboard = FIGURES["examples"] % 10 == 0
            result = run.refresh_run(options(emu, tmp, build_dashboard=dashboard))
            assert result.outcome == "published"
            if dashboard:
                html = (tmp / "site" / "dashboard.html").read_text(encoding="utf-8")
                assert not CONTROL.search(html) and "<script>alert" not in html
            doc = check_site(tmp / "site")
            listed = {t["nct_id"] for t in doc["trials"]}
            assert clean_list <= listed  # every clean relevant trial is still listed
            outcomes = landed_outcomes(tmp / "trials.duckdb", ids)
            assert "unaccounted" not in outcomes.values(), outcomes
            # The next run publishes too.
            emu.data_timestamp = NEXT_TIMESTAMP
            assert run.refresh_run(options(emu, tmp, full=True)).outcome == "published"
            check_site(tmp / "site")
        # The same batch through `trials import`.
        from trials import main

        path = tmp / "batch.json"
        path.write_text(json.dumps(records))
        imported = tmp / "imported.duckdb"
        assert main(["import", "--db", str(imported), str(path)]) == 0
        with duckdb.connect(str(imported), read_only=True) as con:
            stored = con.execute("select count(*) from raw_studies").fetchone()[0]
            leaked = con.execute(
                "select t.nct_id, q.reason_code, q.content_hash, s.content_hash"
                " from top_trials as t join quarantine as q using (nct_id)"
                " join study_records as s using (nct_id)"
            ).fetchall()
        assert stored >= len(ids) and leaked == []
    FIGURES["examples"] += 1
    FIGURES["records"] += len(records)
    FIGURES["landed"] += len(outcomes)
    for value in outcomes.values():
        FIGURES[value] += 1


def test_fuzz_figures():
    """Runs after the property test (file order) and prints what it covered."""
    if FIGURES["examples"]:
        print("\nfuzz:", ", ".join(f"{k} {v:,}" for k, v in FIGURES.items()))
        assert FIGURES["records"] >= EXAMPLES * BATCH
