"""JSON at any depth: decode, encode and measure values that nest past Python's recursion limit.

json.loads and json.dumps recurse once per level and raise RecursionError near 1,000 levels,
sooner the deeper the caller's own stack is, so whether a record nested 990 levels reads at all
would depend on where it is read (a Prefect task or a plain call). `loads` and `dumps` give the
values and the text of json.loads and json.dumps(ensure_ascii=False, separators=(",", ":")) at
any depth: the C functions first, an iterative walk of the same grammar when they give up.
`depth` measures a value without recursion; `bracket_depth` is the cheap bound checked first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]  # the C scanner json uses
from json.encoder import encode_basestring
from typing import Any

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# json.scanner's number grammar; the words json.loads also takes (NaN and the infinities).
_NUMBER = re.compile(r"(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?")
_WORDS = {"true": True, "false": False, "null": None, "NaN": float("nan")}
_WORDS |= {"Infinity": float("inf"), "-Infinity": float("-inf")}
_WORD = re.compile("|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)))
_END = object()
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


def loads(data: str | bytes) -> object:
    """Return the value of a JSON text as json.loads does, however deeply it nests.

    Raises json.JSONDecodeError for text that is not JSON.
    """
    try:
        return json.loads(data)
    except RecursionError:
        pass
    if isinstance(data, bytes | bytearray):
        data = bytes(data).decode(json.detect_encoding(data), "surrogatepass")
    return _loads_iteratively(data)


def _error(message: str, text: str, pos: int) -> json.JSONDecodeError:
    return json.JSONDecodeError(message, text, pos)


def _skip(text: str, pos: int) -> int:
    """Return the position after the whitespace at pos."""
    blank = _WHITESPACE.match(text, pos)
    return blank.end() if blank else pos


def _scalar(text: str, pos: int) -> tuple[object, int]:
    """Return the string, number or word at pos and the position after it."""
    if text.startswith('"', pos):
        return scanstring(text, pos + 1, True)
    word = _WORD.match(text, pos)
    if word:
        return _WORDS[word.group()], word.end()
    number = _NUMBER.match(text, pos)
    if number:
        whole, fraction, exponent = number.groups()
        if fraction or exponent:
            return float(whole + (fraction or "") + (exponent or "")), number.end()
        return int(whole), number.end()
    raise _error("Expecting value", text, pos)


def _loads_iteratively(text: str) -> object:
    """json.loads without recursion: containers are kept on a stack of their own."""
    containers: list[list | dict] = []  # open containers, innermost last
    keys: list[Any] = []  # the key waiting for its value, per open container
    root: object = _END
    pos = _skip(text, 0)
    while True:
        # Here a value starts (or a container that was just opened closes at once).
        char = text[pos : pos + 1]
        if char in ("[", "{"):
            new: list | dict = [] if char == "[" else {}
            if containers:
                _attach(containers[-1], keys, new)
            else:
                root = new
            containers.append(new)
            keys.append(None)
            pos = _skip(text, pos + 1)
            closer = "]" if char == "[" else "}"
            if text.startswith(closer, pos):
                containers.pop()
                keys.pop()
                pos += 1
            elif char == "{":
                pos = _key(text, pos, keys)
                continue
            else:
                continue
        else:
            value, pos = _scalar(text, pos)
            if not containers:
                root = value
            else:
                _attach(containers[-1], keys, value)
        # After a value: a comma, or the end of its container (and perhaps of outer ones).
        while True:
            pos = _skip(text, pos)
            if not containers:
                if pos != len(text):
                    raise _error("Extra data", text, pos)
                return root
            top = containers[-1]
            char = text[pos : pos + 1]
            if char == ",":
                pos = _skip(text, pos + 1)
                if isinstance(top, dict):
                    pos = _key(text, pos, keys)
                break
            if char == ("}" if isinstance(top, dict) else "]"):
                containers.pop()
                keys.pop()
                pos += 1
                continue
            raise _error("Expecting ',' delimiter", text, pos)


def _key(text: str, pos: int, keys: list[Any]) -> int:
    """Read `"key" :` at pos into keys[-1]; return where its value starts."""
    if not text.startswith('"', pos):
        raise _error("Expecting property name enclosed in double quotes", text, pos)
    keys[-1], pos = scanstring(text, pos + 1, True)
    pos = _skip(text, pos)
    if not text.startswith(":", pos):
        raise _error("Expecting ':' delimiter", text, pos)
    return _skip(text, pos + 1)


def _attach(container: list | dict, keys: list[Any], value: object) -> None:
    if isinstance(container, list):
        container.append(value)
    else:
        container[keys[-1]] = value  # a repeated key: the last one wins, as in json.loads


def dumps(value: object) -> str:
    """Return json.dumps(value, ensure_ascii=False, separators=(",", ":")) at any depth."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        return _dumps_iteratively(value)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _scalar_text(value: object) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key_text(key: object) -> str:
    # json.dumps turns keys that are numbers, booleans or null into strings.
    if isinstance(key, str):
        return encode_basestring(key)
    if key is None or isinstance(key, bool | int | float):
        return encode_basestring(_scalar_text(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _dumps_iteratively(value: object) -> str:
    """json.dumps without recursion: an iterator per open container."""
    parts: list[str] = []
    stack: list[tuple[Iterator[Any], bool, int]] = []  # (items left, is an object, id) each
    first: list[bool] = []
    open_ids: set[int] = set()

    def start(item: object) -> None:
        if isinstance(item, dict | list | tuple):
            if id(item) in open_ids:
                raise ValueError("Circular reference detected")
            open_ids.add(id(item))
            is_object = isinstance(item, dict)
            parts.append("{" if is_object else "[")
            items: Iterator[Any] = iter(item.items()) if isinstance(item, dict) else iter(item)
            stack.append((items, is_object, id(item)))
            first.append(True)
        else:
            parts.append(_scalar_text(item))

    start(value)
    while stack:
        items, is_object, ident = stack[-1]
        item: Any = next(items, _END)
        if item is _END:
            stack.pop()
            first.pop()
            open_ids.discard(ident)
            parts.append("}" if is_object else "]")
            continue
        if not first[-1]:
            parts.append(",")
        first[-1] = False
        if is_object:
            key, item = item
            parts.append(_key_text(key))
            parts.append(":")
        start(item)
    return "".join(parts)


def depth(value: object) -> int:
    """Return how many containers deep a value nests: 0 for a scalar, 1 for [] or {"a": 1}."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, dict | list | tuple):
            continue
        children = item.values() if isinstance(item, dict) else item
        deepest = max(deepest, level)
        stack.extend((c, level + 1) for c in children if isinstance(c, dict | list | tuple))
    return deepest


def bracket_depth(data: bytes) -> int:
    """Return the deepest nesting of JSON text counted by its brackets, strings included.

    Cheap (bytes.translate, no parse) and exact unless strings hold brackets: openers in a string
    raise the count, closers in a string lower it. Callers measure the parsed value with `depth`
    when this passes their bound.
    """
    brackets = data.translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    return max(accumulate(map(_STEP.__getitem__, brackets)))


def from_events(events: Iterable[tuple[str, object]]) -> Iterator[object]:
    """Yield the values an ijson basic_parse event stream describes, without recursion.

    A top-level array yields each of its items (an export, streamed); any other top-level value
    is yielded whole (a /studies page, one record). ijson's own `items` costs the square of the
    depth (it builds a prefix per level); this costs one step per event.
    """
    containers: list[list | dict] = []
    keys: list[Any] = []
    streaming = False
    for event, value in events:
        if event in ("start_map", "start_array"):
            new: list | dict = {} if event == "start_map" else []
            if not containers and event == "start_array" and not streaming:
                streaming = True  # the top-level array: its items are yielded one by one
                continue
            if containers:
                _attach(containers[-1], keys, new)
            containers.append(new)
            keys.append(None)
            continue
        if event in ("end_map", "end_array"):
            if not containers:  # the end of the streamed top-level array
                return
            done = containers.pop()
            keys.pop()
            if not containers:
                yield done
            continue
        if event == "map_key":
            keys[-1] = value
            continue
        if containers:
            _attach(containers[-1], keys, value)
        else:
            yield value
