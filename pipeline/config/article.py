"""Articles as content: content/<slug>.toml (themes, metadata) beside the article text."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.core import resources

CONTENT_DIR = resources.path("content")


class ArticleError(ValueError):
    """An article's content files are missing or malformed."""


@dataclass(frozen=True)
class Theme:
    """One article theme: a section of the article and the synonyms that relate a trial to it."""

    id: str
    label: str
    anchor: str
    terms: tuple[str, ...]
    primary_purposes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """An article's metadata, themes and text file."""

    slug: str
    title: str
    text_path: Path
    trials_marker: str
    themes: tuple[Theme, ...]

    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")

    def body(self) -> ArticleBody:
        """Return the article text parsed into title, contents and blocks."""
        return parse_article(self.text(), marker=self.trials_marker)


def load_article(slug: str, content_dir: Path = CONTENT_DIR) -> Article:
    """Return the article `slug` from content_dir/<slug>.toml."""
    path = content_dir / f"{slug}.toml"
    if not path.exists():
        raise ArticleError(f"no article content {path}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    themes = []
    for raw in data.get("themes", []):
        try:
            themes.append(
                Theme(
                    id=raw["id"],
                    label=raw["label"],
                    anchor=raw["anchor"],
                    terms=tuple(raw["terms"]),
                    primary_purposes=tuple(raw.get("primary_purposes", ())),
                )
            )
        except KeyError as exc:
            raise ArticleError(f"{path}: a theme lacks {exc}") from None
    ids = [t.id for t in themes]
    if len(ids) != len(set(ids)):
        raise ArticleError(f"{path}: theme ids must be unique")
    text_path = content_dir / data.get("text", f"{slug}.txt")
    if not text_path.exists():
        raise ArticleError(f"{path}: article text {text_path} is missing")
    return Article(
        slug=slug,
        title=data.get("title", slug),
        text_path=text_path,
        trials_marker=data.get("trials_marker", ""),
        themes=tuple(themes),
    )


# The plain-text article format: a header-image placeholder line, the title, a mini table of
# contents (one short line per entry), then sections. Blocks are separated by blank lines; a
# heading is a lone short line without closing punctuation; list items start with "•" or "1.".
MAX_HEADING = 60
_PLACEHOLDER = re.compile(r"^header image\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[•*-]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_STOPWORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to"})


@dataclass(frozen=True)
class Block:
    """One block of article text: heading, paragraph, bullets, numbered or marker."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    id: str = ""
    level: int = 2


@dataclass(frozen=True)
class TocEntry:
    """One entry of the article's own table of contents and the heading id it points to."""

    label: str
    target: str


@dataclass(frozen=True)
class ArticleBody:
    """A parsed article: its title, table of contents and blocks in reading order."""

    title: str
    toc: tuple[TocEntry, ...]
    blocks: tuple[Block, ...]

    def heading_ids(self) -> list[str]:
        """Return the ids of the headings (and the marker), in order."""
        return [b.id for b in self.blocks if b.id]


def slugify(text: str) -> str:
    """Return a lower-case, hyphenated id for a heading ("Prevention" -> "prevention")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def _is_heading(chunk: list[str]) -> bool:
    if len(chunk) != 1:
        return False
    line = chunk[0]
    return len(line) <= MAX_HEADING and not line.endswith((".", ":", ";", ","))


def _chunks(text: str) -> list[tuple[str, list[str]]]:
    """Return (kind, lines) runs: "text" for plain lines, "bullets"/"numbered" for list items."""
    chunks: list[tuple[str, list[str]]] = []
    previous_blank = True
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            previous_blank = True
            continue
        if match := _BULLET.match(raw):
            kind, value = "bullets", match.group(1).strip()
        elif match := _NUMBERED.match(raw):
            kind, value = "numbered", match.group(1).strip()
        else:
            kind, value = "text", line
        # List items stay one list across blank lines; plain lines join only when adjacent.
        same_list = kind != "text" and chunks and chunks[-1][0] == kind
        if same_list or (kind == "text" and not previous_blank and chunks[-1][0] == "text"):
            chunks[-1][1].append(value)
        else:
            chunks.append((kind, [value]))
        previous_blank = False
    return chunks


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {re.sub(r"(ing|ion|ment|s)$", "", w) for w in words if w not in _STOPWORDS}


def _toc_targets(labels: list[str], headings: list[Block]) -> list[str]:
    """Match each contents entry to a later heading: most shared word stems, else the next one."""
    targets: list[str] = []
    start = 0
    for label in labels:
        candidates = headings[start:]
        if not candidates:
            break
        best = max(candidates, key=lambda h: len(_stems(label) & _stems(h.text)))
        if not _stems(label) & _stems(best.text):
            best = candidates[0]
        targets.append(best.id)
        start = headings.index(best) + 1
    return targets


def parse_article(text: str, marker: str = "") -> ArticleBody:
    """Return the plain-text article parsed into title, table of contents and blocks."""
    chunks = [c for c in _chunks(text) if not (c[0] == "text" and _PLACEHOLDER.match(c[1][0]))]
    title = ""
    if chunks and _is_heading(chunks[0][1]):
        title = chunks.pop(0)[1][0]
    # The contents: a run of short lines after the title; its last line is the first heading.
    toc_labels: list[str] = []
    while len(chunks) > 1 and all(c[0] == "text" and _is_heading(c[1]) for c in chunks[:2]):
        toc_labels.append(chunks.pop(0)[1][0])
    blocks: list[Block] = []
    seen: dict[str, int] = {}
    for kind, lines in chunks:
        if kind != "text":
            blocks.append(Block(kind=kind, items=tuple(lines)))
        elif _is_heading(lines):
            slug = slugify(lines[0])
            seen[slug] = seen.get(slug, 0) + 1
            if seen[slug] > 1:
                slug = f"{slug}-{seen[slug]}"
            heading_kind = "marker" if marker and lines[0] == marker else "heading"
            blocks.append(Block(kind=heading_kind, text=lines[0], id=slug))
        else:
            blocks.append(Block(kind="paragraph", text=" ".join(lines)))
    headings = [b for b in blocks if b.kind == "heading"]
    targets = _toc_targets(toc_labels, headings)
    if targets:
        # Headings the contents point to are sections (h2); the others are their subsections.
        blocks = [
            Block(kind=b.kind, text=b.text, id=b.id, level=2 if b.id in targets else 3)
            if b.kind == "heading"
            else b
            for b in blocks
        ]
    # The page's contents list its sections as headed, the trials section (the marker) included;
    # the article's own short labels ("Causes") only decide which headings are sections.
    sections = [b for b in blocks if b.kind == "marker" or (b.kind == "heading" and b.level == 2)]
    toc = tuple(TocEntry(b.text, b.id) for b in sections) if toc_labels else ()
    return ArticleBody(title=title, toc=toc, blocks=tuple(blocks))
