"""Human decisions: kept beside machine values, with who and when, and never undone by a re-run."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run, run_json


def _setup(marsad: Run, tmp_path: Path) -> tuple[Path, list[dict]]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Gunmen killed 31 people in Al-Mukhtariyah in the Latakia countryside on Friday."
    )
    (folder / "b.txt").write_text("A landmine killed two shepherds near Tadmur on Saturday, relatives said.")
    assert marsad("run", str(folder), "--source", "Wire").returncode == 0
    return folder, run_json(marsad, "incidents", "list")


def test_an_edit_survives_reruns_on_the_same_and_on_new_documents(marsad: Run, tmp_path: Path) -> None:
    folder, incidents = _setup(marsad, tmp_path)
    massacre = next(i for i in incidents if i["fatalities"] == 31)
    assert (
        marsad("incidents", "edit", massacre["id"], "fatalities", "32", "--note", "names list").returncode
        == 0
    )
    assert marsad("incidents", "confirm", massacre["id"]).returncode == 0
    assert marsad("run", str(folder)).returncode == 0
    (tmp_path / "c.txt").write_text(
        "At least 30 civilians were shot dead in Al-Mukhtariyah on Friday, a monitor said."
    )
    assert marsad("run", str(tmp_path / "c.txt"), "--source", "Monitor").returncode == 0
    shown = run_json(marsad, "incidents", "show", massacre["id"])
    assert shown["fatalities"] == 32 and shown["status"] == "confirmed"
    assert shown["n_sources"] == 2  # the machine side still took in the new article
    [edit] = [o for o in shown["overrides"] if o["action"] == "edit"]
    assert (edit["field"], edit["value"], edit["machine_value"], edit["note"]) == (
        "fatalities",
        32,
        31,
        "names list",
    )
    assert edit["actor"] and edit["at"]


def test_reject_merge_split(marsad: Run, tmp_path: Path) -> None:
    _, incidents = _setup(marsad, tmp_path)
    a, b = incidents
    assert marsad("incidents", "reject", b["id"], "--note", "duplicate").returncode == 0
    assert run_json(marsad, "incidents", "show", b["id"])["status"] == "rejected"
    assert marsad("incidents", "merge", a["id"], b["id"]).returncode == 0
    merged = run_json(marsad, "incidents", "show", a["id"])
    assert merged["n_reports"] == 2
    report = merged["claims"][-1]["report_id"]
    out = marsad("incidents", "split", a["id"], report)
    assert out.returncode == 0 and "split into" in out.stdout
    assert run_json(marsad, "incidents", "show", a["id"])["n_reports"] == 1
    bad = marsad("incidents", "edit", a["id"], "fatalities", "many")
    assert bad.returncode == 2 and "whole number" in bad.stderr
    bad = marsad("incidents", "edit", a["id"], "colour", "red")
    assert bad.returncode == 2 and "cannot edit" in bad.stderr
