"""The ClinicalTrials.gov API v2 emulator: real HTTP on loopback over a corpus of real records."""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

from pipeline.core import jsontext, resources
from pipeline.emulator import catalog
from pipeline.emulator.api import (
    API_VERSION,
    MAX_PAGE_SIZE,
    STUDY_PARAMS,
    BadRequest,
    Pager,
    _items,
    check_params,
    field_selection,
    narrowed,
    study_id,
)
from pipeline.emulator.corpus import Corpus, Query, RawStudy, indexed, load_corpus
from pipeline.emulator.faults import BODY_FAULTS, STATUS_FAULTS, FaultPlan, bend_body
from pipeline.emulator.formats import csv_columns, csv_text

BASE_PATH = "/api/v2"
DEFAULT_DATA_TIMESTAMP = "2026-11-24T09:00:05"
DEFAULT_CORPUS = resources.path("corpus")
JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"

log = logging.getLogger(__name__)

Response = tuple[int, bytes, str, dict[str, str]]
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_text(body: object) -> str:
    """The JSON text of a body at any depth; a RawStudy in it (or as it) is its own text."""
    if isinstance(body, RawStudy):
        return body.text
    studies = body.get("studies") if isinstance(body, dict) else body
    if not isinstance(studies, list) or not any(isinstance(s, RawStudy) for s in studies):
        return jsontext.dumps(body)
    items = "[" + ",".join(map(_json_text, studies)) + "]"
    if not isinstance(body, dict):
        return items
    members = (
        jsontext.dumps(key) + ":" + (items if key == "studies" else jsontext.dumps(value))
        for key, value in body.items()
    )
    return "{" + ",".join(members) + "}"


def _encode(body: object) -> bytes:
    text = _json_text(body)
    try:
        return text.encode()
    except UnicodeEncodeError:
        # A lone surrogate in a record has no UTF-8 form: it goes out as its \uXXXX escape
        # (only strings hold one, so the escape lands inside a string).
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode()


def _json(status: int, body: object, headers: dict[str, str] | None = None) -> Response:
    return status, _encode(body), JSON_TYPE, headers or {}


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return status, message.encode(), TEXT_TYPE, headers or {}


def _answer(body: object, fault: str | None) -> Response:
    """A 200 JSON answer, bent by a body fault if one is due."""
    if fault not in BODY_FAULTS:
        return _json(200, body)
    if fault == "invalid-json":
        # A complete HTTP answer (right Content-Length) whose JSON stops half-way.
        data = _encode(body)
        return 200, data[: len(data) // 2], JSON_TYPE, {}
    return _json(200, bend_body(body, fault))


def _csv(studies: list, params: dict, header: bool, page: dict | None = None) -> Response:
    """A text/csv answer; a page's token and count go in the x-next-page-token/x-total-count."""
    names = _items(params["fields"]) if "fields" in params else None
    try:
        columns = csv_columns(names)
    except KeyError as exc:
        raise BadRequest(
            f"fields: unknown CSV column {exc} (see the CSV download columns)"
        ) from None
    headers = {}
    if page and "nextPageToken" in page:
        headers["x-next-page-token"] = str(page["nextPageToken"])
    if page and "totalCount" in page:
        headers["x-total-count"] = str(page["totalCount"])
    text = csv_text([indexed(s) for s in studies], columns, header)
    return (
        200,
        text.encode("utf-8", "backslashreplace"),
        CSV_TYPE,
        headers,
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    emulator: Emulator
    connections: set[socket.socket]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ctgov-emulator/" + API_VERSION
    # Headers and body go out in two writes: without TCP_NODELAY the body waits for the
    # client's delayed ACK (~40 ms) on every keep-alive answer.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        emulator = self.server.emulator
        # When the request arrived (time.monotonic() of the emulator's process): request rates.
        arrived = time.monotonic()
        number = emulator._count()
        split = urlsplit(self.path)
        pairs = parse_qsl(split.query, keep_blank_values=True)
        path = split.path.rstrip("/")
        plan = emulator.faults
        search, endpoint = path == BASE_PATH + "/studies", path.removeprefix(BASE_PATH)
        fault = plan.next_fault(search, endpoint) if plan else None
        entry = {"n": number, "at": arrived, "path": split.path, "params": dict(pairs)}
        entry.update(status=None, fault=fault, user_agent=self.headers.get("User-Agent", ""))
        if fault == "reset":
            emulator._record(entry)
            # Linger 0 makes close() send RST: the client sees a connection reset, no response.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if fault in ("stall", "slow"):
            # Logged when the hold starts, so a client that gave up already sees the entry.
            emulator._record(entry)
            # Held here, on the server: the client's timeout plays no part. stop() ends the hold.
            stopped = emulator._stopping.wait(plan.stall_seconds)
            if fault == "stall" or stopped:
                # Closed without an answer: the client sees the connection drop.
                self.close_connection = True
                return
        if fault in STATUS_FAULTS:
            headers = {"Retry-After": plan.retry_after} if fault == "429" else {}
            message = f"emulated fault {fault}: try again later"
            response = _text(STATUS_FAULTS[fault], message, headers)
        else:
            response = emulator.respond(path, pairs, fault)
        # Logged before the response goes out, so a client that has its answer sees the entry.
        entry["status"] = response[0]
        if fault != "slow":
            emulator._record(entry)
        self._send(response, fault == "truncate")

    def _not_allowed(self) -> None:
        # Every operation of the API is a GET: other methods get 405 with a JSON error body.
        length = self.headers.get("Content-Length", "0")
        if length.isdigit():
            self.rfile.read(int(length))
        else:
            self.close_connection = True
        message = f"method {self.command} is not allowed: the API answers GET only"
        entry = {"n": self.server.emulator._count(), "path": urlsplit(self.path).path}
        entry.update(
            params={}, status=405, fault=None, user_agent=self.headers.get("User-Agent", "")
        )
        self.server.emulator._record(entry)
        self._send(_json(405, {"error": message}, {"Allow": "GET"}), head=self.command == "HEAD")

    def __getattr__(self, name: str) -> object:
        # Every method but GET (POST, HEAD, QUERY, any token) gets the JSON 405: without a do_X,
        # http.server would answer an HTML 501.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _send(self, response: Response, truncate: bool = False, head: bool = False) -> None:
        status, body, content_type, headers = response
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            if truncate:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if not head:  # a HEAD answer has headers only
                self.wfile.write(body[: len(body) // 2] if truncate else body)
        except OSError:
            # The client left (it timed out on a stall, or reset): nothing more to send.
            self.close_connection = True


class Emulator:
    """A ClinicalTrials.gov API v2 server on loopback over real records, with injectable faults."""

    def __init__(
        self,
        corpus: str | Path | Iterable[dict] = DEFAULT_CORPUS,
        data_timestamp: str = DEFAULT_DATA_TIMESTAMP,
        faults: FaultPlan | None = None,
    ):
        self.corpus = Corpus(load_corpus(corpus))
        self.pager = Pager(self.corpus)
        self.data_timestamp = data_timestamp
        self.faults = faults
        self.max_page_size = MAX_PAGE_SIZE
        # The /studies/enums body to serve instead of the spec's (a registry that added a value).
        self.enums: list[dict] | None = None
        # When set, each GET /version waits here until the barrier's parties have all asked: runs
        # that must overlap (the fleet test) then start their searches together, not by luck.
        self.version_barrier: threading.Barrier | None = None
        self.request_log: list[dict] = []
        self._stats: dict[tuple, object] = {}
        self._requests = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self, host: str = "127.0.0.1", port: int = 0) -> Emulator:
        """Start serving in a daemon thread (port 0 picks a free port) and return self."""
        if self._httpd is not None:
            raise RuntimeError("emulator already started")
        self._stopping.clear()
        httpd = _Server((host, port), _Handler)
        httpd.emulator, httpd.connections = self, set()
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: wake stalled requests, close the listener and every open connection."""
        if self._httpd is None:
            return
        self._stopping.set()
        if self.version_barrier is not None:
            self.version_barrier.abort()
        self._httpd.shutdown()
        self._httpd.server_close()
        for conn in list(self._httpd.connections):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> Emulator:
        return self if self._httpd is not None else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """Return the API base URL, e.g. http://127.0.0.1:PORT/api/v2."""
        if self._httpd is None:
            raise RuntimeError("emulator not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{BASE_PATH}"

    def put_study(self, study: object) -> None:
        """Add or replace a study record at runtime (a RawStudy is served as its text)."""
        self.corpus.put(study)

    def remove_study(self, nct_id: str) -> bool:
        """Remove a study record at runtime; return whether it existed."""
        return self.corpus.remove(nct_id)

    def reset_log(self) -> None:
        """Clear the request log and restart its numbering at 1."""
        with self._lock:
            self.request_log.clear()
            self._requests = 0

    def _count(self) -> int:
        with self._lock:
            self._requests += 1
            return self._requests

    def _record(self, entry: dict) -> None:
        with self._lock:
            self.request_log.append(entry)

    def respond(self, path: str, pairs: Sequence[tuple[str, str]], fault: str | None) -> Response:
        """Return (status, body, content type, headers) for a GET of path with query pairs."""
        try:
            params = dict(pairs)
            if len(params) != len(pairs):
                repeated = sorted({k for k, _ in pairs if sum(1 for n, _ in pairs if n == k) > 1})
                raise BadRequest(f"parameter '{repeated[0]}' is given more than once")
            if path == BASE_PATH + "/version":
                check_params(params, ())
                if self.version_barrier is not None:
                    with contextlib.suppress(threading.BrokenBarrierError):
                        self.version_barrier.wait()
                body = {"apiVersion": API_VERSION, "dataTimestamp": self.data_timestamp}
                return _answer(body, fault)
            if path == BASE_PATH + "/studies":
                body = self.pager.page(params, fault, self.max_page_size)
                if params.get("format") == "csv":
                    return _csv(body["studies"], params, "pageToken" not in params, body)
                return _answer(body, fault)
            if (described := self._catalog(path, params)) is not None:
                return described if isinstance(described, tuple) else _answer(described, fault)
            if path.startswith(BASE_PATH + "/studies/"):
                check_params(params, STUDY_PARAMS)
                key = study_id(path.removeprefix(BASE_PATH + "/studies/"))
                tree = field_selection(params, search=False)
                if (study := self.corpus.get(key)) is not None:
                    if params.get("format") == "csv":
                        return _csv([study], params, header=True)
                    return _answer(narrowed(study, tree, params), fault)
                if target := self.corpus.alias_target(key):
                    location = f"{BASE_PATH}/studies/{quote(target)}"
                    return _text(301, f"{key} is an alias of {target}", {"Location": location})
                return _text(404, f"study {key} not found")
            return _text(404, f"no such endpoint: {path or '/'}")
        except BadRequest as exc:
            return _text(400, str(exc))
        except Exception:
            log.exception("emulator failed on %s", path)
            return _text(500, "internal error in the emulator")

    def _catalog(self, path: str, params: dict[str, str]) -> object:
        """Return the body of a descriptive endpoint (a Response for a 404), None for others."""
        endpoint = path.removeprefix(BASE_PATH)
        if endpoint == "/studies/metadata":
            check_params(params, ("includeIndexedOnly", "includeHistoricOnly"))
            for name in params:
                try:
                    catalog.bool_param(params, name)
                except ValueError as exc:
                    raise BadRequest(str(exc)) from None
            return catalog.metadata_body()
        if endpoint in ("/studies/enums", "/studies/search-areas", "/stats/size"):
            check_params(params, ())
            if endpoint == "/studies/enums":
                return self.enums if self.enums is not None else catalog.enums_body()
            if endpoint == "/studies/search-areas":
                return catalog.search_areas_body()
        elif endpoint == "/stats/field/values":
            check_params(params, ("types", "fields"))
            types = _items(params.get("types", ""))
            if unknown := sorted(set(types) - set(catalog.STATS_TYPES)):
                raise BadRequest(f"types: unknown field stats type {', '.join(unknown)}")
        elif endpoint == "/stats/field/sizes":
            check_params(params, ("fields",))
        else:
            return None
        key = (self.corpus.generation, endpoint, tuple(sorted(params.items())))
        if (cached := self._stats.get(key)) is not None:
            return cached
        studies = [indexed(s) for s in self.corpus.search(Query())]
        names = _items(params.get("fields", "")) or None
        try:
            if endpoint == "/stats/size":
                body: object = catalog.size_body(studies)
            elif endpoint == "/stats/field/values":
                body = catalog.field_values_body(studies, names, _items(params.get("types", "")))
            else:
                body = catalog.field_sizes_body(studies, names)
        except catalog.NotFound as exc:
            return _text(404, f"field '{exc}' not found: no {endpoint} stats for it")
        if len(self._stats) > 64:
            self._stats.clear()
        self._stats[key] = body
        return body


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the emulator's command-line options to a parser."""
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--data-timestamp", default=DEFAULT_DATA_TIMESTAMP)
    parser.add_argument(
        "--fault", action="append", default=[], metavar="N:NAME", help="fault on search N"
    )
    parser.add_argument(
        "--fault-rate", action="append", default=[], metavar="NAME:P", help="random fault rate"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random faults")
    parser.add_argument("--stall-seconds", type=float, default=5.0)
    parser.add_argument("--retry-after", default="0", help="Retry-After value of fault 429")
    parser.add_argument(
        "--fault-all-endpoints", action="store_true", help="count /version and /studies/{id} too"
    )


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C as the parsed options say; return the exit status."""
    plan = None
    if args.fault or args.fault_rate:
        try:
            plan = FaultPlan.from_specs(
                args.fault,
                args.fault_rate,
                seed=args.seed,
                stall_seconds=args.stall_seconds,
                retry_after=args.retry_after,
                all_endpoints=args.fault_all_endpoints,
            )
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    emulator = Emulator(args.corpus, data_timestamp=args.data_timestamp, faults=plan)
    emulator.start(args.host, args.port)
    print(f"serving {len(emulator.corpus)} studies on {emulator.base_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator CLI."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.emulator", description="Local ClinicalTrials.gov API v2 emulator."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
