"""``marsad estimate`` as a user runs it: strict --counts files, JSON, strata, plots, refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import Run, assert_no_traceback, run_json
from tests.estimate.helpers import heterogeneous, write_counts

GOOD = "a,b,c,count\n1,0,0,60\n0,1,0,49\n1,1,0,4\n0,0,1,247\n1,0,1,112\n0,1,1,142\n1,1,1,12\n"


def _fails(marsad: Run, *args: str) -> str:
    result = marsad("estimate", *args)
    assert result.returncode != 0
    assert_no_traceback(result)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_bad_counts_files_get_one_clear_line(marsad: Run, tmp_path: Path) -> None:
    cases = {
        "nocount.csv": ("a,b,n\n1,0,3\n0,1,4\n1,1,2\n", "no 'count' column"),
        "notbinary.csv": ("a,b,count\n1,0,3\n0,2,4\n1,1,2\n", "row 3, column 'b': '2' is not 0 or 1"),
        "negative.csv": ("a,b,count\n1,0,3\n0,1,-4\n1,1,2\n", "row 3: count -4 is negative"),
        "duplicate.csv": ("a,b,count\n1,0,3\n0,1,4\n1,0,2\n", "row 4 repeats the pattern 1,0 of row 2"),
        "allzero.csv": ("a,b,count\n1,0,3\n0,0,9\n1,1,2\n", "row 3 is the all-zero pattern"),
        "empty.csv": ("", "is empty"),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        line = _fails(marsad, "--counts", str(path))
        assert expected in line and "[M020]" in line, (name, line)
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("liste é,b,count\n1,0,3\n".encode("latin-1"))
    assert "is not UTF-8 text" in _fails(marsad, "--counts", str(latin))


def test_json_and_text_have_the_figures_and_the_evidence(marsad: Run, tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(GOOD, encoding="utf-8")
    data = run_json(marsad, "estimate", "--counts", str(path))
    assert data["method"] == "loglinear" and data["documented"] == 626
    assert data["lower"] <= data["estimate"] <= data["upper"]
    assert data["undocumented"] == pytest.approx(data["estimate"] - 626, abs=0.11)
    diag = data["diagnostics"]
    assert diag["list_sizes"] == {"a": 188, "b": 207, "c": 513}
    assert diag["pairwise_overlaps"]["a & b"] == 16 and diag["empty_cells"] == 0
    assert diag["models"][0]["weight"] > 0.3
    text = marsad("estimate", "--counts", str(path), "--method", "dga")
    assert text.returncode == 0 and "documented" in text.stdout and "prior on N" in text.stdout
    assert "top models (probability)" in text.stdout


def test_lcmcr_is_reproducible_with_a_seed(marsad: Run, tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    write_counts(path, heterogeneous(np.random.default_rng(1), 900, 4))
    args = ("estimate", "--counts", str(path), "-m", "lcmcr", "--iterations", "600", "--burn-in", "200")
    first = run_json(marsad, *args, "--thin", "2", "--seed", "7")
    again = run_json(marsad, *args, "--thin", "2", "--seed", "7")
    assert first == again
    assert first["diagnostics"]["effective_sample_size"] > 0 and "geweke_z" in first["diagnostics"]


def test_strata_are_estimated_and_summed_with_the_caveat(marsad: Run, tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    rng = np.random.default_rng(4)
    write_counts(path, heterogeneous(rng, 700, 3, hard=(0.3, 0.5), easy=(0.3, 0.5)), ("region", "North"))
    write_counts(path, heterogeneous(rng, 500, 3, hard=(0.3, 0.5), easy=(0.3, 0.5)), ("region", "South"))
    data = run_json(marsad, "estimate", "--counts", str(path), "--by", "region")
    assert [s["stratum"] for s in data["strata"]] == ["North", "South"]
    assert data["documented"] == sum(s["documented"] for s in data["strata"])
    assert data["estimate"] == pytest.approx(sum(s["estimate"] for s in data["strata"]), abs=0.2)
    assert data["lower"] < data["estimate"] < data["upper"] and "independent" in data["note"]
    assert "has no column 'province'" in _fails(marsad, "--counts", str(path), "--by", "province")


def test_plots_and_the_text_report_of_strata(marsad: Run, tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    lines = GOOD.splitlines()
    path.write_text(
        "\n".join([f"region,{lines[0]}", *(f"{r},{line}" for r in ("East", "West") for line in lines[1:])])
        + "\n",
        encoding="utf-8",
    )
    png, svg = tmp_path / "est.png", tmp_path / "est.svg"
    assert marsad("estimate", "--counts", str(path), "--by", "region", "--plot", str(png)).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = marsad("estimate", "--counts", str(path), "--plot", str(svg), "--by", "region")
    assert text.returncode == 0 and "<svg" in svg.read_text(encoding="utf-8")
    assert "combined*" in text.stdout and "assumes the strata are independent" in text.stdout


def test_refusals_in_plain_words(marsad: Run, tmp_path: Path) -> None:
    two = tmp_path / "two.csv"
    two.write_text("a,b,count\n1,0,50\n0,1,40\n1,1,30\n", encoding="utf-8")
    assert "at least three lists" in _fails(marsad, "--counts", str(two), "--method", "lcmcr")
    few = tmp_path / "few.csv"
    few.write_text("a,b,count\n1,0,5\n0,1,4\n1,1,3\n", encoding="utf-8")
    assert "too few records" in _fails(marsad, "--counts", str(few))
    alone = tmp_path / "alone.csv"
    alone.write_text("a,b,c,count\n1,0,0,50\n0,1,0,40\n1,1,0,30\n0,0,1,20\n", encoding="utf-8")
    assert "shares no person with any other list" in _fails(marsad, "--counts", str(alone))


def test_without_counts_an_empty_database_says_what_to_do(marsad: Run) -> None:
    line = _fails(marsad)
    assert "no linked victim lists in this database" in line and "--counts" in line
