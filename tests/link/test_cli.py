"""``marsad victims`` as a user drives it: import (bad rows, mapping, XLSX, re-import), link,
review, export, list, and capture histories for estimation."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from marsad.link.errors import LinkError, NoLinkageRun
from marsad.link.histories import capture_histories
from marsad.store import Store
from tests.conftest import Run, assert_no_traceback, run_json
from tests.link.conftest import LINK_DATA


def test_bad_rows_are_reported_with_line_and_reason_and_kept(marsad: Run, tmp_path: Path) -> None:
    rejects = tmp_path / "out" / "rejects.csv"
    result = marsad(
        "victims",
        "import",
        str(LINK_DATA / "bad_rows.csv"),
        "--source",
        "Committee",
        "--rejects",
        str(rejects),
    )
    assert_no_traceback(result)
    assert result.returncode == 1
    for line, reason in [
        (3, "no name"),
        (4, "sex 'unknown-sex'"),
        (5, "age 'thirty'"),
        (6, "not a real date"),
        (7, "status 'soldier'"),
        (8, "record_id 'R1' repeats line 2"),
    ]:
        [said] = [x for x in result.stderr.splitlines() if f"bad_rows.csv:{line}: rejected: " in x]
        assert reason in said
    with open(rejects, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["line"] for r in rows] == ["3", "4", "5", "6", "7", "8"]
    assert rows[1]["full_name"] == "Samir Adel Haddad" and rows[1]["reason"]
    listed = run_json(marsad, "victims", "list")
    assert sorted(r["record_id"] for r in listed) == ["R1", "R7"]  # the good rows are stored
    r7 = next(r for r in listed if r["record_id"] == "R7")
    assert (r7["date_of_death"], r7["status"], r7["admin1"]) == ("2012-08-20", "combatant", "Tartus")
    r1 = next(r for r in listed if r["record_id"] == "R1")
    assert (r1["first_name"], r1["father_name"], r1["grandfather_name"]) == ("Khaled", "Omar", "Said")


def test_reimport_is_a_no_op_and_mapping_and_xlsx_work(marsad: Run, tmp_path: Path) -> None:
    src = LINK_DATA / "mapped.csv"
    args = [
        "--map",
        "Name=full_name",
        "--map",
        "Died=date_of_death",
        "--map",
        "Town=place_of_death",
        "--map",
        "Gender=sex",
    ]
    first = run_json(marsad, "victims", "import", str(src), "--source", "Mapped", *args)
    assert (first["added"], first["rejected"]) == (2, 0)
    again = run_json(marsad, "victims", "import", str(src), "--source", "Mapped", *args)
    assert again["skipped_file"] is True and again["added"] == 0
    copy = tmp_path / "copy.csv"
    shutil.copy(src, copy)
    (tmp_path / "copy.csv").write_bytes(src.read_bytes() + b"\n")  # same rows, other bytes
    third = run_json(marsad, "victims", "import", str(copy), "--source", "Mapped", *args)
    assert (third["added"], third["already_stored"]) == (0, 2)
    book = Workbook()
    sheet = book.active
    sheet.append(["record_id", "full_name", "age", "date_of_death"])
    sheet.append(["X1", "Mazen bin Adnan bin Ali", 41, "2016-03-09"])
    xlsx = tmp_path / "list.xlsx"
    book.save(xlsx)
    got = run_json(marsad, "victims", "import", str(xlsx), "--source", "Sheet")
    assert got["added"] == 1
    counts = marsad("victims", "list")
    assert "3 records" in counts.stdout and "Sheet 1" in counts.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Name"], "--map needs column=field"),
        (["--map", "Name=nickname"], "'nickname' is not a victim field"),
        (["--map", "Nom=full_name"], "does not have: Nom"),
    ],
)
def test_bad_mapping_is_one_clear_line(marsad: Run, args: list[str], message: str) -> None:
    result = marsad("victims", "import", str(LINK_DATA / "mapped.csv"), "--source", "S", *args)
    assert_no_traceback(result)
    assert result.returncode == 2 and message in result.stderr and "M013" in result.stderr


def test_unreadable_files_are_clear_errors(marsad: Run, tmp_path: Path) -> None:
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("a,b\n1,2\n")
    for path, message in [
        (pdf, "unsupported file type"),
        (broken, "not a readable .xlsx"),
        (tmp_path / "missing.csv", "cannot read"),
        (nameless, "no name column"),
    ]:
        result = marsad("victims", "import", str(path), "--source", "S")
        assert_no_traceback(result)
        assert result.returncode == 2 and message in result.stderr, result.stderr


def test_link_review_export_and_histories(marsad: Run, db: Path, tmp_path: Path) -> None:
    for source, name in (("List A", "hard_a.csv"), ("List B", "hard_b.csv")):
        assert marsad("victims", "import", str(LINK_DATA / name), "--source", source).returncode == 0
    with Store(str(db)) as store, pytest.raises(NoLinkageRun, match="no linkage has been run"):
        capture_histories(store)
    none_yet = marsad("victims", "export")
    assert none_yet.returncode == 2 and "M011" in none_yet.stderr
    summary = run_json(marsad, "victims", "link", "--threshold", "0.9")
    assert summary["records"] == 7 and summary["persons"] <= 7
    assert set(summary["overlap"]) == {"List A", "List B"}
    out = tmp_path / "persons.csv"
    assert marsad("victims", "export", "--format", "csv", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 7
    assert {"source", "source_record_id", "person_id", "match_probability"} <= set(rows[0])
    # decide a pair by id prefix … the next run obeys it
    ids = {r["source_record_id"]: r["victim_id"] for r in rows}
    decided = marsad("victims", "review", ids["HA3"], ids["HB3"], "--same", "--note", "same man")
    assert decided.returncode == 0, decided.stderr
    run_json(marsad, "victims", "link")
    again = {
        r["source_record_id"]: r for r in csv.DictReader(io.StringIO(marsad("victims", "export").stdout))
    }
    assert again["HA3"]["person_id"] == again["HB3"]["person_id"]
    assert again["HA3"]["match_probability"] == "1.0"
    queue = run_json(marsad, "victims", "review")
    assert set(queue["counts"]) == {"pairs", "decided", "pending"}
    bad = marsad("victims", "review", ids["HA3"], "nope-nope-nope", "--different")
    assert bad.returncode == 2 and "no victim record" in bad.stderr
    both = marsad("victims", "review", ids["HA3"], ids["HB3"])
    assert both.returncode == 2 and "--same or --different" in both.stderr
    with Store(str(db)) as store:
        ((lists, patterns),) = capture_histories(store).values()
        assert lists == ["List A", "List B"]
        persons = len({r["person_id"] for r in again.values()})
        assert sum(patterns.values()) == persons
        assert all(len(p) == 2 and set(p) <= {0, 1} and any(p) for p in patterns)
        by_year = capture_histories(store, by="year")
        assert set(by_year) <= {"2013", "2014", "unknown"}
        assert sum(sum(p.values()) for _, p in by_year.values()) == persons
        by_age = capture_histories(store, by="age_group")
        assert all(lists == ["List A", "List B"] for lists, _ in by_age.values())
        with pytest.raises(LinkError, match="cannot stratify"):
            capture_histories(store, by="community")
        assert [e.action for e in store.audit_entries() if e.action.startswith("victims.")].count(
            "victims.link"
        ) == 2
