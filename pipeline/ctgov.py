"""ClinicalTrials.gov API v2 over HTTP: one polite session, cursor paging, version."""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from pipeline import __version__

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
USER_AGENT = (
    f"cramp-trials/{__version__} (leg-cramp trials pipeline; "
    "+https://github.com/cramp-trials/cramp-trials)"
)
PAGE_SIZE = 1000
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


@dataclass
class FetchStats:
    """Figures of one paged query: what the server announced against what arrived."""

    total_count: int | None = None
    received: int = 0
    unique: int = 0
    pages: int = 0
    requests: int = 0
    duplicates: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when the server gave no count or the distinct studies received match it."""
        return self.total_count is None or self.unique == self.total_count


ProgressCallback = Callable[[FetchStats], None]


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
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
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
        self.sleep = sleep
        self.rng = rng or random.Random()
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

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> dict:
        """Return the decoded JSON body of GET base_url/path, retrying transient failures."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        last_problem = ""
        for attempt in range(1, self.max_attempts + 1):
            self._pace()
            self.requests_made += 1
            wait = None
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
                if response.status_code == 200:
                    return response.json()
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
        """Return the /version body: apiVersion and dataTimestamp."""
        return self.get_json("version")

    def version(self) -> str:
        """Return the registry's dataTimestamp, which changes once per data refresh."""
        return self.version_info()["dataTimestamp"]

    def study(self, nct_id: str) -> dict:
        """Return one study record."""
        return self.get_json(f"studies/{nct_id}")

    def iter_pages(
        self, params: Mapping[str, Any], stats: FetchStats | None = None
    ) -> Iterator[dict]:
        """Yield /studies page bodies, following nextPageToken with all other params unchanged."""
        stats = stats if stats is not None else FetchStats()
        base = {k: v for k, v in params.items() if k not in ("pageToken", "countTotal")}
        base["pageSize"] = PAGE_SIZE
        request: dict[str, Any] = {**base, "countTotal": "true"}
        while True:
            before = self.requests_made
            page = self.get_json("studies", request)
            stats.requests += self.requests_made - before
            stats.pages += 1
            if stats.pages == 1:
                stats.total_count = page.get("totalCount")
            yield page
            token = page.get("nextPageToken")
            if not token or not page.get("studies"):
                return
            request = {**base, "pageToken": token}

    def iter_studies(
        self,
        params: Mapping[str, Any],
        stats: FetchStats | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[dict]:
        """Yield each distinct study a query returns; `stats` tells received vs totalCount."""
        stats = stats if stats is not None else FetchStats()
        seen: set[str] = set()
        for page in self.iter_pages(params, stats):
            for study in page.get("studies", []):
                stats.received += 1
                nct_id = study["protocolSection"]["identificationModule"]["nctId"]
                if nct_id in seen:
                    # The registry can refresh between page requests.
                    stats.duplicates.append(nct_id)
                    continue
                seen.add(nct_id)
                stats.unique += 1
                yield study
            if progress is not None:
                progress(stats)
