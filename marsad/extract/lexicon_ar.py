"""The Arabic vocabulary, read from ``lexicon_ar.toml``: words become patterns that accept attached clitics.

Patterns run over folded text (``marsad.text.arabic_clitics.fold``): the loader folds the words the
same way, so the TOML file is written in ordinary spelling (قُتل، مسيّرة، أصيب) and matches وقُتل،
بالمسيّرة، وأُصيب. Triggers use the English lexicon's ``Trigger`` so that ranks and merging are shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from marsad.extract.lexicon import Trigger, compile_triggers, read_lexicon
from marsad.text.arabic_clitics import fold

# و/ف, then ب/ك/ل, then the article (لل is ل + ال)
PREFIX = r"(?<![\w])(?:[وف]?(?:[بك]?ال|لل|[بكل])?)"
_ENDINGS = r"(?:ا|ان|ين|ون|ات|وا|ه|ها|هم|هما|هن|ي|نا|يه|يها|يهم|يهما)?"
_TA_ENDINGS = r"(?:ت(?:ان|ين|ي|ا|ه|ها|هم|هما|هن|نا|ك)|ات)"  # ضحية → ضحيتها، ضحيتين، حصيلتها


def word_pattern(word: str) -> str:
    """One vocabulary entry as a regular expression over folded text, clitics allowed around it."""
    w = fold(word.strip())
    alts = [PREFIX + _body(w)]
    if w.startswith("ال"):
        alts.append(r"(?<![\w])[وف]?لل" + _body(w[2:]))  # للمرصد: ل + المرصد
    return "(?:" + "|".join(alts) + r")(?![\w])"


def _body(w: str) -> str:
    if w.endswith(r"\w*") or w.endswith(")") or w.endswith("?"):
        return w
    if w.endswith("ه"):
        return rf"(?:{w}{_ENDINGS}|{w[:-1]}{_TA_ENDINGS})"
    return w + _ENDINGS


def compile_words(words: list[str]) -> re.Pattern[str]:
    # longest entries first, so that "عبوة ناسفة" is preferred to "عبوة" when reporting a match
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(word_pattern(w) for w in ordered))


@dataclass(frozen=True, slots=True)
class ArabicLexicon:
    triggers: tuple[Trigger, ...]
    counts: dict[str, re.Pattern[str]]  # role → words around a number that say what it counts
    nouns: dict[str, re.Pattern[str]]  # role → counted nouns that are the role (قتيلاً، جرحى)
    people: tuple[tuple[str, re.Pattern[str]], ...]  # victim group label → counted nouns
    sources: tuple[tuple[str, re.Pattern[str]], ...]
    communities: tuple[tuple[str, re.Pattern[str]], ...]
    actors: tuple[tuple[str, re.Pattern[str]], ...]


def load_arabic_lexicon(path: Path | None = None) -> ArabicLexicon:
    """The packaged Arabic lexicon, or another TOML file of the same shape."""
    data = read_lexicon("lexicon_ar.toml", path)
    return ArabicLexicon(
        triggers=compile_triggers(data["trigger"], compile_words),
        counts={k: compile_words(v) for k, v in data["counts"].items()},
        nouns={k: compile_words(v) for k, v in data["nouns"].items()},
        people=tuple((k, compile_words(v)) for k, v in data["people"].items()),
        sources=tuple((k, compile_words(v)) for k, v in data["sources"].items()),
        communities=tuple((k, compile_words(v)) for k, v in data["communities"].items()),
        actors=tuple((k, compile_words(v)) for k, v in data.get("actors", {}).items()),
    )
