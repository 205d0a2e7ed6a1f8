"""The fields of a victim record and how a cell of a list becomes one (or a reason it cannot)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

FIELDS = (
    "record_id",
    "full_name",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "sex",
    "age",
    "birth_year",
    "date_of_death",
    "place_of_death",
    "status",
    "incident_id",
    "notes",
)
NAME_FIELDS = ("full_name", "first_name", "father_name", "grandfather_name", "family_name")
STATUSES = ("civilian", "combatant", "unknown")

_SEX = {
    **dict.fromkeys(("m", "male", "man", "boy", "ذكر", "رجل", "طفل", "h", "homme"), "male"),
    **dict.fromkeys(("f", "female", "woman", "girl", "أنثى", "انثى", "امرأة", "طفلة", "femme"), "female"),
}
_STATUS = {
    **dict.fromkeys(("civilian", "civ", "civilians", "مدني", "مدنية", "civil"), "civilian"),
    **dict.fromkeys(("combatant", "fighter", "military", "non-civilian", "عسكري", "مقاتل"), "combatant"),
    **dict.fromkeys(("unknown", "?", "غير معروف", "unk", "n/a"), "unknown"),
}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class BadValue(ValueError):
    """A cell that cannot be read as its field; the message is the rejects-file reason."""


def clean_text(value: object) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    text = re.sub(r"\s+", " ", text)
    return text or None


def parse_sex(value: str | None) -> str | None:
    if value is None:
        return None
    found = _SEX.get(value.casefold())
    if found is None:
        raise BadValue(f"sex {value!r} is not male/female (or empty)")
    return found


def parse_status(value: str | None) -> str | None:
    if value is None:
        return None
    found = _STATUS.get(value.casefold())
    if found is None:
        raise BadValue(f"status {value!r} is not one of {', '.join(STATUSES)}")
    return found


def _number(value: str, field: str) -> int:
    text = value.translate(_DIGITS).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    raise BadValue(f"{field} {value!r} is not a whole number")


def parse_age(value: str | None) -> int | None:
    if value is None:
        return None
    age = _number(value, "age")
    if age > 120:
        raise BadValue(f"age {value!r} is over 120")
    return age


def parse_birth_year(value: str | None, today: dt.date) -> int | None:
    if value is None:
        return None
    year = _number(value, "birth_year")
    if not 1880 <= year <= today.year:
        raise BadValue(f"birth_year {value!r} is not between 1880 and {today.year}")
    return year


def parse_date(value: str | None, today: dt.date) -> str | None:
    """ISO (2013-05-02, 2013-05, 2013), 20130502, or day first (02/05/2013, 2.5.2013)."""
    if value is None:
        return None
    text = value.translate(_DIGITS).strip()
    text = re.sub(r"[T ]\d{1,2}:\d{2}(:\d{2})?$", "", text)  # spreadsheet datetimes
    day: dt.date | None = None
    out: str | None = None
    try:
        if (m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)) or (
            m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
        ):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        elif m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text):
            day = dt.date(int(m[3]), int(m[2]), int(m[1]))
        elif m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            dt.date(int(m[1]), int(m[2]), 1)
            out = f"{int(m[1]):04d}-{int(m[2]):02d}"
        elif m := re.fullmatch(r"\d{4}", text):
            out = text
    except ValueError:
        raise BadValue(f"date_of_death {value!r} is not a real date") from None
    if day is not None:
        out = day.isoformat()
    if out is None:
        raise BadValue(f"date_of_death {value!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
    if out[:4] < "1900" or out > today.isoformat():
        raise BadValue(f"date_of_death {value!r} is before 1900 or in the future")
    return out
