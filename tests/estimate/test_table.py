"""Reading --counts files and checking options in-process (the CLI tests cover the same paths end to end)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.estimate import CountsFileError, EstimateOptionError, estimate, read_counts_csv
from marsad.estimate.plot import check_plot_path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a,b,count\n1,0,three\n", "count 'three' is not a whole number"),
        ("a,b,count\n", "has a header but no rows"),
        ("a,count\n1,5\n", "estimation needs at least 2 lists"),
        ("a,b,count\n1,0,0\n0,1,0\n", "every count is 0"),
        ("a,a,count\n1,0,3\n", "appears twice"),
        ("a,b,count\n1,0\n", "2 fields, but the header has 3"),
    ],
)
def test_more_bad_files(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "c.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CountsFileError, match=expected):
        read_counts_csv(path)


def test_missing_file_and_stratum_column(tmp_path: Path) -> None:
    with pytest.raises(CountsFileError, match="no such file"):
        read_counts_csv(tmp_path / "nope.csv")
    path = tmp_path / "c.csv"
    path.write_text("\ufeffregion,a,b,count\nN,1,0,3\nN,0,1,4\nS,1,0,3\nN,1,1,2\n", encoding="utf-8")
    tables = read_counts_csv(path, by="region")
    assert sorted(tables) == ["N", "S"] and tables["N"].n == 9 and tables["N"].lists == ("a", "b")
    with pytest.raises(CountsFileError, match="no column 'province'"):
        read_counts_csv(path, by="province")


def test_unknown_method_and_plot_format(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("a,b,count\n1,0,30\n0,1,40\n1,1,20\n", encoding="utf-8")
    with pytest.raises(EstimateOptionError, match="--method must be one of"):
        estimate(read_counts_csv(path), "magic")
    with pytest.raises(EstimateOptionError, match=r"\.png or \.svg"):
        check_plot_path(tmp_path / "x.pdf")
