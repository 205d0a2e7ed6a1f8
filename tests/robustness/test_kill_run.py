"""`kill -9` in the middle of `marsad run` on a large batch: the store stays consistent, the same
command finishes the job, and the result is exactly what an uninterrupted run gives."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.conftest import MARSAD

N = 240
PLACES = [
    ("Snobar", "Latakia"),
    ("Al-Mukhtariyah", "Latakia"),
    ("Baniyas", "Tartus"),
    ("Safita", "Tartus"),
    ("Talkalakh", "Homs"),
    ("Salamiyah", "Hama"),
    ("Masyaf", "Hama"),
    ("Tafas", "Daraa"),
    ("Ariha", "Idlib"),
    ("Al-Mayadin", "Deir ez-Zor"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _batch(folder: Path) -> None:
    folder.mkdir()
    for i in range(N):
        place, gov = PLACES[i % len(PLACES)]
        day = 1 + (i * 7) % 27
        (folder / f"wire-{i:04d}.txt").write_text(
            f"Report {i} from {place}\n\n{place.upper()}, Syria, May {day}, 2025 (Wire {i % 4}) — "
            f"Gunmen killed {2 + i % 9} people in {place} in {gov} governorate on {DAYS[i % 7]}, "
            f"residents said. Another {i % 5} were wounded, according to a local monitor.\n",
            encoding="utf-8",
        )


def _run(db: Path, folder: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [MARSAD, "--db", str(db), "run", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _state(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        # every document has its original, its cleaned text and exactly one extraction of its reports
        assert q("SELECT id FROM document WHERE blob_sha256 NOT IN (SELECT sha256 FROM blob)") == []
        assert q("SELECT id FROM document WHERE clean_text IS NULL") == []
        assert q("SELECT id FROM document WHERE id NOT IN (SELECT document_id FROM extraction)") == []
        assert (
            q("SELECT document_id FROM report GROUP BY document_id HAVING count(DISTINCT extractor) > 1")
            == []
        )
        # every incident report belongs to exactly one incident
        unplaced = (
            "SELECT id FROM report WHERE is_tally = 0 AND id NOT IN (SELECT report_id FROM incident_report)"
        )
        assert q(unplaced) == []
        return {
            "documents": q("SELECT count(*) FROM document")[0][0],
            "reports": q("SELECT count(*) FROM report")[0][0],
            "incidents": sorted(
                (r[0], r[1], r[2], r[3])
                for r in q("SELECT date_start, admin1, location, fatalities FROM incident")
            ),
        }


def test_kill_9_during_run_then_rerun_matches_an_uninterrupted_run(
    tmp_path: Path, env: dict[str, str]
) -> None:
    folder = tmp_path / "batch"
    _batch(folder)
    killed_db, clean_db = tmp_path / "killed.sqlite", tmp_path / "clean.sqlite"

    proc = _run(killed_db, folder, env)
    deadline = time.monotonic() + 300
    # wait until ingest is done and extraction is under way, then kill without warning
    while time.monotonic() < deadline and proc.poll() is None:
        if _count(killed_db, "report") > 0:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be interrupted"
    assert _count(killed_db, "document") == N

    again = _run(killed_db, folder, env)
    out, errors = again.communicate(timeout=600)
    assert again.returncode == 0, errors
    assert "Traceback" not in errors and "0 new documents" in out

    whole = _run(clean_db, folder, env)
    _, errors = whole.communicate(timeout=600)
    assert whole.returncode == 0, errors

    resumed, uninterrupted = _state(killed_db), _state(clean_db)
    assert resumed["documents"] == uninterrupted["documents"] == N
    assert resumed == uninterrupted  # nothing lost, nothing counted twice
    verify = subprocess.run(
        [MARSAD, "--db", str(killed_db), "audit", "verify", "--json"], env=env, capture_output=True, text=True
    )
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"], verify.stdout + verify.stderr
