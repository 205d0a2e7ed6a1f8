"""Placing a mention: name keys, then context (cue words, the document's other places, size).

Lookup order: exact key of the written name (Arabic with attached particles removed), then the
consonant skeleton of a Latin key (Jebleh → jbl), then a rapidfuzz match above a threshold.
Context then ranks candidates: "X province" means the governorate, "the countryside of X" the area
around X (precision 2), "the village of X" a village, and other places named in the same text
pull an ambiguous name toward their governorate. A name nothing matches is reported unresolved,
with only the governorate the context names, never guessed.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from marsad.geo.admin1 import BY_NAME
from marsad.model import FeatureType, Place
from marsad.text.names import is_arabic, name_keys, skeleton

SETTLEMENTS = (FeatureType.CITY, FeatureType.TOWN, FeatureType.VILLAGE)
FINE = (*SETTLEMENTS, FeatureType.NEIGHBOURHOOD, FeatureType.CAMP, FeatureType.LANDMARK)

# cue words before (or after) a name, English and Arabic
_ADMIN1_AFTER = re.compile(r"^\s*(province|governorate|governate|region)\b", re.I)
_ADMIN1_BEFORE = re.compile(r"(\bprovince of|\bgovernorate of|محافظة|محافظه)\s*$", re.I)
_AREA_BEFORE = re.compile(
    r"(\bcountryside of|\boutskirts of|\brural|\brif|\bnear|\baround|\bthe [a-z]+ern countryside of"
    r"|ريف|أرياف|ارياف|محيط|قرب|ضواحي|بريف|وريف)\s*$",
    re.I,
)
_AREA_AFTER = re.compile(r"^\s*(countryside|outskirts|suburbs|area|region)\b", re.I)
_SETTLEMENT_BEFORE = re.compile(
    r"(\bvillage of|\btown of|\bhamlet of|قرية|بلدة|بقرية|ببلدة|وقرية|وبلدة)\s*$", re.I
)
_CITY_BEFORE = re.compile(r"(\bcity of|\bport of|\bport city of|مدينة|بمدينة|ومدينة|ميناء)\s*$", re.I)
_NEIGHBOURHOOD_BEFORE = re.compile(r"(\bneighbou?rhood of|\bdistrict of|\bquarter of|حي|بحي|وحي)\s*$", re.I)


@dataclass(slots=True)
class Candidate:
    """One reading of a mention, as the CLI and the extractor report it."""

    name: str
    feature_type: str
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    admin3: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    score: float
    resolved: bool = True
    place_id: str | None = None
    name_ar: str | None = None
    pcode: str | None = None
    source: str | None = None
    matched: str | None = None  # how: exact, skeleton, fuzzy, context

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Context:
    """What the text around a mention says: cue words and the governorates of other places."""

    before: str = ""
    after: str = ""
    admin1_votes: dict[str, float] = field(default_factory=dict)


class Geocoder:
    """An in-memory index over the gazetteer; build once, look up many times."""

    def __init__(self, places: Iterable[Place], fuzzy_threshold: float = 88.0) -> None:
        self.places: dict[str, Place] = {}
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._skeleton: dict[str, set[str]] = defaultdict(set)
        self._latin: dict[str, list[str]] = defaultdict(list)  # place id → latin keys of its names
        self.fuzzy_threshold = fuzzy_threshold
        for p in places:
            assert p.id is not None
            self.places[p.id] = p
            for n in p.all_names:
                for k in name_keys(n)[:1]:
                    self._exact[k].add(p.id)
                    if not is_arabic(n):
                        self._latin[p.id].append(k)
                        sk = skeleton(k)
                        if len(sk.replace(" ", "")) >= 3:
                            self._skeleton[sk].add(p.id)
        self._keys = list(self._exact)
        # names repeat a lot in a corpus: remember what each written form matched
        self._matches = lru_cache(maxsize=100_000)(self._match_uncached)  # type: ignore[method-assign]
        self._governorates = {
            p.admin1: p for p in self.places.values() if p.feature_type is FeatureType.GOVERNORATE
        }

    @classmethod
    def from_store(cls, store: Any, **kwargs: Any) -> Geocoder:
        return cls(store.iter_places(), **kwargs)

    # -- matching ------------------------------------------------------------------------------

    def names_a_place(self, mention: str) -> bool:
        """Whether some place is known by exactly this name (or its spelling variants): a cheap,
        cached test before a full lookup, for readers that try many phrases."""
        return any(how == "exact" for _, how in self._matches(mention).values())

    def _match_uncached(self, mention: str) -> dict[str, tuple[float, str]]:
        """place id → (match score 0..1, how)."""
        found: dict[str, tuple[float, str]] = {}
        keys = name_keys(mention)
        for rank, key in enumerate(keys):
            for pid in self._exact.get(key, ()):
                found.setdefault(pid, (1.0 - 0.05 * rank, "exact"))
            if found:
                return found
        if not keys:
            return found
        key = keys[0]
        if not is_arabic(mention):
            sk = skeleton(key)
            for pid in self._skeleton.get(sk, ()):
                best = max((fuzz.ratio(key, k) for k in self._latin[pid]), default=0)
                if best >= 75:
                    found[pid] = (0.75 + 0.15 * best / 100, "skeleton")
            if found:
                return found
        if len(key) >= 4:
            for choice, score, _ in process.extract(
                key, self._keys, scorer=fuzz.ratio, limit=5, score_cutoff=self.fuzzy_threshold
            ):
                for pid in self._exact[choice]:
                    found.setdefault(pid, (0.7 * score / 100, "fuzzy"))
        return found

    # -- context -------------------------------------------------------------------------------

    def context_for(
        self, mention: str, text: str | None, start: int | None = None, votes: dict[str, float] | None = None
    ) -> Context:
        """Cue words right around the mention, and which governorates the rest of the text names."""
        if not text:
            return Context(admin1_votes=dict(votes or {}))
        if start is None:
            start = text.find(mention)
        ctx = Context()
        if start >= 0:
            ctx.before = text[max(0, start - 40) : start]
            ctx.after = text[start + len(mention) : start + len(mention) + 30]
        ctx.admin1_votes = dict(votes) if votes is not None else self.admin1_votes(text, exclude=mention)
        return ctx

    def admin1_votes(self, text: str, exclude: str | None = None) -> dict[str, float]:
        """Governorates of the unambiguous place names in a text (each name votes once)."""
        votes: dict[str, float] = defaultdict(float)
        skip = set(name_keys(exclude)) if exclude else set()
        for phrase in _phrases(text):
            keys = name_keys(phrase)
            if not keys or keys[0] in skip:
                continue
            ids = next((self._exact[k] for k in keys if k in self._exact), None)
            if not ids:
                continue
            admin1s = {self.places[i].admin1 for i in ids}
            if len(admin1s) == 1:
                (a,) = admin1s
                if a:
                    votes[a] += 1.0
        return dict(votes)

    # -- public ----------------------------------------------------------------------------------

    def lookup(
        self,
        mention: str,
        context: str | None = None,
        limit: int = 5,
        feature_types: Iterable[FeatureType] | None = None,
        votes: dict[str, float] | None = None,
    ) -> list[Candidate]:
        """Candidates for a place name, best first; ``context`` is the sentence or document around it.

        ``feature_types`` keeps only places of those kinds ("which district is called X?").
        ``votes`` are governorate votes of a whole document, computed once by the caller
        (``admin1_votes``) so that long texts are not re-read for every mention.
        """
        only = set(feature_types) if feature_types else None
        mention = mention.strip()
        if not mention:
            return []
        ctx = self.context_for(mention, context, votes=votes)
        wants_admin1 = bool(_ADMIN1_AFTER.search(ctx.after) or _ADMIN1_BEFORE.search(ctx.before))
        wants_area = bool(_AREA_BEFORE.search(ctx.before) or _AREA_AFTER.search(ctx.after))
        wants_settlement = bool(_SETTLEMENT_BEFORE.search(ctx.before))
        wants_city = bool(_CITY_BEFORE.search(ctx.before))
        wants_neighbourhood = bool(_NEIGHBOURHOOD_BEFORE.search(ctx.before))
        total_votes = sum(ctx.admin1_votes.values())
        scored: list[tuple[float, Place, str]] = []
        for pid, (match, how) in self._matches(mention).items():
            p = self.places[pid]
            ft = p.feature_type
            if only is not None and ft not in only:
                continue
            score = match
            score += {
                FeatureType.CITY: 0.06,
                FeatureType.TOWN: 0.05,
                FeatureType.VILLAGE: 0.04,
                FeatureType.GOVERNORATE: 0.035,
                FeatureType.NEIGHBOURHOOD: 0.03,
                FeatureType.CAMP: 0.03,
                FeatureType.LANDMARK: 0.02,
                FeatureType.DISTRICT: 0.01,
            }.get(ft, 0.0)
            score += min(0.04, math.log10((p.population or 0) + 1) / 150)
            if wants_admin1:
                score += 0.3 if ft is FeatureType.GOVERNORATE else -0.1
            if wants_city or wants_settlement or wants_area:
                score += 0.1 if ft in FINE else (-0.2 if ft is FeatureType.GOVERNORATE else 0.0)
            if wants_settlement and ft in (FeatureType.TOWN, FeatureType.VILLAGE):
                score += 0.05
            if wants_neighbourhood and ft is FeatureType.NEIGHBOURHOOD:
                score += 0.15
            if total_votes and p.admin1:
                score += 0.2 * ctx.admin1_votes.get(p.admin1, 0.0) / total_votes
            scored.append((score, p, how))
        scored.sort(key=lambda x: (-x[0], x[1].name))
        out = [self._candidate(p, s, how, area=wants_area) for s, p, how in scored[:limit]]
        if not out:
            fallback = self._context_admin1(ctx, wants_area)
            if fallback is not None:
                fallback.name = mention
                out.append(fallback)
        return out

    def _candidate(self, p: Place, score: float, how: str, area: bool = False) -> Candidate:
        precision = p.feature_type.geo_precision
        if area and precision == 1:
            precision = 2  # "the countryside of X": somewhere near X
        return Candidate(
            name=p.name,
            name_ar=p.name_ar,
            feature_type=str(p.feature_type),
            admin1=p.admin1,
            admin1_code=p.admin1_code,
            admin2=p.admin2,
            admin3=p.admin3,
            latitude=p.latitude,
            longitude=p.longitude,
            geo_precision=precision,
            score=round(min(score / 1.6, 1.0), 3),
            place_id=p.id,
            pcode=p.pcode,
            source=p.source,
            matched=how,
        )

    def _context_admin1(self, ctx: Context, area: bool) -> Candidate | None:
        """For an unknown name: the governorate its immediate context names ("in rural Hama")."""
        window = ctx.after[:30]
        votes = self.admin1_votes(window) if window else {}
        if not votes and ctx.admin1_votes:
            best = max(ctx.admin1_votes.values())
            leaders = [a for a, v in ctx.admin1_votes.items() if v == best]
            votes = {leaders[0]: best} if len(leaders) == 1 else {}
        if not votes:
            return None
        admin1 = max(votes, key=lambda a: votes[a])
        gov = self._governorates.get(admin1)
        g = BY_NAME.get(admin1.lower())
        return Candidate(
            name="",
            feature_type="unresolved",
            admin1=admin1,
            admin1_code=g.iso if g else None,
            admin2=None,
            admin3=None,
            latitude=gov.latitude if gov else None,
            longitude=gov.longitude if gov else None,
            geo_precision=2 if area or window else 3,
            score=0.0,
            resolved=False,
            place_id=None,
            matched="context",
        )


_PHRASE = re.compile(r"[\w'’ʿ-]+(?:\s+(?:[\w'’ʿ-]+))?")


def _phrases(text: str) -> Iterable[str]:
    """Candidate place names in running text: single words and two-word phrases."""
    words = re.findall(r"[\w'’ʿ-]+", text)
    for i, w in enumerate(words):
        if len(w) >= 3 and (w[0].isupper() or is_arabic(w)):
            yield w
            if i + 1 < len(words):
                yield f"{w} {words[i + 1]}"
        if i + 2 < len(words) and w.lower() in (
            "deir",
            "dayr",
            "jisr",
            "tal",
            "tell",
            "ras",
            "kafr",
            "ain",
            "ayn",
        ):
            yield f"{w} {words[i + 1]} {words[i + 2]}"
