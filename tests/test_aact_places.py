"""AACT's site, contact, sponsor, reference and document tables, its searches and study records,
checked against what AACT's loader makes of the same JSON.

The expected rows are computed here from each record itself, following AACT's mapping
(../shared/ctgov/aact/aact-v2-json-to-table-mapping.json: a `root` of one object gives one row,
of a list one row per entry; children with their parent's id; the `filter`, `unique` and
`convert_to` entries) and the Ruby the mapping shows only as `{}` (contact_type by position,
the provided document URL), then ActiveRecord's cast by column type. Records are the real
corpus (tests/realdata.py), the record AACT's own tests load (NCT06388018) among them, and
SYNTHETIC variants of real records, built in code, for what no corpus record has (retractions,
unposted results events, a study chair, an empty responsible party ...).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from realdata import corpus_records, stopped_version

from benchmarks import equality
from pipeline.config.topics import list_topics, load_topic
from pipeline.core.files import write_ndjson
from pipeline.jobs import steps
from pipeline.warehouse import db, incremental, landing
from pipeline.warehouse.seeds import load_seeds

T0 = datetime(2026, 1, 5, 12, 0)
TOPIC = "leg-cramps"
LOCATIONS = ("protocolSection", "contactsLocationsModule", "locations")
# AACT's pattern for a site contact who is an investigator (Facility's children filters).
INVESTIGATOR = re.compile(r"investigator|study.chair", re.I)
SECTIONS = ("protocolSection", "resultsSection", "annotationSection", "documentSection",
            "derivedSection")  # fmt: skip


def nct(record: dict) -> str:
    return record["protocolSection"]["identificationModule"]["nctId"]


def aact_id(nct_id: str, ordinal: int) -> int:
    return int(nct_id[3:]) * 10**9 + ordinal


def dig(value, path):
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def entries(record: dict, *path: str) -> list:
    """AACT's rows of a root: none if absent, one for an object, one per entry of a list."""
    found = dig(record, path)
    if found is None:
        return []
    return found if isinstance(found, list) else [found]


def aact_date(text: str | None) -> date | None:
    """AACT's worker.date: a year as its last day, a month as its last day, a date as is."""
    if text is None:
        return None
    parts = [int(p) for p in text[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(*parts)


def record_date(text: str | None) -> date | None:
    """ActiveRecord's cast of text into a date column: an ISO date, else no day: null."""
    if text is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    return date.fromisoformat(text)


def numeric_10_6(value) -> Decimal | None:
    """ActiveRecord's cast of a JSON number into numeric(10,6): rounded to 6 decimals."""
    return None if value is None else Decimal(repr(round(value, 6)))


def synthetic_records(records: dict[str, dict]) -> list[dict]:
    """SYNTHETIC variants of real records, built in code, under fresh ids NCT9xxxxxxx, with
    what no corpus record has."""
    with_refs = next(r for r in records.values() if len(entries(r, *REFERENCES)) >= 2)
    one = copy.deepcopy(with_refs)
    one["protocolSection"]["identificationModule"]["nctId"] = "NCT90000001"
    refs = one["protocolSection"]["referencesModule"]["references"]
    refs[0]["retractions"] = [{"pmid": "90000011", "source": "SYNTHETIC J"}]
    refs[1]["retractions"] = [{"pmid": "90000012", "source": "SYNTHETIC J"}, {"pmid": "90000013"}]
    one["protocolSection"]["referencesModule"]["availIpds"] = [
        {"id": "S-1", "type": "Study Protocol", "url": "https://example.org/p", "comment": ""},
        {"type": "Individual Participant Data Set", "url": "https://example.org/d"},
    ]
    one["annotationSection"] = {"annotationModule": {"unpostedAnnotation": {"unpostedEvents": [
        {"type": "RELEASE", "date": "2023-05-02"},
        {"type": "RESET", "date": "2023-06"},
        {"type": "UNRELEASE", "date": "2023"},
    ]}}}  # fmt: skip
    countries = [c for c in (dig(x, ("country",)) for x in entries(one, *LOCATIONS)) if c]
    misc = one.setdefault("derivedSection", {}).setdefault("miscInfoModule", {})
    # A country that is listed too, one removed twice, one only removed.
    misc["removedCountries"] = [*countries[:1], "Freedonia", "Freedonia", "Ruritania"]

    with_contacts = next(
        r
        for r in records.values()
        if sum(len(x.get("contacts", [])) for x in entries(r, *LOCATIONS)) >= 4
        and entries(r, "protocolSection", "contactsLocationsModule", "centralContacts")
    )
    with_docs = next(
        r for r in records.values() if entries(r, "documentSection", "largeDocumentModule")
    )
    two = copy.deepcopy(with_contacts)
    two["protocolSection"]["identificationModule"]["nctId"] = "NCT90000002"
    module = two["protocolSection"]["contactsLocationsModule"]
    sites = module["locations"]
    contacts = [c for site in sites for c in site.get("contacts", [])]
    contacts[0]["role"] = "STUDY_CHAIR"
    contacts[1].pop("role", None)
    contacts[1]["name"] = "SYNTHETIC contact without a role"
    contacts[2]["role"] = "STUDY_DIRECTOR"
    contacts[2]["name"] = "SYNTHETIC study director"
    sites[0].pop("country", None)
    sites[0]["geoPoint"] = {"lat": 12.3456789, "lon": -98.7654321}
    sites.append({"facility": "SYNTHETIC site without contacts", "contacts": []})
    module["centralContacts"] = module["centralContacts"][:1] * 3
    sponsors = two["protocolSection"]["sponsorCollaboratorsModule"]
    sponsors["responsibleParty"] = {}
    sponsors.pop("leadSponsor", None)
    sponsors["collaborators"] = [{"name": "SYNTHETIC collaborator", "class": "OTHER"}]
    # Another real record's documents, and one with a partial date and no file.
    two["documentSection"] = copy.deepcopy(with_docs["documentSection"])
    docs = two["documentSection"]["largeDocumentModule"]["largeDocs"]
    docs.append({"label": "SYNTHETIC partial date", "hasProtocol": False, "date": "2019-03"})
    return [one, two]


REFERENCES = ("protocolSection", "referencesModule", "references")


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    real = corpus_records()
    out = dict(real)
    for record in synthetic_records(real):
        out[nct(record)] = record
    return out


def _save(con, tmp: Path, name: str, batches: dict[str, list[dict]], seen_at) -> None:
    """Land records into `con`, each batch as the topic query (its key) returned them."""
    paths, hits = [], []
    for query_id, batch in batches.items():
        path = tmp / f"{name}-{query_id}.ndjson"
        write_ndjson(batch, path)
        paths.append(path)
        hits.append(landing.QueryHits(TOPIC, query_id, path))
    db.apply_raw_schema(con)
    con.begin()
    landing.save_raw(con, paths, "api", None, seen_at, hits)
    con.commit()


def _land(database: Path, tmp: Path, name: str, batches: dict[str, list[dict]], seen_at):
    con = db.connect(database)
    try:
        _save(con, tmp, name, batches, seen_at)
    finally:
        con.close()


def _hit_batches(ordered: list[dict]) -> dict[str, list[dict]]:
    """Two of the topic's queries over overlapping parts of the records."""
    half = len(ordered) // 2
    return {"cond-leg-cramps": ordered[: half + 20], "titles-cramps": ordered[half:]}


@pytest.fixture(scope="module")
def built(records, tmp_path_factory):
    """An in-memory database of every record, landed as two queries' hits and rebuilt in full;
    yields (connection, the hits landed as {(query_id, nct_id)})."""
    tmp = tmp_path_factory.mktemp("aact-places")
    ordered = sorted(records.values(), key=nct)
    batches = _hit_batches(ordered)
    con = db.connect(":memory:")
    _save(con, tmp, "all", batches, T0)
    db.apply_macros(con)
    con.begin()
    load_seeds(con, [load_topic(slug) for slug in list_topics()])
    con.commit()
    db.rebuild(con)
    hits = {(query_id, nct(r)) for query_id, batch in batches.items() for r in batch}
    yield con, hits
    con.close()


def rows(con, table: str) -> list[tuple]:
    # Identifiers from the tests' own literals.
    return con.execute("select * from " + table + " order by id").fetchall()


def expected(records: dict[str, dict], make) -> list[tuple]:
    return sorted((row for r in records.values() for row in make(r)), key=lambda row: row[0])


def facility_rows(r: dict) -> list[tuple]:
    n = nct(r)
    out = []
    for i, site in enumerate(entries(r, *LOCATIONS), start=1):
        geo = site.get("geoPoint") or {}
        out.append((aact_id(n, i), n, site.get("status"), site.get("facility"), site.get("city"),
                    site.get("state"), site.get("zip"), site.get("country"),
                    numeric_10_6(geo.get("lat")), numeric_10_6(geo.get("lon"))))  # fmt: skip
    return out


def _site_contacts(r: dict, investigators: bool) -> list[tuple]:
    """(facility ordinal, position within the facility after the filter, contact)."""
    out = []
    for i, site in enumerate(entries(r, *LOCATIONS), start=1):
        kept = [
            c
            for c in site.get("contacts") or []
            if bool(isinstance(c.get("role"), str) and INVESTIGATOR.search(c["role"]))
            == investigators
        ]
        out.extend((i, k, c) for k, c in enumerate(kept))
    return out


def facility_contact_rows(r: dict) -> list[tuple]:
    n = nct(r)
    return [
        (
            aact_id(n, k),
            n,
            aact_id(n, site),
            "primary" if position == 0 else "backup",
            c.get("name"),
            c.get("email"),
            c.get("phone"),
            c.get("phoneExt"),
        )  # fmt: skip
        for k, (site, position, c) in enumerate(_site_contacts(r, False), start=1)
    ]


def facility_investigator_rows(r: dict) -> list[tuple]:
    n = nct(r)
    return [
        (aact_id(n, k), n, aact_id(n, site), c.get("role"), c.get("name"))
        for k, (site, _, c) in enumerate(_site_contacts(r, True), start=1)
    ]


def central_contact_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = entries(r, "protocolSection", "contactsLocationsModule", "centralContacts")
    return [
        (
            aact_id(n, i),
            n,
            "primary" if i == 1 else "backup",
            c.get("name"),
            c.get("phone"),
            c.get("email"),
            c.get("phoneExt"),
            c.get("role"),
        )  # fmt: skip
        for i, c in enumerate(found, start=1)
    ]


def official_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = entries(r, "protocolSection", "contactsLocationsModule", "overallOfficials")
    return [
        (aact_id(n, i), n, o.get("role"), o.get("name"), o.get("affiliation"))
        for i, o in enumerate(found, start=1)
    ]


def sponsor_rows(r: dict) -> list[tuple]:
    n = nct(r)
    module = ("protocolSection", "sponsorCollaboratorsModule")
    found = [("lead", s) for s in entries(r, *module, "leadSponsor")]
    found += [("collaborator", s) for s in entries(r, *module, "collaborators")]
    return [
        (aact_id(n, i), n, s.get("class"), kind, s.get("name"))
        for i, (kind, s) in enumerate(found, start=1)
    ]


def responsible_party_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = entries(r, "protocolSection", "sponsorCollaboratorsModule", "responsibleParty")
    return [
        (
            aact_id(n, 1),
            n,
            p.get("type"),
            p.get("investigatorFullName"),
            p.get("investigatorTitle"),
            p.get("oldOrganization"),
            p.get("investigatorAffiliation"),
            p.get("oldNameTitle"),
        )  # fmt: skip
        for p in found
    ]


def link_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = entries(r, "protocolSection", "referencesModule", "seeAlsoLinks")
    return [(aact_id(n, i), n, x.get("url"), x.get("label")) for i, x in enumerate(found, 1)]


def document_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = entries(r, "protocolSection", "referencesModule", "availIpds")
    return [
        (aact_id(n, i), n, x.get("id"), x.get("type"), x.get("url"), x.get("comment"))
        for i, x in enumerate(found, start=1)
    ]


def provided_document_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = entries(r, "documentSection", "largeDocumentModule", "largeDocs")
    # ProvidedDocument.build_document_url: "#{nil}" interpolates as "".
    return [
        (aact_id(n, i), n, x.get("label"), x.get("hasProtocol"), x.get("hasIcf"),
         x.get("hasSap"), record_date(x.get("date")),
         f"https://ClinicalTrials.gov/ProvidedDocs/{n[-2:]}/{n}/{x.get('filename') or ''}")
        for i, x in enumerate(found, start=1)
    ]  # fmt: skip


def ipd_type_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = entries(r, "protocolSection", "ipdSharingStatementModule", "infoTypes")
    return [(aact_id(n, i), n, x) for i, x in enumerate(found, start=1)]


def reference_rows(r: dict) -> list[tuple]:
    n = nct(r)
    return [
        (aact_id(n, i), n, x.get("pmid"), x.get("type"), x.get("citation"))
        for i, x in enumerate(entries(r, *REFERENCES), start=1)
    ]


def retraction_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = [
        (i, x)
        for i, ref in enumerate(entries(r, *REFERENCES), 1)
        for x in entries(ref, "retractions")
    ]
    return [
        (aact_id(n, k), aact_id(n, i), x.get("pmid"), x.get("source"), n)
        for k, (i, x) in enumerate(found, start=1)
    ]


def country_rows(r: dict) -> list[tuple]:
    """Country's two mappings, each `unique: true` (Ruby's uniq over the row's attributes)."""
    n = nct(r)
    found: list[tuple] = []
    for removed, names in (
        (False, [site.get("country") for site in entries(r, *LOCATIONS)]),
        (True, entries(r, "derivedSection", "miscInfoModule", "removedCountries")),
    ):
        for name in dict.fromkeys(names):
            found.append((name, removed))
    return [(aact_id(n, i), n, name, removed) for i, (name, removed) in enumerate(found, 1)]


def pending_result_rows(r: dict) -> list[tuple]:
    n = nct(r)
    found = entries(
        r, "annotationSection", "annotationModule", "unpostedAnnotation", "unpostedEvents"
    )
    return [
        (aact_id(n, i), n, x.get("type"), x.get("date"), aact_date(x.get("date")))
        for i, x in enumerate(found, start=1)
    ]


def study_record_rows(r: dict) -> list[tuple]:
    """StudyRecord's import: a row per section, versionHolder removed, SHA-256 of Ruby's
    `to_json` (compact, UTF-8 as is)."""
    n = nct(r)
    out = []
    for i, key in enumerate(SECTIONS, start=1):
        if key not in r:
            continue
        content = copy.deepcopy(r[key])
        if key == "derivedSection" and isinstance(content.get("miscInfoModule"), dict):
            content["miscInfoModule"].pop("versionHolder", None)
        text = json.dumps(content, separators=(",", ":"), ensure_ascii=False)
        sha = hashlib.sha256(text.encode()).hexdigest()
        kind = "StudyRecord::" + key[0].upper() + key[1:]
        out.append((aact_id(n, i), n, kind, content, sha, None, None))
    return out


TABLES = {
    "facilities": facility_rows,
    "facility_contacts": facility_contact_rows,
    "facility_investigators": facility_investigator_rows,
    "central_contacts": central_contact_rows,
    "overall_officials": official_rows,
    "sponsors": sponsor_rows,
    "responsible_parties": responsible_party_rows,
    "links": link_rows,
    "documents": document_rows,
    "provided_documents": provided_document_rows,
    "ipd_information_types": ipd_type_rows,
    "study_references": reference_rows,
    "retractions": retraction_rows,
    "countries": country_rows,
    "pending_results": pending_result_rows,
}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_table_holds_what_aacts_loader_makes_of_every_record(built, records, table):
    con, _ = built
    want = expected(records, TABLES[table])
    assert want, table  # real rows (or SYNTHETIC ones where no corpus record has any)
    assert rows(con, table) == want


# AACT's columns and types (aact-structure.sql, schema ctgov_v2, and the 2024 migration adding
# facilities.latitude/longitude), as DuckDB types. AACT's integer ids are bigint here: aact_id
# (NCT number times 10^9 plus a position) does not fit PostgreSQL's integer.
ID = ("id", "BIGINT")
NCT = ("nct_id", "VARCHAR")
AACT_COLUMNS = {
    "facilities": [ID, NCT, ("status", "VARCHAR"), ("name", "VARCHAR"), ("city", "VARCHAR"),
                   ("state", "VARCHAR"), ("zip", "VARCHAR"), ("country", "VARCHAR"),
                   ("latitude", "DECIMAL(10,6)"), ("longitude", "DECIMAL(10,6)")],
    "facility_contacts": [ID, NCT, ("facility_id", "BIGINT"), ("contact_type", "VARCHAR"),
                          ("name", "VARCHAR"), ("email", "VARCHAR"), ("phone", "VARCHAR"),
                          ("phone_extension", "VARCHAR")],
    "facility_investigators": [ID, NCT, ("facility_id", "BIGINT"), ("role", "VARCHAR"),
                               ("name", "VARCHAR")],
    "central_contacts": [ID, NCT, ("contact_type", "VARCHAR"), ("name", "VARCHAR"),
                              ("phone", "VARCHAR"), ("email", "VARCHAR"),
                              ("phone_extension", "VARCHAR"), ("role", "VARCHAR")],
    "overall_officials": [ID, NCT, ("role", "VARCHAR"), ("name", "VARCHAR"),
                          ("affiliation", "VARCHAR")],
    "sponsors": [ID, NCT, ("agency_class", "VARCHAR"), ("lead_or_collaborator", "VARCHAR"),
                      ("name", "VARCHAR")],
    "responsible_parties": [ID, NCT, ("responsible_party_type", "VARCHAR"), ("name", "VARCHAR"),
                            ("title", "VARCHAR"), ("organization", "VARCHAR"),
                            ("affiliation", "VARCHAR"), ("old_name_title", "VARCHAR")],
    "links": [ID, NCT, ("url", "VARCHAR"), ("description", "VARCHAR")],
    "documents": [ID, NCT, ("document_id", "VARCHAR"), ("document_type", "VARCHAR"),
                  ("url", "VARCHAR"), ("comment", "VARCHAR")],
    "provided_documents": [ID, NCT, ("document_type", "VARCHAR"), ("has_protocol", "BOOLEAN"),
                           ("has_icf", "BOOLEAN"), ("has_sap", "BOOLEAN"),
                           ("document_date", "DATE"), ("url", "VARCHAR")],
    "ipd_information_types": [ID, NCT, ("name", "VARCHAR")],
    "study_references": [ID, NCT, ("pmid", "VARCHAR"), ("reference_type", "VARCHAR"),
                         ("citation", "VARCHAR")],
    "retractions": [ID, ("reference_id", "BIGINT"), ("pmid", "VARCHAR"), ("source", "VARCHAR"),
                    NCT],
    "countries": [ID, NCT, ("name", "VARCHAR"), ("removed", "BOOLEAN")],
    "pending_results": [ID, NCT, ("event", "VARCHAR"), ("event_date_description", "VARCHAR"),
                        ("event_date", "DATE")],
    "mesh_terms": [("id", "INTEGER"), ("qualifier", "VARCHAR"), ("tree_number", "VARCHAR"),
                   ("description", "VARCHAR"), ("mesh_term", "VARCHAR"),
                   ("downcase_mesh_term", "VARCHAR")],
    "mesh_headings": [("id", "INTEGER"), ("qualifier", "VARCHAR"), ("heading", "VARCHAR"),
                      ("subcategory", "VARCHAR")],
    "study_searches": [("id", "INTEGER"), ("save_tsv", "BOOLEAN"), ("query", "VARCHAR"),
                       ("grouping", "VARCHAR"), ("name", "VARCHAR"), ("beta_api", "BOOLEAN"),
                       ("created_at", "TIMESTAMP"), ("updated_at", "TIMESTAMP"),
                       ("active", "BOOLEAN")],
    "search_results": [ID, NCT, ("name", "VARCHAR"), ("created_at", "TIMESTAMP"),
                       ("updated_at", "TIMESTAMP"), ("grouping", "VARCHAR"),
                       ("study_search_id", "INTEGER")],
    "study_records": [ID, NCT, ("type", "VARCHAR"), ("content", "JSON"), ("sha", "VARCHAR"),
                           ("created_at", "TIMESTAMP"), ("updated_at", "TIMESTAMP")],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(AACT_COLUMNS))
def test_columns_are_aacts_in_aacts_order(built, name):
    con, _ = built
    described = con.execute("describe " + name).fetchall()
    assert [(c[0], c[1]) for c in described] == AACT_COLUMNS[name]


def test_aact_columns_match_aacts_ddl():
    """The names above are the DDL's, where the reference files sit beside the project."""
    ddl = Path(__file__).resolve().parents[2] / "shared" / "ctgov" / "aact" / "aact-structure.sql"
    if not ddl.exists():
        pytest.skip("AACT's DDL is not beside the project")
    text = ddl.read_text(encoding="utf-8")
    for name, columns in AACT_COLUMNS.items():
        aact = name.removeprefix("aact_")
        body = re.search(rf"CREATE TABLE ctgov_v2\.{aact} \((.*?)\n\);", text, re.S).group(1)
        names = [line.split()[0].strip('"') for line in body.strip().splitlines()]
        if aact == "facilities":
            names += ["latitude", "longitude"]
        assert [c[0] for c in columns] == names, name


def test_the_record_aacts_own_tests_load(built, records):
    """NCT06388018 (corpus/pages/aact-studies-NCT06388018.json): one site with a public contact
    and its principal investigator, a lead sponsor and two collaborators."""
    con, _ = built
    n = "NCT06388018"
    site = aact_id(n, 1)

    def of(table, columns):
        return con.execute(
            "select " + columns + " from " + table + " where nct_id = ? order by id", [n]
        ).fetchall()

    assert of("facilities", "id, name, city, country, latitude") == [
        (site, "Women and Infants Hospital", "Providence", "United States", Decimal("41.823990"))
    ]
    assert of("facility_contacts", "facility_id, contact_type, name, phone") == [
        (site, "primary", "Site Public Contact", "401-274-1122")
    ]
    assert of("facility_investigators", "facility_id, role, name") == [
        (site, "PRINCIPAL_INVESTIGATOR", "Matthew T. Oliver")
    ]
    assert of("sponsors", "lead_or_collaborator, agency_class, name") == [
        ("lead", "OTHER", "NRG Oncology"),
        ("collaborator", "NIH", "National Cancer Institute (NCI)"),
        ("collaborator", "UNKNOWN", "Canadian Cancer Trials Group (CCTG)"),
    ]
    assert of("responsible_parties", "responsible_party_type, name") == [("SPONSOR", None)]
    assert of("countries", "name, removed") == [("United States", False)]
    assert of("study_records", "type") == [
        ("StudyRecord::ProtocolSection",),
        ("StudyRecord::DerivedSection",),
    ]


def test_synthetic_variants_reach_the_ruby_only_rules(built):
    """SYNTHETIC records: AACT's contact filter and positions, empty objects, partial dates."""
    con, _ = built

    def of(sql, n):
        return con.execute(sql, [n]).fetchall()

    two = "NCT90000002"
    investigators = of("select role, name from facility_investigators where nct_id = ?", two)
    contacts = of("select name from facility_contacts where nct_id = ?", two)
    assert "STUDY_CHAIR" in {role for role, _ in investigators}
    # No role and STUDY_DIRECTOR do not match investigator|study.chair: contacts.
    for name in ("SYNTHETIC contact without a role", "SYNTHETIC study director"):
        assert (name,) in contacts and name not in {n for _, n in investigators}
    central = "select contact_type from central_contacts where nct_id = ? order by id"
    assert of(central, two) == [("primary",), ("backup",), ("backup",)]
    assert of("select * exclude (id) from responsible_parties where nct_id = ?", two) == [
        (two, None, None, None, None, None, None)
    ]
    assert of("select lead_or_collaborator from sponsors where nct_id = ?", two) == [
        ("collaborator",)
    ]
    assert of("select latitude, longitude from facilities where id = ?", aact_id(two, 1)) == [
        (Decimal("12.345679"), Decimal("-98.765432"))
    ]
    assert (None, False) in of("select name, removed from countries where nct_id = ?", two)
    assert of(
        "select document_date from provided_documents where nct_id = ? and url like '%/'", two
    ) == [(None,)]
    one = "NCT90000001"
    events = "select event_date from pending_results where nct_id = ? order by id"
    assert of(events, one) == [(date(2023, 5, 2),), (date(2023, 6, 30),), (date(2023, 12, 31),)]
    listed = of("select name from countries where nct_id = ? and not removed order by id", one)
    removed = of("select name from countries where nct_id = ? and removed order by id", one)
    # Duplicates go within each list only: the listed country is also a removed one.
    assert removed == [listed[0], ("Freedonia",), ("Ruritania",)]


def test_study_records_are_the_sections_with_their_sha(built, records):
    con, _ = built
    got = [
        (*row[:3], json.loads(row[3]), *row[4:])
        for row in con.execute("select * from study_records order by id").fetchall()
    ]
    assert got == expected(records, study_record_rows)


def test_mesh_tables_are_empty_with_aacts_columns(built):
    con, _ = built
    for name in ("mesh_terms", "mesh_headings"):
        assert rows(con, name) == []
        comment = con.execute(
            "select comment from duckdb_tables() where table_name = ?", [name]
        ).fetchone()[0]
        assert "empty" in comment and "National Library of Medicine" in comment


def test_study_searches_are_the_topic_queries(built):
    con, _ = built
    topics = [load_topic(slug) for slug in list_topics()]
    want = [
        (t.slug, q.id, json.dumps(q.params, sort_keys=True))
        for t in sorted(topics, key=lambda t: t.slug)
        for q in t.queries
    ]
    got = rows(con, "study_searches")
    assert [(r[3], r[4], r[2]) for r in got] == want
    assert [r[0] for r in got] == list(range(1, len(want) + 1))
    assert {(r[1], r[5], r[6], r[7], r[8]) for r in got} == {(False, True, None, None, True)}


def test_search_results_are_the_query_hits(built, records):
    con, hits = built
    searches = {
        (g, name): i
        for i, g, name in con.execute('select id, "grouping", name from study_searches').fetchall()
    }
    got = rows(con, "search_results")
    assert {(r[2], r[1]) for r in got} == hits
    for row in got:
        assert row[5] == TOPIC and row[6] == searches[(TOPIC, row[2])]
        assert row[3] == row[4] == T0
    per_study = {}
    for row in got:
        per_study.setdefault(row[1], []).append(row)
    for n, found in per_study.items():
        ordered = sorted(found, key=lambda row: row[6])
        assert [row[0] for row in ordered] == [aact_id(n, k) for k in range(1, len(found) + 1)]


@pytest.mark.integration  # three rebuilds of database files: not in the unit layer
def test_incremental_rebuild_equals_a_full_one(records, tmp_path):
    """A run that changes a study's sites and adds a query hit redoes that study's rows in every
    table here, as a full rebuild makes them; the tables without per-study rows stay."""
    assert {"study_searches", "mesh_terms", "mesh_headings"} <= set(incremental.STUDY_INDEPENDENT)
    database = tmp_path / "trials.duckdb"
    ordered = sorted(records.values(), key=nct)
    sample = ordered[:24] + [records["NCT06388018"], records["NCT90000001"], records["NCT90000002"]]
    _land(database, tmp_path, "base", _hit_batches(sample), T0)
    topics = [load_topic(TOPIC)]
    steps.rebuild_tables(database, topics)
    target = next(r for r in sample[:24] if len(entries(r, *LOCATIONS)) >= 2)
    changed = stopped_version(sample, nct(target))
    sites = changed["protocolSection"]["contactsLocationsModule"]["locations"]
    del sites[0]  # SYNTHETIC: the first site left the study
    _land(database, tmp_path, "next", {"cond-muscle-cramps": [changed]}, T0 + timedelta(days=1))
    con = db.connect(database)
    try:
        db.apply_macros(con)
        con.begin()
        load_seeds(con, topics)
        con.commit()
        _, mode = incremental.rebuild(con)
    finally:
        con.close()
    assert mode == "incremental"
    full = equality.full_copy(database, tmp_path / "full.duckdb", topics)
    differences = {d.relation: d for d in equality.compare(database, full)}
    for name in (*TABLES, "search_results", "study_searches"):
        assert differences[name].same, name
    con = db.connect(database, read_only=True)
    try:
        sites_now = con.execute("select count(*) from facilities where nct_id = ?", [nct(target)])
        assert sites_now.fetchone()[0] == len(sites)
        queries = con.execute(
            "select name from search_results where nct_id = ? order by id", [nct(target)]
        ).fetchall()
    finally:
        con.close()
    assert ("cond-muscle-cramps",) in queries
