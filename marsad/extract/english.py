"""English event extraction over a spaCy Doc: sentences → claims → events with evidence.

One pass per sentence finds event words (typed by the lexicon, ACLED's hierarchy when tactics
co-occur), counts and what they count (killed, injured, displaced…), places (the geocoder, with
the document as context), dates (resolved against publication), sources, perpetrators and
communities as reported, and tally cues. Claims about the same incident in several sentences
are then merged by the conventions (conflicting figures: the lowest; updates: the latest).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from marsad.extract.claims import (
    Claim,
    ClaimReader,
    clauses,
    combine,
    drop_split_totals,
    place_after,
    place_before,
)
from marsad.extract.lexicon import Lexicon, Trigger
from marsad.geo import Candidate, Geocoder
from marsad.geo.admin1 import GOVERNORATES
from marsad.text.dates import DateMention, find_dates, month_ended_before, old_years
from marsad.text.names import latin_key
from marsad.text.normalize import comparison_key
from marsad.text.numbers import Count, find_counts, parse_number

_HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|may|threaten\w*|warn\w*|fear\w*|plan\w*|vow\w*|(?<!asked them )(?<!asked him )"
    r"(?<!asked her )(?<!asked us )(?<!asked me )if|risk of|calls? for|urged)\b",
    re.I,
)
_NOT_HAPPENED = re.compile(r"\b(?:false|fabricated|untrue|no evidence|rumou?rs?)\b", re.I)
_ACCIDENT = re.compile(
    r"\b(?:traffic accident|car crash|road accident|gas cylinder|electrocut\w*|drown\w*|"
    r"accidental(?:ly)?|heart attack|collapsed building|earthquake)\b",
    re.I,
)
_NO_CASUALTIES = re.compile(
    r"\bno (?:casualties|deaths|injuries|fatalities|one was (?:killed|hurt|injured))"
    r"(?: were| was)? (?:reported|recorded|confirmed)?|without casualties|no one was (?:killed|hurt)"
    r"|there were no (?:casualties|deaths)",
    re.I,
)
_UPDATE = re.compile(
    r"\b(?:rose|risen|raised|climbed|increased|jumped|reached|now stands at|updated)\b", re.I
)
_TALLY = re.compile(
    r"\b(?:since|so far|in total|a total of|total|tally|cumulative|altogether|"
    r"across|throughout|over the (?:past|last)|this (?:week|month)|last (?:week|month)|in separate (?:incidents|attacks)|"
    r"several (?:villages|towns|areas|incidents)|various|multiple (?:areas|villages|incidents)|monthly|weekly|"
    r"brings? the (?:number|total)|the (?:coast|coastal|countryside)(?! (?:city|town|village|neighbourhood|road|highway) of)|nationwide|across the country|"
    r"(?:in|over|during|within) (?:the )?(?:(?:first|past|last|following) (?:(?:two|three|four|five|six|seven|eight|nine|ten|several|few|\d+) )?|(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+) )(?:days|weeks|months)|"
    r"(?:in|during|within) the (?:first|following) (?:week|month)|"
    r"between (?:[A-Z][a-z]+ )?\d{1,2}(?: [A-Z][a-z]+)? and (?:[A-Z][a-z]+ )?\d{1,2})\b",
    re.I,
)
_PERSON = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:man|woman|boy|girl|child|teenager|youth|person|civilian|resident|villager|farmer|"
    r"shepherd|driver|doctor|nurse|paramedic|medic|pharmacist|teacher|student|journalist|engineer|lawyer|cleric|imam|"
    r"priest|sheikh|mukhtar|commander|officer|soldier|fighter|member|policeman|employee|worker|trader|merchant|"
    r"shopkeeper|owner|shop owner|passer-by|passenger|taxi driver|mother|father|son|daughter|brother|sister|husband|wife|elder|activist|volunteer|"
    r"\d+-year-old|official|guard|mayor)\b",
    re.I,
)
_SINGLE_DEATH = re.compile(
    r"\b(?:(?:he|she|my \w+|his \w+|her \w+|our \w+|the (?:man|woman|boy|girl|child|driver|farmer|shepherd))"
    r"\s+(?:was\s+|had been\s+)?(?:died|killed|shot dead|shot and killed|executed|murdered|dead|"
    r"found dead|found killed|gunned down|lost (?:his|her) life)"
    r"|(?:shot|killed|executed) (?:him|her)(?: dead)?|found (?:him|her) (?:dead|shot|killed)"
    r"|(?P<two>(?:shot|killed|executed) them both|both of them (?:were |had been )?(?:killed|shot|dead)"
    r"|found both of them))\b",
    re.I,
)
_NESTED = re.compile(
    r"^\W*(?:among them|including|of (?:them|whom)|among (?:whom|those)|most of them|"
    r"among the dead|among the victims)\b",
    re.I,
)
# "four children were among the dead": the figure is part of a toll told elsewhere
_AMONG_DEAD = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:were|was|are|is)\s+(?:also\s+)?among\s+(?:the|those)\s+"
    r"(?:dead|killed|victims|fatalities)\b",
    re.I,
)
_ACTOR = re.compile(
    r"\b(?:(?:unidentified |unknown |masked |armed )?gunmen|armed (?:men|groups?|factions?)|"
    r"(?:pro-government |government |security |regime |state |Syrian )?(?:security )?forces(?: affiliated with [A-Z][\w-]*(?: [A-Z][\w-]*| of| the)*)?|"
    r"(?:fighters|members|militias?|factions?) (?:affiliated with|loyal to|of) [A-Z][\w-]*(?: [A-Z][\w-]*| of| the)*|"
    r"Israeli (?:air force|army|forces|military|jets|warplanes|drones?)|Turkish (?:army|forces|drones?)|"
    r"(?:the )?(?:SDF|Syrian Democratic Forces|HTS|Hayat Tahrir al-Sham|Islamic State|ISIS|IS militants|Asayish|"
    r"General Security|Public Security|Military Operations Department|Defen[cs]e Ministry forces|"
    r"Ministry of Defen[cs]e)|(?:Druze|Bedouin|tribal|Kurdish|Alawite|Sunni) (?:fighters|gunmen|militias?)|"
    r"remnants of the (?:former |previous |Assad )?regime|(?:former |ex-)?regime loyalists|insurgents|militants|"
    r"a mob|an angry crowd|residents|men in military uniforms?)\b"
)
_OUTSIDE = re.compile(
    r"\b(?:Lebanon|Lebanese|Iraq|Iraqi|Turkey|Türkiye|Jordan|Jordanian|Israel|Gaza|West Bank|"
    r"Yemen|Iran|Libya|Sudan|Egypt|Ukraine|Beirut|Baghdad|Amman|Gaziantep|Istanbul)\b"
)
_COAST = re.compile(
    r"\b(?:(?:Syrian |Syria's )?coast(?:al)?(?: region| areas| cities| towns| governorates)?|sahel)\b", re.I
)
_NATIONWIDE = re.compile(
    r"\b(?:across Syria|nationwide|across the country|throughout Syria|in Syria as a whole|"
    r"all (?:of )?Syria|Syria-wide)\b",
    re.I,
)
_PROVINCE = re.compile(r"\b(?:province|governorate)\b", re.I)
_CAP_PHRASE = re.compile(
    r"\b(?:(?:al|el|ad|ar|as|ash|at|az|an|Al|El|Ad|Ar|As|Ash|At|Az|An)[-\s])?[A-Z][\w'’ʿ]+"
    r"(?:[-\s](?:(?:al|el|ad|ar|as|ash|at|az|an|Al|El|ez|Ez)[-\s])?[A-Z][\w'’ʿ]+){0,3}"
)
_NOT_PLACES = frozenset(
    """the a an on in at by of and but or for from with as it he she they we his her their its this that
these those there then monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december syria syrian syrians alawite alawites sunni sunnis
christian christians druze kurd kurds kurdish ismaili shia bedouin reuters afp ap un sana sohr snhr ocha
observatory ministry network health interior defense defence security general public army forces president
government state islamic israeli turkish russian iranian hts sdf isis local eyewitness witness residents
according said says police civil mr mrs dr""".split()
)
_TIME_ZONE = re.compile(r"\s+(?:time|local time)\b", re.I)
MAX_SENTENCE = 1500  # characters


class EnglishExtractor(ClaimReader):
    """Stateless over documents: holds the lexicon and the geocoder."""

    def __init__(self, lexicon: Lexicon, geocoder: Geocoder) -> None:
        self.lex = lexicon
        self.geocoder = geocoder
        self._votes: dict[str, float] = {}

    # -- per document ------------------------------------------------------------------------

    def events(self, doc: Any, published: dt.date, doc_id: str) -> list[dict[str, Any]]:
        text: str = doc.text
        sentences = [part for s in doc.sents for part in clauses(text, s.start_char, s.end_char)]
        self._votes = self.geocoder.admin1_votes(text[:20_000])
        seen: set[str] = set()
        doc_places = self._document_places(text)
        default_place = doc_places[0] if doc_places else None
        communities = self._document_communities(text)
        claims: list[Claim] = []
        previous_place: Candidate | None = None
        last_date: DateMention | None = None
        rows: list[Claim] = []
        for index, (start, end) in enumerate(sentences):
            sentence = text[start:end]
            key = comparison_key(sentence)
            if not key or key in seen:
                continue  # a repeated sentence never yields a second event
            seen.add(key)
            toll = next(
                (
                    c
                    for c in reversed(claims)
                    if c.fatalities is not None
                    and (c.is_tally or c.place_from_context)
                    and index - c.sentence_index <= 8
                ),
                None,
            )
            row = self._breakdown(text, start, end, claims[-1] if claims else None, index, toll)
            if row:
                rows.extend(row)
            claim = row or self._claim(text, start, end, published, index, previous_place or default_place)
            dated = [
                d
                for d in find_dates(sentence, published)
                if not d.period and not (_at_head(sentence, start) and _in_dateline(sentence, d))
            ]
            if (
                claim is None
                and claims
                and _NO_CASUALTIES.search(sentence)
                and index - claims[-1].sentence_index <= 1
            ):
                last = claims[-1]  # "…hit a farm; no casualties were reported."
                if last.fatalities is None:
                    last.fatalities = (0, 0, 0)
                last.no_casualties = True
            if claim is None:
                places_here = self._places(text, start, end)
                if places_here:
                    previous_place = places_here[0][1]
                if dated:
                    last_date = dated[0]
                continue
            for c in claim:
                if c.date is None and last_date is not None and not c.is_tally:
                    c.date = last_date  # "Latakia: three men shot dead…" under the bulletin's "On Monday"
            if dated:
                last_date = dated[0]
            claims.extend(claim)
            previous_place = claim[-1].place or previous_place
        for c in claims:
            if (
                not c.community
                and communities
                and c.trigger
                and c.trigger.event_type == "Violence against civilians"
            ):
                c.community = communities
        claims = drop_split_totals(claims, rows)
        return [self._event(c, doc_id, published) for c in self._merge(claims)]

    def _document_places(self, text: str) -> list[Candidate]:
        """Places the document names, most specific and earliest first (the dateline leads)."""
        found = [c for _, c in self._places(text, 0, min(len(text), 400))]
        return found

    def _document_communities(self, text: str) -> list[str]:
        """A community the document reports as the victims' (only when it names exactly one)."""
        found = set()
        for name, pattern in self.lex.communities:
            for m in pattern.finditer(text):
                after = text[m.end() : m.end() + 40].lower()
                before = text[max(0, m.start() - 40) : m.start()].lower()
                if re.match(
                    r"\s*(?:civilians|families|family|communit|neighbou?rhoods?|villages?|residents|"
                    r"men|women|victims|worshippers|homes|areas|sect)",
                    after,
                ) or re.search(
                    r"(?:against|targeting|killing of|massacres? of|attacks? on)\s*(?:the\s*)?$", before
                ):
                    found.add(name)
        return sorted(found) if len(found) == 1 else []

    # -- per sentence -------------------------------------------------------------------------

    def _claim(
        self,
        text: str,
        start: int,
        end: int,
        published: dt.date,
        index: int,
        fallback_place: Candidate | None,
    ) -> list[Claim] | None:
        sentence = text[start:end]
        triggers = [
            t
            for t in self.lex.triggers
            if t.pattern.search(sentence) and (t.needs is None or t.needs.search(sentence))
        ]
        counts = self._role_counts(sentence)
        no_cas = bool(_NO_CASUALTIES.search(sentence))
        if not triggers and not any(
            r in ("killed", "injured", "abducted", "displaced") for r, _, _ in counts
        ):
            return None
        if _HYPOTHETICAL.search(sentence) and not re.search(
            r"\b(?:killed|died|dead|wounded|injured|fled)\b", sentence
        ):
            return None
        if _NOT_HAPPENED.search(sentence) or _ACCIDENT.search(sentence):
            return None
        dates = find_dates(sentence, published)
        years = old_years(sentence, published)
        if years and not any(d.date.year == published.year or (published - d.date).days <= 31 for d in dates):
            return None  # history: "in 2013", "since 2011"
        if dates and all(
            ((published - d.date).days > 31 and not d.period) or month_ended_before(d, published)
            for d in dates
        ):
            return None
        if re.search(
            r"\b(?:under|during) the (?:former|previous|old|Assad) (?:regime|government)\b|"
            r"\bin (?:past|previous) years\b|\bdecades? ago\b|\byears ago\b",
            sentence,
            re.I,
        ):
            return None
        places = self._places(text, start, end)
        dateline = _DATELINE_PREFIX.match(sentence) if start < 400 else None
        if dateline and (
            any(pos >= dateline.end() for pos, _ in places) or _COAST.search(sentence, dateline.end())
        ):
            # "DAMASCUS, Syria, March 10 (Wire) — … killed in Baniyas": the dateline is where the
            # story was filed; it places the event only when the story names no other place
            places = [(pos, p) for pos, p in places if pos >= dateline.end()]
        if _OUTSIDE.search(sentence) and not places:
            return None
        nationwide = bool(_NATIONWIDE.search(sentence)) or (
            not places and bool(re.search(r"\bin Syria\b(?!['’]s| and)", sentence))
        )
        if not places and not nationwide:
            coast = _COAST.search(sentence)
            if coast:
                places = [(coast.start(), self._coast_candidate())]
        trigger = triggers[0] if triggers else None
        if trigger is None:
            # "Hundreds have fled their homes in X": displacement takes the tactic of the sentences around it
            if not places or not any(r == "displaced" for r, _, _ in counts):
                return None
            trigger = self._neighbour_trigger(text, start, end)
            if trigger is None:
                return None
        kills = [(c, s) for r, c, s in counts if r == "killed"]
        base = Claim(
            trigger=trigger,
            start=start,
            end=end,
            evidence=sentence,
            sentence_index=index,
            no_casualties=no_cas,
            nationwide=nationwide,
        )
        dates = [
            d
            for d in dates
            if not _is_birth(sentence, d) and not (_at_head(sentence, start) and _in_dateline(sentence, d))
        ]
        base.is_tally = self._is_tally(sentence, trigger, dates)
        periods = [d for d in dates if d.period]
        base.date = (periods[0] if base.is_tally and periods else None) or next(iter(dates), None)
        base.update = bool(_UPDATE.search(sentence))
        base.sources = [name for name, p in self.lex.sources if p.search(sentence)]
        base.community = [name for name, p in self.lex.communities if p.search(sentence)]
        actor = _ACTOR.search(sentence)
        base.actor = actor.group(0) if actor else None
        base.victim_groups = sorted({g.lower() for _, c, g in counts if g})
        for role, count, _ in counts:
            if role == "injured" and base.injured is None:
                base.injured = count.best
            elif role == "displaced" and base.displaced is None:
                # a person count as stated (conventions §3: "some 87,000" is 87000)
                base.displaced = count.best
            elif role == "abducted" and base.abducted is None:
                base.abducted = count.best
        # several places, each with its own death count: one event each ("34 in Baniyas and 15 in Barmaya")
        if len(kills) >= 2 and len(places) >= 2 and not base.is_tally:
            out = []
            for count, _ in kills:
                place = place_after(places, count.end) or place_before(places, count.start)
                if place is None:
                    continue
                c = Claim(**{**base.__dict__})
                c.place = place
                c.fatalities = (count.best, count.low, count.high)
                out.append(c)
            if len({id(c.place) for c in out}) == len(out) and out:
                return out
        if places:
            base.place = places[0][1]
            base.place_alternatives = [p.name for _, p in places[1:]]
            coast = _COAST.search(sentence) if base.is_tally else None
            if coast and coast.start() < min(pos for pos, _ in places):
                # conventions §5: a tally takes the first area it names ("across the coast and Hama")
                base.place = self._coast_candidate()
                base.place_alternatives = [p.name for _, p in places]
        elif not nationwide:
            base.place = fallback_place
            base.place_from_context = True
        either = [
            c
            for r, c, _ in counts
            if r in ("killed", "injured")
            and re.match(r"[^.;]{0,30}\b(?:killed|dead) or (?:wounded|injured)", sentence[c.end :], re.I)
        ]
        single = _SINGLE_DEATH.search(sentence) if not kills else None
        if either:
            base.fatalities = (0, 0, either[0].best)  # "14 people were killed or wounded"
            base.injured = None
        elif single:
            n = 2 if single.group("two") else 1  # "He died before we reached the hospital"; "shot them both"
            base.fatalities = (n, n, n)
        elif kills:
            base.fatalities = combine([c for c, _ in kills], base.update)
        elif no_cas:
            base.fatalities = (0, 0, 0)
        if base.place is None and not nationwide:
            return None
        if base.fatalities is None and base.injured is None and base.displaced is None and not no_cas:
            # an event without any figure: keep it only for clear, concrete tactics
            if trigger.sub_event_type == "Attack" and not re.search(
                r"\b(?:killed|shot dead|executed|executions|massacred?|massacres|killings|gunned down|found dead|"
                r"bodies|murdered)\b",
                sentence,
                re.I,
            ):
                return None
            if not places or (not dates and all(p.geo_precision > 1 for _, p in places)):
                return None  # "clashes in the coastal regions": no incident to place
        return [base]

    def _breakdown(
        self, text: str, start: int, end: int, previous: Claim | None, index: int, toll: Claim | None = None
    ) -> list[Claim] | None:
        """ "By governorate: Homs 12, Daraa 9 …" / "14 in Latakia and nine in Tartus": one tally per governorate."""
        sentence = text[start:end]
        pairs = []
        for m in _GOV_FIGURE.finditer(sentence):
            name = m.group("gov") or m.group("gov2")
            raw = m.group("n") or m.group("n2")
            n = parse_number(raw)
            gov = _governorate(name)
            if n is None or gov is None:
                continue
            pairs.append((gov, n, m))
        if not pairs:
            return None
        if len({g for g, _, _ in pairs}) < 2:
            # "Latakia: 118 civilians" on a line of its own: a row of the breakdown under a toll
            # whose own sentence named no place ("… 209 civilians on Saturday.", "… stands at 520:")
            if not (len(pairs) == 1 and _ROW.match(sentence) and toll is not None):
                return None
            if toll.place_from_context:
                # conventions §5: a tally naming no governorate takes the first of its breakdown
                toll.is_tally = True
                toll.place_from_context = False
                toll.place = self._governorate_place(pairs[0][0])
            previous = toll
        context = text[max(0, start - 300) : end]
        if not re.search(r"\b(?:killed|killing|deaths?|dead|died|toll|victims|fatalities)\b", context, re.I):
            return None
        if re.search(r"\b(?:detain|arrest|abduct|kidnap|displac)\w*", sentence, re.I) and not re.search(
            r"\b(?:killed|deaths?|dead)\b", sentence, re.I
        ):
            return None
        out = []
        trigger = previous.trigger if previous and previous.trigger else self.lex.triggers[-4]
        if trigger.sub_event_type not in ("Attack", "Armed clash", "Remote explosive/landmine/IED"):
            trigger = next(t for t in self.lex.triggers if t.sub_event_type == "Attack")
        for gov, n, _ in pairs:
            c = Claim(
                trigger=trigger,
                start=start,
                end=end,
                evidence=sentence,
                sentence_index=index,
                is_tally=True,
                part=True,
            )
            c.place = self._governorate_place(gov)
            c.fatalities = (n, n, n)
            c.date = previous.date if previous and previous.is_tally else None
            c.sources = previous.sources if previous else []
            out.append(c)
        return out

    def _governorate_place(self, gov: str) -> Candidate | None:
        return next(iter(self.geocoder.lookup(gov, f"{gov} governorate", limit=1)), None)

    def _neighbour_trigger(self, text: str, start: int, end: int) -> Trigger | None:
        window = text[max(0, start - 300) : start] + " " + text[end : end + 300]
        found = [
            t
            for t in self.lex.triggers
            if t.pattern.search(window) and (t.needs is None or t.needs.search(window))
        ]
        looting = [t for t in found if t.sub_event_type == "Looting/property destruction"]
        return (looting or found or [None])[0]

    def _role_counts(self, sentence: str) -> list[tuple[str, Count, str | None]]:
        """Counts with what they count (killed, injured, displaced, abducted, arrested) and of whom."""
        out: list[tuple[str, Count, str | None]] = []
        counts = [
            c
            for c in find_counts(sentence)
            if c.text.lower() not in ("a", "an", "one", "no")
            or self.lex.groups.match(sentence[c.end :].strip(" ,;-("))
            or _PERSON.match(sentence[c.end :])
            or re.search(r"\b(?:body|corpse|remains) of\s*$", sentence[max(0, c.start - 20) : c.start], re.I)
        ]
        for i, count in enumerate(counts):
            after = sentence[count.end : count.end + 70]
            nxt = counts[i + 1].start - count.end if i + 1 < len(counts) else None
            if nxt is not None:
                after = after[: max(nxt, 0)] or after[:20]
            group = self.lex.groups.match(after.strip(" ,;-(")) if after else None
            if group is None and count.best == 1 and _PERSON.match(after):
                group = _PERSON.match(after)
            before = sentence[max(0, count.start - 90) : count.start]
            if count.text.lower() in ("a", "an", "one", "no") and group is None:
                if re.search(r"\b(?:body|corpse|remains) of\s*$", before, re.I):
                    out.append(("killed", count, None))  # "the body of a pharmacist was found"
                continue
            if re.search(r"[A-Z][\w'-]+,\s*$", before) and re.match(r"\s*[,)]", after):
                continue  # "Samer Youssef, 39, said": an age
            if re.search(r"\baccording to\s*$", before, re.I):
                continue  # "…, according to three relatives": who tells, not who died
            if group is None and re.match(
                r"\s*(?:families|households|homes|houses|buildings|shops|cars|"
                r"vehicles|villages|towns|km|kilomet|hours|days|weeks|months|years|"
                r"times|rounds|shells|rockets|missiles|strikes|raids|percent|%)\b",
                after,
                re.I,
            ):
                continue
            if re.match(
                r"\s+of (?:the|them|those) (?:dead|killed|victims|fatalities)\b", after, re.I
            ) or _AMONG_DEAD.match(after):
                # "745 of the dead were civilians", "four children were among the dead": a part, not the toll
                out.append(("killed_part", count, group.group(0) if group else None))
                continue
            if _NESTED.search(sentence[max(0, count.start - 25) : count.start].split(",")[-1]):
                role = self._role(after, before)
                if role:
                    out.append((role + "_part", count, group.group(0) if group else None))
                continue
            role = self._role(after, before)
            if role is None and i + 1 < len(counts) and _NESTED.search(after.split(",")[-1]):
                # "nine members of one family, among them three children, were killed": the verb
                # after the nested figure tells what the outer one counts
                nested = counts[i + 1]
                role = self._role(sentence[nested.end : nested.end + 70], before)
            if (
                role is None
                and out
                and re.match(
                    r"\s*(?:more |others? |people |civilians )?(?:in|at|from)\s+(?:the (?:[a-z]+ ){0,2}?(?:of )?)?[A-Z]",
                    after,
                )
                and re.search(r"\b(?:and|while|with)\s*$", before)
            ):
                role = out[-1][
                    0
                ]  # "34 killed in Baniyas and 15 in Jableh": the second figure counts the same
            if role:
                out.append((role, count, group.group(0) if group else None))
        return out

    def _role(self, after: str, before: str) -> str | None:
        clause = re.split(r"[;:]|\band\b(?= \d)|, (?:and|while|but) ", after)[0]
        # a verb right before the number decides first: "killing two children and wounding five"
        if re.search(
            r"\b(?:killing|killed|shot dead|shooting dead|gunned down|executed|executing|massacred|"
            r"claimed the lives of|leaving|left|(?:killing|killings|deaths?|murders?|executions?) of)\s*$",
            before,
            re.I,
        ):
            return "killed"
        if re.search(r"\b(?:wounding|injuring|wounded|injured)\s*$", before, re.I):
            return "injured"
        best: tuple[int, str] | None = None
        for role in ("killed", "injured", "displaced", "abducted", "arrested"):
            m = self.lex.counts[role].search(clause)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), role)
        if best:
            return best[1]
        if re.search(
            r"\b(?:killing|killed|leaving|left|claimed the lives of|dead (?:numbered|stood at)|executed|"
            r"massacred|bodies of|shot dead|gunned down|shooting dead)\s*$",
            before,
            re.I,
        ):
            return "killed"
        if re.search(
            r"\b(?:toll|killed|dead|deaths|fatalities|number of (?:people|civilians|victims))\b[^.;:]*?"
            r"\b(?:to|at|of|reached|exceeded|topped|surpassed|passed|hit)\s*$",
            before,
            re.I,
        ):
            return "killed"
        if re.search(r"\b(?:wounding|injuring|wounded|injured)\s*$", before, re.I):
            return "injured"
        if re.search(r"\b(?:displacing|displaced|forcing)\s*$", before, re.I):
            return "displaced"
        if re.search(r"\b(?:abducted|kidnapped|kidnapping|abducting)\s*$", before, re.I):
            return "abducted"
        return None

    def _is_tally(self, sentence: str, trigger: Trigger, dates: list[DateMention]) -> bool:
        if any(d.period for d in dates):
            return True
        if _TALLY.search(sentence):
            return True
        return bool(
            _PROVINCE.search(sentence)
            and re.search(r"\b(?:in|across)\s+\w+\s+(?:province|governorate)", sentence)
        )

    def _places(self, text: str, start: int, end: int) -> list[tuple[int, Candidate]]:
        """Gazetteer places named in text[start:end], in order, as (offset in sentence, candidate)."""
        sentence = text[start:end]
        out: list[tuple[int, Candidate]] = []
        taken: list[tuple[int, int]] = []
        for m in _CAP_PHRASE.finditer(sentence):
            phrase = m.group(0)
            words = phrase.split()
            # try the longest sub-phrase first: "Jisr al-Shughur" before "Jisr"
            for n in range(len(words), 0, -1):
                for i in range(0, len(words) - n + 1):
                    sub = " ".join(words[i : i + n])
                    if sub.lower() in _NOT_PLACES or len(sub) < 3:
                        continue
                    offset = m.start() + phrase.find(sub)
                    if _TIME_ZONE.match(sentence, offset + len(sub)):
                        continue  # "22:30 (Damascus time)"
                    if any(s <= offset < e for s, e in taken):
                        continue
                    window = sentence[max(0, offset - 45) : offset + len(sub) + 30]
                    found = self.geocoder.lookup(sub, window, limit=1, votes=self._votes)
                    found = [c for c in found if c.resolved and c.matched in ("exact", "skeleton")]
                    if found:
                        cand = found[0]
                        local = self.geocoder.lookup(
                            sub, sentence[max(0, offset - 45) : offset + len(sub) + 30], limit=1
                        )
                        if local and local[0].resolved and local[0].admin1 == cand.admin1:
                            cand = local[0]  # the words right around it decide ("Homs province")
                        out.append((offset, cand))
                        taken.append((offset, offset + len(sub)))
        out.sort(key=lambda x: x[0])
        # the most specific place first when a sentence names a village and its governorate
        return sorted(
            out, key=lambda x: (x[1].geo_precision if x[1].feature_type != "governorate" else 3, x[0])
        )


_GOVERNORATE_WORDS = (
    r"Latakia|Lattakia|Tartus|Tartous|Hama|Homs|Aleppo|Idlib|Idleb|Rural Damascus|Damascus|Daraa|Dar'a|Deraa|"
    r"As-Suwayda|Suwayda|Sweida|Quneitra|Deir ez-Zor|Deir Ezzor|Deir el-Zor|Ar-Raqqa|Raqqa|Al-Hasakah|Hasakah|Hasakeh"
)
_ROW = re.compile(rf"^\W*(?:{_GOVERNORATE_WORDS})(?:\s+(?:governorate|province))?\s*:\s*\d", re.I)
_GOV_FIGURE = re.compile(
    rf"\b(?P<gov>{_GOVERNORATE_WORDS})(?:\s+(?:governorate|province))?\s*(?::|\(|,)?\s*(?P<n>\d[\d,]*)\b(?!\s*(?:km|%))"
    rf"|\b(?P<n2>\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    rf"(?:(?:more|civilians?|civilian|people|deaths|dead|killed|were killed)\s+){{0,3}}in\s+(?P<gov2>{_GOVERNORATE_WORDS})\b",
    re.I,
)


# spellings of governorate names in bulletin breakdowns, keyed once (not on every call)
_GOVERNORATE_ALIASES = {
    latin_key(alias): g.name
    for g in GOVERNORATES
    for alias in (g.name, *{
        "Latakia": ["Lattakia"], "Tartus": ["Tartous"], "Idlib": ["Idleb"], "Daraa": ["Dar'a", "Deraa"],
        "As-Suwayda": ["Suwayda", "Sweida"], "Deir ez-Zor": ["Deir Ezzor", "Deir el-Zor"],
        "Ar-Raqqa": ["Raqqa"], "Al-Hasakah": ["Hasakah", "Hasakeh"],
    }.get(g.name, []))
}  # fmt: skip


def _governorate(name: str) -> str | None:
    return _GOVERNORATE_ALIASES.get(latin_key(name))


_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z' -]{1,30},[^.—–\n]{0,60}?\s(?:—|–|-{1,2})\s")


# the dash that ends a dateline, after the place, date and outlet ("(Levant Wire via Gulf Morning Herald)")
_DATELINE_DASH = re.compile(r"^[^.]{0,120}?\s(—|–|-{1,2})\s")


def _at_head(sentence: str, start: int) -> bool:
    """The story's first sentence, or its dateline sentence under a headline."""
    return start == 0 or (start < 400 and bool(_DATELINE_PREFIX.match(sentence)))


def _in_dateline(sentence: str, d: DateMention) -> bool:
    """ "HOMS, Syria, March 10 (Wire) —": the publication date, not the event's."""
    dash = _DATELINE_DASH.match(sentence)
    return d.start < 80 and dash is not None and d.end <= dash.start(1)


def _is_birth(sentence: str, d: DateMention) -> bool:
    return bool(re.search(r"\bborn\b", sentence[max(0, d.start - 20) : d.start], re.I))
