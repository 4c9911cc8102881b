"""The /api/v2 request rules, free of HTTP: parameter checks, search queries, pages and tokens."""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Iterable, Mapping
from functools import cache

from pipeline.emulator import catalog
from pipeline.emulator.corpus import Corpus, Query, RawStudy
from pipeline.emulator.essie import EssieError, parse
from pipeline.emulator.fields import QUERY_AREAS, UnknownField, narrow, selection
from pipeline.emulator.formats import legacy_markup
from pipeline.emulator.pieces import DATE_PIECES, NUMERIC_PIECES, iter_nodes

API_VERSION = "2.0.5"
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 1000
INT32_MAX = 2**31 - 1
FILTERS = ("filter.overallStatus", "filter.ids", "filter.advanced")
POST_FILTERS = tuple(f.replace("filter.", "postFilter.") for f in FILTERS)
CURSOR_PARAMS = frozenset({"pageToken", "pageSize", "countTotal"})
STUDY_PARAMS = frozenset({"format", "markupFormat", "fields"})
SEARCH_PARAMS = frozenset({*QUERY_AREAS, *FILTERS, *POST_FILTERS, *CURSOR_PARAMS, "sort"})
SEARCH_PARAMS |= STUDY_PARAMS
# Declared by the official spec but not emulated: rejected with a message saying so.
UNSUPPORTED = frozenset(
    {
        "query.patient",
        "filter.geo",
        "filter.synonyms",
        "postFilter.geo",
        "postFilter.synonyms",
        "aggFilters",
        "geoDecay",
    }
)
SORTABLE = DATE_PIECES | NUMERIC_PIECES | {"@relevance"}
# The spec's pipeDelimited arrays (comma or pipe lists): pipeDelimited has no form for an empty
# list, so `fields=` is one empty item, and no item schema takes an empty string.
LIST_PARAMS = frozenset(
    {"fields", "sort", "types", "filter.overallStatus", "filter.ids"}
    | {"postFilter.overallStatus", "postFilter.ids"}
)
_LIST_SPLIT = re.compile(r"[,|]")
_NCT_ID = re.compile(r"[Nn][Cc][Tt]0*([1-9]\d{0,7})")
_SORT_ITEM = re.compile(r"(?P<name>@?[A-Za-z][A-Za-z0-9\-. ]*)(?::(?P<dir>asc|desc))?")
_TOKEN_LIMIT = 100_000


class BadRequest(ValueError):
    """A request the real API answers with 400 and a plain-text message."""


def check_params(params: Mapping[str, str], allowed: Iterable[str]) -> None:
    """Raise BadRequest naming the first parameter the endpoint does not take."""
    allowed = frozenset(allowed)
    for name in params:
        if name not in allowed and name in UNSUPPORTED:
            raise BadRequest(f"parameter '{name}' is not supported by this emulator")
        if name not in allowed:
            raise BadRequest(f"unknown parameter '{name}'")
    if params.get("format", "json") not in ("json", "csv"):
        value = params["format"]
        if value in ("json.zip", "fhir.json", "ris"):
            raise BadRequest(f"format '{value}' is not supported by this emulator")
        raise BadRequest(f"format must be json or csv, got '{value}'")
    if params.get("markupFormat", "markdown") not in ("markdown", "legacy"):
        raise BadRequest(f"markupFormat must be markdown or legacy, got '{params['markupFormat']}'")
    for name in sorted(LIST_PARAMS & params.keys()):
        if not all(item.strip() for item in _LIST_SPLIT.split(params[name])):
            raise BadRequest(
                f"{name}: empty list item in '{params[name]}' (give a comma- or pipe-separated "
                "list of non-empty items, or leave the parameter out)"
            )


def field_selection(params: Mapping[str, str], search: bool = True) -> dict | None:
    """Return the selection tree of a JSON request's `fields` (None = whole records), or raise.

    `@query` (the searched pieces) exists on /studies only (search=True)."""
    if "fields" not in params or params.get("format") == "csv":
        return None
    try:
        return selection(_items(params["fields"]), params if search else None)
    except UnknownField as exc:
        raise BadRequest(
            f"fields: unknown field '{exc}' (use a piece name, a field path or a search area "
            "from /studies/metadata and /studies/search-areas)"
        ) from None


def narrowed(study: object, tree: dict | None, params: Mapping[str, str]) -> object:
    """Return the study as a JSON request asks: restricted to `fields`, in its markupFormat.

    A RawStudy is served as its text, whatever the request asks."""
    if isinstance(study, RawStudy):
        return study
    if params.get("markupFormat") == "legacy" and params.get("format") != "csv":
        study = legacy_markup(study)
    return study if tree is None else narrow(study, tree)


def study_id(raw: str) -> str:
    """Return the canonical NCT id (NCT + 8 digits) for a path id, or raise BadRequest."""
    m = _NCT_ID.fullmatch(raw)
    if not m:
        raise BadRequest(f"'{raw}' is not a valid NCT number")
    return f"NCT{int(m.group(1)):08d}"


def _items(value: str) -> list[str]:
    return [item.strip() for item in _LIST_SPLIT.split(value) if item.strip()]


@cache
def known_statuses() -> frozenset[str]:
    """The overall statuses the spec defines (its Status enum), as /studies/enums lists them."""
    [status] = [e for e in catalog.enums_body() if e["type"] == "Status"]
    return frozenset(v["value"] for v in status["values"])


def _statuses(params: Mapping[str, str]) -> frozenset[str] | None:
    found = None
    for name in ("filter.overallStatus", "postFilter.overallStatus"):
        if _items(params.get(name, "")):
            values = frozenset(_items(params[name]))
            if unknown := sorted(values - known_statuses()):
                raise BadRequest(f"{name}: unknown status {', '.join(unknown)}")
            found = values if found is None else found & values
    return found


def _ids(params: Mapping[str, str]) -> frozenset[str] | None:
    found = None
    for name in ("filter.ids", "postFilter.ids"):
        if _items(params.get(name, "")):
            try:
                values = frozenset(study_id(item) for item in _items(params[name]))
            except BadRequest as exc:
                raise BadRequest(f"{name}: {exc}") from None
            found = values if found is None else found & values
    return found


@cache
def sort_names() -> dict[str, str]:
    """Return every sort key (case-sensitive) and the piece it sorts by.

    Piece names, their alt names and the field paths of the metadata (the spec: "a field/piece
    name") of date and numeric pieces, and @relevance."""
    names = {piece: piece for piece in SORTABLE}
    for path, node in iter_nodes():
        if node["piece"] in SORTABLE:
            for name in (".".join(path), *node.get("altPieceNames", ())):
                names.setdefault(name, node["piece"])
    return names


def _sort(value: str) -> tuple[tuple[str, bool], ...]:
    items = _items(value)
    if len(items) > 2:
        raise BadRequest(f"sort takes at most 2 items, got {len(items)}")
    keys = []
    for item in items:
        m = _SORT_ITEM.fullmatch(item)
        if not m or m.group("name") not in sort_names():
            raise BadRequest(
                f"sort item '{item}' is invalid: use @relevance or a date or numeric piece or "
                "field (e.g. LastUpdatePostDate, EnrollmentCount, NumArmGroups, "
                "protocolSection.statusModule.startDateStruct.date) with optional :asc or :desc"
            )
        name, direction = sort_names()[m.group("name")], m.group("dir")
        if name != "@relevance":
            # Defaults as documented: dates descending, numbers ascending.
            keys.append((name, direction == "desc" if direction else name in DATE_PIECES))
    return tuple(keys)


def _page_size(value: str | None, limit: int) -> int:
    if value is None:
        return min(DEFAULT_PAGE_SIZE, limit)
    if not re.fullmatch(r"\+?\d+", value.strip()):
        raise BadRequest(f"pageSize must be a non-negative integer, got '{value}'")
    size = int(value)
    if size > INT32_MAX:
        # The spec's pageSize is an int32: a larger number is no page size, not one to coerce.
        raise BadRequest(f"pageSize must be at most {INT32_MAX} (an int32), got '{value}'")
    return min(DEFAULT_PAGE_SIZE if size == 0 else size, limit)


def search_query(params: Mapping[str, str]) -> Query:
    """Return the Query a /studies request asks for, or raise BadRequest."""
    check_params(params, SEARCH_PARAMS)
    conditions = []
    sources = [*QUERY_AREAS.items(), ("filter.advanced", "BasicSearch")]
    sources.append(("postFilter.advanced", "BasicSearch"))
    for name, scope in sources:
        if params.get(name, "").strip():
            try:
                conditions.append((parse(params[name]), scope))
            except EssieError as exc:
                raise BadRequest(f"{name}: {exc}") from None
    return Query(
        conditions=tuple(conditions),
        statuses=_statuses(params),
        ids=_ids(params),
        sort=_sort(params.get("sort", "")),
    )


class Pager:
    """Serves /studies pages; tokens are random ids bound server-side to a query and offset."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._tokens: dict[str, tuple[tuple, int]] = {}
        self._lock = threading.Lock()

    def _issue(self, key: tuple, offset: int) -> str:
        token = secrets.token_urlsafe(18)
        with self._lock:
            if len(self._tokens) >= _TOKEN_LIMIT:
                del self._tokens[next(iter(self._tokens))]
            self._tokens[token] = (key, offset)
        return token

    def page(
        self, params: Mapping[str, str], fault: str | None = None, limit: int = MAX_PAGE_SIZE
    ) -> dict:
        """Return one /studies body (pageSize capped at limit); faults bend it as documented."""
        query = search_query(params)
        tree = field_selection(params)
        size = _page_size(params.get("pageSize"), limit)
        count_total = params.get("countTotal", "false").strip().lower()
        if count_total not in ("true", "false"):
            raise BadRequest(f"countTotal must be true or false, got '{params['countTotal']}'")
        key = tuple(sorted((k, v) for k, v in params.items() if k not in CURSOR_PARAMS))
        token = params.get("pageToken")
        offset = 0
        if token is not None:
            with self._lock:
                bound = self._tokens.get(token)
            if bound is None:
                raise BadRequest("pageToken is not valid (unknown or expired)")
            if bound[0] != key:
                raise BadRequest(
                    "pageToken was issued for different parameters: every parameter except "
                    "pageToken, pageSize and countTotal must match the first request"
                )
            offset = bound[1]
        if fault == "empty-page":
            return {"studies": [], "nextPageToken": self._issue(key, offset)}
        studies = self.corpus.search(query)
        if fault == "repeat" and offset > 0:
            offset -= 1
        body: dict = {}
        if count_total == "true" and token is None:
            body["totalCount"] = len(studies)
        body["studies"] = [narrowed(s, tree, params) for s in studies[offset : offset + size]]
        # As on the real API, an exactly full last page still gets a token (to an empty page).
        if offset + size <= len(studies):
            body["nextPageToken"] = self._issue(key, offset + size)
        if fault == "same-token" and token is not None:
            body["nextPageToken"] = token
        elif fault == "overrun" and studies:
            # Past the last page, start again at the first: a fresh token every time.
            after = offset + size
            body["nextPageToken"] = self._issue(key, after if after < len(studies) else 0)
        return body
