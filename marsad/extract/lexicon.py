"""The extractor's vocabulary, read from a TOML file so it can be changed without touching code."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


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


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The packaged English lexicon, or another TOML file of the same shape."""
    if path is None:
        text = resources.files("marsad.extract").joinpath("lexicon_en.toml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    triggers = tuple(
        Trigger(
            t["event_type"],
            t["sub_event_type"],
            t["rank"],
            _alt(t["words"]),
            _alt(t["needs"]) if t.get("needs") else None,
        )
        for t in data["trigger"]
    )
    return Lexicon(
        triggers=tuple(sorted(triggers, key=lambda t: t.rank)),
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
