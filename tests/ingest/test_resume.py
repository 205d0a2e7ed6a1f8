"""An interrupted batch loses nothing, leaves a consistent store, and the same command finishes it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.conftest import MARSAD, Run, assert_no_traceback, run_json

N = 400


def _make_batch(folder: Path) -> None:
    folder.mkdir()
    for i in range(N):
        (folder / f"report-{i:04d}.txt").write_text(
            f"Bulletin {i}\n\nThe monitor recorded incident number {i} in the district on day {i % 28 + 1}, "
            f"with {i % 7} people reported injured and {i % 3} houses damaged, according to volunteers.\n",
            encoding="utf-8",
        )


def _count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM document").fetchone()[0]


def _interrupt_midway(
    db: Path, folder: Path, env: dict[str, str], sig: int
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(
        [MARSAD, "--db", str(db), "ingest", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: a shell running the suite in the background makes its children ignore
        # SIGINT, and Python started with SIGINT ignored never raises KeyboardInterrupt
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if db.exists():
            try:
                if _count(db) >= 20:
                    break
            except sqlite3.OperationalError:
                pass  # tables not created yet
        time.sleep(0.02)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _check_consistent(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute(
            "SELECT count(*) FROM document d LEFT JOIN blob b ON b.sha256 = d.blob_sha256 "
            "WHERE b.sha256 IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        unaudited = conn.execute(
            "SELECT count(*) FROM document d WHERE NOT EXISTS "
            "(SELECT 1 FROM audit_log a WHERE a.subject = 'document:' || d.id)"
        ).fetchone()[0]
        assert unaudited == 0


def test_killed_batch_is_consistent_and_rerun_finishes_it(
    marsad: Run, db: Path, env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    _make_batch(folder)
    killed = _interrupt_midway(db, folder, env, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    partial = _count(db)
    assert 0 < partial < N
    _check_consistent(db)

    result = marsad("ingest", str(folder))
    assert result.returncode == 0, result.stderr
    assert f"{N - partial} new documents" in result.stdout
    assert _count(db) == N
    _check_consistent(db)
    status = run_json(marsad, "status")
    assert status["by_language"] == {"en": N}  # every document cleaned, none left behind


def test_ctrl_c_says_how_to_resume(marsad: Run, db: Path, env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    _make_batch(folder)
    stopped = _interrupt_midway(db, folder, env, signal.SIGINT)
    assert_no_traceback(stopped)
    assert stopped.returncode == 130
    assert "run the same command again" in stopped.stderr
    _check_consistent(db)
    assert marsad("ingest", str(folder)).returncode == 0
    assert _count(db) == N
