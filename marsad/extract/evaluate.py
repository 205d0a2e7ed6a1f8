"""Score extracted events against a gold file.

The rules are those of the shared reference scorer (``../shared/eval/score.py``) that external
evaluators run, re-implemented here so that ``marsad eval`` figures can be compared with theirs:

* Within a report, predictions and gold events are paired greedily. A pair needs the same
  governorate or a loosely matching place; among admissible pairs, the best first is the one
  with the same governorate, then the same tally flag, the closest fatalities, the same event
  type, the closest date (ties: earlier gold event, then earlier prediction).
* Unpaired predictions are false positives, unpaired gold events false negatives. Incidents
  and tallies are scored again, each paired on its own.
* Field accuracies are computed on the pairs only; the gold's ``*_alternatives`` are accepted.

Predictions are read leniently (a governorate's code or spelling variant, numbers as strings,
``"true"``), as the reference scorer reads them; gold files are validated strictly, so that a
file ``marsad eval`` accepts scores the same in the reference scorer.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from marsad.errors import UsageError
from marsad.geo.admin1 import GOVERNORATES

# --------------------------------------------------------------------------- vocabularies

#: ACLED event types and their sub-event types (ACLED codebook).
EVENT_TYPES: dict[str, frozenset[str]] = {
    "Battles": frozenset(
        {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
    ),
    "Violence against civilians": frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"}),
    "Explosions/Remote violence": frozenset(
        {
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Suicide bomb",
            "Remote explosive/landmine/IED",
            "Grenade",
            "Chemical weapon",
        }
    ),
    "Riots": frozenset({"Mob violence", "Violent demonstration"}),
    "Protests": frozenset(
        {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
    ),
    "Strategic developments": frozenset(
        {
            "Arrests",
            "Looting/property destruction",
            "Disrupted weapons use",
            "Agreement",
            "Change to group/activity",
            "Headquarters or base established",
            "Non-violent transfer of territory",
            "Other",
        }
    ),
}
SUB_EVENT_TYPES: frozenset[str] = frozenset().union(*EVENT_TYPES.values())

# Spellings of each governorate (by ISO code) that predictions may use besides the contract's
# name, the ISO code and the Arabic name; written as keys of ``_admin1_key``. Kept in step with
# the reference scorer: a spelling only one scorer knows makes their figures differ.
_ADMIN1_SPELLINGS: dict[str, tuple[str, ...]] = {
    "SY-LA": ("lattakia", "ladhiqiyah", "alladhiqiyah", "lattaquie"),
    "SY-TA": ("tartous", "tartouss", "tartos"),
    "SY-HM": ("hamah", "hamat", "حماه"),
    "SY-HI": ("hims",),
    "SY-HL": ("halab",),
    "SY-ID": ("idleb",),
    "SY-DI": ("dimashq", "damascuscity"),
    "SY-RD": ("rifdimashq", "reefdimashq", "rifdamascus", "damascuscountryside", "damascusrural"),
    "SY-DR": ("deraa", "dara", "dera"),
    "SY-SU": ("suwayda", "sweida", "assweida", "alsuwayda", "suwaida", "sweyda", "suwaydaa", "alsweida"),
    "SY-QU": ("alqunaytirah", "qunaytirah", "kuneitra"),
    "SY-DY": ("deiralzor", "deirelzor", "dayrazzawr", "deirezzour", "deirazzor", "deirzor", "deirezor"),
    "SY-RA": ("raqqa", "alraqqa", "arraqqah", "raqqah", "rakka"),
    "SY-HA": ("hasakah", "hasaka", "alhasaka", "hassakeh", "hasakeh", "hassake", "alhasakeh"),
}
# Values meaning "no governorate": a nationwide figure.
_NATIONWIDE = frozenset(
    {"", "syria", "nationwide", "national", "syrianarabrepublic", "all", "none", "null", "سوريا"}
)
ADMIN1_NAMES: frozenset[str] = frozenset(g.name for g in GOVERNORATES)

# Community labels and the words predictions may use for them (keys of ``_key``); any other
# word stands for itself.
_COMMUNITY_WORDS: dict[str, tuple[str, ...]] = {
    "alawite": ("alawites", "alawi", "alawis", "nusayri", "علوي", "علويون", "علويين"),
    "sunni": ("sunnis", "sunnimuslim", "سني"),
    "christian": (
        "christians",
        "greekorthodox",
        "orthodox",
        "catholic",
        "armenian",
        "assyrian",
        "syriac",
        "مسيحي",
        "مسيحيون",
    ),
    "druze": ("druse", "درزي", "دروز", "الدروز"),
    "kurdish": ("kurd", "kurds", "كردي"),
    "ismaili": ("ismailis", "ismaeli"),
    "shia": ("shiite", "shiites", "shii", "twelver", "شيعي"),
    "bedouin": ("bedouins", "bedu", "tribal", "بدو"),
}
_COMMUNITY = {word: label for label, words in _COMMUNITY_WORDS.items() for word in words}

# Words that say what kind of place it is, not which one: ignored by the loose place match.
_GENERIC_PLACE_WORDS = frozenset(
    "neighbourhood neighborhood village town city district subdistrict countryside outskirts near "
    "vicinity of the and in governorate province area quarter hai hay rural desert road center centre "
    "north south east west northern southern eastern western".split()
)
# Arabic articles written before a name ("al-", "ash-", "ez "), at the start or after a space/hyphen.
_ARTICLE = re.compile(r"(?:^|(?<=[\s\-]))(?:a[dlnrstz]|adh|ash|ath|e[lsz])[\-\s]+")
# Transliteration variants folded together by the loose place match, applied in this order.
_TRANSLIT = (
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("q", "k"),
    ("ou", "u"),
    ("w", ""),
)
_VOWELS = re.compile(r"[aeiouy]")


# --------------------------------------------------------------------------- normalisation


def _fold(text: str) -> str:
    """Drop accents and other combining marks (also Arabic hamza and short vowels)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _key(text: str) -> str:
    """Lowercase letters and digits only: spacing, hyphens and punctuation do not count."""
    return re.sub(r"[\W_]+", "", _fold(text).lower())


def _admin1_key(text: str) -> str:
    return _key(re.sub(r"governorate|province|muhafazat|محافظة", "", _fold(text).lower()))


def _build_admin1_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for gov in GOVERNORATES:
        for spelling in (gov.name, gov.iso, gov.name_ar, *_ADMIN1_SPELLINGS[gov.iso]):
            index[_admin1_key(spelling)] = gov.name
    return index


_ADMIN1_INDEX = _build_admin1_index()
_ADMIN1_BY_ISO = {g.iso: g.name for g in GOVERNORATES}


def normalize_admin1(value: Any, code: Any = None) -> str | None:
    """The contract's governorate name; None for nationwide or not given; ``"?key"`` if unknown.

    An unknown name never equals a gold governorate, but it is not "nationwide" either.
    The ISO code is used only when the name is missing.
    """
    if isinstance(value, str) and value.strip():
        key = _admin1_key(value)
        if key in _ADMIN1_INDEX:
            return _ADMIN1_INDEX[key]
        return None if key in _NATIONWIDE else "?" + key
    if isinstance(code, str):
        return _ADMIN1_BY_ISO.get(code.strip().upper())
    return None


def place_key(name: Any) -> str:
    """Strict place key: lowercase, without "al-", hyphens, spaces and vowels ("Jisr al-Shughur")."""
    if not isinstance(name, str):
        return ""
    text = re.sub(r"\bal[-\s]", "", _fold(name).lower())
    return _VOWELS.sub("", re.sub(r"[-\s]", "", text))


def place_tokens(name: Any) -> list[str]:
    """Loose place tokens: articles and generic words dropped, transliteration variants folded."""
    if not isinstance(name, str):
        return []
    text = _ARTICLE.sub(" ", re.sub(r"[’'`ʿʾ]", "", _fold(name).lower()))
    tokens = []
    for word in re.split(r"[^0-9a-z]+", text):
        if not word or word in _GENERIC_PLACE_WORDS:
            continue
        for old, new in _TRANSLIT:
            word = word.replace(old, new)
        word = re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", word))
        word = word.rstrip("h") or word
        if word:
            tokens.append(word)
    return tokens


def place_matches(predicted: Any, names: Iterable[str], *, loose: bool) -> bool:
    """Whether a predicted place is one of the gold names: strictly, or loosely (tokens of one in another)."""
    if not isinstance(predicted, str) or not predicted.strip():
        return False
    if not loose:
        key = place_key(predicted)
        return bool(key) and any(key == place_key(n) for n in names)
    mine = place_tokens(predicted)
    if not mine:
        return False
    for name in names:
        theirs = place_tokens(name)
        if theirs and (mine == theirs or set(mine) <= set(theirs) or set(theirs) <= set(mine)):
            return True
    return False


def normalize_communities(values: Any) -> frozenset[str]:
    """Community labels, with synonyms merged ("Alawites", "alawi" -> "alawite")."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return frozenset()
    keys = (_key(v) for v in values if isinstance(v, str))
    return frozenset(_COMMUNITY.get(k, k) for k in keys if k)


def as_int(value: Any) -> int | None:
    """An int from an int, a finite float (rounded) or a string like "1,200"; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return round(value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(-?\d[\d,]*)\s*", value)
        if m:
            return int(m.group(1).replace(",", ""))
    return None


def as_bool(value: Any) -> bool:
    """Truthiness, with strings read as words ("true", "yes", "1" are true; "false" is not)."""
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "y"}
    return bool(value)


def as_date(value: Any) -> dt.date | None:
    """The date at the start of an ISO string ("2025-03-10", "2025-03-10T08:00"); None otherwise."""
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _iso_day(value: Any) -> dt.date | None:
    """A date written exactly YYYY-MM-DD (what gold files must use)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return as_date(value)
    return None


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """A validated gold event, with every accepted alternative folded into sets."""

    raw: dict[str, Any]
    event_types: frozenset[str]
    sub_event_types: frozenset[str]
    admin1: frozenset[str | None]
    locations: tuple[str, ...]
    event_date: dt.date
    fatalities: int
    fatalities_low: int
    fatalities_high: int | None
    injured: int | None
    communities: frozenset[str]
    is_tally: bool


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted event, read leniently as the reference scorer reads it."""

    raw: dict[str, Any]
    event_type: str
    sub_event_type: str
    admin1: str | None
    location: str
    event_date: dt.date | None
    fatalities: int | None
    injured: int | None
    communities: frozenset[str]
    is_tally: bool

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Prediction:
        location = raw.get("location")
        return cls(
            raw=dict(raw),
            event_type=str(raw.get("event_type") or "").strip(),
            sub_event_type=str(raw.get("sub_event_type") or "").strip(),
            admin1=normalize_admin1(raw.get("admin1"), raw.get("admin1_code")),
            location=location if isinstance(location, str) else "",
            event_date=as_date(raw.get("event_date")),
            fatalities=as_int(raw.get("fatalities")),
            injured=as_int(raw.get("injured")),
            communities=normalize_communities(raw.get("victim_community")),
            is_tally=as_bool(raw.get("is_tally")),
        )


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One report of a gold file: its text, publication date and the events it holds."""

    id: str
    published: dt.date
    lang: str
    style: str
    text: str
    gold: tuple[GoldEvent, ...]
    line: int = 0


# --------------------------------------------------------------------------- loading the gold

#: Keys every gold event must have: the ones scored (the contract has more).
GOLD_EVENT_KEYS = (
    "event_type",
    "sub_event_type",
    "event_date",
    "admin1",
    "location",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "victim_community",
    "is_tally",
)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _str_list(event: Mapping[str, Any], key: str, where: str, *, allow_null: bool = False) -> list[Any]:
    value = event.get(key)
    if value is None:
        return []
    ok = isinstance(value, list) and all(isinstance(v, str) or (allow_null and v is None) for v in value)
    if not ok:
        raise UsageError(f"{where}: {key} must be a list of strings")
    return value


def gold_event(event: Any, where: str) -> GoldEvent:
    """Validate one gold event (``where`` names it in messages) and fold its alternatives in."""
    if not isinstance(event, dict):
        raise UsageError(f"{where}: expected a JSON object, got {type(event).__name__}")
    missing = [k for k in GOLD_EVENT_KEYS if k not in event]
    if missing:
        raise UsageError(f"{where}: missing key(s) {', '.join(missing)}")
    event_type, sub_event_type = event["event_type"], event["sub_event_type"]
    if event_type not in EVENT_TYPES:
        raise UsageError(f"{where}: unknown event_type {event_type!r} (ACLED: {', '.join(EVENT_TYPES)})")
    if sub_event_type not in EVENT_TYPES[event_type]:
        raise UsageError(f"{where}: sub_event_type {sub_event_type!r} is not one of {event_type!r}")
    type_alts = _str_list(event, "event_type_alternatives", where)
    sub_alts = _str_list(event, "sub_event_type_alternatives", where)
    for alt in type_alts:
        if alt not in EVENT_TYPES:
            raise UsageError(f"{where}: unknown event type {alt!r} in event_type_alternatives")
    for alt in sub_alts:
        if alt not in SUB_EVENT_TYPES:
            raise UsageError(f"{where}: unknown sub-event type {alt!r} in sub_event_type_alternatives")

    # Gold governorates must be the contract's names: the reference scorer compares them as written.
    admin1 = event["admin1"]
    admin1_alts = _str_list(event, "admin1_alternatives", where, allow_null=True)
    for name in (admin1, *admin1_alts):
        if name is not None and name not in ADMIN1_NAMES:
            known = normalize_admin1(name) if isinstance(name, str) else None
            hint = f"write {known!r}" if known and known in ADMIN1_NAMES else "null for nationwide"
            raise UsageError(f"{where}: governorate {name!r} is not a contract name ({hint})")

    location = event["location"]
    if not isinstance(location, str) or not location.strip():
        raise UsageError(f"{where}: location must be a non-empty string")
    locations = tuple(n for n in (location, *_str_list(event, "location_alternatives", where)) if n)

    event_date = _iso_day(event["event_date"])
    if event_date is None:
        raise UsageError(f"{where}: event_date {event['event_date']!r} is not a YYYY-MM-DD date")

    best, low, high = event["fatalities"], event["fatalities_low"], event["fatalities_high"]
    if not (_is_int(best) and _is_int(low) and (high is None or _is_int(high))):
        raise UsageError(
            f"{where}: fatalities and fatalities_low must be integers, fatalities_high one or null"
        )
    if not (low <= best and (high is None or best <= high)):
        raise UsageError(
            f"{where}: fatalities_low <= fatalities <= fatalities_high fails ({low}, {best}, {high})"
        )
    injured = event["injured"]
    if injured is not None and not _is_int(injured):
        raise UsageError(f"{where}: injured must be an integer or null")
    communities = event["victim_community"]
    if not isinstance(communities, list) or not all(isinstance(c, str) for c in communities):
        raise UsageError(f"{where}: victim_community must be a list of strings")
    if not isinstance(event["is_tally"], bool):
        raise UsageError(f"{where}: is_tally must be true or false")

    return GoldEvent(
        raw=event,
        event_types=frozenset({event_type, *type_alts}),
        sub_event_types=frozenset({sub_event_type, *sub_alts}),
        admin1=frozenset({admin1, *admin1_alts}),
        locations=locations,
        event_date=event_date,
        fatalities=best,
        fatalities_low=low,
        fatalities_high=high,
        injured=injured,
        communities=normalize_communities(communities),
        is_tally=event["is_tally"],
    )


def gold_record(obj: Any, where: str, line: int = 0) -> GoldRecord:
    """Validate one gold record (one line of a gold file); ``where`` names it in messages."""
    if not isinstance(obj, dict):
        raise UsageError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    rid = obj.get("id")
    if rid is not None:
        if not (isinstance(rid, str) and rid.strip()) and not _is_int(rid):
            raise UsageError(f"{where}: id must be a non-empty string")
        where = f"{where} (id {str(rid)!r})"
    for key in ("id", "published", "text", "gold"):
        if key not in obj or obj[key] is None:
            raise UsageError(f"{where}: missing {key!r}")
    published = _iso_day(obj["published"])
    if published is None:
        raise UsageError(f"{where}: published {obj['published']!r} is not a YYYY-MM-DD date")
    if not isinstance(obj["text"], str):
        raise UsageError(f"{where}: text must be a string")
    if not isinstance(obj["gold"], list):
        raise UsageError(f"{where}: gold must be a list of events")
    for key in ("lang", "style"):
        if not isinstance(obj.get(key, ""), str):
            raise UsageError(f"{where}: {key} must be a string")
    return GoldRecord(
        id=str(rid),
        published=published,
        lang=obj.get("lang") or "?",
        style=obj.get("style") or "?",
        text=obj["text"],
        gold=tuple(gold_event(e, f"{where}: gold[{i}]") for i, e in enumerate(obj["gold"])),
        line=line,
    )


def load_gold(path: str | Path) -> list[GoldRecord]:
    """Read and validate a gold file (JSON Lines); any problem is a UsageError naming file and line."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"gold file not found: {path}")
    if not path.is_file():
        raise UsageError(f"{path} is not a file")
    records: list[GoldRecord] = []
    seen: dict[str, int] = {}
    try:
        # utf-8-sig: a byte-order mark from a Windows editor is not an error
        with path.open(encoding="utf-8-sig") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{path} line {number}"
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
                record = gold_record(obj, where, number)
                if record.id in seen:
                    raise UsageError(f"{where}: id {record.id!r} already used on line {seen[record.id]}")
                seen[record.id] = number
                records.append(record)
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if not records:
        raise UsageError(f"{path} holds no records")
    return records


# --------------------------------------------------------------------------- pairing


def _pair_rank(gold: GoldEvent, pred: Prediction) -> tuple[int, int, int, int, int] | None:
    """How good a pair is (lower is better); None if neither governorate nor place agree."""
    same_admin1 = pred.admin1 in gold.admin1
    if not same_admin1 and not place_matches(pred.location, gold.locations, loose=True):
        return None
    fatalities_gap = abs(pred.fatalities - gold.fatalities) if pred.fatalities is not None else 10**9
    date_gap = abs((pred.event_date - gold.event_date).days) if pred.event_date else 10**6
    return (
        0 if same_admin1 else 1,
        0 if pred.is_tally == gold.is_tally else 1,
        fatalities_gap,
        0 if pred.event_type in gold.event_types else 1,
        date_gap,
    )


def pair_events(golds: Sequence[GoldEvent], preds: Sequence[Prediction]) -> list[tuple[int, int]]:
    """Greedy pairing: best-ranked admissible pairs first, each event used once; (gold, pred) indices."""
    candidates = []
    for gi, gold in enumerate(golds):
        for pi, pred in enumerate(preds):
            rank = _pair_rank(gold, pred)
            if rank is not None:
                candidates.append((rank, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _rank, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


#: Fields checked on every pair; injured_exact only when the gold gives an injured figure.
FIELDS = (
    "event_type",
    "sub_event_type",
    "admin1",
    "location",
    "location_loose",
    "event_date",
    "fatalities_exact",
    "fatalities_in_range",
    "victim_community",
    "is_tally",
    "injured_exact",
)


def check_fields(gold: GoldEvent, pred: Prediction) -> dict[str, bool]:
    """Which fields of a paired prediction agree with the gold (alternatives accepted)."""
    n = pred.fatalities
    checks = {
        "event_type": pred.event_type in gold.event_types,
        "sub_event_type": pred.sub_event_type in gold.sub_event_types,
        "admin1": pred.admin1 in gold.admin1,
        "location": place_matches(pred.location, gold.locations, loose=False),
        "location_loose": place_matches(pred.location, gold.locations, loose=True),
        "event_date": pred.event_date == gold.event_date,
        "fatalities_exact": n == gold.fatalities,
        "fatalities_in_range": n is not None
        and n >= gold.fatalities_low
        and (gold.fatalities_high is None or n <= gold.fatalities_high),
        # no community on either side agrees; otherwise one shared label is enough
        "victim_community": bool(gold.communities & pred.communities)
        or not (gold.communities or pred.communities),
        "is_tally": pred.is_tally == gold.is_tally,
    }
    if gold.injured is not None:
        checks["injured_exact"] = pred.injured == gold.injured
    return checks


# --------------------------------------------------------------------------- metrics


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Counts with precision, recall and F1; None where undefined (no predictions, or no gold)."""
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = None
    if precision is not None or recall is not None:
        p, r = precision or 0.0, recall or 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _round(precision),
        "recall": _round(recall),
        "f1": _round(f1),
    }


SUBSETS = ("all", "incidents", "tallies")


@dataclass
class Tally:
    """Running counts for one slice of the gold file (everything, a language, a style)."""

    records: int = 0
    events: dict[str, list[int]] = field(default_factory=lambda: {s: [0, 0, 0] for s in SUBSETS})
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})

    def add(self, golds: Sequence[GoldEvent], preds: Sequence[Prediction]) -> list[tuple[int, int]]:
        """Score one record; returns its pairs (over all events)."""
        self.records += 1
        pairs = pair_events(golds, preds)
        self._count("all", len(golds), len(preds), len(pairs))
        for gi, pi in pairs:
            for name, ok in check_fields(golds[gi], preds[pi]).items():
                self.fields[name][0] += ok
                self.fields[name][1] += 1
        # incidents and tallies are paired again, each among themselves
        for subset, tally in (("incidents", False), ("tallies", True)):
            gs = [g for g in golds if g.is_tally == tally]
            ps = [p for p in preds if p.is_tally == tally]
            self._count(subset, len(gs), len(ps), len(pair_events(gs, ps)))
        return pairs

    def _count(self, subset: str, n_gold: int, n_pred: int, n_pairs: int) -> None:
        counts = self.events[subset]
        counts[0] += n_pairs
        counts[1] += n_pred - n_pairs
        counts[2] += n_gold - n_pairs

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "events": {s: prf(*c) for s, c in self.events.items()},
            "fields": {
                name: {"correct": ok, "n": n, "accuracy": _round(_ratio(ok, n))}
                for name, (ok, n) in self.fields.items()
            },
        }


@dataclass
class RecordResult:
    """One record's predictions, what the extractor got wrong, and how they paired with the gold."""

    record: GoldRecord
    predictions: list[Prediction]
    pairs: list[tuple[int, int]]
    invalid: int = 0  # predictions that were not JSON objects
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Per-record details: indices are positions in the record's ``gold`` and ``predictions``."""
        paired_gold = {gi for gi, _ in self.pairs}
        paired_pred = {pi for _, pi in self.pairs}
        golds, preds = self.record.gold, self.predictions
        matches = []
        for gi, pi in self.pairs:
            checks = check_fields(golds[gi], preds[pi])
            matches.append({"gold": gi, "prediction": pi, "wrong": [k for k, ok in checks.items() if not ok]})
        return {
            "id": self.record.id,
            "line": self.record.line,
            "lang": self.record.lang,
            "style": self.record.style,
            "error": self.error,
            "invalid_predictions": self.invalid,
            "gold_events": len(golds),
            "predicted_events": len(preds),
            "matches": matches,
            "missed_gold": [i for i in range(len(golds)) if i not in paired_gold],
            "false_predictions": [i for i in range(len(preds)) if i not in paired_pred],
            "predictions": [p.raw for p in preds],
        }


@dataclass
class Summary:
    """Figures for a whole gold file, with breakdowns by language and style."""

    results: list[RecordResult]
    overall: Tally
    by_lang: dict[str, Tally]
    by_style: dict[str, Tally]

    @property
    def failures(self) -> list[RecordResult]:
        return [r for r in self.results if r.error]

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": len(self.results),
            "gold_events": sum(len(r.record.gold) for r in self.results),
            "predicted_events": sum(len(r.predictions) for r in self.results),
            "invalid_predictions": sum(r.invalid for r in self.results),
            "failed_records": len(self.failures),
            "failures": [{"id": r.record.id, "error": r.error} for r in self.failures],
            "matching": "same admin1 or loose location match",
            "overall": self.overall.as_dict(),
            "by_lang": {k: v.as_dict() for k, v in sorted(self.by_lang.items())},
            "by_style": {k: v.as_dict() for k, v in sorted(self.by_style.items())},
        }

    def details(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.results]


def score(
    records: Sequence[GoldRecord],
    predictions_by_id: Mapping[str, Sequence[Any]],
    errors: Mapping[str, str] | None = None,
) -> Summary:
    """Score predictions (raw event dicts by record id) against the gold; no extractor involved.

    A record absent from ``predictions_by_id`` predicted nothing. ``errors`` marks records the
    extractor failed on; they are still scored (their gold events count as missed).
    """
    errors = errors or {}
    overall, by_lang, by_style = Tally(), {}, {}
    results = []
    for record in records:
        raw = predictions_by_id.get(record.id) or []
        preds = [Prediction.from_dict(p) for p in raw if isinstance(p, dict)]
        pairs = overall.add(record.gold, preds)
        by_lang.setdefault(record.lang, Tally()).add(record.gold, preds)
        by_style.setdefault(record.style, Tally()).add(record.gold, preds)
        results.append(RecordResult(record, preds, pairs, len(raw) - len(preds), errors.get(record.id)))
    return Summary(results, overall, by_lang, by_style)


class SupportsExtract(Protocol):
    def extract(
        self, text: str, published: dt.date | None = None, doc: str = "doc"
    ) -> list[dict[str, Any]]: ...


def evaluate(
    records: Sequence[GoldRecord],
    extractor: SupportsExtract,
    progress: Callable[[GoldRecord], None] | None = None,
) -> Summary:
    """Run the extractor on every record's text and score the events it returns.

    An exception on one record is recorded as that record's error (its gold counts as missed)
    and the others still run, as an external scorer would see a crashed command.
    """
    predictions: dict[str, Sequence[Any]] = {}
    errors: dict[str, str] = {}
    for record in records:
        try:
            events = extractor.extract(record.text, record.published, doc=record.id)
        except Exception as exc:
            errors[record.id] = f"{type(exc).__name__}: {exc}"
            events = []
        if not isinstance(events, list):
            errors[record.id] = f"the extractor returned {type(events).__name__}, not a list"
            events = []
        predictions[record.id] = events
        if progress is not None:
            progress(record)
    return score(records, predictions, errors)
