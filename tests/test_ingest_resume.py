"""Kill-and-resume: an ingest killed with SIGKILL at any moment leaves a consistent store, and
a rerun finishes the job with no lost and no duplicated article."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from khabar.store import Store

WORDS = ("قال", "الرئيس", "إن", "روسيا", "مستعدة", "للتعاون", "مع", "كوريا", "الشمالية",
         "وأضاف", "المتحدث", "باسم", "الكرملين", "أن", "المحادثات", "كانت", "مثمرة", "جدا")
TOTAL = 600


def _corpus(path: Path) -> None:
    lines = []
    for n in range(TOTAL):
        words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(250)]
        text = " ".join(words) + f". وهذه الفقرة رقم مقال{n} في الاختبار."
        lines.append(json.dumps({"id": f"a{n}", "text": text, "published": "2023-09-15"},
                                ensure_ascii=False))
    path.write_text("\n".join(lines), encoding="utf-8")


def _run(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "from khabar.cli import main; main()",
                             *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # the schema is not there yet


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigkill_then_rerun_loses_and_duplicates_nothing(tmp_path: Path, workers: str) -> None:
    source, db = tmp_path / "dump.jsonl", tmp_path / "k.db"
    _corpus(source)
    args = ["ingest", str(source), "--db", str(db), "--workers", workers, "--batch-size", "4"]
    process = _run(args)
    deadline = time.monotonic() + 120
    while _count(db) < 8 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the ingest finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    at_kill = _count(db)
    assert 0 < at_kill < TOTAL
    with sqlite3.connect(db) as conn:  # consistent after the kill
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rerun = _run(args)
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read().decode() if rerun.stderr else ""
    with Store.open(db, read_only=True) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles")]
        assert sorted(ids) == sorted(f"a{n}" for n in range(TOTAL))  # none lost, none twice
        for n in (0, at_kill - 1, at_kill, TOTAL - 1):   # index rows match article rows
            hits = store.search(f"مقال{n}")
            assert [h.article.id for h in hits] == [f"a{n}"]
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
