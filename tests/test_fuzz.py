"""Seeded property-based test: hostile variants of real records never stop a run (issues 10, 24).

Every generated record is SYNTHETIC: a real corpus record (tests/realdata.py) changed in code by a
grammar of hostile edits (bad and odd ids, unknown enums, wrong types, lists for objects and back,
missing modules, NUL/ESC/RTL characters, 1 MB strings, future, partial and garbage dates, odd
enrollment, formula-leading strings, HTML and script; and since issue 24: nesting 600 to 10,000
levels deep, a key given twice in the JSON text (nctId naming another record's id, or another
field), and 1,000 to 20,000 items in any list field). Each example serves a batch of them with
the clean corpus from the emulator and loads the same batch with `trials import`, then checks:
the run publishes; every clean relevant trial is listed (unless a record claimed its id); every
mutated record that landed is listed (rendered safely), quarantined with a reason, or excluded as
not relevant; the outputs validate; the next run publishes. A second test runs one batch twice
with the same seed and clock and compares every published byte.

`make test` runs FUZZ_EXAMPLES (default 3) examples of FUZZ_BATCH (default 50) records: 150
records; `make fuzz` runs thousands. The seed is fixed (FUZZ_SEED), so a failure reproduces.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from realdata import corpus_records

from pipeline.core import jsontext
from pipeline.emulator import Emulator
from pipeline.emulator.corpus import RawStudy
from pipeline.jobs import imports, run
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
    "https://evil.example", "&amp;&lt;", "'); drop table study_overview; --", "",
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
# Issue 24: nesting past what Python's json reads, keys given twice, huge lists.
DEPTHS = [600, 2_000, 10_000]
DEEP_PATHS = [*TEXT_PATHS, ("conditionsModule", "conditions"), ("designModule", "phases"),
              ("contactsLocationsModule", "locations"), ("descriptionModule", "x")]  # fmt: skip
# Every list field of a registry record, from the record's root: "huge" fills one with copies.
LIST_PATHS = [
    ("protocolSection", "identificationModule", "secondaryIdInfos"),
    ("protocolSection", "sponsorCollaboratorsModule", "collaborators"),
    ("protocolSection", "conditionsModule", "conditions"),
    ("protocolSection", "conditionsModule", "keywords"),
    ("protocolSection", "designModule", "phases"),
    ("protocolSection", "designModule", "designInfo", "maskingInfo", "whoMasked"),
    ("protocolSection", "armsInterventionsModule", "armGroups"),
    ("protocolSection", "armsInterventionsModule", "interventions"),
    ("protocolSection", "outcomesModule", "primaryOutcomes"),
    ("protocolSection", "outcomesModule", "secondaryOutcomes"),
    ("protocolSection", "eligibilityModule", "stdAges"),
    ("protocolSection", "contactsLocationsModule", "centralContacts"),
    ("protocolSection", "contactsLocationsModule", "overallOfficials"),
    ("protocolSection", "contactsLocationsModule", "locations"),
    ("protocolSection", "referencesModule", "references"),
    ("derivedSection", "conditionBrowseModule", "meshes"),
    ("derivedSection", "interventionBrowseModule", "meshes"),
]
# Lists of enum tokens: their copies keep the value (an index would make it unknown).
ENUM_LISTS = {"phases", "whoMasked", "stdAges"}
HUGE = [1_000, 5_000, 20_000]
# A key given twice: (module, key) and the values the second one may carry.
DUPLICATE_KEYS = [
    (("identificationModule",), "briefTitle", HOSTILE_TEXT[:4]),
    (("statusModule",), "overallStatus", ["COMPLETED", "MAYBE", None]),
    (("designModule", "enrollmentInfo"), "count", [-5, "12", None]),
]


def put(obj: dict, path: tuple, value) -> None:
    """Set a nested key, creating objects on the way (replacing non-objects)."""
    for key in path[:-1]:
        if not isinstance(obj.get(key), dict):
            obj[key] = {}
        obj = obj[key]
    obj[path[-1]] = value


@dataclass
class Mutant:
    """A hostile record: `record` as the emulator indexes it and, when its JSON text says more
    than the record can (a key given twice), `text`, which is served and imported instead."""

    record: object
    edits: list[str]
    text: str | None = None

    @cached_property
    def landed(self) -> object:
        """The record as the pipeline reads it: the text's last value of a repeated key wins."""
        return self.record if self.text is None else jsontext.loads(self.text)

    @property
    def json(self) -> str:
        return self.text if self.text is not None else jsontext.dumps(self.record)

    def __repr__(self) -> str:  # Hypothesis prints failing examples: keep them readable
        return f"Mutant(id={record_id(self.landed)!r}, edits={self.edits})"

    def _repr_pretty_(self, printer, cycle) -> None:
        # Hypothesis's printer walks a dataclass field by field, recursively: a record nested
        # 10,000 levels deep ended the report of a failing example in a RecursionError.
        printer.text(repr(self))


def nested(levels: int, kind: str) -> object:
    """A value `levels` containers deep (built without recursion)."""
    value: object = "cramps"
    for _ in range(levels):
        value = [value] if kind == "list" else {"x": value}
    return value


def huge_list(current: object, key: str, size: int) -> list:
    """`size` items copied from the list's first item (or a text), each told apart by its index
    (enum tokens are kept as they are)."""
    first = current[0] if isinstance(current, list) and current else "Leg cramps"
    if isinstance(first, dict):
        field = next((k for k, v in first.items() if isinstance(v, str)), "name")
        return [{**first, field: f"{first.get(field, 'item')} {i}"} for i in range(size)]
    if key in ENUM_LISTS:
        return [first] * size
    return [f"{first} {i}" for i in range(size)]


def with_repeated_keys(record: dict, repeats: list[tuple[tuple, str, object]]) -> str:
    """The record's JSON text with each (module path, key, value) written a second time, last
    in its object: `"key": old, ..., "key": value`."""
    marks = []
    for n, (path, key, value) in enumerate(repeats):
        target = record.setdefault("protocolSection", {})
        for part in path:
            target = target.setdefault(part, {}) if isinstance(target, dict) else {}
        if isinstance(target, dict):
            mark = f"repeated-key-{n}-of-this-record"
            target[mark] = value
            marks.append((target, mark, key))
    text = jsontext.dumps(record)
    for target, mark, key in marks:
        del target[mark]
        text = text.replace(jsontext.dumps(mark), jsontext.dumps(key), 1)
    return text


@st.composite
def mutants(draw, sources: list[dict], serial: int) -> Mutant:
    """One SYNTHETIC hostile record: a real record with 1-4 hostile edits."""
    record = copy.deepcopy(draw(st.sampled_from(sources)))
    protocol = record.setdefault("protocolSection", {})
    put(protocol, ("identificationModule", "nctId"), f"NCT98{serial:06d}")
    edits = []
    repeats: list[tuple[tuple, str, object]] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(
            # Hypothesis starts from the simplest example (the first choice everywhere): a
            # hostile text in a record that keeps its id, so even that one lands and ranks.
            ["text", "id", "enum", "type", "list", "unlist", "drop", "big", "date",
             "enrollment", "condition", "location", "phase", "intervention", "whole",
             "deep", "twice", "claim", "huge"]
        ))  # fmt: skip
        edits.append(kind)
        if kind == "deep":  # nested past what Python's json reads
            levels, shape = draw(st.sampled_from(DEPTHS)), draw(st.sampled_from(["list", "dict"]))
            put(protocol, draw(st.sampled_from(DEEP_PATHS)), nested(levels, shape))
        elif kind == "twice":  # a key other than the id given twice in the JSON text
            path, key, values = draw(st.sampled_from(DUPLICATE_KEYS))
            repeats.append((path, key, draw(st.sampled_from(values))))
        elif kind == "claim":  # nctId given twice, the second naming a real or mutant study
            claimed = draw(st.sampled_from(
                [record_id(s) for s in sources[:20]] + [f"NCT98{max(serial - 1, 0):06d}"]
            ))  # fmt: skip
            repeats.append((("identificationModule",), "nctId", claimed))
        elif kind == "huge":  # thousands of items in one list field
            path = draw(st.sampled_from(LIST_PATHS))
            holder = record
            for part in path[:-1]:
                holder = holder.get(part) if isinstance(holder, dict) else None
            current = holder.get(path[-1]) if isinstance(holder, dict) else None
            put(record, path, huge_list(current, path[-1], draw(st.sampled_from(HUGE))))
        elif kind == "id":
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
    if repeats and isinstance(record.get("protocolSection"), dict):
        return Mutant(record, edits, with_repeated_keys(record, repeats))
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
    # A list field of 20,000 items is one cell of ~1 MB: past the csv module's default limit
    # (128 KiB), not past the format's.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
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
        landed = {r[0] for r in con.execute("select nct_id from current_records").fetchall()}
        # Whatever has no NCT number (no id, not an object, an odd id) is quarantined.
        odd = con.execute(
            "select nct_id from current_records where not regexp_full_match(nct_id, 'NCT[0-9]{8}')"
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


FIGURES = {"examples": 0, "records": 0, "published runs": 0, "landed": 0, "listed": 0,
           "quarantined": 0, "excluded": 0, "seconds": 0.0, "edits": {}}  # fmt: skip


class SteppingClock:
    """The time for a run that is compared with another: a fixed start, 1 ms more per reading
    (pipeline.warehouse.history.Clock). The same records read in the same order read the same
    times."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 25, 10, 0, 0)

    def __call__(self) -> datetime:
        self.moment += timedelta(milliseconds=1)
        return self.moment


def served(m: Mutant) -> object:
    return RawStudy(m.text, m.record) if m.text is not None else m.record


def run_batch(batch, corpus_studies, tmp: Path, dashboard: bool, clock=None) -> dict:
    """Serve the batch beside the corpus, refresh, refresh again in full on the next data day,
    then import the batch into another database; return what each step gave."""
    kw = {"clock": clock} if clock is not None else {}
    with Emulator(corpus_studies) as emu:
        for m in batch:
            emu.put_study(served(m))
        first = run.refresh_run(options(emu, tmp, build_dashboard=dashboard), **kw)
        assert first.outcome == "published"
        doc = check_site(tmp / "site")
        outcomes = landed_outcomes(
            tmp / "trials.duckdb", {i for m in batch if (i := record_id(m.landed))}
        )
        emu.data_timestamp = NEXT_TIMESTAMP
        assert run.refresh_run(options(emu, tmp, full=True), **kw).outcome == "published"
        check_site(tmp / "site")
    # The same batch through `trials import`: the texts as served (a key twice included).
    path = tmp / "batch.json"
    path.write_text("[" + ",".join(m.json for m in batch) + "]", encoding="utf-8")
    if clock is None:
        from trials import main

        assert main(["import", "--db", str(tmp / "imported.duckdb"), str(path)]) == 0
    else:  # the command line reads the machine's clock
        imports.import_run(tmp / "imported.duckdb", [path], clock=clock)
    return {"first": first, "doc": doc, "outcomes": outcomes}


@pytest.mark.fuzz
@seed(SEED)
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(batch=batches(SOURCES))
def test_hostile_records_never_stop_a_run(batch, clean_list, corpus_studies):
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        ids = {i for m in batch if (i := record_id(m.landed))}
        # A record whose repeated nctId names a clean study is that study's rival: the study
        # is then withheld (duplicate_nct_id) or shows one of the two, like any mutant.
        claimed = {i for m in batch if m.text is not None and (i := record_id(m.landed))}
        # The dashboard (a child process per render) is drawn in every tenth example.
        dashboard = FIGURES["examples"] % 10 == 0
        got = run_batch(batch, corpus_studies, tmp, dashboard)
        if dashboard:
            html = (tmp / "site" / "dashboard.html").read_text(encoding="utf-8")
            assert not CONTROL.search(html) and "<script>alert" not in html
        listed = {t["nct_id"] for t in got["doc"]["trials"]}
        assert clean_list - claimed <= listed  # every clean relevant trial is still listed
        outcomes = got["outcomes"]
        assert "unaccounted" not in outcomes.values(), outcomes
        with duckdb.connect(str(tmp / "imported.duckdb"), read_only=True) as con:
            stored = con.execute("select count(*) from raw_studies").fetchone()[0]
            leaked = con.execute(
                "select t.nct_id, q.reason_code, q.content_hash, s.content_hash"
                " from top_trials as t join quarantine as q using (nct_id)"
                " join current_records as s using (nct_id)"
            ).fetchall()
        assert stored >= len(ids) and leaked == []
    FIGURES["examples"] += 1
    FIGURES["records"] += len(batch)
    FIGURES["published runs"] += 2
    FIGURES["landed"] += len(outcomes)
    for value in outcomes.values():
        FIGURES[value] += 1
    for m in batch:
        for kind in set(m.edits):
            FIGURES["edits"][kind] = FIGURES["edits"].get(kind, 0) + 1
    FIGURES["seconds"] += time.perf_counter() - started


def draw_batch(seed_value: int, examples: int = 3) -> list[Mutant]:
    """The last batch Hypothesis draws in `examples` examples from `seed_value`."""
    drawn: list[list[Mutant]] = []

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(batch=batches(SOURCES))
    def draw(batch):
        drawn.append(batch)

    draw()
    return drawn[-1]


def published_bytes(tmp: Path) -> tuple[dict[str, bytes], dict[tuple[str, str], list]]:
    """Every file a run leaves in its data folder, byte for byte (the site, the run log), and
    every table of both databases, row for row (DuckDB writes rows in the order its threads
    finish, so the files themselves are compared by content)."""
    files = {
        str(p.relative_to(tmp)): p.read_bytes()
        for p in sorted(tmp.rglob("*"))
        if p.is_file() and p.suffix != ".duckdb" and p.name != "batch.json"
    }
    tables = {}
    for name in ("trials.duckdb", "imported.duckdb"):
        with duckdb.connect(str(tmp / name), read_only=True) as con:
            for (table,) in con.execute(
                "select table_name from duckdb_tables() order by 1"
            ).fetchall():
                rows = con.execute(f'select * from "{table}"').fetchall()  # names from DuckDB
                tables[(name, table)] = sorted(rows, key=repr)
    return files, tables


@pytest.mark.fuzz
def test_the_same_seed_publishes_the_same_bytes(tmp_path, corpus_studies):
    # Issue 24, point 5: nothing but the records and the clock decides what a run publishes;
    # not the emulator's port (a new one each run), not a temporary name, not timing.
    first, second = draw_batch(SEED), draw_batch(SEED)
    assert [m.json for m in first] == [m.json for m in second]
    assert len({k for m in first for k in m.edits}) > 5  # a batch of many kinds of edit
    outputs = []
    for _ in range(2):
        folder = tmp_path / "run"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        run_batch(first, corpus_studies, folder, dashboard=True, clock=SteppingClock())
        outputs.append(published_bytes(folder))
    (files_a, tables_a), (files_b, tables_b) = outputs
    assert sorted(files_a) == sorted(files_b)
    assert "site/dashboard.html" in files_a and "site/inside-leg-cramps-cause.html" in files_a
    for name in files_a:
        assert files_a[name] == files_b[name], name
    assert tables_a.keys() == tables_b.keys()
    for key in tables_a:
        assert tables_a[key] == tables_b[key], key


def test_fuzz_figures():
    """Runs after the property test (file order) and prints what it covered."""
    if FIGURES["examples"]:
        edits = FIGURES["edits"]
        shown = {k: v for k, v in FIGURES.items() if k != "edits"}
        print("\nfuzz:", ", ".join(
            f"{k} {v:,.0f}" if isinstance(v, float) else f"{k} {v:,}" for k, v in shown.items()
        ))  # fmt: skip
        print("records per edit:", ", ".join(f"{k} {v:,}" for k, v in sorted(edits.items())))
        assert FIGURES["records"] >= EXAMPLES * BATCH
