"""Bad input: each problem gets its own clear line, is quarantined, and the batch goes on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import DATA, Run, assert_no_traceback, run_json

ARABIC = "قتل ثلاثة مدنيين في قرية بريف بانياس فجر اليوم بحسب ناشطين محليين، وأصيب خمسة آخرون."


def _problems(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """stderr lines keyed by file name."""
    lines: dict[str, str] = {}
    for line in result.stderr.splitlines():
        name, _, message = line.partition(": ")
        lines[Path(name.split(" (")[0]).name] = message
    return lines


def test_mixed_folder_ingests_the_good_and_quarantines_each_bad_file(marsad: Run, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "photo.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "arabic-1256.txt").write_bytes(ARABIC.encode("cp1256"))
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(30 * 1024 * 1024)
    for name in ("wire_baniyas.txt", "other_jableh.txt"):
        (folder / name).write_bytes((DATA / "articles" / name).read_bytes())

    result = marsad("ingest", str(folder))
    assert_no_traceback(result)
    assert result.returncode == 1
    problems = _problems(result)
    assert set(problems) == {"photo.bin", "empty.txt", "huge.txt"}
    assert "binary" in problems["photo.bin"]
    assert "empty" in problems["empty.txt"]
    assert "30.0 MB" in problems["huge.txt"] and "20 MB limit" in problems["huge.txt"]
    assert "3 new documents" in result.stdout and "3 errors" in result.stdout

    docs = run_json(marsad, "docs", "list")
    assert len(docs) == 3
    arabic = [d for d in docs if d["lang"] == "ar"]
    assert len(arabic) == 1
    assert run_json(marsad, "docs", "show", arabic[0]["id"])["clean_text"] == ARABIC

    status = run_json(marsad, "status")
    reasons = {Path(q["path"]).name: q["reason"] for q in status["quarantine"]}
    assert reasons == {"photo.bin": "binary", "empty.txt": "empty", "huge.txt": "too_large"}
    shown = marsad("status")
    assert "quarantine (3)" in shown.stdout and "too_large" in shown.stdout

    # running the batch again stores nothing twice and does not duplicate the quarantine
    again = marsad("ingest", str(folder))
    assert again.returncode == 1
    assert "0 new documents" in again.stdout
    assert len(run_json(marsad, "status")["quarantine"]) == 3


def test_size_limit_is_configurable(marsad: Run, tmp_path: Path) -> None:
    big = tmp_path / "long.txt"
    big.write_text("Residents said the shelling continued through the night. " * 40000)  # ~2.3 MB
    refused = marsad("ingest", "--max-file-mb", "1", str(big))
    assert refused.returncode == 1 and "over the 1 MB limit" in refused.stderr
    config = tmp_path / "marsad.toml"
    config.write_text("[ingest]\nmax_file_mb = 5\n")
    accepted = marsad("--config", str(config), "ingest", str(big))
    assert accepted.returncode == 0, accepted.stderr


@pytest.mark.parametrize(
    ("name", "content", "reason", "words"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary", "PDF"),
        ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", "PNG"),
        ("latin1.txt", "Réfugiés à Lattaquié, été 2025".encode("latin-1"), "undecodable", "UTF-8"),
        ("spaces.txt", b"   \n\n\t  \n", "empty", "whitespace"),
        ("list.csv", b"full_name,age\nInvented Person,34\n", "unsupported", "table"),
        ("array.json", b'[{"text": "a"}]', "unsupported", "JSON Lines"),
        (
            "broken.rss",
            b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>a</tit",
            "malformed_feed",
            "RSS/Atom",
        ),
        (
            "script.html",
            b"<html><head><script>var a=1;</script></head><body></body></html>",
            "malformed_html",
            "main text",
        ),
        ("notes.jsonl", b"this is not json\nnor is this\n", "malformed_jsonl", "no line is a JSON object"),
    ],
)
def test_each_kind_of_bad_file_is_named_and_quarantined(
    marsad: Run, tmp_path: Path, name: str, content: bytes, reason: str, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = marsad("ingest", str(path))
    assert_no_traceback(result)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert name in result.stderr and words in result.stderr
    [entry] = run_json(marsad, "status")["quarantine"]
    assert entry["reason"] == reason
    if content.strip():
        assert entry["sha256"]  # the bytes are kept: nothing is lost


def test_bad_jsonl_lines_are_quarantined_with_line_numbers_and_good_lines_stored(
    marsad: Run, tmp_path: Path
) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Two civilians were wounded by sniper fire in Jobar on Monday."}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "title": "no text here"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "e", "text": "A school was damaged by shelling.", "published": "last Tuesday"}),
        "",
        json.dumps({"id": "f", "text": "Three people were detained at a checkpoint near Homs.", "source": 7}),
        json.dumps({"id": "g", "text": "Rescuers recovered a body from the river near Deir ez-Zor."}),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = marsad("ingest", str(batch))
    assert_no_traceback(result)
    assert result.returncode == 1
    stderr = result.stderr
    assert "line 2: invalid JSON" in stderr
    assert 'line 3: no "text"' in stderr
    assert "line 4: expected a JSON object" in stderr
    assert "line 5: 'published' is not an ISO 8601 date" in stderr
    assert 'line 7: "source" must be a string' in stderr
    assert len(stderr.strip().splitlines()) == 5
    assert (
        sorted(
            d["id"]
            for d in [run_json(marsad, "docs", "show", d["id"]) for d in run_json(marsad, "docs", "list")]
        )
        and len(run_json(marsad, "docs", "list")) == 2
    )
    locators = sorted(q["locator"] for q in run_json(marsad, "status")["quarantine"])
    assert locators == ["line 2", "line 3", "line 4", "line 5", "line 7"]


def test_unreadable_paths_are_reported(marsad: Run, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Two civilians were wounded by sniper fire in Jobar on Monday, medics said.")
    link = tmp_path / "dangling.txt"
    os.symlink(tmp_path / "gone.txt", link)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = marsad("ingest", str(tmp_path / "missing.txt"), str(link), str(fifo), str(good))
    assert_no_traceback(result)
    assert result.returncode == 1
    problems = _problems(result)
    assert "no such file" in problems["missing.txt"]
    assert "broken link" in problems["dangling.txt"]
    assert "not a regular file" in problems["pipe.txt"]
    assert len(run_json(marsad, "docs", "list")) == 1


def test_bad_flags_and_settings_get_one_line_errors(marsad: Run, tmp_path: Path) -> None:
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text("[ingest]\nmax_file_mb = 'big'\n")
    result = marsad("--config", str(bad_toml), "status")
    assert result.returncode == 2 and "max_file_mb must be float" in result.stderr
    assert_no_traceback(result)
    typo = tmp_path / "typo.toml"
    typo.write_text("[ingest]\nmax_size = 3\n")
    result = marsad("--config", str(typo), "status")
    assert result.returncode == 2 and "unknown setting [ingest] max_size" in result.stderr
    result = marsad("ingest", "--max-file-mb", "lots", str(tmp_path))
    assert result.returncode == 2 and "Invalid value for '--max-file-mb'" in result.stderr
    assert_no_traceback(result)
    result = marsad("status", use_db=False, extra_env={"MARSAD_DB": "nosuchdriver://x/y"})
    assert result.returncode == 2 and "nosuchdriver" in result.stderr
    assert_no_traceback(result)
    result = marsad("docs", "show", "0000000000")
    assert result.returncode == 2 and "no document" in result.stderr
