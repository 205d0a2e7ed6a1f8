"""Turn extracted text into the cleaned text every later evidence span points into.

Dropped parts (boilerplate, repeated titles and paragraphs) are returned, not discarded,
so a reviewer can always see what the cleaner removed and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.model import DroppedPart
from marsad.text.normalize import comparison_key, tidy
from marsad.text.titles import guess_title


@dataclass(frozen=True, slots=True)
class CleanRules:
    boilerplate: tuple[re.Pattern[str], ...]
    title_max_chars: int = 200
    repeat_min_words: int = 8

    @classmethod
    def from_patterns(
        cls, patterns: list[str], title_max_chars: int = 200, repeat_min_words: int = 8
    ) -> CleanRules:
        return cls(tuple(re.compile(p, re.IGNORECASE) for p in patterns), title_max_chars, repeat_min_words)


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Lines of one block broken at a fixed width (e-mail, wire copy) rather than one per paragraph."""
    if len(lines) < 2:
        return False
    widths = [len(ln) for ln in lines[:-1]]
    widest = max(widths)
    if widest > 100 or widest < 40:
        return False
    near = sum(1 for w in widths if w >= widest - 20)
    return near >= 0.75 * len(widths)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs: blank-line separated blocks; within a block, each line unless hard-wrapped."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def clean_text(text: str, title: str | None, rules: CleanRules) -> tuple[str, list[DroppedPart]]:
    """Return the cleaned text and what was dropped from it."""
    paragraphs = split_paragraphs(tidy(text))
    title = title or guess_title("\n".join(paragraphs[:3]), rules.title_max_chars)
    title_key = comparison_key(title) if title else None
    seen: dict[str, int] = {}
    kept: list[str] = []
    dropped: list[DroppedPart] = []
    for index, para in enumerate(paragraphs):
        if any(p.search(para) for p in rules.boilerplate):
            dropped.append(DroppedPart(kind="boilerplate", text=para, paragraph=index))
            continue
        key = comparison_key(para)
        first = seen.get(key)
        if key and first is not None:
            if key == title_key:
                dropped.append(
                    DroppedPart(kind="repeated_title", text=para, paragraph=index, duplicate_of=first)
                )
                continue
            if len(key.split()) >= rules.repeat_min_words:
                dropped.append(
                    DroppedPart(kind="repeated_paragraph", text=para, paragraph=index, duplicate_of=first)
                )
                continue
        if key and first is None:
            seen[key] = index
        kept.append(para)
    return "\n\n".join(kept), dropped
