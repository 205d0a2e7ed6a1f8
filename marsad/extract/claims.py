"""What both readers share once a sentence is read: claims, merging them, and the contract's event.

A *claim* is what one sentence (or clause) says about one incident or tally. The English and Arabic
readers differ in how they read a sentence; they agree on how claims about one incident merge
(conflicting figures: the lowest; updates: the latest) and on the event dict they write, so the two
languages give one contract. Both readers subclass ``ClaimReader`` for that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.lexicon import Trigger
from marsad.geo import Candidate, Geocoder
from marsad.geo.admin1 import BY_NAME
from marsad.text.dates import DateMention
from marsad.text.numbers import Count


@dataclass
class Claim:
    """What one sentence says about one incident (or tally)."""

    trigger: Trigger | None
    start: int
    end: int
    evidence: str
    place: Candidate | None = None
    place_alternatives: list[str] = field(default_factory=list)
    date: DateMention | None = None
    fatalities: tuple[int, int, int | None] | None = None
    injured: int | None = None
    displaced: int | None = None
    abducted: int | None = None
    is_tally: bool = False
    update: bool = False
    victim_groups: list[str] = field(default_factory=list)
    community: list[str] = field(default_factory=list)
    actor: str | None = None
    sources: list[str] = field(default_factory=list)
    no_casualties: bool = False
    nationwide: bool = False
    sentence_index: int = 0
    # the sentence named no place: the place is the one the text was last about
    place_from_context: bool = False
    # one governorate's share of a toll split by governorate: never merged into the toll itself
    part: bool = False


class ClaimReader:
    """Merging and output shared by the language readers; subclasses read sentences into claims."""

    geocoder: Geocoder

    def _coast_candidate(self) -> Candidate:
        lat = next(
            (
                p
                for p in self.geocoder.places.values()
                if p.admin1 == "Latakia" and p.feature_type.value == "governorate"
            ),
            None,
        )
        return Candidate(
            name="Syrian coast",
            feature_type="region",
            admin1="Latakia",
            admin1_code="SY-LA",
            admin2=None,
            admin3=None,
            latitude=lat.latitude if lat else None,
            longitude=lat.longitude if lat else None,
            geo_precision=3,
            score=0.5,
            matched="context",
        )

    def _merge(self, claims: list[Claim]) -> list[Claim]:
        merged: list[Claim] = []
        for c in claims:
            twin = next((m for m in merged if same_incident(m, c)), None)
            if twin is None and merged and follow_up(merged[-1], c):
                twin = merged[-1]
            if twin is None:
                merged.append(c)
                continue
            if twin.fatalities is None and twin.injured is None and c.fatalities is not None:
                # the sentence that gives the figure is its evidence ("Homs: killings reported…", "Homs: 4")
                twin.evidence, twin.start, twin.end = c.evidence, c.start, c.end
            twin.fatalities = merge_figures(twin.fatalities, c.fatalities, c.update)
            twin.injured = (
                twin.injured
                if c.injured is None
                else (c.injured if c.update or twin.injured is None else min(twin.injured, c.injured))
            )
            twin.displaced = twin.displaced if twin.displaced is not None else c.displaced
            if (
                c.trigger
                and twin.trigger
                and c.trigger.rank < twin.trigger.rank
                and not twin.is_tally
                and (c.fatalities is not None or twin.fatalities is None)
            ):
                # a later sentence without deaths of its own ("residents fled towards the air base")
                # does not retype the killing it follows
                twin.trigger = c.trigger
            twin.sources = list(dict.fromkeys(twin.sources + c.sources))
            twin.community = twin.community or c.community
            twin.actor = twin.actor or c.actor
            twin.victim_groups = sorted(set(twin.victim_groups) | set(c.victim_groups))
            if twin.date is None:
                twin.date = c.date
            if (
                twin.place is not None
                and c.place is not None
                and c.place.geo_precision < twin.place.geo_precision
                and c.place.admin1 == twin.place.admin1
            ):
                twin.place = c.place
            # the evidence stays the first sentence that told it, so span and evidence always agree
        return merged

    def _event(self, c: Claim, doc_id: str, published: dt.date) -> dict[str, Any]:
        trigger = c.trigger
        assert trigger is not None
        lethal = trigger.event_type in (
            "Violence against civilians",
            "Battles",
            "Explosions/Remote violence",
        ) and trigger.sub_event_type not in ("Abduction/forced disappearance",)
        if c.fatalities is not None:
            fat = c.fatalities
        elif c.injured is not None or not lethal:
            fat = (0, 0, 0)
        elif re.search(
            r"\b(?:killed|executed|massacred?|shot dead|bodies|murdered|killings)\b", c.evidence, re.I
        ) and re.search(
            r"\b(?:civilians|people|men|residents|villagers|families|members)\b", c.evidence, re.I
        ):
            fat = (2, 2, None)  # unnumbered plural deaths
        else:
            fat = (0, 0, None)
        place = c.place
        date = c.date.date if c.date else published
        precision = c.date.precision if c.date else 2
        if c.is_tally and c.date is not None and c.date.period:
            precision = max(precision, 2)
        gov = BY_NAME.get((place.admin1 or "").lower()) if place else None
        event_type, sub = trigger.event_type, trigger.sub_event_type
        if (
            c.is_tally
            and sub in ("Looting/property destruction", "Arrests", "Abduction/forced disappearance")
            and fat[0] > 0
        ):
            event_type, sub = "Violence against civilians", "Attack"
        return {
            "doc": doc_id,
            "event_type": event_type,
            "sub_event_type": sub,
            "event_date": date.isoformat(),
            "time_precision": precision,
            "admin1": None if c.nationwide else (place.admin1 if place else None),
            "admin1_code": None if c.nationwide else (gov.iso if gov else None),
            "admin2": place.admin2 if place and not c.nationwide else None,
            "location": "Syria" if c.nationwide else (place.name if place else None),
            "location_alternatives": c.place_alternatives,
            "latitude": place.latitude if place and not c.nationwide else None,
            "longitude": place.longitude if place and not c.nationwide else None,
            "geo_precision": 3 if c.nationwide or not place else place.geo_precision,
            "fatalities": fat[0],
            "fatalities_low": fat[1],
            "fatalities_high": fat[2],
            "injured": c.injured,
            "displaced": c.displaced,
            "abducted": c.abducted,
            "victim_community": c.community,
            "victim_groups": c.victim_groups,
            "actor1": c.actor,
            "source_attribution": c.sources,
            "is_tally": c.is_tally,
            "evidence": c.evidence,
            "span": [c.start, c.end],
        }


def clauses(text: str, start: int, end: int, separators: str = ";") -> list[tuple[int, int]]:
    """A sentence cut at semicolons (any of ``separators``): bulletins list one incident per clause."""
    out, cur = [], start
    for m in re.finditer(rf"[{separators}]\s+", text[start:end]):
        out.append((cur, start + m.start() + 1))
        cur = start + m.end()
    out.append((cur, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def place_after(places: list[tuple[int, Candidate]], pos: int) -> Candidate | None:
    after = [p for p in places if p[0] >= pos]
    return min(after, key=lambda p: p[0])[1] if after else None


def place_before(places: list[tuple[int, Candidate]], pos: int) -> Candidate | None:
    before = [p for p in places if p[0] < pos]
    return max(before, key=lambda p: p[0])[1] if before else None


def combine(counts: list[Count], update: bool) -> tuple[int, int, int | None]:
    """Several death figures in one sentence: an update takes the last, conflicting ones the lowest."""
    if update:
        last = counts[-1]
        return last.best, last.low, last.high
    best = min(c.best for c in counts)
    low = min(c.low for c in counts)
    high = None if any(c.high is None for c in counts) else max(c.high for c in counts)  # type: ignore[type-var]
    return best, low, high


def merge_figures(
    a: tuple[int, int, int | None] | None, b: tuple[int, int, int | None] | None, update: bool
) -> tuple[int, int, int | None] | None:
    if a is None or b is None:
        return a or b
    if update:
        return b
    high = None if a[2] is None or b[2] is None else max(a[2], b[2])
    return min(a[0], b[0]), min(a[1], b[1]), high


def follow_up(previous: Claim, c: Claim) -> bool:
    """ "More than 10 people were wounded": a figure-only sentence right after an incident belongs to it."""
    return (
        c.fatalities is None
        and c.date is None
        and not c.is_tally
        and not previous.is_tally
        and c.sentence_index - previous.sentence_index <= 2
        and (c.trigger is None or c.trigger.sub_event_type == "Attack")
        and (c.injured is not None or c.displaced is not None)
    )


def same_incident(a: Claim, b: Claim) -> bool:
    if a.part or b.part:
        return False
    if a.is_tally and a.sources and b.sources and not set(a.sources) & set(b.sources):
        return False  # two reporters' tallies are two series, whatever their figures
    if a.is_tally != b.is_tally or a.nationwide != b.nationwide:
        return False
    if (a.place is None) != (b.place is None):
        return False
    if a.place is not None and b.place is not None:
        if a.place.admin1 != b.place.admin1:
            return False
        if a.place.place_id != b.place.place_id and a.place.geo_precision == 1 and b.place.geo_precision == 1:
            return False
    if a.date and b.date and a.date.date != b.date.date:
        return False
    ta, tb = a.trigger, b.trigger
    if (
        ta
        and tb
        and ta.event_type != tb.event_type
        and not ({ta.sub_event_type, tb.sub_event_type} & {"Attack", "Looting/property destruction"})
    ):
        return False
    # a sentence with its own figure far from the first is another incident unless it updates it
    return not (a.fatalities and b.fatalities and not b.update and b.sentence_index - a.sentence_index > 3)


def drop_split_totals(claims: list[Claim], rows: list[Claim]) -> list[Claim]:
    """A toll split completely by governorate is gold only as its parts (conventions §1)."""
    if not rows:
        return claims
    drop: set[int] = set()
    for c in claims:
        if not c.is_tally or c in rows or c.fatalities is None:
            continue
        after = [
            r
            for r in rows
            if r.sentence_index > c.sentence_index and r.sentence_index - c.sentence_index <= 8
        ]
        if not after:
            continue
        govs: dict[str | None, int] = {}
        for r in after:
            if r.date == after[0].date and r.fatalities:
                govs.setdefault(r.place.admin1 if r.place else None, r.fatalities[0])
        if sum(govs.values()) == c.fatalities[0]:
            drop.add(id(c))
    return [c for c in claims if id(c) not in drop]
