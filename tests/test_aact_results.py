"""AACT's 15 results tables (issue 23) hold what AACT's own loader makes of the same records.

The expected rows are computed here from each real corpus record's resultsSection by an
emulation of AACT's loader written for this test: its mapping walk (root, `flatten` with its
quirk of filling a class that has no categories, `$parent` paths, literals), the mappings in the
order AACT runs them on one shared copy of the record (its flatten removes the keys it walks),
each `convert_to`, ActiveRecord's casts by column type, and the Ruby the mapping shows only as
code (the p-value split, number_analyzed, calculate_percentage, the result_group_id lookups).
Ids are aact_id's: the study's number times 10^9 plus the row's position in AACT's load order.

The conversions are checked on their own against values Ruby 3.1 gave for the same texts.
"""

from __future__ import annotations

import copy
import math
import re
import shutil
from datetime import date, datetime

import duckdb
import pytest
from realdata import build_db

from pipeline.config.topics import list_topics, load_topic
from pipeline.core.files import write_ndjson
from pipeline.jobs import steps
from pipeline.warehouse import db, incremental, landing

# Column names and order of AACT's DDL (schema ctgov_v2, plus result_groups.outcome_id), with
# the DuckDB type each has here: integer ids are aact_id's bigints, numeric is double.
COLUMNS = {
    "outcomes": "id:BIGINT nct_id outcome_type title description time_frame population"
    " anticipated_posting_date:DATE anticipated_posting_month_year units units_analyzed"
    " dispersion_type param_type",
    "result_groups": "id:BIGINT nct_id ctgov_group_code result_type title description"
    " outcome_id:BIGINT",
    "outcome_measurements": "id:BIGINT nct_id outcome_id:BIGINT result_group_id:BIGINT"
    " ctgov_group_code classification category title description units param_type param_value"
    " param_value_num:DOUBLE dispersion_type dispersion_value dispersion_value_num:DOUBLE"
    " dispersion_lower_limit:DOUBLE dispersion_upper_limit:DOUBLE explanation_of_na"
    " dispersion_upper_limit_raw dispersion_lower_limit_raw",
    "outcome_counts": "id:BIGINT nct_id outcome_id:BIGINT result_group_id:BIGINT"
    " ctgov_group_code scope units count:INTEGER",
    "outcome_analyses": "id:BIGINT nct_id outcome_id:BIGINT non_inferiority_type"
    " non_inferiority_description param_type param_value:DOUBLE dispersion_type"
    " dispersion_value:DOUBLE p_value_modifier p_value:DOUBLE ci_n_sides ci_percent:DOUBLE"
    " ci_lower_limit:DOUBLE ci_upper_limit:DOUBLE ci_upper_limit_na_comment p_value_description"
    " method method_description estimate_description groups_description"
    " other_analysis_description ci_upper_limit_raw ci_lower_limit_raw p_value_raw",
    "outcome_analysis_groups": "id:BIGINT nct_id outcome_analysis_id:BIGINT"
    " result_group_id:BIGINT ctgov_group_code",
    "baseline_counts": "id:BIGINT nct_id result_group_id:BIGINT ctgov_group_code units scope"
    " count:INTEGER",
    "baseline_measurements": "id:BIGINT nct_id result_group_id:BIGINT ctgov_group_code"
    " classification category title description units param_type param_value"
    " param_value_num:DOUBLE dispersion_type dispersion_value dispersion_value_num:DOUBLE"
    " dispersion_lower_limit:DOUBLE dispersion_upper_limit:DOUBLE explanation_of_na"
    " number_analyzed:INTEGER number_analyzed_units population_description calculate_percentage",
    "reported_events": "id:BIGINT nct_id result_group_id:BIGINT ctgov_group_code time_frame"
    " event_type default_vocab default_assessment subjects_affected:INTEGER"
    " subjects_at_risk:INTEGER description event_count:INTEGER organ_system adverse_event_term"
    " frequency_threshold:INTEGER vocab assessment",
    "reported_event_totals": "id:BIGINT nct_id ctgov_group_code event_type classification"
    " subjects_affected:INTEGER subjects_at_risk:INTEGER created_at:TIMESTAMP"
    " updated_at:TIMESTAMP",
    "result_contacts": "id:BIGINT nct_id organization name phone email extension",
    "result_agreements": "id:BIGINT nct_id pi_employee:BOOLEAN agreement restriction_type"
    " other_details restrictive_agreement:BOOLEAN",
    "participant_flows": "id:BIGINT nct_id recruitment_details pre_assignment_details"
    " units_analyzed",
    "milestones": "id:BIGINT nct_id result_group_id:BIGINT ctgov_group_code title period"
    " description count:INTEGER milestone_description count_units",
    "drop_withdrawals": "id:BIGINT nct_id result_group_id:BIGINT ctgov_group_code period reason"
    " count:INTEGER drop_withdraw_comment reason_comment count_units:INTEGER",
}
TABLES = tuple(COLUMNS)


def _columns(table: str) -> list[tuple[str, str]]:
    return [(c.partition(":")[0], c.partition(":")[2] or "VARCHAR") for c in COLUMNS[table].split()]


# --- Ruby's and ActiveRecord's conversions, as this test reads them ------------------------------

WS = "\t\n\v\f\r "
DIGITS = r"[0-9]+(?:_[0-9]+)*"
DECIMAL = rf"[+-]?(?:{DIGITS}(?:\.{DIGITS})?|\.{DIGITS})(?:[eE][+-]?{DIGITS})?"
UNICODE_SPACE = (
    WS
    + "\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
INT32 = 2**31


def _number(text: str) -> float:
    return float(text.replace("_", ""))


def ruby_float(value):
    """Kernel#Float(value) rescue nil: one number and nothing else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    body = value.strip(WS)
    if re.fullmatch(DECIMAL, body):
        return _number(body)
    if match := re.fullmatch(r"([+-]?)0[xX]([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)", body):
        return float(int(match[2].replace("_", ""), 16)) * (-1 if match[1] == "-" else 1)
    return None


def _blank(value: str) -> bool:
    return all(ch in UNICODE_SPACE for ch in value)


def ar_integer(value):
    """An integer column's cast: blank nil, else String#to_i (out of int4 range: null here)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        number = int(value)
    elif _blank(value):
        return None
    else:
        match = re.match(rf"[{WS}]*([+-]?{DIGITS})", value)
        number = int(match[1].replace("_", "")) if match else 0
    return number if -INT32 <= number < INT32 else None


def ar_decimal(value):
    """A numeric column's cast of a text: blank nil, else String#to_d (as a double)."""
    if value is None or _blank(value):
        return None
    body = value.strip(WS)
    if re.fullmatch(r"[+-]?Infinity", body):
        return -math.inf if body.startswith("-") else math.inf
    if body == "NaN":
        return math.nan
    match = re.match(rf"[{WS}]*([+-]?)({DIGITS})?(?:\.({DIGITS})?)?([eE][+-]?{DIGITS})?", value)
    sign, whole, fraction, exponent = match.groups()
    return _number(f"{sign}{whole or '0'}.{fraction or '0'}{exponent or ''}")


def ar_float(value):
    """A double precision column's cast of a text: blank nil, Infinity/NaN, else String#to_f."""
    if value is None or _blank(value):
        return None
    special = {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}
    if value in special:
        return special[value]
    match = re.match(rf"[{WS}]*({DECIMAL})", value)
    return _number(match[1]) if match else 0.0


def ar_boolean(value):
    """A boolean column's cast: '' nil, ActiveRecord's false values false, anything else true."""
    if value is None or isinstance(value, bool):
        return value
    if value == "":
        return None
    return value not in (0, "0", "f", "F", "false", "FALSE", "off", "OFF")


def ruby_strip(value: str) -> str:
    return value.strip("\x00" + WS)


def date_first_of_month(value):
    """AACT's date_first_of_month conversion (anticipated posting dates)."""
    if value is None:
        return None
    parts = value.split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 12, 31)
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1)
    return date.fromisoformat(value[:10])


def p_value_modifier(value):
    return None if value is None else ruby_strip(re.sub(r"[0-9.\-]", "", value))


def p_value(value):
    return None if value is None else ar_float(ruby_strip(re.sub(r"[<> =]", "", value)))


def calculate_percentage(value):
    return None if value is None else ("No" if value is False else "Yes")


def text(value):
    """A varchar column: the registry gives text; anything else would need Ruby's to_s."""
    assert value is None or isinstance(value, str), value
    return value


# --- AACT's mapping walk ----------------------------------------------------------------------


def append_parent(item: dict | None, parent: dict) -> None:
    while item is not None and "$parent" in item:
        item = item["$parent"]
    if item is not None:
        item["$parent"] = parent


def add_missing_keys(item: dict, keys: list[str]) -> dict:
    if keys[0] not in item:
        item[keys[0]] = [{}] if len(keys) == 1 else [add_missing_keys({}, keys[1:])]
    return item


def flatten(path: list[str], data: list | None, parent: dict | None = None) -> list:
    """The worker's flatten: the leaves under `path`, each linked to its parents by '$parent';
    the keys walked are removed from the record, as AACT's worker removes them. A missing root
    (no data) gives nothing: AACT skips the mapping."""
    if not data:
        return []
    if path and path[0] not in data[0] and path == ["categories", "measurements"]:
        for item in data:
            add_missing_keys(item, path)
    if not path:
        if parent is not None:
            for item in data:
                append_parent(item, parent)
        return data
    leaves = []
    for item in data:
        children = item.pop(path[0], None)
        if not children:
            continue
        found = flatten(path[1:], children, item)
        if parent is not None and found:
            append_parent(found[0], parent)
        leaves.extend(found)
    return leaves


def dig(node, *keys):
    for key in keys:
        if node is None:
            return None
        node = node.get(key)
    return node


def entries(record: dict, *root: str) -> list:
    found = dig(record, *root)
    if found is None:
        return []
    return found if isinstance(found, list) else [found]


def aact_rows(record: dict) -> dict[str, list[tuple]]:
    """Every results table's rows for one record, as AACT's loader would make them, in its load
    order and with this project's ids."""
    content = copy.deepcopy(record)
    nct_id = content["protocolSection"]["identificationModule"]["nctId"]
    base = int(nct_id[3:]) * 10**9
    rows: dict[str, list[list]] = {table: [] for table in TABLES}

    def add(table: str, values: list) -> int:
        row_id = base + len(rows[table]) + 1
        rows[table].append([row_id, nct_id, *values])
        return row_id

    # outcomes and their children, in AACT's order: the outcome, then its groups, measurements,
    # counts, analyses (each analysis followed by its groups).
    outcome_groups: dict[tuple, int] = {}
    analysis_groups = []
    for o in entries(content, "resultsSection", "outcomeMeasuresModule", "outcomeMeasures"):
        outcome_id = add("outcomes", [
            text(o.get("type")), text(o.get("title")), text(o.get("description")),
            text(o.get("timeFrame")), text(o.get("populationDescription")),
            date_first_of_month(o.get("anticipatedPostingDate")),
            text(o.get("anticipatedPostingDate")), text(o.get("unitOfMeasure")),
            text(o.get("typeUnitsAnalyzed")), text(o.get("dispersionType")),
            text(o.get("paramType")),
        ])  # fmt: skip
        for g in entries(o, "groups"):
            row_id = add("result_groups", [
                text(g.get("id")), "Outcome", text(g.get("title")), text(g.get("description")),
                outcome_id,
            ])  # fmt: skip
            outcome_groups[(g.get("id"), outcome_id)] = row_id
        for m in flatten(["classes", "categories", "measurements"], [o]):
            measure = dig(m, "$parent", "$parent", "$parent")
            add("outcome_measurements", [
                outcome_id, ("group", m.get("groupId"), outcome_id), text(m.get("groupId")),
                text(dig(m, "$parent", "$parent", "title")), text(dig(m, "$parent", "title")),
                text(measure.get("title")), text(measure.get("description")),
                text(measure.get("unitOfMeasure")), text(measure.get("paramType")),
                text(m.get("value")), ruby_float(m.get("value")),
                text(measure.get("dispersionType")), text(m.get("spread")),
                ruby_float(m.get("spread")), ruby_float(m.get("lowerLimit")),
                ruby_float(m.get("upperLimit")), text(m.get("comment")),
                text(m.get("upperLimit")), text(m.get("lowerLimit")),
            ])  # fmt: skip
        for c in flatten(["counts"], entries(o, "denoms")):
            add("outcome_counts", [
                outcome_id, ("group", c.get("groupId"), outcome_id), text(c.get("groupId")),
                "Measure", text(dig(c, "$parent", "units")), ar_integer(c.get("value")),
            ])  # fmt: skip
        for a in entries(o, "analyses"):
            analysis_id = add("outcome_analyses", [
                outcome_id, text(a.get("nonInferiorityType")),
                text(a.get("nonInferiorityComment")), text(a.get("paramType")),
                ar_decimal(a.get("paramValue")), text(a.get("dispersionType")),
                ar_decimal(a.get("dispersionValue")), p_value_modifier(a.get("pValue")),
                p_value(a.get("pValue")), text(a.get("ciNumSides")),
                ruby_float(a.get("ciPctValue")), ruby_float(a.get("ciLowerLimit")),
                ruby_float(a.get("ciUpperLimit")), text(a.get("ciUpperLimitComment")),
                text(a.get("pValueComment")), text(a.get("statisticalMethod")),
                text(a.get("statisticalComment")), text(a.get("estimateComment")),
                text(a.get("groupDescription")), text(a.get("otherAnalysisDescription")),
                text(a.get("ciUpperLimit")), text(a.get("ciLowerLimit")), text(a.get("pValue")),
            ])  # fmt: skip
            for code in entries(a, "groupIds"):
                analysis_groups.append((analysis_id, code, outcome_id))
    for analysis_id, code, outcome_id in analysis_groups:
        add("outcome_analysis_groups", [analysis_id, ("group", code, outcome_id), text(code)])

    # The other result groups: unique rows, and an index of (code, type) -> the last id.
    index: dict[tuple, int] = {}
    for result_type, root in (
        ("Reported Event", ("adverseEventsModule", "eventGroups")),
        ("Participant Flow", ("participantFlowModule", "groups")),
        ("Baseline", ("baselineCharacteristicsModule", "groups")),
    ):
        seen = []
        for g in entries(content, "resultsSection", *root):
            values = (g.get("id"), g.get("title"), g.get("description"))
            if values in seen:
                continue
            seen.append(values)
            row_id = add("result_groups", [
                text(g.get("id")), result_type, text(g.get("title")), text(g.get("description")),
                None,
            ])  # fmt: skip
            index[(g.get("id"), result_type)] = row_id

    baseline = entries(content, "resultsSection", "baselineCharacteristicsModule")
    for c in flatten(["denoms", "counts"], baseline):
        add("baseline_counts", [
            index.get((c.get("groupId"), "Baseline")), text(c.get("groupId")),
            text(dig(c, "$parent", "units")), "overall", ar_integer(c.get("value")),
        ])  # fmt: skip

    more_info = dig(content, "resultsSection", "moreInfoModule") or {}
    if (contact := more_info.get("pointOfContact")) is not None:
        add("result_contacts", [
            text(contact.get("organization")), text(contact.get("title")),
            text(contact.get("phone")), text(contact.get("email")), text(contact.get("phoneExt")),
        ])  # fmt: skip
    if (agreement := more_info.get("certainAgreement")) is not None:
        add("result_agreements", [
            ar_boolean(agreement.get("piSponsorEmployee")), None,
            text(agreement.get("restrictionType")), text(agreement.get("otherDetails")),
            ar_boolean(agreement.get("restrictiveAgreement")),
        ])  # fmt: skip

    events = entries(content, "resultsSection", "adverseEventsModule")
    for event_type, key in (("other", "otherEvents"), ("serious", "seriousEvents")):
        for s in flatten([key, "stats"], events):
            module = dig(s, "$parent", "$parent")
            add("reported_events", [
                index.get((s.get("groupId"), "Reported Event")), text(s.get("groupId")),
                text(module.get("timeFrame")), event_type, None, None,
                ar_integer(s.get("numAffected")), ar_integer(s.get("numAtRisk")),
                text(module.get("description")), ar_integer(s.get("numEvents")),
                text(dig(s, "$parent", "organSystem")), text(dig(s, "$parent", "term")),
                ar_integer(module.get("frequencyThreshold")),
                text(dig(s, "$parent", "sourceVocabulary")),
                text(dig(s, "$parent", "assessmentType")),
            ])  # fmt: skip
    for event_type, classification, prefix in (
        ("deaths", "Total, all-cause mortality", "deaths"),
        ("other", "Total, other adverse events", "other"),
        ("serious", "Total, serious adverse events", "serious"),
    ):
        for g in entries(content, "resultsSection", "adverseEventsModule", "eventGroups"):
            add("reported_event_totals", [
                text(g.get("id")), event_type, classification,
                ar_integer(g.get(prefix + "NumAffected")), ar_integer(g.get(prefix + "NumAtRisk")),
                None, None,
            ])  # fmt: skip

    for flow in entries(content, "resultsSection", "participantFlowModule"):
        add("participant_flows", [
            text(flow.get("recruitmentDetails")), text(flow.get("preAssignmentDetails")),
            text(flow.get("typeUnitsAnalyzed")),
        ])  # fmt: skip
    periods = entries(content, "resultsSection", "participantFlowModule", "periods")
    for a in flatten(["milestones", "achievements"], periods):
        add("milestones", [
            index.get((a.get("groupId"), "Participant Flow")), text(a.get("groupId")),
            text(dig(a, "$parent", "type")), text(dig(a, "$parent", "$parent", "title")),
            text(a.get("description")), ar_integer(a.get("numSubjects")),
            text(dig(a, "$parent", "comment")), text(a.get("numUnits")),
        ])  # fmt: skip
    for r in flatten(["dropWithdraws", "reasons"], periods):
        add("drop_withdrawals", [
            index.get((r.get("groupId"), "Participant Flow")), text(r.get("groupId")),
            text(dig(r, "$parent", "$parent", "title")), text(dig(r, "$parent", "type")),
            ar_integer(r.get("numSubjects")), text(dig(r, "$parent", "comment")),
            text(r.get("comment")), ar_integer(r.get("numUnits")),
        ])  # fmt: skip

    for m in flatten(["measures", "classes", "categories", "measurements"], baseline):
        measure = dig(m, "$parent", "$parent", "$parent")
        add("baseline_measurements", [
            index.get((m.get("groupId"), "Baseline")), text(m.get("groupId")),
            text(dig(m, "$parent", "$parent", "title")), text(dig(m, "$parent", "title")),
            text(measure.get("title")), text(measure.get("description")),
            text(measure.get("unitOfMeasure")), text(measure.get("paramType")),
            text(m.get("value")), ruby_float(m.get("value")), text(measure.get("dispersionType")),
            text(m.get("spread")), ruby_float(m.get("spread")), ruby_float(m.get("lowerLimit")),
            ruby_float(m.get("upperLimit")), text(m.get("comment")),
            number_analyzed(m, rows["baseline_counts"]),
            text(measure.get("denomUnitsSelected") or "Participants"),
            text(measure.get("populationDescription")),
            calculate_percentage(measure.get("calculatePct")),
        ])  # fmt: skip

    # ResultGroup.handle_outcome_result_groups_ids: the outcome's own group with the code.
    for table in ("outcome_measurements", "outcome_counts", "outcome_analysis_groups"):
        for row in rows[table]:
            slot = next(k for k, v in enumerate(row) if isinstance(v, tuple))
            _, code, outcome_id = row[slot]
            row[slot] = outcome_groups.get((code, outcome_id))
    return {table: [tuple(row) for row in found] for table, found in rows.items()}


def number_analyzed(measurement: dict, baseline_counts: list[list]):
    """BaselineMeasurement.number_analyzed; its fallback looks up the study's own count."""
    group = measurement.get("groupId")
    measure = dig(measurement, "$parent", "$parent", "$parent")
    units = measure.get("denomUnitsSelected") or "Participants"
    denoms = dig(measurement, "$parent", "$parent", "denoms")
    if denoms is None:
        denoms = measure.get("denoms")
    if denoms is None:
        # baseline_counts rows: id, nct_id, result_group_id, code, units, scope, count
        return next((r[6] for r in baseline_counts if r[3] == group and r[4] == units), None)
    for denom in denoms:
        if denom.get("units") == units:
            for count in denom["counts"]:
                if count.get("groupId") == group:
                    return ar_integer(count.get("value"))
    return None


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def results_records(corpus_studies) -> list[dict]:
    """The corpus's current records that have a resultsSection."""
    return [s for s in corpus_studies if isinstance(s, dict) and "resultsSection" in s]


@pytest.fixture(scope="module")
def expected(results_records) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {table: [] for table in TABLES}
    for record in results_records:
        for table, rows in aact_rows(record).items():
            found[table].extend(rows)
    return found


@pytest.fixture(scope="module")
def con(corpus_db):
    connection = db.connect(corpus_db, read_only=True)
    yield connection
    connection.close()


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b and type(a) is type(b) or (a is None and b is None)


def _assert_rows(got: list[tuple], want: list[tuple]) -> None:
    assert len(got) == len(want)
    for row, wanted in zip(got, want, strict=True):
        assert all(_same(a, b) for a, b in zip(row, wanted, strict=True)), (row, wanted)


# --- tests ----------------------------------------------------------------------------------


def test_the_corpus_has_results_records_for_every_table(results_records, expected):
    assert len(results_records) >= 16
    assert {table for table, rows in expected.items() if not rows} == set()


@pytest.mark.parametrize("table", TABLES)
def test_columns_are_aacts_in_its_order(con, table):
    found = con.execute(
        "select column_name, data_type from duckdb_columns() where table_name = ?"
        " and database_name = current_database() and schema_name = 'main' order by column_index",
        [table],
    ).fetchall()
    assert found == _columns(table)


@pytest.mark.parametrize("table", TABLES)
def test_rows_are_what_aacts_loader_makes_of_the_records(con, expected, table):
    got = con.execute("select * from " + table + " order by id").fetchall()
    _assert_rows(got, sorted(expected[table], key=lambda row: row[0]))


def test_every_result_group_id_is_a_group_of_the_right_list(con):
    pairs = {
        "outcome_measurements": "Outcome",
        "outcome_counts": "Outcome",
        "outcome_analysis_groups": "Outcome",
        "baseline_counts": "Baseline",
        "baseline_measurements": "Baseline",
        "reported_events": "Reported Event",
        "milestones": "Participant Flow",
        "drop_withdrawals": "Participant Flow",
    }
    for table, result_type in pairs.items():
        wrong = con.execute(
            "select count(*) from " + table + " as t left join result_groups as g"
            " on g.id = t.result_group_id where t.result_group_id is not null and ("
            " g.id is null or g.nct_id <> t.nct_id or g.result_type <> ?"
            " or g.ctgov_group_code <> t.ctgov_group_code)",
            [result_type],
        ).fetchone()[0]
        assert wrong == 0, table
    # An outcome's rows point at that outcome's own groups.
    crossed = con.execute(
        "select count(*) from outcome_measurements as m join result_groups as g"
        " on g.id = m.result_group_id where g.outcome_id <> m.outcome_id"
    ).fetchone()[0]
    assert crossed == 0


def test_the_p_value_is_split_as_aact_splits_it(con):
    rows = con.execute(
        "select distinct p_value_raw, p_value_modifier, p_value from outcome_analyses"
        " where p_value_raw in ('<0.001', '0.05', '=0.247') order by p_value_raw"
    ).fetchall()
    assert rows == [("0.05", "", 0.05), ("<0.001", "<", 0.001), ("=0.247", "=", 0.247)]


def test_a_measure_whose_first_class_lacks_categories_gets_an_empty_row(con):
    # NCT04544683: Race and Ethnicity Not Collected has one class with denoms only; AACT's
    # flatten fills it with one empty measurement. NCT04431453's outcome whose sixth class lacks
    # categories gets no such row: its first class has them.
    row = con.execute(
        "select ctgov_group_code, result_group_id, classification, param_value, number_analyzed,"
        " number_analyzed_units from baseline_measurements"
        " where nct_id = 'NCT04544683' and title = 'Race and Ethnicity Not Collected'"
    ).fetchall()
    assert row == [(None, None, None, None, None, "Participants")]
    assert (
        con.execute(
            "select count(*) from outcome_measurements where ctgov_group_code is null"
        ).fetchone()[0]
        == 0
    )


def test_studies_without_results_have_no_rows(con, corpus_studies):
    with_results = {
        s["protocolSection"]["identificationModule"]["nctId"]
        for s in corpus_studies
        if isinstance(s, dict) and "resultsSection" in s
    }
    for table in TABLES:
        ids = {r[0] for r in con.execute("select distinct nct_id from " + table).fetchall()}
        assert ids <= with_results, table
    # AACT's own test record has no results.
    assert "NCT06388018" not in with_results
    assert con.execute(
        "select count(*) from study_overview where nct_id = 'NCT06388018'"
    ).fetchone()[0]


# Texts and what Ruby 3.1 gave for them: Float(text) rescue nil, then the casts ActiveRecord
# applies to a text in an integer, numeric and double precision column (nil for a blank text).
RUBY = [
    # text, Float(), integer, numeric (to_d), double (to_f)
    ("1.5", 1.5, 1, 1.5, 1.5),
    (" 1.5 ", 1.5, 1, 1.5, 1.5),
    ("1e5", 100000.0, 1, 100000.0, 100000.0),
    ("0x1A", 26.0, 0, 0.0, 0.0),
    ("1_000", 1000.0, 1000, 1000.0, 1000.0),
    ("1__0", None, 1, 1.0, 1.0),
    (".5", 0.5, 0, 0.5, 0.5),
    ("5.", None, 5, 5.0, 5.0),
    ("-.5", -0.5, 0, -0.5, -0.5),
    ("NA", None, 0, 0.0, 0.0),
    ("", None, None, None, None),
    ("  ", None, None, None, None),
    ("1,234", None, 1, 1.0, 1.0),
    ("12 weeks", None, 12, 12.0, 12.0),
    ("Infinity", None, 0, math.inf, math.inf),
    ("NaN", None, 0, math.nan, math.nan),
    ("1e400", math.inf, 1, None, math.inf),
    ("0.05*", None, 0, 0.05, 0.05),
    ("≤0.05", None, 0, 0.0, 0.0),
    ("1.e5", None, 1, 100000.0, 1.0),
    ("1e_5", None, 1, 1.0, 1.0),
    ("-", None, 0, -0.0, 0.0),
    ("2.5", 2.5, 2, 2.5, 2.5),
    ("-2.5", -2.5, -2, -2.5, -2.5),
    ("9999999999", 9999999999.0, None, 9999999999.0, 9999999999.0),
]


@pytest.fixture(scope="module")
def macros():
    connection = duckdb.connect()
    db.apply_macros(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize(("value", "as_float", "as_integer", "as_decimal", "as_double"), RUBY)
def test_conversions_follow_ruby(macros, value, as_float, as_integer, as_decimal, as_double):
    got = macros.execute(
        "select ruby_float(?), ar_integer(?), ar_decimal(?), ar_float(?)", [value] * 4
    ).fetchone()
    # 1e400 is finite for BigDecimal; as a double it is past the range, null here.
    want = (as_float, as_integer, None if value == "1e400" else as_decimal, as_double)
    if value == "1e400":
        got = (got[0], got[1], None, got[3])
    assert all(_same(a, b) for a, b in zip(got, want, strict=True)), (got, want)
    # The test's own conversions agree with Ruby on these texts too.
    mine = (ruby_float(value), ar_integer(value), ar_decimal(value), ar_float(value))
    if value == "1e400":
        mine = (mine[0], mine[1], None, mine[3])
    assert all(_same(a, b) for a, b in zip(mine, want, strict=True)), (mine, want)


def test_booleans_and_strip_follow_activerecord_and_ruby(macros):
    values = ["true", "false", "0", "f", "off", "no", "", None]
    got = [macros.execute("select ar_boolean(?)", [v]).fetchone()[0] for v in values]
    assert got == [True, False, False, False, False, True, None, None]
    assert macros.execute("select ruby_strip(?)", ["\x00 \t x \x00 \n"]).fetchone()[0] == "x"


# --- incremental --------------------------------------------------------------------------


def _without_results(record: dict) -> dict:
    """SYNTHETIC: a real results record whose next version lost its resultsSection."""
    out = copy.deepcopy(record)
    del out["resultsSection"]
    out["hasResults"] = False
    return out


def _changed_results(record: dict) -> dict:
    """SYNTHETIC: a real results record's next version, its first serious event and first
    outcome measure dropped, its first analysis' p-value changed."""
    out = copy.deepcopy(record)
    results = out["resultsSection"]
    results["adverseEventsModule"].get("seriousEvents", [None]).pop(0)
    measures = results["outcomeMeasuresModule"]["outcomeMeasures"]
    measures.pop(0)
    for measure in measures:
        if measure.get("analyses"):
            measure["analyses"][0]["pValue"] = "<0.0001"
            break
    return out


def _mentions_the_key(record: dict) -> dict:
    """SYNTHETIC: a real record without results whose summary quotes the key "resultsSection"."""
    out = copy.deepcopy(record)
    module = out["protocolSection"].setdefault("descriptionModule", {})
    module["briefSummary"] = 'See "resultsSection": nothing here.'
    return out


def _new_copy(record: dict, number: int) -> dict:
    """SYNTHETIC: a real results record under a fresh id NCT9xxxxxxx."""
    out = copy.deepcopy(record)
    out["protocolSection"]["identificationModule"]["nctId"] = f"NCT9{number:07d}"
    return out


@pytest.mark.integration
def test_an_incremental_rebuild_of_changed_results_equals_a_full_one(
    corpus_db, corpus_studies, results_records, expected, tmp_path
):
    """Versions that lose, change, gain results (or only quote the key) are redone alone, and
    every table then holds what a full rebuild holds: what AACT makes of the current records."""
    database = tmp_path / "trials.duckdb"
    shutil.copyfile(corpus_db, database)
    plain = next(s for s in corpus_studies if isinstance(s, dict) and "resultsSection" not in s)
    versions = [
        _without_results(results_records[0]),
        _changed_results(results_records[1]),
        _mentions_the_key(plain),
        _new_copy(results_records[2], 1),
    ]
    path = tmp_path / "changed.ndjson"
    write_ndjson(versions, path)
    con = db.connect(database)
    try:
        db.apply_raw_schema(con)
        landing.save_raw(con, [path], "test", None, datetime(2030, 1, 2))
    finally:
        con.close()
    # The corpus database's topics, so that only the landed studies changed.
    steps.rebuild_tables(database, [load_topic(slug) for slug in list_topics()])
    changed = {v["protocolSection"]["identificationModule"]["nctId"] for v in versions}
    con = db.connect(database, read_only=True)
    try:
        assert incremental.swapped_since_full(con) == len(versions)
        for table in TABLES:
            want = [row for row in expected[table] if row[1] not in changed]
            for version in versions:
                want += aact_rows(version)[table]
            got = con.execute("select * from " + table + " order by id").fetchall()
            _assert_rows(got, sorted(want, key=lambda row: row[0]))
    finally:
        con.close()


def _hostile_variants(record: dict) -> list[dict]:
    """SYNTHETIC: a real results record with resultsSection broken in ways a registry bug or a
    hostile server could give (wrong types, nulls, empty lists, a list's first element null)."""
    edits = [
        lambda r: r.update(resultsSection=[]),
        lambda r: r.update(resultsSection="text"),
        lambda r: r["resultsSection"].update(outcomeMeasuresModule={"outcomeMeasures": {}}),
        lambda r: r["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0].update(
            classes=[None, {"categories": None}, {}],
            denoms=[{"counts": "x"}],
            analyses=[{"pValue": 5, "groupIds": [1, None, {"x": 1}], "paramValue": ""}],
        ),
        lambda r: r["resultsSection"]["baselineCharacteristicsModule"].update(
            measures=[None, 5, "x", {"classes": []}, {"classes": [{"denoms": "x"}]}],
            denoms={"units": 1},
        ),
        lambda r: r["resultsSection"]["adverseEventsModule"].update(
            eventGroups=[{"id": None, "seriousNumAffected": {"a": 1}}],
            otherEvents=[{"stats": [{"numAffected": "1" * 5000, "groupId": []}]}],
            frequencyThreshold=True,
        ),
        lambda r: r["resultsSection"].update(
            moreInfoModule={"certainAgreement": "yes", "pointOfContact": []},
            participantFlowModule={"periods": [{"milestones": None, "dropWithdraws": [{}]}]},
        ),
        lambda r: r["protocolSection"].update(resultsSection=r.pop("resultsSection")),
    ]
    variants = []
    for number, edit in enumerate(edits, start=1):
        variant = _new_copy(record, 100 + number)
        edit(variant)
        variants.append(variant)
    return variants


def test_hostile_results_never_stop_the_build(results_records, tmp_path):
    variants = _hostile_variants(results_records[0])
    con = build_db(variants, tmp_path)
    try:
        counts = {t: con.execute("select count(*) from " + t).fetchone()[0] for t in TABLES}
    finally:
        con.close()
    # What is still well formed in them loads: the untouched modules of the variants.
    assert counts["reported_events"] > 0 and counts["milestones"] > 0
