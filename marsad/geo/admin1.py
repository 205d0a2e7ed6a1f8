"""Syria's 14 governorates: the names the extraction contract uses and their codes in each system."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Governorate:
    name: str  # as in the extraction contract
    iso: str  # ISO 3166-2
    pcode: str  # OCHA
    geonames: str  # GeoNames admin1 code
    name_ar: str


GOVERNORATES = (
    Governorate("Damascus", "SY-DI", "SY01", "13", "دمشق"),
    Governorate("Aleppo", "SY-HL", "SY02", "09", "حلب"),
    Governorate("Rural Damascus", "SY-RD", "SY03", "08", "ريف دمشق"),
    Governorate("Homs", "SY-HI", "SY04", "11", "حمص"),
    Governorate("Hama", "SY-HM", "SY05", "10", "حماة"),
    Governorate("Latakia", "SY-LA", "SY06", "02", "اللاذقية"),
    Governorate("Idlib", "SY-ID", "SY07", "12", "إدلب"),
    Governorate("Al-Hasakah", "SY-HA", "SY08", "01", "الحسكة"),
    Governorate("Deir ez-Zor", "SY-DY", "SY09", "07", "دير الزور"),
    Governorate("Tartus", "SY-TA", "SY10", "14", "طرطوس"),
    Governorate("Ar-Raqqa", "SY-RA", "SY11", "04", "الرقة"),
    Governorate("Daraa", "SY-DR", "SY12", "06", "درعا"),
    Governorate("As-Suwayda", "SY-SU", "SY13", "05", "السويداء"),
    Governorate("Quneitra", "SY-QU", "SY14", "03", "القنيطرة"),
)
BY_ISO = {g.iso: g for g in GOVERNORATES}
BY_PCODE = {g.pcode: g for g in GOVERNORATES}
BY_GEONAMES = {g.geonames: g for g in GOVERNORATES}
BY_NAME = {g.name.lower(): g for g in GOVERNORATES}
