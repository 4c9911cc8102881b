"""Other answer formats: `format=csv` (the website's CSV download columns) and legacy markup.

CSV columns and the pieces each holds follow the CSV Download page of the API docs (the same
table ships with the PyPI client pytrials as fields.csv). Lists are joined with `|`, parts of
one item with `, `. A piece name (`NCTId`) as a CSV field is a column of that name holding the
piece's values joined with `|`. The first page carries the header row; paging goes through the
`x-next-page-token` header and `countTotal` through `x-total-count`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable

from pipeline.emulator.corpus import _leaves
from pipeline.emulator.pieces import PIECES, iter_nodes

STUDY_URL = "https://clinicaltrials.gov/study/{}"
LARGE_DOC_URL = "https://cdn.clinicaltrials.gov/large-docs/{}/{}/{}"
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])")


def _at(study: object, path: str) -> list:
    return [v for v in _leaves(study, path.split("."), []) if not isinstance(v, dict | list)]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "YES" if value else "NO"
    return "" if value is None else str(value)


def _first(path: str) -> Callable[[object], str]:
    return lambda s: next((_text(v) for v in _at(s, path)), "")


def _joined(path: str) -> Callable[[object], str]:
    return lambda s: "|".join(_text(v) for v in _at(s, path))


def _items(path: str, *keys: str, sep: str = ", ") -> Callable[[object], str]:
    # One `|`-separated entry per list item, its non-empty parts joined by sep.
    def column(study: object) -> str:
        entries = []
        for item in _leaves(study, path.split("."), []):
            if isinstance(item, dict):
                parts = [_text(item.get(k)) for k in keys if isinstance(item.get(k), str | int)]
                entries.append(sep.join(p for p in parts if p))
        return "|".join(entries)

    return column


P = "protocolSection."


def _url(study: object) -> str:
    nct = _first(P + "identificationModule.nctId")(study)
    return STUDY_URL.format(nct) if nct else ""


def _age(study: object) -> str:
    low = _first(P + "eligibilityModule.minimumAge")(study)
    high = _first(P + "eligibilityModule.maximumAge")(study)
    groups = ", ".join(_text(v) for v in _at(study, P + "eligibilityModule.stdAges"))
    span = f"{low} to {high}" if low and high else f"{low} and older" if low else ""
    span = span or (f"up to {high}" if high else "")
    return f"{span} ({groups})".strip() if groups else span


def _design(study: object) -> str:
    info = P + "designModule.designInfo."
    parts = [
        ("Allocation", _first(info + "allocation")(study)),
        ("Intervention Model", _first(info + "interventionModel")(study)),
        ("Observational Model", _first(info + "observationalModel")(study)),
        ("Time Perspective", _first(info + "timePerspective")(study)),
        ("Masking", _first(info + "maskingInfo.masking")(study)),
        ("Primary Purpose", _first(info + "primaryPurpose")(study)),
    ]
    who = ", ".join(_text(v) for v in _at(study, info + "maskingInfo.whoMasked"))
    return "|".join(
        f"{name}: {value} ({who})" if name == "Masking" and who else f"{name}: {value}"
        for name, value in parts
        if value
    )


def _documents(study: object) -> str:
    nct = _first(P + "identificationModule.nctId")(study)
    out = []
    for doc in _leaves(study, ["documentSection", "largeDocumentModule", "largeDocs"], []):
        if isinstance(doc, dict) and isinstance(doc.get("filename"), str) and nct:
            url = LARGE_DOC_URL.format(nct[-2:], nct, doc["filename"])
            out.append(f"{_text(doc.get('label'))}, {url}")
    return "|".join(out)


OUTCOME_KEYS = ("measure", "description", "timeFrame")
COLUMNS: dict[str, Callable[[object], str]] = {
    "NCT Number": _first(P + "identificationModule.nctId"),
    "Study Title": _first(P + "identificationModule.briefTitle"),
    "Study URL": _url,
    "Acronym": _first(P + "identificationModule.acronym"),
    "Study Status": _first(P + "statusModule.overallStatus"),
    "Brief Summary": _first(P + "descriptionModule.briefSummary"),
    "Study Results": lambda s: _first("hasResults")(s) or "NO",
    "Conditions": _joined(P + "conditionsModule.conditions"),
    "Interventions": _items(P + "armsInterventionsModule.interventions", "type", "name", sep=": "),
    "Primary Outcome Measures": _items(P + "outcomesModule.primaryOutcomes", *OUTCOME_KEYS),
    "Secondary Outcome Measures": _items(P + "outcomesModule.secondaryOutcomes", *OUTCOME_KEYS),
    "Other Outcome Measures": _items(P + "outcomesModule.otherOutcomes", *OUTCOME_KEYS),
    "Sponsor": _first(P + "sponsorCollaboratorsModule.leadSponsor.name"),
    "Collaborators": _joined(P + "sponsorCollaboratorsModule.collaborators.name"),
    "Sex": _first(P + "eligibilityModule.sex"),
    "Age": _age,
    "Phases": _joined(P + "designModule.phases"),
    "Enrollment": _first(P + "designModule.enrollmentInfo.count"),
    "Funder Type": _first(P + "sponsorCollaboratorsModule.leadSponsor.class"),
    "Study Type": _first(P + "designModule.studyType"),
    "Study Design": _design,
    "Other IDs": lambda s: "|".join(
        v
        for v in (
            _first(P + "identificationModule.orgStudyIdInfo.id")(s),
            _joined(P + "identificationModule.secondaryIdInfos.id")(s),
        )
        if v
    ),
    "Start Date": _first(P + "statusModule.startDateStruct.date"),
    "Primary Completion Date": _first(P + "statusModule.primaryCompletionDateStruct.date"),
    "Completion Date": _first(P + "statusModule.completionDateStruct.date"),
    "First Posted": _first(P + "statusModule.studyFirstPostDateStruct.date"),
    "Results First Posted": _first(P + "statusModule.resultsFirstPostDateStruct.date"),
    "Last Update Posted": _first(P + "statusModule.lastUpdatePostDateStruct.date"),
    "Locations": _items(
        P + "contactsLocationsModule.locations", "facility", "city", "state", "zip", "country"
    ),
    "Study Documents": _documents,
}
_BY_NAME = {name.lower(): name for name in COLUMNS}
# A piece name as a CSV field: a column named after the piece, its values (every scalar under
# a branch piece such as ConditionsModule) joined with `|`.
_PIECE_PATHS = {node["piece"]: path for path, node in iter_nodes()} | {
    piece: tuple(path.split(".")) for piece, path in PIECES.items()
}
_PIECE_COLUMNS = {piece.lower(): piece for piece in _PIECE_PATHS if piece not in COLUMNS}


def _scalars(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in _scalars(value)]
    if isinstance(node, list):
        return [s for item in node for s in _scalars(item)]
    return [] if node is None else [_text(node)]


def _piece_column(piece: str) -> Callable[[object], str]:
    path = list(_PIECE_PATHS[piece])
    return lambda s: "|".join(v for node in _leaves(s, path, []) for v in _scalars(node))


def csv_columns(names: Iterable[str] | None) -> list[str]:
    """Return the CSV column names a `fields` list asks for (all without one), or raise KeyError."""
    if names is None:
        return list(COLUMNS)
    columns = []
    for name in names:
        key = name.strip().lower()
        if key in _BY_NAME:
            columns.append(_BY_NAME[key])
        elif key in _PIECE_COLUMNS:
            columns.append(_PIECE_COLUMNS[key])
        else:
            raise KeyError(name)
    return columns


def csv_text(studies: Iterable[object], columns: list[str], header: bool) -> str:
    """Return CSV rows (with the header row first when asked) for the studies."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for study in studies:
        writer.writerow([(COLUMNS.get(c) or _piece_column(c))(study) for c in columns])
    return out.getvalue()


_MARKUP_PATHS = [
    path
    for path, node in iter_nodes()
    if node["sourceType"] == "MARKUP" and not node.get("children")
]


def legacy_markup(study: object) -> object:
    """Return the study with markup fields in legacy form: markdown backslash escapes removed."""
    if not isinstance(study, dict):
        return study
    out = dict(study)
    for path in _MARKUP_PATHS:
        out = _replace(out, path)
    return out


def _replace(node: object, path: tuple[str, ...]) -> object:
    # Copies only along the path, so the stored record stays untouched.
    if isinstance(node, list):
        return [_replace(item, path) for item in node]
    if not isinstance(node, dict) or path[0] not in node:
        return node
    value = node[path[0]]
    if len(path) == 1:
        new = _MARKDOWN_ESCAPE.sub(r"\1", value) if isinstance(value, str) else value
    else:
        new = _replace(value, path[1:])
    return node if new is value else {**node, path[0]: new}
