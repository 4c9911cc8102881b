"""Record text made safe for each renderer: terminal, CSV, Markdown (Prefect artifacts), charts.

Records come from thousands of sponsors; any string in them may hold control characters, bidi
overrides, formula-leading text or markup. Stored raw JSON stays verbatim; these functions are
applied where text leaves the pipeline:

- `clean_text` / `clean_value`: no C0 or C1 control, DEL, bidi embedding/override/isolate control,
  lone surrogate or XML non-character (U+FFFE, U+FFFF) survives. Every renderer starts from this:
  vl-convert aborts the whole process (SIGABRT) on a NUL, ESC or U+FFFF in chart text, a terminal
  runs ESC/CSI/OSC sequences, XML and HTML reject or mangle C0 controls.
- `terminal_text`: what may be printed to a terminal.
- `csv_cell` / `csv_text`: CSV without formula cells and without split rows.
- `markdown_cell` / `markdown_code`: record text inside Prefect's Markdown and table artifacts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

# C0 controls except \t \n \r, DEL, C1 controls (U+0080-U+009F, with the 8-bit CSI U+009B),
# bidi embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069), lone surrogates and the
# two non-characters XML 1.0 forbids. Ordinary right-to-left letters (Hebrew, Arabic) are kept.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_LINE_BREAK = re.compile("\r\n?")
_WHITESPACE_CONTROLS = re.compile("\r\n|[\t\n\r]")


def clean_text(s: str, multiline: bool = False) -> str:
    """Return `s` without control characters, ready for any renderer.

    Removes C0 controls, DEL, C1 controls (U+0080-U+009F), the bidi embedding, override and
    isolate controls (U+202A-U+202E, U+2066-U+2069), lone surrogates and U+FFFE/U+FFFF. With
    `multiline`, tabs and line breaks stay (CR LF and a bare CR become LF); without it each
    tab and line break (CR LF, CR or LF) becomes one space. Everything else, RTL letters
    included, is left as it is.
    """
    s = _LINE_BREAK.sub("\n", s) if multiline else _WHITESPACE_CONTROLS.sub(" ", s)
    return _CONTROLS.sub("", s)


def clean_value(obj, multiline: bool = False):
    """Return `obj` with `clean_text` applied to every string in it, dict keys included.

    Dicts, lists and tuples are copied (tuples stay tuples); numbers, bools, None and other
    objects are returned as they are. For export documents and rows of query results.
    """
    if isinstance(obj, str):
        return clean_text(obj, multiline)
    if isinstance(obj, dict):
        return {clean_value(k, multiline): clean_value(v, multiline) for k, v in obj.items()}
    if isinstance(obj, list):
        return [clean_value(v, multiline) for v in obj]
    if isinstance(obj, tuple):
        return tuple(clean_value(v, multiline) for v in obj)
    return obj


def terminal_text(s) -> str:
    """Return `s` (any value, None as '') as one line a terminal shows as plain text.

    Without ESC (U+001B) and the 8-bit CSI (U+009B) no escape, CSI or OSC sequence (colours,
    cursor moves, OSC-8 hyperlinks, title changes) can start; without bidi overrides the text
    cannot reorder what follows it on the line.
    """
    return clean_text("" if s is None else str(s))


# What JSON (ensure_ascii=False) leaves raw and a terminal may act on: DEL, C1 (8-bit CSI),
# bidi controls. JSON escapes C0 itself.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_json(text: str) -> str:
    """Return JSON text with DEL, C1 and bidi controls written as \\uXXXX escapes.

    `json.dumps(..., ensure_ascii=False)` escapes C0 controls but writes DEL, the C1 controls
    (8-bit CSI U+009B included) and bidi overrides raw. Outside strings JSON is ASCII, so the
    result is the same JSON value, safe to print.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


# OWASP "CSV injection": a cell starting with one of these is a formula in spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """Return `value` as a CSV cell that no spreadsheet program runs as a formula.

    A string starting with = + - @ TAB or CR gets a leading apostrophe (OWASP's rule; the
    apostrophe shows the text as text). Control characters other than tab and line breaks are
    removed (a NUL also breaks CSV readers); tabs and line breaks stay, and `csv_text` quotes the
    cell. Numbers (not strings of digits) and None are returned as they are: -5 stays a number.
    """
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = _CONTROLS.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def _quoted(value) -> str:
    text = "" if value is None else str(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(rows: Iterable[Iterable]) -> str:
    """Return rows as CSV text: comma-separated, LF line ends, every cell through `csv_cell`.

    A cell is quoted when it holds a comma, a quote, CR or LF (RFC 4180). Python's csv writer
    with lineterminator="\\n" and QUOTE_MINIMAL leaves a bare CR unquoted (it quotes only the
    characters of its line terminator), and readers then start a new row there; this writer
    cannot. For cells without CR the output is the same as the csv writer's.
    """
    return "".join(",".join(_quoted(csv_cell(v)) for v in row) + "\n" for row in rows)


# Markdown, as Prefect 3's UI renders artifacts (prefect-ui-library's ArtifactDataTable and
# prefect-design's PMarkdownRenderer, read for this module):
# - A markdown artifact is parsed by `marked` (gfm: true, breaks: true). Raw HTML blocks and
#   inline HTML become `html` tokens shown through DOMPurify with its html and svg profiles: script
#   and on* handlers are stripped, but <img src=...> (a request to any host), <svg> drawings,
#   <a href> links, forms and styling elements are kept. GFM autolinks turn bare
#   http(s)://, www. and e-mail text into links; [text](url) and ![alt](url) work as usual.
# - A table artifact's every string cell is rendered by the same Markdown renderer, each cell as
#   its own document (so "# x" is a heading, "- x" a list, "1. x" an ordered list); numbers are
#   shown as plain text. (The newer React UI, ui-v2, shows table cells as plain text and markdown
#   artifacts through react-markdown + remark-gfm without raw HTML; what is escaped here is then
#   shown with its escapes, which is safe.)
# Text tokens are HTML-unescaped and inserted as DOM text nodes, so an entity (&lt;) is shown as
# the character (<) and never parsed as markup.
_MD_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Inline Markdown syntax: escapes, code spans, emphasis, strikethrough, links and images, table
# cell separators.
_MD_INLINE = re.compile(r"([\\`*_~\[\]!|])")
# GFM autolinks: a scheme followed by ':', 'www.', and e-mail addresses ('@').
_MD_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|file|javascript|data|xmpp):")
_MD_WWW = re.compile(r"(?i)\b(www)\.")
# Block syntax at the start of a cell: headings, quotes, lists, rules, setext underlines.
_MD_BLOCK_START = re.compile(r"^([#>+\-=*]|\d+(?=[.)]))")


def markdown_cell(s) -> str:
    """Return `s` (any value, None as '') as Markdown text shown literally, on one line.

    Safe inside a Markdown table cell and as a whole table-artifact cell: control characters go
    (`clean_text`), & < > become HTML entities (no HTML element or comment can start), Markdown
    punctuation (backslash, backtick, * _ ~ [ ] ! |) is backslash-escaped, block syntax at the
    start is escaped, and autolinks are defused by escaping the ':' after a URL scheme, the '.'
    after 'www' and every '@', so URLs and e-mail addresses are shown as text, not as links.
    """
    text = clean_text("" if s is None else str(s)).strip()
    text = "".join(_MD_HTML.get(c, c) for c in text)
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_SCHEME.sub(r"\1\\:", text)
    text = _MD_WWW.sub(r"\1\\.", text)
    text = text.replace("@", "\\@")
    match = _MD_BLOCK_START.match(text)
    if match:
        if match.group(1).isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = "\\" + text
    return text


def markdown_code(s) -> str:
    """Return `s` (any value) as a Markdown code span on one line, shown literally.

    Control characters go; the span's backtick fence is longer than any run of backticks in the
    text (CommonMark), padded with spaces where the text starts or ends with a backtick, so no
    value can close the span early. For running text (a list item, a paragraph), not table cells.
    """
    text = clean_text("" if s is None else str(s))
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def clip(value, limit: int):
    """Return `value` with every string longer than `limit` cut to it (ending in an ellipsis),
    recursively through lists and dicts. A registry title is at most 300 characters; a 1 MB one
    would keep a chart renderer busy for minutes."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[: limit - 1].rstrip() + "\u2026"
    if isinstance(value, list):
        return [clip(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: clip(v, limit) for k, v in value.items()}
    return value
