"""ClinicalTrials.gov API v2 over HTTP: one polite session, cursor paging, version."""

from __future__ import annotations

import email.utils
import json
import logging
import math
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from pipeline import __version__
from pipeline.core import jsontext
from pipeline.core.files import ndjson_line

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
USER_AGENT = (
    f"cramp-trials/{__version__} (clinical trials pipeline; "
    "+https://github.com/cramp-trials/cramp-trials)"
)
PAGE_SIZE = 1000
# Paging bound: a query may take ceil(totalCount / page size) pages, plus PAGE_SLACK for the empty
# page after an exactly full last page and for studies added while paging, plus 1% of the pages
# for refreshes during a long fetch. Client(max_pages=MAX_PAGES) caps every query.
PAGE_SLACK = 2
MAX_PAGES = 5000
# Throttling shows up as 429 or 403 (no rate-limit headers); 5xx during incidents.
RETRY_STATUSES = frozenset({403, 429, 500, 502, 503, 504})

log = logging.getLogger(__name__)


class CtgovError(RuntimeError):
    """Base class for ClinicalTrials.gov client failures."""


class ApiRequestError(CtgovError):
    """The API rejected the request (4xx other than throttling); never retried."""

    def __init__(self, status: int, url: str, text: str):
        super().__init__(f"HTTP {status} from {url}: {text.strip()}")
        self.status = status
        self.text = text


class ApiUnavailable(CtgovError):
    """The API could not be reached or kept failing after every allowed attempt."""


class ApiResponseError(CtgovError):
    """The API answered 200 with JSON of the wrong shape (not the API, or a broken one).

    Not retried: the same request would get the same answer. Study records inside a page are
    never checked here; they are upstream data and pass through as they are.
    """

    def __init__(self, url: str, problem: str):
        super().__init__(f"unexpected answer from {url}: {problem}")
        self.url = url
        self.problem = problem


class PagingError(CtgovError):
    """A paged query did not end: a repeated nextPageToken, or more pages than totalCount allows."""

    def __init__(self, url: str, problem: str):
        super().__init__(f"paging stopped for {url}: {problem}")
        self.url = url
        self.problem = problem


@dataclass
class FetchStats:
    """Figures of one paged query: what the server announced against what arrived."""

    total_count: int | None = None
    received: int = 0
    unique: int = 0
    pages: int = 0
    requests: int = 0
    # A record received again, the same in every byte: the registry refreshed between pages.
    duplicates: list[str] = field(default_factory=list)
    # A record whose nctId an earlier, different record of this answer has: both are kept and
    # counted, as the server counted them (the landing quarantines the id: duplicate_nct_id).
    collisions: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when the server gave no count, or the distinct records received match it, or
        every record received does (the server counted a record it sent twice as two)."""
        return self.total_count in (None, self.unique, self.received)


ProgressCallback = Callable[[FetchStats], None]


def _kind(value: object) -> str:
    """Name a JSON value's type as JSON calls it, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def check_page(body: object, url: str) -> dict:
    """Return a /studies body if it has the documented shape, else raise ApiResponseError.

    The elements of `studies` are not looked at: odd records are the caller's to quarantine.
    """
    if not isinstance(body, dict):
        raise ApiResponseError(url, f"the body is {_kind(body)}, not an object")
    studies = body.get("studies")
    if not isinstance(studies, list):
        found = "missing" if "studies" not in body else _kind(studies)
        raise ApiResponseError(url, f"'studies' is {found}, not a list")
    total = body.get("totalCount")
    if total is not None and (not isinstance(total, int) or isinstance(total, bool) or total < 0):
        raise ApiResponseError(url, f"'totalCount' is {_kind(total)}, not a count")
    token = body.get("nextPageToken")
    if token is not None and not isinstance(token, str):
        raise ApiResponseError(url, f"'nextPageToken' is {_kind(token)}, not a string")
    return body


def check_version(body: object, url: str) -> dict:
    """Return a /version body if it carries a string dataTimestamp, else raise ApiResponseError."""
    if not isinstance(body, dict):
        raise ApiResponseError(url, f"the body is {_kind(body)}, not an object")
    stamp = body.get("dataTimestamp")
    if not isinstance(stamp, str) or not stamp.strip():
        found = "missing" if "dataTimestamp" not in body else _kind(stamp)
        raise ApiResponseError(
            url, f"'dataTimestamp' is {found}, not a string (is this a ClinicalTrials.gov v2 API?)"
        )
    return body


def check_enums(body: object, url: str) -> list[dict]:
    """Return a /studies/enums body if it has the spec's EnumInfoList shape, else raise.

    Each element needs a string `type`, a `pieces` list and a `values` list of objects with a
    string `value`; other keys (legacyValue, exceptions) are kept as served.
    """
    if not isinstance(body, list):
        raise ApiResponseError(url, f"the body is {_kind(body)}, not a list of enum types")
    for i, entry in enumerate(body):
        if not isinstance(entry, dict):
            raise ApiResponseError(url, f"enum type {i} is {_kind(entry)}, not an object")
        name = entry.get("type")
        if not isinstance(name, str) or not name:
            raise ApiResponseError(url, f"enum type {i} has no string 'type'")
        for key in ("pieces", "values"):
            if not isinstance(entry.get(key), list):
                found = "missing" if key not in entry else _kind(entry.get(key))
                raise ApiResponseError(url, f"'{key}' of enum type {name!r} is {found}, not a list")
        for item in entry["values"]:
            value = item.get("value") if isinstance(item, dict) else None
            if not isinstance(value, str) or not value:
                raise ApiResponseError(url, f"a value of enum type {name!r} has no string 'value'")
    return body


def study_key(study: object) -> str | None:
    """Return a record's protocolSection.identificationModule.nctId if it is a string, else None."""
    section = study.get("protocolSection") if isinstance(study, dict) else None
    module = section.get("identificationModule") if isinstance(section, dict) else None
    nct_id = module.get("nctId") if isinstance(module, dict) else None
    return nct_id if isinstance(nct_id, str) else None


def _body_text(response: requests.Response) -> str:
    """The body as text, decoded as requests' Response.json() decodes it."""
    if not response.encoding:
        guess = requests.utils.guess_json_utf(response.content)
        if guess is not None:
            try:
                return response.content.decode(guess)
            except UnicodeDecodeError:
                pass
    return response.text


def retry_after_seconds(value: str | None) -> float | None:
    """Return the wait a Retry-After header asks for (seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Client:
    """A ClinicalTrials.gov API v2 client carrying the whole retry and pacing policy."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        min_interval: float = 1.0,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        max_attempts: int = 6,
        backoff: float = 2.0,
        backoff_cap: float = 120.0,
        retry_after_cap: float = 300.0,
        max_pages: int = MAX_PAGES,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        before_request: Callable[[], None] | None = None,
    ):
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.base_url = base_url.rstrip("/")
        self.min_interval = min_interval
        self.timeout = (connect_timeout, read_timeout)
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.retry_after_cap = retry_after_cap
        self.max_pages = max_pages
        self.sleep = sleep
        self.rng = rng or random.Random()
        # Called before every request, after this client's own pacing: a hook for pacing shared
        # with other processes (flows/fleet.py fills it with a Prefect global rate limit).
        self.before_request = before_request
        self.requests_made = 0
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": user_agent, "Accept": "application/json"})
        self._lock = threading.Lock()
        self._last_request = float("-inf")

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pace(self) -> None:
        with self._lock:
            wait = self._last_request + self.min_interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last_request = time.monotonic()

    def _backoff(self, attempt: int) -> float:
        # Full jitter: a random wait in [0, backoff * 2^(attempt-1)], capped.
        ceiling = min(self.backoff_cap, self.backoff * 2 ** (attempt - 1))
        return self.rng.uniform(0, ceiling) if ceiling > 0 else 0.0

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        """Return the full URL of GET base_url/path with params, as named in error messages."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        return requests.Request("GET", url, params=params).prepare().url or url

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """Return the decoded JSON body of GET base_url/path, retrying transient failures.

        The body may be any JSON value; callers check its shape. Invalid or cut JSON is retried.
        """
        url = f"{self.base_url}/{path.lstrip('/')}"
        last_problem = ""
        for attempt in range(1, self.max_attempts + 1):
            self._pace()
            if self.before_request is not None:
                self.before_request()
            self.requests_made += 1
            wait = None
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
                if response.status_code == 200:
                    try:
                        return response.json()
                    except RecursionError:
                        # One record nested 10,000 levels deep is data to quarantine, not a
                        # broken answer: read the body without recursion.
                        return jsontext.loads(_body_text(response))
                if response.status_code not in RETRY_STATUSES:
                    raise ApiRequestError(response.status_code, url, response.text)
                last_problem = f"HTTP {response.status_code}"
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                if wait is not None and wait > self.retry_after_cap:
                    raise ApiUnavailable(
                        f"{url}: server asked to wait {wait:.0f}s (Retry-After), "
                        f"more than the {self.retry_after_cap:.0f}s cap"
                    )
            except (
                requests.ConnectionError,
                requests.Timeout,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
                requests.exceptions.JSONDecodeError,
                json.JSONDecodeError,
            ) as exc:
                last_problem = type(exc).__name__
                log.debug("%s: %s", url, exc)
            if attempt == self.max_attempts:
                break
            delay = wait if wait is not None else self._backoff(attempt)
            log.warning(
                "attempt %d/%d for %s failed (%s); retrying in %.1fs",
                attempt,
                self.max_attempts,
                url,
                last_problem,
                delay,
            )
            if delay > 0:
                self.sleep(delay)
        raise ApiUnavailable(f"{url}: gave up after {self.max_attempts} attempts ({last_problem})")

    def version_info(self) -> dict:
        """Return the /version body: apiVersion and dataTimestamp (checked to be a string)."""
        return check_version(self.get_json("version"), self.url("version"))

    def version(self) -> str:
        """Return the registry's dataTimestamp, which changes once per data refresh."""
        return self.version_info()["dataTimestamp"]

    def enums(self) -> list[dict]:
        """Return the /studies/enums body: each enum type with its pieces and values."""
        return check_enums(self.get_json("studies/enums"), self.url("studies/enums"))

    def study(self, nct_id: str) -> Any:
        """Return one study record as served (upstream data: any JSON value)."""
        return self.get_json(f"studies/{nct_id}")

    def iter_pages(
        self, params: Mapping[str, Any], stats: FetchStats | None = None
    ) -> Iterator[dict]:
        """Yield /studies page bodies, following nextPageToken with all other params unchanged.

        Paging is bounded: a nextPageToken seen before, or a page beyond
        ceil(totalCount / page size) + PAGE_SLACK (+1%), raises PagingError. max_pages caps
        every query and is the only bound without a totalCount. The page size is the first
        page's length (servers may cap it). A body of the wrong shape raises ApiResponseError.
        Paging ends at a page without a token or without studies.
        """
        stats = stats if stats is not None else FetchStats()
        base = {k: v for k, v in params.items() if k not in ("pageToken", "countTotal")}
        base["pageSize"] = PAGE_SIZE
        request: dict[str, Any] = {**base, "countTotal": "true"}
        query_url = self.url("studies", base)
        tokens: set[str] = set()
        limit = self.max_pages
        while True:
            before = self.requests_made
            try:
                body = self.get_json("studies", request)
            finally:
                stats.requests += self.requests_made - before
            page = check_page(body, self.url("studies", request))
            stats.pages += 1
            studies = page["studies"]
            if stats.pages == 1:
                stats.total_count = page.get("totalCount")
                if stats.total_count is not None and studies:
                    expected = math.ceil(stats.total_count / len(studies))
                    limit = min(self.max_pages, expected + PAGE_SLACK + expected // 100)
            yield page
            token = page.get("nextPageToken")
            if not token or not studies:
                return
            if token in tokens:
                raise PagingError(
                    query_url, f"page {stats.pages} repeats a nextPageToken already followed"
                )
            if stats.pages >= limit:
                bound = (
                    f"totalCount {stats.total_count} allows"
                    if stats.total_count is not None
                    else "cap:"
                )
                raise PagingError(
                    query_url,
                    f"page {stats.pages} still has a nextPageToken ({bound} {limit} pages)",
                )
            tokens.add(token)
            request = {**base, "pageToken": token}

    def iter_study_lines(
        self,
        params: Mapping[str, Any],
        stats: FetchStats | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[tuple[Any, str]]:
        """Yield (study, its NDJSON line) for each distinct record a query returns.

        Every element of a page's `studies` is yielded as served, whatever its shape. A record
        with a string nctId that arrives again with the very same line is a repeat (the registry
        can refresh between page requests): skipped, counted in `stats.duplicates`. One whose
        nctId an earlier, different record had is a collision: yielded and counted in `unique`
        like any record, and named in `stats.collisions`. `stats` tells received vs totalCount.
        """
        stats = stats if stats is not None else FetchStats()
        # nctId -> hash of each different line seen with it (a set only after a collision).
        seen: dict[str, int | set[int]] = {}
        for page in self.iter_pages(params, stats):
            for study in page["studies"]:
                stats.received += 1
                line = ndjson_line(study)
                nct_id = study_key(study)
                if nct_id is not None:
                    mark, marks = hash(line), seen.get(nct_id)
                    if mark == marks or (isinstance(marks, set) and mark in marks):
                        stats.duplicates.append(nct_id)
                        continue
                    if marks is None:
                        seen[nct_id] = mark
                    else:
                        stats.collisions.append(nct_id)
                        seen[nct_id] = (marks if isinstance(marks, set) else {marks}) | {mark}
                stats.unique += 1
                yield study, line
            if progress is not None:
                progress(stats)

    def iter_studies(
        self,
        params: Mapping[str, Any],
        stats: FetchStats | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[Any]:
        """Yield each distinct record a query returns (see iter_study_lines)."""
        for study, _ in self.iter_study_lines(params, stats, progress):
            yield study
