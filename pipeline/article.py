"""Articles as content: content/<slug>.toml (themes, metadata) beside the article text."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"


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
