"""The embedded store under concurrent writers and a killed process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from methodnet.history.bundle import verify
from methodnet.history.stores import open_store

TESTS = Path(__file__).resolve().parent

WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from historykit import hand_made, value_row
    from methodnet.history.stores import open_store
    store = open_store(sys.argv[1])
    name = sys.argv[2]
    for i in range(int(sys.argv[3])):
        rows = [value_row("a", str(2000 + i), float(j), group_by="organization", group=f"{{name}}{{j}}")
                for j in range(300)]
        stored, hashes = hand_made([value_row("a", str(2000 + i), float(i)), *rows], territory=name,
                                   by="organization")
        store.add(stored, hashes)
    store.close()
""")


def test_two_processes_recording_at_once_both_succeed(tmp_path: Path) -> None:
    path = str(tmp_path / "h.sqlite")
    open_store(path).close()
    code = WRITER.format(tests=str(TESTS))
    writers = [subprocess.Popen([sys.executable, "-c", code, path, name, "15"], stderr=subprocess.PIPE, text=True)
               for name in ("north", "south")]
    for proc in writers:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with open_store(path) as store:
        found = store.list()
        assert sorted((m.territory, m.periods[0]) for m in found) == sorted(
            (t, str(2000 + i)) for t in ("north", "south") for i in range(15))
        for m in found:
            values = store.get(m.id).values
            assert values.height == 301 and values["group"].drop_nulls().str.starts_with(m.territory).all()
        assert verify(store).ok


KILLED = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    from historykit import hand_made, value_row
    from methodnet.history.stores import open_store
    from methodnet.history.sql import TABLES, PARTS
    store = open_store(sys.argv[1])
    stored, hashes = hand_made([value_row("a", "2024", float(j)) for j in range(1000)])
    with store._write() as cur:
        h = stored.header
        key = store._insert_monitoring(cur, (h.id, h.series, 1, None, None, h.recorded_at.isoformat(), None, None,
                                             "0", "demo", "Демо", "x", "text", "t1", '["2024"]', None, None, None,
                                             "f", "[]", "{{}}", "c", None))
        cur.execute("INSERT INTO monitoring_value (row_key, indicator, period, row_sha256) VALUES (?, 'a', '2024', 'h')",
                    (key << 32,))
        os.kill(os.getpid(), signal.SIGKILL)  # dies in the middle of the transaction
""")


def test_a_killed_process_leaves_no_half_monitoring(tmp_path: Path) -> None:
    path = str(tmp_path / "h.sqlite")
    open_store(path).close()
    proc = subprocess.run([sys.executable, "-c", KILLED.format(tests=str(TESTS)), path], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    with open_store(path) as store:
        assert store.list() == []
        assert store.query("SELECT count(*) FROM monitoring_value") == [(0,)]
        assert verify(store).ok
        from historykit import hand_made, value_row

        stored, hashes = hand_made([value_row("a", "2024", 1.0)])
        store.add(stored, hashes)  # the store is usable right away
        assert len(store.list()) == 1


def test_verify_checks_the_columnar_copy_compare_reads(tmp_path: Path) -> None:
    import io
    import sqlite3

    import polars as pl

    from historykit import hand_made, value_row
    from methodnet.history.compare import compare

    path = str(tmp_path / "h.sqlite")
    a, ha = hand_made([value_row("x", "2024", 10.0), value_row("y", "2024", 20.0)])
    b, hb = hand_made([value_row("x", "2025", 15.0), value_row("y", "2025", 30.0)])
    with open_store(path) as store:
        store.add(a, ha)
        store.add(b, hb)
        assert compare(store, a.header.id, b.header.id).rows["change"].to_list() == [5.0, 10.0]
    forged = b.values.with_columns(pl.when(pl.col("indicator") == "y").then(99.0).otherwise(pl.col("value"))
                                   .alias("value"))
    block = io.BytesIO()
    forged.write_ipc(block)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER monitoring_no_update")
        conn.execute("UPDATE monitoring SET values_ipc = ? WHERE id = ?", (block.getvalue(), b.header.id))
    with open_store(path) as store:
        result = verify(store)
    assert [(t.monitoring_id, t.part, t.position, t.where) for t in result.tampered] == [
        (b.header.id, "values_copy", 2, "indicator=y, period=2025")]


def test_constants_are_stored_once_and_checked(tmp_path: Path) -> None:
    import sqlite3

    from historykit import hand_made, value_row

    path = str(tmp_path / "h.sqlite")
    stored, hashes = hand_made([value_row("x", "2024", 10.0), value_row("y", "2024", 20.0),
                                value_row("x", "2024", 4.0, group_by="organization", group="o1"),
                                value_row("x", "2024", 6.0, group_by="organization", group="o2")], by="organization")
    with open_store(path) as store:
        store.add(stored, hashes)
        assert store.get(stored.header.id).values.equals(stored.values)  # read back exactly
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM monitoring_indicator").fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM monitoring_value WHERE name IS NULL").fetchone() == (4,)
        conn.execute("DROP TRIGGER monitoring_indicator_no_update")
        conn.execute("UPDATE monitoring_indicator SET name = 'другое' WHERE indicator = 'x'")
    with open_store(path) as store:
        result = verify(store)
    assert sorted((t.part, t.position) for t in result.tampered if t.part == "values") == [
        ("values", 1), ("values", 3), ("values", 4)]  # every row of indicator x
