"""Fault injection: which emulator request fails and how, scripted by number or seeded at random."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

STATUS_FAULTS: dict[str, int] = {
    "429": 429,
    "429-no-retry-after": 429,
    "403": 403,
    "500": 500,
    "502": 502,
    "503": 503,
}
# Transport faults. reset: socket closed with RST, no response. stall: the request is held
# stall_seconds, then the connection is closed without an answer. slow: held stall_seconds, then
# answered normally. truncate: Content-Length of the full body, half the bytes, then close.
TRANSPORT_FAULTS = frozenset({"reset", "stall", "slow", "truncate"})
# Paging faults (search only). empty-page: 200 with no studies and a token for the same offset.
# repeat: the page starts one study early, repeating the previous page's last study.
# same-token: the page is right but its nextPageToken is the request's own pageToken, so a
# client that follows it asks for the same page forever. overrun: every page has a fresh
# nextPageToken, wrapping to the first page after the last: pages never end.
PAGING_FAULTS = frozenset({"empty-page", "repeat", "same-token", "overrun"})
# Body faults: a 200 whose JSON has the wrong shape (any endpoint; see bend_body), or is invalid.
BODY_FAULTS = frozenset(
    {
        "json-array",
        "studies-object",
        "total-string",
        "token-number",
        "timestamp-number",
        "other-json",
        "invalid-json",
    }
)
FAULTS = frozenset({*STATUS_FAULTS, *TRANSPORT_FAULTS, *PAGING_FAULTS, *BODY_FAULTS})


def bend_body(body: object, fault: str) -> object:
    """Return a 200 body bent by a body fault (invalid-json is done on the bytes); never mutates.

    json-array: the body's studies list (or [body]) instead of an object. studies-object:
    "studies" is an object. total-string: "totalCount" is a string. token-number:
    "nextPageToken" is a number. timestamp-number: "dataTimestamp" is a number. other-json:
    another service's JSON, as from a wrong base URL.
    """
    obj = body if isinstance(body, dict) else {}
    if fault == "json-array":
        studies = obj.get("studies")
        return studies if isinstance(studies, list) else [body]
    if fault == "studies-object":
        return {**obj, "studies": {"items": obj.get("studies", [])}}
    if fault == "total-string":
        return {**obj, "totalCount": str(obj.get("totalCount", 0))}
    if fault == "token-number":
        return {**obj, "nextPageToken": 12345}
    if fault == "timestamp-number":
        return {**obj, "dataTimestamp": 20261124}
    if fault == "other-json":
        return {"status": "ok", "service": "not the ClinicalTrials.gov API", "items": []}
    return body


def _check(name: str) -> str:
    if name not in FAULTS:
        raise ValueError(f"unknown fault {name!r}; known: {', '.join(sorted(FAULTS))}")
    return name


@dataclass
class FaultPlan:
    """Faults to inject per counted request: script {n: fault} first, else rates {fault: p}.

    Counted are searches (GET /studies), every request with all_endpoints, or with `endpoint`
    (a path below the base, e.g. "/studies/enums") the requests to that endpoint only.
    """

    script: Mapping[int, str] = field(default_factory=dict)
    rates: Mapping[str, float] = field(default_factory=dict)
    seed: int | None = 0
    stall_seconds: float = 5.0
    retry_after: str = "0"
    all_endpoints: bool = False
    endpoint: str | None = None

    def __post_init__(self) -> None:
        self.script = {int(n): _check(f) for n, f in self.script.items()}
        self.rates = {_check(f): float(p) for f, p in self.rates.items()}
        if any(p < 0 for p in self.rates.values()) or sum(self.rates.values()) > 1:
            raise ValueError("fault rates must be non-negative and sum to at most 1")
        self.requests = 0
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()

    def next_fault(self, search: bool, endpoint: str | None = None) -> str | None:
        """Count one request (see the class) and return its fault or None."""
        counted = endpoint == self.endpoint if self.endpoint else search or self.all_endpoints
        if not counted:
            return None
        with self._lock:
            self.requests += 1
            # Draw on every counted request so scripted entries do not shift the random sequence.
            draw = self._rng.random()
            fault = self.script.get(self.requests)
        if fault is None:
            cumulative = 0.0
            for name, probability in self.rates.items():
                cumulative += probability
                if draw < cumulative:
                    return name
        return fault

    @classmethod
    def from_specs(
        cls, script: Iterable[str] = (), rates: Iterable[str] = (), **options: object
    ) -> FaultPlan:
        """Return a plan from CLI specs: script items "N:NAME", rate items "NAME:P"."""
        parsed_script, parsed_rates = {}, {}
        for item in script:
            number, _, name = item.partition(":")
            if not number.strip().isdigit() or not name:
                raise ValueError(f"fault {item!r} must look like N:NAME, e.g. 2:503")
            parsed_script[int(number)] = name.strip()
        for item in rates:
            name, _, probability = item.rpartition(":")
            try:
                parsed_rates[name.strip()] = float(probability)
            except ValueError:
                message = f"fault rate {item!r} must look like NAME:P, e.g. 503:0.1"
                raise ValueError(message) from None
        return cls(script=parsed_script, rates=parsed_rates, **options)
