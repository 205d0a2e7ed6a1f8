"""The extractor's vocabulary, read from a TOML file so it can be changed without touching code."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Trigger:
    event_type: str
    sub_event_type: str
    rank: int
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None  # another word the sentence must have (protests)


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    counts: dict[str, re.Pattern[str]]
    groups: re.Pattern[str]
    combatants: re.Pattern[str]
    sources: tuple[tuple[str, re.Pattern[str]], ...]
    communities: tuple[tuple[str, re.Pattern[str]], ...]


def _alt(words: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", flags)


def read_lexicon(packaged: str, path: Path | None = None) -> dict[str, Any]:
    """A lexicon's TOML: the packaged file of that name, or another file of the same shape."""
    if path is None:
        text = resources.files("marsad.extract").joinpath(packaged).read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return tomllib.loads(text)


def compile_triggers(
    entries: list[dict[str, Any]], compile_words: Callable[[list[str]], re.Pattern[str]]
) -> tuple[Trigger, ...]:
    """Trigger entries (event type, sub-event type, rank, words, optional needs), by rank."""
    triggers = (
        Trigger(
            t["event_type"],
            t["sub_event_type"],
            t["rank"],
            compile_words(t["words"]),
            compile_words(t["needs"]) if t.get("needs") else None,
        )
        for t in entries
    )
    return tuple(sorted(triggers, key=lambda t: t.rank))


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The packaged English lexicon, or another TOML file of the same shape."""
    data = read_lexicon("lexicon_en.toml", path)
    return Lexicon(
        triggers=compile_triggers(data["trigger"], _alt),
        counts={k: _alt(v) for k, v in data["counts"].items()},
        groups=_alt(data["people"]["groups"]),
        combatants=_alt(data["people"]["combatants"]),
        # source names are proper nouns: case matters ("SANA" is not "sana")
        sources=tuple(
            (name, _alt(pats, 0 if name in ("SANA", "OCHA") else re.IGNORECASE))
            for name, pats in data["sources"].items()
        ),
        communities=tuple((name, _alt(pats)) for name, pats in data["communities"].items()),
    )
