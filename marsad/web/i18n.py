"""The interface's words in English and Arabic. Data (place names, sources' words) is shown as stored;
only the interface is translated. A test checks every key has both languages."""

from __future__ import annotations

from collections.abc import Callable

LANGS = ("en", "ar")
RTL = frozenset({"ar"})
LANG_COOKIE = "marsad_lang"

MESSAGES: dict[str, tuple[str, str]] = {
    "app": ("Marsad", "مرصد"),
    "incidents": ("Incidents", "الحوادث"),
    "map": ("Map", "الخريطة"),
    "timeline": ("Timeline", "الخط الزمني"),
    "users": ("Users", "المستخدمون"),
    "logout": ("Log out", "تسجيل الخروج"),
    "login": ("Log in", "تسجيل الدخول"),
    "user_name": ("User name", "اسم المستخدم"),
    "password": ("Password", "كلمة المرور"),
    "login_failed": ("Wrong user name or password.", "اسم المستخدم أو كلمة المرور غير صحيحة."),
    "login_throttled": (
        "Too many failed attempts; wait a few minutes.",
        "محاولات فاشلة كثيرة؛ انتظر بضع دقائق.",
    ),
    "code": ("Code", "الرمز"),
    "two_factor": ("Second factor", "عامل التحقق الثاني"),
    "login_code_prompt": (
        "Enter the 6-digit code from your authenticator app.",
        "أدخل الرمز المكوّن من 6 أرقام من تطبيق المصادقة.",
    ),
    "login_code_failed": ("Wrong code; try the current one.", "رمز خاطئ؛ جرّب الرمز الحالي."),
    "login_code_used": (
        "This code was used already; wait for the next one.",
        "استُخدم هذا الرمز من قبل؛ انتظر الرمز التالي.",
    ),
    "login_code_expired": (
        "The login timed out; enter your user name and password again.",
        "انتهت مهلة تسجيل الدخول؛ أدخل اسم المستخدم وكلمة المرور مجددًا.",
    ),
    "login_totp_required": (
        "Admins and analysts must use a second factor here. Ask an admin to run "
        "`marsad users totp enable <your name>` and add the code it prints to an authenticator app.",
        "يجب على المشرفين والمحللين استخدام عامل تحقق ثانٍ هنا. اطلب من مشرف تشغيل "
        "`marsad users totp enable <your name>` وأضف الرمز الذي يطبعه إلى تطبيق المصادقة.",
    ),
    "login_totp_unavailable": (
        "This server cannot check codes: it was started without the data key. Ask an admin.",
        "لا يستطيع هذا الخادم التحقق من الرموز: بدأ دون مفتاح البيانات. اسأل مشرفًا.",
    ),
    "upload": ("Upload", "رفع"),
    "upload_title": ("Upload a document", "رفع وثيقة"),
    "upload_help": (
        "A report as text, HTML, RSS/Atom or JSON Lines; it is ingested like `marsad ingest`. "
        "Files only: the server never fetches web addresses.",
        "تقرير نصي أو HTML أو RSS/Atom أو JSON Lines؛ يُستوعب كما في `marsad ingest`. "
        "ملفات فقط: لا يجلب الخادم عناوين الويب أبدًا.",
    ),
    "file": ("File", "الملف"),
    "sensitive_flag": (
        "Sensitive (a testimony: encrypted at rest)",
        "حساس (شهادة: مشفّرة عند التخزين)",
    ),
    "max_size": ("At most", "الحد الأقصى"),
    "upload_result": ("Result", "النتيجة"),
    "switch_lang": ("العربية", "English"),
    "filters": ("Filters", "عوامل التصفية"),
    "apply": ("Apply", "تطبيق"),
    "reset": ("Reset", "إعادة ضبط"),
    "date_from": ("From", "من"),
    "date_to": ("To", "إلى"),
    "admin1": ("Governorate", "المحافظة"),
    "admin2": ("District", "المنطقة"),
    "location": ("Place", "المكان"),
    "event_type": ("Event type", "نوع الحدث"),
    "sub_event_type": ("Sub-event type", "النوع الفرعي"),
    "community": ("Victim community (as reported)", "مجتمع الضحايا (كما ورد)"),
    "source": ("Source", "المصدر"),
    "sources": ("Sources", "المصادر"),
    "status": ("Status", "الحالة"),
    "min_fatalities": ("Killed at least", "القتلى على الأقل"),
    "free_text": ("Text", "نص"),
    "sort": ("Sort by", "ترتيب حسب"),
    "any": ("any", "الكل"),
    "date": ("Date", "التاريخ"),
    "killed": ("Killed", "القتلى"),
    "range": ("Range (low–high)", "المدى (أدنى–أعلى)"),
    "open": ("open", "مفتوح"),
    "injured": ("Injured", "الجرحى"),
    "displaced": ("Displaced", "النازحون"),
    "reports": ("Reports", "التقارير"),
    "total": ("incidents match", "حادثة مطابقة"),
    "previous": ("Previous", "السابق"),
    "next": ("Next", "التالي"),
    "no_incidents": ("No incidents match these filters.", "لا توجد حوادث مطابقة."),
    "export": ("Export", "تصدير"),
    "claims": ("What each source said", "ما قاله كل مصدر"),
    "evidence": ("Evidence in the document", "الدليل في الوثيقة"),
    "sensitive_withheld": (
        "A sensitive document (a testimony): only analysts and admins may read its words.",
        "وثيقة حساسة (شهادة): لا يطّلع على نصها إلا المحللون والمشرفون.",
    ),
    "witness": ("Witness", "الشاهد"),
    "witness_contact": ("Witness contact", "وسيلة التواصل مع الشاهد"),
    "settings": ("Settings", "الإعدادات"),
    "setting": ("Setting", "الإعداد"),
    "from_where": ("Set by", "مصدره"),
    "settings_note": (
        "The settings this server runs with, read-only: change them in marsad.toml or the environment "
        "and restart. Values that hold secrets are not shown.",
        "الإعدادات التي يعمل بها هذا الخادم، للقراءة فقط: غيّرها في marsad.toml أو في متغيرات البيئة ثم "
        "أعد التشغيل. لا تُعرض القيم السرية.",
    ),
    "span_missing": (
        "The words this claim came from are no longer at the recorded place in the text.",
        "لم تعد الكلمات التي استُخرج منها هذا الادعاء في موضعها المسجّل من النص.",
    ),
    "document": ("Document", "الوثيقة"),
    "published": ("Published", "تاريخ النشر"),
    "near_duplicates": ("Near-duplicate documents", "وثائق شبه مكررة"),
    "near_duplicate_of": ("Near-duplicate of", "شبه مكررة من"),
    "none": ("none", "لا يوجد"),
    "cleaned_text": ("Cleaned text (evidence spans point here)", "النص المنظف (تشير إليه مواضع الأدلة)"),
    "original_text": ("Text as extracted from the original", "النص كما استُخرج من الأصل"),
    "download_original": ("Download the original file", "تنزيل الملف الأصلي"),
    "review": ("Review", "المراجعة"),
    "confirm": ("Confirm", "تأكيد"),
    "reject": ("Reject", "رفض"),
    "edit": ("Correct a field", "تصحيح حقل"),
    "merge": ("Merge another incident into this one", "دمج حادثة أخرى في هذه"),
    "split": ("Split a report out", "فصل تقرير"),
    "field": ("Field", "الحقل"),
    "value": ("Value", "القيمة"),
    "note": ("Note (why)", "ملاحظة (السبب)"),
    "other_incident": ("Incident id", "معرّف الحادثة"),
    "report": ("Report", "التقرير"),
    "save": ("Save", "حفظ"),
    "history": ("Decisions by people", "قرارات المراجعين"),
    "machine_value": ("machine value", "القيمة الآلية"),
    "by": ("by", "بواسطة"),
    "map_assets_missing": (
        "The map libraries are not installed: run `make setup` (npm ci).",
        "مكتبات الخريطة غير مثبتة: شغّل make setup.",
    ),
    "markers_note": (
        "Markers group incidents at one place; size grows with the number killed, colour shows the type.",
        "تجمع العلامات الحوادث في مكان واحد؛ يكبر حجمها مع عدد القتلى ويدل لونها على النوع.",
    ),
    "timeline_note": (
        "Bars: incidents per day. Line: people killed per day in documented incidents. "
        "Dashed lines: cumulative tolls as sources reported them (right axis), never added to incidents.",
        "الأعمدة: الحوادث يوميًا. الخط: القتلى يوميًا في الحوادث الموثقة. "
        "الخطوط المتقطعة: الحصائل التراكمية كما أعلنتها المصادر (المحور الأيمن)، ولا تُضاف إلى الحوادث.",
    ),
    "per_day_incidents": ("incidents per day", "الحوادث يوميًا"),
    "per_day_killed": ("killed per day", "القتلى يوميًا"),
    "tally": ("reported toll", "الحصيلة المعلنة"),
    "no_data": ("No data yet.", "لا توجد بيانات بعد."),
    "role": ("Role", "الدور"),
    "disabled": ("Disabled", "معطّل"),
    "disable": ("Disable", "تعطيل"),
    "add_user": ("Add a user", "إضافة مستخدم"),
    "created": ("Created", "أنشئ"),
    "not_found": ("Not found", "غير موجود"),
    "forbidden": ("Not allowed", "غير مسموح"),
    "error": ("Something went wrong", "حدث خطأ"),
    "back": ("Back to incidents", "العودة إلى الحوادث"),
    "signed_in_as": ("Signed in as", "مسجّل الدخول باسم"),
    "confidence": ("Confidence", "الثقة"),
    "actors": ("Actors (as reported)", "الفاعلون (كما ورد)"),
    "attributed_to": ("Attributed to", "منسوب إلى"),
    "coordinates": ("Coordinates", "الإحداثيات"),
    "st_machine": ("machine", "آلي"),
    "st_confirmed": ("confirmed", "مؤكد"),
    "st_rejected": ("rejected", "مرفوض"),
    "st_merged": ("merged", "مدموج"),
    "Violence against civilians": ("Violence against civilians", "عنف ضد المدنيين"),
    "Battles": ("Battles", "معارك"),
    "Explosions/Remote violence": ("Explosions/Remote violence", "انفجارات/عنف عن بعد"),
    "Riots": ("Riots", "أعمال شغب"),
    "Protests": ("Protests", "احتجاجات"),
    "Strategic developments": ("Strategic developments", "تطورات استراتيجية"),
}


def translator(lang: str) -> Callable[[str], str]:
    """``t(key)``: the interface word in ``lang``; data values without a translation pass through."""
    index = 1 if lang == "ar" else 0

    def t(key: str) -> str:
        pair = MESSAGES.get(key)
        return pair[index] if pair else key

    return t


def pick(cookie: str | None) -> str:
    return cookie if cookie in LANGS else "en"
