"""Person-name keys: spellings of one name meet across scripts, different names stay apart."""

from __future__ import annotations

import pytest

from marsad.link.names import NameParts, normal_name, phonetic_key, split_full_name

ONE_NAME = [
    ("محمد", "Mohammad", "Muhammad", "Mohamed", "Mohammed", "Mhd"),
    ("عبد الرحمن", "Abd al-Rahman", "Abdulrahman", "Abdurrahman", "Abdul Rahman"),
    ("عبد الله", "Abdullah", "Abdallah", "Abd Allah"),
    ("الحسن", "al-Hassan", "el-Hasan", "Hassan"),
    ("خالد", "Khaled", "Khalid"),
    ("يوسف", "Youssef", "Yusuf", "Yousef"),
    ("فاطمة", "Fatima", "Fatimah"),
    ("شادي", "Chadi", "Shadi"),
    ("أسامة", "Osama", "Usama"),
    ("محمود", "Mahmoud", "Mahmud", "Mahmood"),
    ("حسين", "الحسين", "Hussein", "Husain", "Hussain"),
    ("الشيخ", "al-Sheikh", "el-Cheikh", "Sheikh"),
    ("عبدالقادر", "عبد القادر", "Abdulkader", "Abd al-Qadir", "Abdel Kader"),
    # ʿayn and a doubled letter is a name, not a glued article (Ezzor = az-Zor is a place)
    ("عصام", "Essam", "Issam"),
    ("أسعد", "Assad", "Asaad"),
    ("العطار", "Attar", "al-Attar"),
    # Abd al- and Abu compounds keep their parts: Abdulhamid's d+h is not the dh of ذ
    ("عبد الحميد", "Abdulhamid", "Abd al-Hamid", "Abdel Hamid"),
    ("عبد الهادي", "Abdulhadi", "Abdel Hadi"),
    ("عبد الجليل", "Abduljalil", "Abdel Jalil"),
    ("عبد اللطيف", "Abdullatif", "Abdel Latif", "Abd al-Latif"),
    ("عبد الوهاب", "Abdulwahab", "Abdel Wahab"),
    ("عبد العزيز", "Abdulaziz", "Abdel Aziz"),
    ("أبو علي", "Abu Ali", "Abou Aly"),
    ("أبو حسين", "Abu Hussein", "Abou Hussain"),
    ("أبو يوسف", "Abu Youssef", "Abou Yousef"),
    ("أبو بكر", "Abu Bakr", "Abou Bakr"),
]


@pytest.mark.parametrize("spellings", ONE_NAME, ids=lambda s: s[1])
def test_spellings_of_one_name_share_a_phonetic_key(spellings: tuple[str, ...]) -> None:
    assert len({phonetic_key(s) for s in spellings}) == 1, {s: phonetic_key(s) for s in spellings}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # brothers' names that a bare consonant skeleton confuses (m-h-m-d, h-s-n, s-d, h-l-d)
        (("محمد", "Mohammad", "Muhammad", "Mohamed", "Mhd"), ("محمود", "Mahmoud", "Mahmud")),
        (("حسن", "Hassan", "Hasan"), ("حسين", "Hussein", "Husain")),
        (("شادي", "Shadi", "Chadi"), ("سعيد", "Said", "Saeed")),
        (("خالد", "Khaled", "Khalid"), ("حالد", "Haled")),
    ],
)
def test_names_with_one_skeleton_but_other_letters_get_other_keys(
    one: tuple[str, ...], other: tuple[str, ...]
) -> None:
    keys_one, keys_other = {phonetic_key(s) for s in one}, {phonetic_key(s) for s in other}
    assert len(keys_one) == 1 and len(keys_other) == 1, (keys_one, keys_other)
    assert keys_one != keys_other


@pytest.mark.parametrize(
    ("a", "b"), [("Samer", "Samir"), ("Omar", "Ammar"), ("Ali", "Alaa"), ("محمد", "محمود")]
)
def test_different_names_keep_different_normal_forms(a: str, b: str) -> None:
    # the consonant key is coarse on purpose (Samer/Samir, محمد/محمود share one): the normal
    # form, compared first and with its own weight, keeps them apart
    assert normal_name(a) != normal_name(b)


def test_latin_variants_fold_to_one_normal_form() -> None:
    assert normal_name("Mohamed") == normal_name("Mhd") == normal_name("Muhammad")
    assert normal_name("Abd al-Rahman") == normal_name("Abdul Rahman") == normal_name("Abdurrahman")
    assert normal_name("el-Khatib") == normal_name("Al Khatib") == normal_name("Khatib")


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Ahmad bin Ali bin Hassan", NameParts("Ahmad", "Ali", "Hassan", None)),
        ("Ahmad ibn Ali ibn Hassan al-Khatib", NameParts("Ahmad", "Ali", "Hassan", "al Khatib")),
        ("أحمد بن علي بن حسن", NameParts("أحمد", "علي", "حسن", None)),
        ("Abd al-Rahman Mohammad al-Hassan", NameParts("Abd al Rahman", "Mohammad", None, "al Hassan")),
        ("محمد عبد الله خالد الحسن", NameParts("محمد", "عبد الله", "خالد", "الحسن")),
        ("Fatima Darwish", NameParts("Fatima", None, None, "Darwish")),
    ],
)
def test_full_names_and_nasab_chains_split_into_parts(full: str, parts: NameParts) -> None:
    assert split_full_name(full) == parts
