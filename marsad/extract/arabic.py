"""Arabic event extraction: sentences → claims → events with evidence, as the English reader does.

Each sentence is read in folded spelling (``marsad.text.arabic_clitics``: diacritics gone, hamza forms
and ta marbuta folded, Arabic-Indic digits ASCII), so that قُتل/قتل, مئة/مائة and ٢٣/23 are one word.
Event words (``lexicon_ar.toml``) type the sentence by ACLED's hierarchy; counts
(``arabic_numbers``) take their role from the counted noun (قتيلاً، جرحى), the word before (قُتل ٢٣،
مقتل ٨٧، إصابة ٤) or the verb after (١٧ مدنياً قُتلوا); places are words and phrases, attached
particles split off, looked up in the gazetteer's Arabic names; dates (``arabic_dates``) resolve
against publication. Claims are merged and written out by the rules both readers share
(``marsad.extract.claims``: conflicting figures: the lowest; updates: the latest), so both
languages give the same contract.
Evidence is the sentence as written and its span is in the cleaned text.
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
from marsad.extract.lexicon import Trigger
from marsad.extract.lexicon_ar import ArabicLexicon
from marsad.geo import Candidate, Geocoder
from marsad.text.arabic_clitics import fold, tokens
from marsad.text.arabic_dates import find_dates, month_ended_before, old_years
from marsad.text.arabic_numbers import ArCount, find_counts
from marsad.text.dates import DateMention
from marsad.text.names import arabic_key, latin_key
from marsad.text.normalize import comparison_key
from marsad.text.numbers import Count


def _re(pattern: str) -> re.Pattern[str]:
    """A pattern written in ordinary Arabic spelling, compiled for folded text."""
    return re.compile(fold(pattern))


_W = r"(?<![\w])[وفبل]?"  # a word, possibly with one attached particle
_HYPOTHETICAL = _re(
    rf"{_W}(?:يهدد|تهدد|هدد\w*|تهديد\w*|تحذير\w*|حذر\w*|يخشى|تخشى|مخاوف|خشية|من المحتمل|في حال|لو"
    r"|دعا|دعت|داعي\w*|يطالب\w*|طالب(?:ت|وا)?|ناشد\w*|مطالب\w*|توعد\w*|متوعد\w*|ستخضع|ستتولى|سيتم|تخطط|ينوي"
    r"|قد يؤدي|قد (?!تم)[تي]\w+)(?![\w])"
)
_OUTCOME = _re(
    rf"{_W}(?:قتل\w*|قُتل\w*|قتلى|مقتل\w*|أصيب\w*|جرحى|نزح\w*|جثث|جثة|جثتي\w*|استشهد\w*|أعدم\w*|اختطف\w*"
    r"|اعتقل\w*|نهب\w*|أحرق\w*)(?![\w])"
)
_NOT_HAPPENED = _re(r"(?:شائع\w*|عار\w* عن الصحة|غير صحيح\w*|ملفق\w*|مفبرك\w*|كاذب\w*|لا أساس ل\w+ من الصحة)")
_ACCIDENT = _re(
    r"(?:حادث سير|حادث مروري|حوادث سير|حادث مرور|انفجار أسطوانة غاز|صعق\w* كهربائي\w*|غرق|غرقا|زلزال"
    r"|انهيار مبنى|انهيار منزل|نوبة قلبية|عن طريق الخطأ|بالخطأ|ماس كهربائي|حريق عرضي)"
)
_HISTORY = _re(
    r"(?:في عهد النظام|إبان حكم|منذ سنوات|قبل سنوات|في السنوات الماضية|خلال السنوات|منذ عقود|قبل عقود"
    r"|خلال الأشهر الماضية|في الأشهر الماضية|منذ أشهر|العام الماضي|الأعوام الماضية|خلال الأسابيع الماضية"
    r"|منذ عام 2011|منذ اندلاع الثورة|سنوات الحرب)"
)
_NO_CASUALTIES = _re(
    r"(?:(?:من )?دون (?:أن )?(?:ت|ي)?(?:سجل|تسجيل|وقوع|يسفر\w* (?:ذلك )?عن|تُسجل)\s*"
    r"(?:أي )?(?:إصابات|ضحايا|خسائر بشرية|قتلى)"
    r"|لم (?:ت|ي)(?:سجل|سفر\w* عن|قع)\s*(?:أي )?(?:إصابات|ضحايا|خسائر بشرية|قتلى)"
    r"|(?:دون|لم ترد|عدم) ورود (?:أي )?(?:أنباء|معلومات) عن (?:وقوع )?(?:إصابات|ضحايا|خسائر بشرية|قتلى)"
    r"|دون إصابات|بلا إصابات|لا إصابات|عدم وقوع إصابات)"
)
_UPDATE = _re(rf"{_W}(?:ارتفع\w*|يرتفع|ترتفع|ارتفاع|ليصل|لتصل|قفز\w*|محدثة|الحصيلة الجديدة)(?![\w])")
# the sentence restates figures already counted ("وهم محتسبون ضمن الحصيلة أعلاه")
_COUNTED_ALREADY = _re(r"(?:ضمن الحصيلة|محتسب\w* ضمن|مشمول\w* (?:في|ضمن) الحصيلة|من ضمن الحصيلة|ضمن العدد)")
_TOLL_WORDS = _re(r"(?:حصيلة|الحصيلة|عدد الضحايا|عدد القتلى|عدد من قتلوا|عدد من قُتلوا|مقتلهم|مقتل)")
_SINGLE_INJURY = _re(
    rf"{_W}(?:أصيب|أُصيب|أصيبت|إصابة|جرح|جُرح)\s+(?:ال)?(?:شاب|رجل|طفل|طفلة|امرأة|مدني|سيدة|عنصر|مسن|فتى|فتاة"
    r"|شخص|مواطن|جندي|محتج|متظاهر|ثالث|رابع|خامس|آخر)(?:ا|اً)?(?![\w])"
)
_KILLED_OR_HURT = _re(r"(?:قتل\w*|قُتل\w*|مقتل)\s+(?:أو|و)\s*(?:جرح\w*|جُرح\w*|أصيب\w*|إصابة)\s*$")
_BRINGS_TOTAL = _re(r"(?:ليرتفع|لترتفع|ليصل|لتصل|ليبلغ|لتبلغ|وبذلك يرتفع|وبذلك ترتفع|ما يرفع|ما يرفع)")
_ADDITIVE = _re(r"^\s*(?:\S+\s+)?(?:آخرين|آخرون|أخريين|أخريان|إضافيين)(?![\w])")
_QUOTES = re.compile(r'"[^"\n]{1,400}"|“[^”\n]{1,400}”|«[^»\n]{1,400}»')
_TALLY = _re(
    rf"{_W}(?:منذ (?:بداية|بدء|اندلاع|مطلع)|حتى الآن|حتى اللحظة|إجمالي\w*|الإجمالية|المجموع|التراكمية"
    r"|حصيلة تراكمية|في مختلف|في أنحاء"
    r"|في عدد من (?:ال)?(?:قرى|مناطق|بلدات|أحياء|مدن)|في عدة (?:قرى|مناطق|بلدات)|في قرى"
    r"|مناطق متفرقة|حوادث متفرقة"
    r"|متفرقة|في محافظات|المحافظات|الساحل السوري|منطقة الساحل|مدن الساحل|قرى الساحل|خلال الشهر|هذا الشهر"
    r"|الشهر الجاري|خلال الأسبوع|هذا الأسبوع|الأسبوع الماضي|الشهر الماضي|شهري\w*|أسبوعي\w*|ليرتفع العدد"
    r"|ترتفع الحصيلة|عدد (?:القتلى|الضحايا)|حصيلة الضحايا)(?![\w])"
)
_NATIONWIDE = _re(
    r"(?:في (?:مختلف|عموم|كافة|جميع) (?:أنحاء |المحافظات |مناطق |المناطق )?(?:سوريا|السورية|البلاد)"
    r"|في أنحاء (?:سوريا|البلاد)|على مستوى (?:سوريا|البلاد)|في سوريا ككل|في عموم البلاد"
    r"|في (?:مختلف|جميع|كافة) المحافظات)"
)
_IN_SYRIA = _re(r"(?<![\w])(?:في|ب)\s*سوريا(?![\w])")
_COAST = _re(r"(?:الساحل السوري|منطقة الساحل|مدن الساحل|قرى الساحل|الساحل)(?![\w])")
_PROVINCE = _re(r"(?:في|عموم|أنحاء|كامل) (?:محافظة|محافظات)")
_OUTSIDE = _re(
    rf"{_W}(?:لبنان|اللبناني\w*|العراق|العراقي\w*|تركيا|التركي\w*|الأردن|الأردني\w*|إسرائيل|غزة|الضفة الغربية"
    r"|اليمن|إيران|ليبيا|السودان|مصر|أوكرانيا|بيروت|بغداد|عمان|غازي عنتاب|إسطنبول)(?![\w])"
)
_NESTED = _re(
    r"(?:بينهم|بينهن|من بينهم|من بينهن|منهم|منهن|معظمهم|غالبيتهم|ضمنهم|بينها|من بين\s+\S+"
    r"|إضافة إلى|بالإضافة إلى"
    r"|أغلبهم|أكثرهم)"
)
_SINGLE_DEATH = _re(
    rf"{_W}(?:قُتل|قتل|مقتل|استشهاد|استشهد|اغتيال|اغتيل|إعدام|أعدم|جثة|جثمان|مصرع|وفاة|قتلت|قُتلت|قضى|قضت|لقي|توفي)\s+"
    r"(?:ال)?(?:شاب|رجل|طفل|طفلة|امرأة|مدني|سيدة|عنصر|مسن|مسنة|فتى|فتاة|مزارع|راع|راعي|طبيب|صحفي|سائق|معلم|شخص"
    r"|مواطن|مواطنة|جندي|ضابط|مختار|شيخ|إمام|موظف|عامل|صيدلي|محام|مهندس|ممرض|ممرضة|تاجر|محتج|متظاهر|ناشط"
    r"|طالب|مدرس|معلمة|شرطي|مقاتل|مسلح|قيادي|بائع)(?:ا|اً)?(?![\w])"
    r"|(?<![\w])[وف]?(?:سقوط\s+)?قتيل(?:ا|اً)?(?![\w])(?!\s+(?:و|من))|حتى الموت|تحت التعذيب"
)
_KILL_VERB = _re(rf"{_W}(?:قتلوا|قتلو|قتل|قُتل|قتلت|قُتلت|أعدموا|أعدم|أُعدم|مقتل|استشهد|استشهاد|اغتيال)(?![\w])")
_KIN_ONE = _re(
    r"(?:ال)?(?:امرأة|رجل|طفل|طفلة|شاب|شابة|مسن|مسنة|فتى|فتاة|مدني|أب|أبي|أخ|أخي|أم|أمي|أخت|أخته|أختي|زوج|زوجة|زوجته|زوجها"
    r"|زوجتي|زوجي|ابن|ابنه|ابنها|ابني|ابنة|ابنته|ابنتها|ابنتي|بنت|بنته|بنتها|عم|عمه|عمي|خال|خاله|خالي|جد|جده|جدي"
    r"|جدة|جدته|جدتي|طفله|طفلها|ولده|ولدها|شقيق|شقيقه|شقيقها|شقيقي|شقيقة|شقيقته|شقيقتي|حفيد|حفيده|حفيدها|جار|جاره|جاري"
    r"|والد|والده|والدي|والدة|والدته|والدتي|صهر|صهره)"
)
_KIN_TWO = _re(
    r"(?:ابنيه|ابنيها|ابنيهما|ولديه|ولديها|طفليه|طفليها|شقيقيه|شقيقيها|حفيديه|حفيديها|ابنتيه|ابنتيها)"
)


def _listed_victims(f: str) -> int | None:
    """ "قتلوا أبي وأخي" (2), "قتلت امرأة وطفلها" (2), "قُتل مع ابنيه" (3): people named one by one."""
    for m in _KILL_VERB.finditer(f):
        words = f[m.end() : m.end() + 80].split()
        n, i = 0, 0
        if words and words[0] == "مع":
            n, i = 1, 1  # "أبو محمد قُتل مع ابنيه": the subject and those with him
        while i < len(words):
            w = words[i].strip("،,.:؛")
            bare = w[1:] if w.startswith("و") and n else w
            if _KIN_TWO.fullmatch(bare):
                n += 2
            elif _KIN_ONE.fullmatch(bare):
                n += 1
            else:
                break
            if w != words[i]:
                break  # punctuation ends the list
            i += 1
        if n >= 2 or (n == 1 and i > 1):
            return n
    return None


_PLURAL_DEATHS = _re(
    rf"{_W}(?:قُتل|قتل|مقتل|قتلى|إعدام|أعدم\w*|مجزرة|مجازر|جثث|جثامين|عمليات القتل|تصفية)(?![\w])"
)
_PLURAL_PEOPLE = _re(r"(?:مدنيين|مدنيون|أشخاص|رجال|سكان|عائلات|أبناء|الأهالي|أهالي|المدنيين|شبان|مواطنين)")
_HEADER = _re(
    r"^\s*(?:تاريخ (?:النشر|الإصدار|تسجيل)|نُشر بتاريخ|نشر بتاريخ|الفترة المشمولة|دوّنها|الشاهد)\s*:?"
)
_DATELINE = re.compile(r"^[^\n.]{0,80}?\s[—–-]\s")
_PLACE_CUE = _re(
    r"(?:في|ب|قرية|بلدة|مدينة|حي|ريف|أرياف|محافظة|منطقة|محيط|قرب|من|إلى|نحو|باتجاه|شرق|غرب|شمال|جنوب|شرقي|غربي"
    r"|شمالي|جنوبي|بين|مخيم|طريق|ناحية|مدينتي|قريتي|بلدتي|مدينتا|قريتا|بلدتا|قرى|بلدات|أطراف|ضواحي|مدخل|داخل|وسط|عند|و)\s*$"
)
# words that are never a place here, though a gazetteer name is written the same
_NOT_PLACES = frozenset(
    fold(w)
    for w in """الساحل السوق المرصد الشبكة الأمن العام الجمعة الأحد السبت الخميس الأربعاء الثلاثاء الإثنين
    اليوم المدينة القرية البلدة الحي الطريق المنطقة النظام السابق الحكومة الداخلية الدفاع المشفى الوطني
    الأهالي الضحايا
    القتلى الجرحى المدنيين الشرقي الغربي الشمالي الجنوبي شرق غرب شمال جنوب عين بيت دير تل كفر أبو أم رأس باب
    سوريا السورية البلاد الريف الساعة الليل الصباح المساء الفجر الظهر الحرب الجيش القوات العشائر الفصائل
    لبنان العراق تركيا الأردن إسرائيل فلسطين مصر إيران روسيا لبنانية عراقية تركية""".split()
)
_GOVERNORATE_AR = {arabic_key(fold(n)): g for g, names in {
    "Latakia": ["اللاذقية"], "Tartus": ["طرطوس"], "Hama": ["حماة", "حماه"], "Homs": ["حمص"],
    "Aleppo": ["حلب"],
    "Idlib": ["إدلب", "ادلب"], "Damascus": ["دمشق"], "Rural Damascus": ["ريف دمشق"], "Daraa": ["درعا"],
    "As-Suwayda": ["السويداء"], "Quneitra": ["القنيطرة"], "Deir ez-Zor": ["دير الزور"],
    "Ar-Raqqa": ["الرقة"], "Al-Hasakah": ["الحسكة"],
}.items() for n in names}  # fmt: skip
_GOV_WORDS = "|".join(
    sorted(
        (re.escape(fold(n)) for n in (
            "اللاذقية", "طرطوس", "حماة", "حماه", "حمص", "حلب", "إدلب", "ادلب", "ريف دمشق", "دمشق", "درعا",
            "السويداء", "القنيطرة", "دير الزور", "الرقة", "الحسكة",
        )),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_GOV_FIGURE = re.compile(
    rf"(?<![\w])[وفب]?(?:محافظه\s+)?(?P<gov>{_GOV_WORDS})\s*(?::|\(|،|-|–)?\s*(?P<n>\d[\d,]*)(?![\d\w])"
    rf"|(?<![\w])[و]?(?P<n2>\d[\d,]*)\s+(?:[^\s\d:،,]+\s+){{0,2}}?(?:في|ب)\s*(?:محافظه\s+)?(?P<gov2>{_GOV_WORDS})(?![\w])"
)
_SUM_LINE = _re(r"^\W*(?:المجموع|الإجمالي|المجموع الكلي|إجمالي الضحايا)\s*:")
MAX_SENTENCE = 1500


class ArabicExtractor(ClaimReader):
    """Stateless over documents: holds the Arabic lexicon and the geocoder.

    Merging claims and writing the contract's event dict come from ``ClaimReader``, as for English.
    """

    def __init__(self, lexicon: ArabicLexicon, geocoder: Geocoder) -> None:
        self.ar = lexicon
        self.geocoder = geocoder
        self._votes: dict[str, float] = {}
        self._attack = next(t for t in lexicon.triggers if t.sub_event_type == "Attack")
        self._titles: set[int] = set()
        self._additive: set[int] = set()

    # -- per document ------------------------------------------------------------------------

    def events(self, doc: Any, published: dt.date, doc_id: str) -> list[dict[str, Any]]:
        text: str = doc.text
        spans = [part for s in doc.sents for part in clauses(text, s.start_char, s.end_char, ";؛")]
        return self.events_in(text, spans, published, doc_id)

    def events_in(
        self, text: str, spans: list[tuple[int, int]], published: dt.date, doc_id: str
    ) -> list[dict[str, Any]]:
        """Events of ``text`` read sentence by sentence (``spans``: character offsets of the sentences)."""
        self._titles, self._additive = set(), set()
        self._votes = self.geocoder.admin1_votes(text[:20_000])
        reading = _QUOTES.sub(
            lambda m: " " * len(m.group(0)), text
        )  # quoted speech is colour, not the report
        seen: set[str] = set()
        head = [c for _, c in self._places(fold(text[: min(len(text), 400)]))]
        default_place = head[0] if head else None
        communities = self._document_communities(fold(text))
        claims: list[Claim] = []
        previous_place: Candidate | None = None
        last_date: DateMention | None = None
        breakdown_rows: list[Claim] = []
        for index, (start, end) in enumerate(spans):
            sentence = text[start:end]
            key = comparison_key(sentence)
            if not key or key in seen:
                continue  # a repeated sentence never yields a second event
            seen.add(key)
            f = fold(reading[start:end])
            header = bool(_HEADER.search(f)) and start < 600
            dateline = start < 400 and bool(_DATELINE.match(f)) and bool(re.search(r"20\d\d", f[:80]))
            dated = [] if header and not re.search(fold("الفترة المشمولة"), f) else find_dates(f, published)
            if dateline:
                cut = _DATELINE.match(f)
                assert cut is not None
                dated = [d for d in dated if d.start >= cut.end()]
            dated = _absolute_first([d for d in dated if not d.period])
            if header:
                if dated:
                    last_date = dated[0]
                continue
            if _SUM_LINE.search(f) or _COUNTED_ALREADY.search(f):
                continue  # "المجموع: ٨٧ مدنياً" repeats the rows above it
            toll = next((c for c in reversed(claims) if c.is_tally and index - c.sentence_index <= 8), None)
            row = self._breakdown(f, start, end, toll, index, last_date, published)
            claim = row or self._claim(
                f, start, end, published, index, previous_place or default_place, dateline
            )
            if row:
                breakdown_rows.extend(row)
            if (
                claim is None
                and claims
                and _NO_CASUALTIES.search(f)
                and index - claims[-1].sentence_index <= 1
            ):
                last = claims[-1]
                if last.fatalities is None:
                    last.fatalities = (0, 0, 0)
                last.no_casualties = True
            if claim is None:
                places_here = self._places(f)
                if places_here:
                    previous_place = places_here[0][1]
                if dated:
                    last_date = dated[0]
                continue
            for c in claim:
                if c.date is None and last_date is not None and not c.is_tally:
                    c.date = last_date
                if index == 0 and start < 300 and not sentence.rstrip().endswith((".", "؟", "!")):
                    self._titles.add(id(c))
            if dated:
                last_date = dated[0]
            claims.extend(claim)
            previous_place = claim[-1].place or previous_place
        claims = drop_split_totals(claims, breakdown_rows)
        claims = _add_others(claims, self._additive)
        # a headline restates the story: it is an event only when the body does not tell it
        body_admin1 = {c.place.admin1 for c in claims if id(c) not in self._titles and c.place}
        claims = [
            c
            for c in claims
            if id(c) not in self._titles or not (c.place and c.place.admin1 in body_admin1) or c.nationwide
        ]
        own = {id(c): (c.start, c.end) for c in claims}
        for i, c in enumerate(claims):
            # the same village on the same day is one incident however far apart the sentences are
            twin = next((e for e in claims[:i] if _same_place_day(e, c)), None)
            if twin is not None:
                c.sentence_index = twin.sentence_index + 1
        for c in claims:
            if (
                not c.community
                and communities
                and c.trigger
                and c.trigger.event_type == "Violence against civilians"
            ):
                c.community = communities
        merged = self._merge(claims)
        for c in merged:
            c.start, c.end = own[id(c)]  # evidence: the first sentence that told it, as written
            c.evidence = text[c.start : c.end]
        return [self._event(c, doc_id, published) for c in merged]

    def _document_communities(self, f: str) -> list[str]:
        """A community the document reports as the victims' (only when it names exactly one)."""
        found = set()
        for name, pattern in self.ar.communities:
            for m in pattern.finditer(f):
                before = f[max(0, m.start() - 40) : m.start()]
                if re.search(
                    fold(
                        r"(?:أبناء|من|ضد|بحق|استهدف\w*|يقطنها|الغالبية|غالبية|أغلبية|ذات)\s*(?:ال)?(?:طائفة\s*)?$"
                    ),
                    before,
                ) or re.search(fold(r"(?:مدني\w*|قرى|قرية|أحياء|حي|عائلات|سكان|ضحايا|مصلين)\s*$"), before):
                    found.add(name)
        return sorted(found) if len(found) == 1 else []

    # -- per sentence -------------------------------------------------------------------------

    def _claim(
        self,
        f: str,
        start: int,
        end: int,
        published: dt.date,
        index: int,
        fallback_place: Candidate | None,
        dateline: bool = False,
    ) -> list[Claim] | None:
        if len(f) > MAX_SENTENCE:
            f = f[:MAX_SENTENCE]
        triggers = [
            t for t in self.ar.triggers if t.pattern.search(f) and (t.needs is None or t.needs.search(f))
        ]
        counts = self._role_counts(f)
        no_cas = bool(_NO_CASUALTIES.search(f))
        if not triggers and not any(
            r in ("killed", "injured", "abducted", "displaced") for r, _, _ in counts
        ):
            return None
        if _HYPOTHETICAL.search(f) and not _OUTCOME.search(f):
            return None
        if _NOT_HAPPENED.search(f) or _ACCIDENT.search(f) or _HISTORY.search(f):
            return None
        dates = _absolute_first(find_dates(f, published))
        if dateline:
            cut = _DATELINE.match(f)
            dates = [d for d in dates if cut is None or d.start >= cut.end()]
        years = old_years(f, published)
        if years and not any(d.date.year == published.year or (published - d.date).days <= 31 for d in dates):
            return None
        if dates and all(
            ((published - d.date).days > 31 and not d.period) or month_ended_before(d, published)
            for d in dates
        ):
            return None
        places = self._places(f)
        if dateline:
            cut = _DATELINE.match(f)
            if cut and any(pos >= cut.end() for pos, _ in places):
                places = [(pos, p) for pos, p in places if pos >= cut.end()]
        if _OUTSIDE.search(f) and not places:
            return None
        nationwide = bool(_NATIONWIDE.search(f)) or (not places and bool(_IN_SYRIA.search(f)))
        if not places and not nationwide:
            coast = _COAST.search(f)
            if coast:
                places = [(coast.start(), self._coast_candidate())]
        trigger = triggers[0] if triggers else None
        if trigger is None:
            if not places or not any(r == "displaced" for r, _, _ in counts):
                return None
            trigger = self._attack
        kills = [(c, g) for r, c, g in counts if r == "killed"]
        listed = _listed_victims(f) if not kills else None
        single = _SINGLE_DEATH.search(f) if not kills else None
        if (
            trigger.sub_event_type == "Attack"
            and not kills
            and not single
            and not listed
            and not any(r == "injured" for r, _, _ in counts)
            and not _PLURAL_DEATHS.search(f)
        ):
            # "مسلحون أحرقوا ثلاثة منازل": gunmen with no one killed or hurt is the looting, abduction, arrest
            lower = [
                t for t in triggers if t.rank > trigger.rank and t.event_type == "Strategic developments"
            ]
            lower = [t for t in triggers if t.sub_event_type == "Abduction/forced disappearance"] or lower
            if lower:
                trigger = lower[0]
        base = Claim(
            trigger=trigger,
            start=start,
            end=end,
            evidence="",
            sentence_index=index,
            no_casualties=no_cas,
            nationwide=nationwide,
        )
        base.is_tally = self._is_tally_ar(f, dates, places)
        periods = [d for d in dates if d.period]
        base.date = (
            (periods[0] if base.is_tally and periods else None)
            or next((d for d in dates if not d.period), None)
            or (periods[0] if periods else None)
        )
        base.update = bool(_UPDATE.search(f))
        base.sources = list(dict.fromkeys(name for name, p in self.ar.sources if p.search(f)))
        base.community = self._communities(f)
        base.actor = next((name for name, p in self.ar.actors if p.search(f)), None)
        base.victim_groups = sorted({g for _, _, g in counts if g})
        for role, count, _ in counts:
            if role == "injured" and base.injured is None:
                base.injured = count.best
            elif role == "displaced" and base.displaced is None:
                base.displaced = count.best  # conventions §3: "some 87,000" → 87000, "hundreds" → 200
            elif role == "abducted" and base.abducted is None:
                base.abducted = count.best
        if kills and _ADDITIVE.match(f[kills[-1][0].end :]) and len(kills) == 1:
            self._additive.add(id(base))  # "رجلين آخرين": two more, not another figure for the same dead
        if base.is_tally and places:
            places = self._governorates_for_tally(f, places)
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
            if out and len({id(c.place) for c in out}) == len(out):
                return out
        if places:
            base.place = places[0][1]
            base.place_alternatives = [p.name for _, p in places[1:] if p.name != places[0][1].name]
        elif not nationwide:
            base.place = fallback_place
        running = self._running_total(f, base, kills, dates)
        if running is not None:
            return running
        either = [c for c, g in kills if g == "either"]
        if base.injured is None and _SINGLE_INJURY.search(f):
            base.injured = 1  # "وأصيب طفل بجروح"
        if either:
            base.fatalities = (0, 0, either[0].high)
            base.injured = None
        elif kills:
            figures = [c for c, _ in kills]
            if base.update:
                # "ارتفعت الحصيلة إلى ١٥ بعد أن كانت تسعة": the figure the toll rose to, not the earlier one
                to = [c for c in figures if re.search(r"(?:الي|حتي)\s*$", f[max(0, c.start - 8) : c.start])]
                earlier = [
                    c
                    for c in figures
                    if re.search(
                        r"(?:كانت|كان|الاوليه)\s+(?:\S+\s+){0,2}$", f[max(0, c.start - 30) : c.start]
                    )
                ]
                figures = to[-1:] or [c for c in figures if c not in earlier] or figures
            base.fatalities = combine(figures, base.update)
        elif listed:
            base.fatalities = (listed, listed, listed)
        elif single:
            base.fatalities = (1, 1, 1)
        elif no_cas:
            base.fatalities = (0, 0, 0)
        elif (
            not base.is_tally
            and not any(r.endswith("_part") for r, _, _ in counts)
            and _PLURAL_DEATHS.search(f)
        ) and (_PLURAL_PEOPLE.search(f) or fold("مجزر") in f):
            base.fatalities = (2, 2, None)  # unnumbered plural deaths
            if not places and not dates:
                return None  # a sentence about victims already told ("قُتل معظم الضحايا برصاص …")
        if base.place is None and not nationwide:
            return None
        if base.is_tally and base.fatalities is None and base.injured is None:
            return None  # a tally is an event only with a killed or injured figure
        if base.fatalities is None and base.injured is None and base.displaced is None and not no_cas:
            if (
                trigger.sub_event_type == "Attack"
                and not single
                and not listed
                and not _PLURAL_DEATHS.search(f)
            ):
                return None
            if not places or (not dates and all(p.geo_precision > 1 for _, p in places)):
                return None
        return [base]

    def _running_total(
        self, f: str, base: Claim, kills: list[tuple[Count, str | None]], dates: list[DateMention]
    ) -> list[Claim] | None:
        """ "مقتل ١٣٥ اليوم، ليرتفع عدد الضحايا منذ ٦ آذار إلى ٨٣٠": the day's count and the running total."""
        if len(kills) < 2 or (base.place is None and not base.nationwide):
            return None
        last = kills[-1][0]
        if (
            not _BRINGS_TOTAL.search(f[max(0, last.start - 70) : last.start])
            or kills[0][0].start >= last.start
        ):
            return None
        first = kills[0][0]
        day = Claim(**{**base.__dict__})
        day.fatalities = (first.best, first.low, first.high)
        day.date = next((d for d in dates if not d.period and d.start < last.start), None)
        day.is_tally = bool(_TALLY.search(f[: last.start - 60])) or (day.is_tally and day.date is None)
        total = Claim(**{**base.__dict__})
        total.fatalities = (last.best, last.low, last.high)
        total.is_tally = True
        total.date = next((d for d in dates if d.period), None) or base.date
        total.update = True
        return [day, total]

    def _communities(self, f: str) -> list[str]:
        """Communities the sentence names for the victims (not for fighters: مسلحين دروز)."""
        out = []
        for name, pattern in self.ar.communities:
            for m in pattern.finditer(f):
                before = f[max(0, m.start() - 30) : m.start()]
                if re.search(
                    fold(r"(?:مسلح\w*|مقاتل\w*|فصائل|فصيل|عناصر|قوات|مجموعات)\s+(?:\S+\s+){0,3}$"), before
                ):
                    continue
                out.append(name)
                break
        return out

    def _is_tally_ar(self, f: str, dates: list[DateMention], places: list[tuple[int, Candidate]]) -> bool:
        if any(d.period for d in dates):
            return True
        if _TALLY.search(f):
            return True
        # a governorate-wide figure ("في محافظة درعا") with no town named
        return bool(_PROVINCE.search(f)) and bool(places) and all(p.geo_precision >= 3 for _, p in places)

    def _breakdown(
        self,
        f: str,
        start: int,
        end: int,
        previous: Claim | None,
        index: int,
        last_date: DateMention | None,
        published: dt.date,
    ) -> list[Claim] | None:
        """ "- اللاذقية: ٤١ مدنياً" rows and "اللاذقية ٣٥٢، طرطوس ٢٠١" lists: one tally per governorate."""
        pairs = []
        for m in _GOV_FIGURE.finditer(f):
            name = m.group("gov") or m.group("gov2")
            raw = (m.group("n") or m.group("n2")).replace(",", "")
            gov = _GOVERNORATE_AR.get(arabic_key(name))
            if gov is None or not raw.isdigit():
                continue
            pairs.append((gov, int(raw)))
        row = bool(re.match(rf"^\W*(?:{_GOV_WORDS})\s*:", f))
        if not pairs or (len({g for g, _ in pairs}) < 2 and not (row and len(pairs) == 1)):
            return None
        own_toll = len({g for g, _ in pairs}) >= 2 and bool(self.ar.counts["killed"].search(f))
        if (previous is None or not previous.is_tally) and not own_toll:
            return None  # a breakdown follows the toll it splits (or is in the toll's own sentence)
        if any(
            p.search(f) for r, p in self.ar.counts.items() if r in ("abducted", "arrested", "displaced")
        ) and not (self.ar.counts["killed"].search(f)):
            return None
        trigger = (previous.trigger if previous and not own_toll else None) or next(
            (t for t in self.ar.triggers if t.pattern.search(f) and t.rank >= 7), self._attack
        )
        if trigger.sub_event_type not in ("Attack", "Armed clash", "Remote explosive/landmine/IED"):
            trigger = self._attack
        out = []
        for gov, n in pairs:
            place = next(iter(self.geocoder.lookup(gov, f"{gov} governorate", limit=1)), None)
            c = Claim(trigger=trigger, start=start, end=end, evidence="", sentence_index=index, is_tally=True)
            c.place = place
            c.fatalities = (n, n, n)
            if own_toll:
                own = _absolute_first(find_dates(f, published))
                c.date = next(iter(own), None) or last_date
            elif previous is not None:
                c.date = (
                    previous.date if previous.date and previous.date.period else (last_date or previous.date)
                )
            c.sources = [name for name, p in self.ar.sources if p.search(f)] or (
                previous.sources if previous else []
            )
            c.community = previous.community if previous else []
            out.append(c)
        return out

    def _role_counts(self, f: str) -> list[tuple[str, Count, str | None]]:
        """Counts with what they count (killed, injured, displaced, abducted, arrested) and of whom.

        A figure inside another ("بينهم تسعة أطفال", "من بين القتلى ٨٨ مسلحاً و١٣٧ عنصراً", "ثلاثة من
        الجرحى") gets the role with ``_part``: it describes the total, it does not replace it.
        """
        out: list[tuple[str, Count, str | None]] = []
        found = find_counts(f)
        toll = _TOLL_WORDS.search(f)
        for i, ac in enumerate(found):
            count = ac.count
            nxt = found[i + 1].count.start if i + 1 < len(found) else len(f)
            after = f[count.end : min(nxt, count.end + 60)]
            clause_start = max(f.rfind(ch, 0, count.start) for ch in "،,.:؛;()\n")
            before = f[max(0, count.start - 50, clause_start + 1) : count.start]
            group = self._group(ac)
            role = ac.role or self._noun_role(f, count.end)
            if role is None:
                role = self._role_before(before)
            if role is None:
                role = self._role_after(re.split(r"[،,.:؛;]", after)[0][:40])
            if role is None and out and re.match(r"\s*(?:في|ب)", after) and f[max(0, count.start - 1)] == "و":
                role = out[-1][0]  # "٢٣ مدنياً في برمايا و١٤ في البيضا": the second figure counts the same
            if (
                role is None
                and toll is not None
                and toll.start() < count.start
                and not any(r.startswith("killed") for r, _, _ in out)
                and (group is not None or not ac.noun)
            ):
                role = "killed"  # "بلغ عدد الضحايا … ٦٣٤ مدنياً"
            nested = bool(_NESTED.search(before)) or bool(
                re.match(
                    fold(r"\s*من\s+(?:ال)?(?:جرحى|قتلى|ضحايا|مصابين|مختطفين|هم|هن|بينهم)(?![\w])"), after
                )
            )
            if _KILLED_OR_HURT.search(before):
                role, group = "killed", "either"  # "قتل أو جرح ١٤ شخصاً"
            if role is None and nested and out and group is not None:
                role = out[-1][0].removesuffix("_part")  # "قُتل ٤٢ مدنياً، بينهم ثلاثة أطفال"
            if role is None:
                continue
            if role == "killed" and re.match(
                fold(r"\s*(?:ال)?\S*\s+(?:و|أو\s+)(?:ال)?(?:جرحى|مصابين|جريح)"), after
            ):
                group = "either"  # "عشرات القتلى والجرحى": killed or wounded
            if not nested and out and out[-1][0].endswith("_part") and out[-1][0].startswith(role):
                nested = not re.search(r"[.؛;]", f[out[-1][1].end : count.start])  # the list goes on
            if nested:
                out.append((role + "_part", count, group))
                continue
            out.append((role, count, group))
        return out

    def _group(self, ac: ArCount) -> str | None:
        for label, pattern in self.ar.people:
            if ac.noun and pattern.fullmatch(ac.noun):
                return label
        if ac.count.text and not ac.noun:
            for label, pattern in self.ar.people:
                if pattern.fullmatch(ac.count.text):
                    return label  # a dual noun: "راعيان"
        return None

    def _noun_role(self, f: str, pos: int) -> str | None:
        tail = f[pos:]
        m = re.match(r"\s*(\S+)", tail)
        if not m:
            return None
        noun = m.group(1)
        if noun[0] in "وف" and len(noun) > 3:
            return None  # "اثنين وإصابة سبعة": the next clause, not the counted noun
        for role, pattern in self.ar.nouns.items():
            if pattern.fullmatch(noun):
                return role
        return None

    def _role_before(self, before: str) -> str | None:
        best: tuple[int, str] | None = None
        for role, pattern in self.ar.counts.items():
            for m in pattern.finditer(before):
                if best is None or m.end() > best[0]:
                    best = (m.end(), role)
        if best is None or len(before) - best[0] > 45:
            return None
        return best[1]

    def _role_after(self, after: str) -> str | None:
        best: tuple[int, str] | None = None
        for role, pattern in self.ar.counts.items():
            m = pattern.search(after)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), role)
        return best[1] if best else None

    def _places(self, f: str) -> list[tuple[int, Candidate]]:  # type: ignore[override]
        """Gazetteer places named in folded text, as (offset, candidate), most specific first."""
        toks = tokens(f)
        out: list[tuple[int, Candidate]] = []
        i = 0
        while i < len(toks):
            matched = False
            for n in (3, 2, 1):
                if i + n > len(toks):
                    continue
                first, last = toks[i], toks[i + n - 1]
                if any(
                    re.search(r"[^\w\s]", f[toks[k].end : toks[k + 1].start]) for k in range(i, i + n - 1)
                ):
                    continue  # a phrase does not cross punctuation
                phrase = f[first.start : last.end]
                if n == 1 and (phrase in _NOT_PLACES or first.stem in _NOT_PLACES or len(first.stem) < 3):
                    continue
                if (
                    n > 1
                    and toks[i].text in _NOT_PLACES
                    and toks[i].stem in _NOT_PLACES
                    and n == 2
                    and (toks[i + 1].text in _NOT_PLACES)
                ):
                    continue
                before = f[max(0, first.start - 25) : first.start]
                cue = bool(_PLACE_CUE.search(before)) or bool(first.prefix) or n > 1
                if not cue and n == 1:
                    continue
                # most phrases are no place at all: ask the geocoder's (cached) name index before ranking
                if not self.geocoder.names_a_place(phrase):
                    continue
                window = f[max(0, first.start - 45) : last.end + 30]
                found = self.geocoder.lookup(phrase, window, limit=1, votes=self._votes)
                found = [c for c in found if c.resolved and c.matched == "exact"]
                if not found:
                    continue
                cand = found[0]
                if (
                    "ف" in first.prefix
                    or "ك" in first.prefix
                    or (first.prefix.endswith("ل") and not first.article)
                ):
                    continue  # فرقه is "his teams", not الرقة; لبنان is not ل + بنان
                if (
                    n == 1
                    and cand.name_ar
                    and fold(cand.name_ar).startswith("ال")
                    and not (first.article or first.text.startswith("لل"))
                ):
                    continue  # the name is written with its article (الرقة), a bare رقه is another word
                local = self.geocoder.lookup(phrase, window, limit=1)
                if local and local[0].resolved and local[0].admin1 == cand.admin1:
                    cand = local[0]
                out.append((first.start, cand))
                i += n
                matched = True
                break
            if not matched:
                i += 1
        if not out:
            out = self._unknown_settlement(f, toks)
        return sorted(
            out, key=lambda x: (x[1].geo_precision if x[1].feature_type != "governorate" else 3, x[0])
        )

    def _unknown_settlement(self, f: str, toks: list[Any]) -> list[tuple[int, Candidate]]:
        """ "قرية X" not in the gazetteer: the village as written, in the governorate the text implies."""
        for k, tok in enumerate(toks[:-1]):
            if tok.article or tok.text.lstrip("وفب") not in ("قريه", "بلده", "حي", "مخيم"):
                continue  # "قرية X" names it; "القرية" refers back
            name_tok = toks[k + 1]
            if name_tok.text in _NOT_PLACES or len(name_tok.text) < 3 or name_tok.prefix:
                continue
            found = self.geocoder.lookup(
                name_tok.text, f[max(0, tok.start - 10) : name_tok.end + 30], votes=self._votes
            )
            if found and not found[0].resolved and found[0].admin1:
                cand = found[0]
                cand.geo_precision = 1
                return [(name_tok.start, cand)]
        return []

    def _governorates_for_tally(
        self, f: str, places: list[tuple[int, Candidate]]
    ) -> list[tuple[int, Candidate]]:
        """A tally over "محافظات اللاذقية وطرطوس" is about governorates, the first named first (§5)."""
        if not all(p.feature_type in ("governorate", "city") for _, p in places):
            return places
        out = []
        for pos, p in sorted(places, key=lambda x: x[0]):
            city_named = re.search(fold(r"مدينة\s*$|مدينتي\s*$"), f[max(0, pos - 12) : pos])
            if (
                p.feature_type == "city"
                and p.admin1
                and latin_key(p.name) == latin_key(p.admin1)
                and not city_named
            ):
                cand = next(iter(self.geocoder.lookup(p.admin1, f"{p.admin1} governorate", limit=1)), None)
                if cand is not None and cand.feature_type == "governorate":
                    p = cand
            out.append((pos, p))
        return out

    def _neighbour_trigger(self, text: str, start: int, end: int) -> Trigger | None:
        return self._attack


def _absolute_first(dates: list[DateMention]) -> list[DateMention]:
    """A sentence naming a weekday and a date ("صباح يوم الأحد، التاسع من آذار"): the date decides."""
    absolute = [d for d in dates if re.search(r"\d|\sمن\s", d.text) and d.precision == 1 and not d.period]
    return absolute + [d for d in dates if d not in absolute]


def _same_place_day(a: Claim, b: Claim) -> bool:
    return bool(
        not a.is_tally
        and not b.is_tally
        and a.place is not None
        and b.place is not None
        and a.place.place_id is not None
        and a.place.place_id == b.place.place_id
        and a.place.geo_precision == 1
        and a.date is not None
        and b.date is not None
        and a.date.date == b.date.date
        and a.trigger is not None
        and b.trigger is not None
        and a.trigger.event_type == b.trigger.event_type
    )


def _add_others(claims: list[Claim], additive: set[int]) -> list[Claim]:
    """ "وجدنا رجلين آخرين مقتولين": two more dead in the same incident are added, not compared."""
    out: list[Claim] = []
    for c in claims:
        prev = out[-1] if out else None
        if (
            id(c) in additive
            and prev is not None
            and prev.fatalities is not None
            and c.fatalities is not None
            and not prev.is_tally
            and (c.place is None or prev.place is None or c.place.place_id == prev.place.place_id)
            and (c.date is None or prev.date is None or c.date.date == prev.date.date)
        ):
            a, b = prev.fatalities, c.fatalities
            prev.fatalities = (
                a[0] + b[0],
                a[1] + b[1],
                None if a[2] is None or b[2] is None else a[2] + b[2],
            )
            continue
        out.append(c)
    return out


__all__ = ["ArabicExtractor"]
