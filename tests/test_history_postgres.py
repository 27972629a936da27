"""The regional PostgreSQL store: territories, immutability in the database, twenty writers at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from methodnet.history.bundle import verify
from methodnet.history.store import HistoryError
from methodnet.history.stores import open_store

from historykit import hand_made, pg_database, value_row, with_database  # noqa: F401 - fixture

TESTS = Path(__file__).resolve().parent
ROLES = {"mn_t_seryshevo": ("methodnet_municipality", "seryshevo"),
         "mn_t_kuznetsk": ("methodnet_municipality", "kuznetsk"),
         "mn_t_region": ("methodnet_region", None)}


def _as(dsn: str, role: str) -> str:
    scheme, _, rest = dsn.partition("://")
    return f"{scheme}://{role}@{rest.split('@', 1)[1]}"


@pytest.fixture
def regional(pg_database: str) -> str:
    """A migrated store with a role per municipality and one for the region (the README's set-up)."""
    import psycopg

    open_store(pg_database).close()
    with psycopg.connect(pg_database, autocommit=True) as conn:
        for role, (group, territory) in ROLES.items():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if not exists:
                conn.execute(f"CREATE ROLE {role} LOGIN")
            conn.execute(f"GRANT {group} TO {role}")
            if territory:
                conn.execute("INSERT INTO methodnet_territory VALUES (%s, %s)", (role, territory))
    return pg_database


def test_a_municipality_records_and_reads_only_its_territory(regional: str) -> None:
    own, own_hashes = hand_made([value_row("a", "2024", 50.0)], territory="seryshevo")
    theirs, their_hashes = hand_made([value_row("a", "2024", 70.0)], territory="kuznetsk")
    with open_store(_as(regional, "mn_t_seryshevo")) as seryshevo:
        seryshevo.add(own, own_hashes)
        with pytest.raises(HistoryError) as denied:
            seryshevo.add(theirs, their_hashes)  # another territory
        assert denied.value.code == "territory_denied"
        seryshevo.approve(own.header.id)
    with open_store(_as(regional, "mn_t_kuznetsk")) as kuznetsk:
        kuznetsk.add(theirs, their_hashes)
        assert [m.id for m in kuznetsk.list()] == [theirs.header.id]  # the other's monitoring is invisible
        with pytest.raises(HistoryError) as hidden:
            kuznetsk.get(own.header.id)
        assert hidden.value.code == "unknown_id"
        with pytest.raises(HistoryError) as update:
            with kuznetsk._write() as cur:
                cur.execute("UPDATE monitoring_value SET value = 0")
        assert update.value.code in ("permission_denied", "immutable")
        with pytest.raises(HistoryError) as forged:  # an event for another territory's monitoring
            with kuznetsk._write() as cur:
                cur.execute("INSERT INTO monitoring_event (monitoring_id, kind, at, territory) "
                            "VALUES (%s, 'exported', '2025-01-01', 'kuznetsk')", (own.header.id,))
        assert forged.value.code == "territory_denied"
    with open_store(_as(regional, "mn_t_region")) as region:
        assert sorted(m.territory for m in region.list()) == ["kuznetsk", "seryshevo"]
        assert region.header(own.header.id).state == "approved"
        assert verify(region).ok


def test_the_database_seals_and_freezes_monitorings(regional: str) -> None:
    stored, hashes = hand_made([value_row("a", "2024", 50.0)], territory="seryshevo")
    with open_store(regional) as store:  # even the owner (a superuser here) cannot change it
        store.add(stored, hashes)
        key = store.query("SELECT key FROM monitoring WHERE id = %s", (stored.header.id,))[0][0]
        with pytest.raises(HistoryError) as sealed:
            with store._write() as cur:
                cur.execute("INSERT INTO monitoring_value (row_key, indicator, period, row_sha256, territory) "
                            "VALUES (%s, 'b', '2024', 'x', 'seryshevo')", ((key << 32) + 7,))
        assert sealed.value.code == "sealed"
        for statement in ("TRUNCATE monitoring_value", "DELETE FROM monitoring WHERE true"):
            with pytest.raises(HistoryError) as frozen:
                with store._write() as cur:
                    cur.execute(statement)
            assert frozen.value.code == "immutable"


def test_verify_names_a_row_changed_by_an_administrator(regional: str) -> None:
    import psycopg

    stored, hashes = hand_made([value_row("a", "2024", 50.0), value_row("b", "2024", 20.0)], territory="seryshevo")
    with open_store(regional) as store:
        store.add(stored, hashes)
    with psycopg.connect(regional, autocommit=True) as conn:  # behind the store's back, triggers off
        conn.execute("ALTER TABLE monitoring_value DISABLE TRIGGER ALL")
        conn.execute("UPDATE monitoring_value SET value = 99 WHERE indicator = 'b'")
        conn.execute("ALTER TABLE monitoring_value ENABLE TRIGGER ALL")
    with open_store(regional) as store:
        result = verify(store)
    assert [(t.part, t.position, t.where) for t in result.tampered][:1] == [("values", 2, "indicator=b, period=2024")]


WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from historykit import hand_made, value_row
    from methodnet.history.stores import open_store
    n = int(sys.argv[2])
    rows = [value_row("a", "2025", float(n), group_by="organization", group=f"m{{n}}-{{j}}") for j in range(2000)]
    stored, hashes = hand_made([value_row("a", "2025", float(n)), *rows], territory=f"m{{n}}", by="organization")
    with open_store(sys.argv[1]) as store:
        store.add(stored, hashes)
""")


def test_twenty_processes_record_at_once(pg_database: str) -> None:
    open_store(pg_database).close()
    code = WRITER.format(tests=str(TESTS))
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_database, str(n)], stderr=subprocess.PIPE, text=True)
             for n in range(20)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    with open_store(pg_database) as store:
        found = store.list()
        assert sorted(m.territory for m in found) == sorted(f"m{n}" for n in range(20))
        for m in found:
            values = store.get(m.id).values
            n = float(m.territory[1:])  # type: ignore[index]
            assert values.height == 2001 and (values["value"] == n).all()  # none lost, none mixed
            assert values["group"].drop_nulls().str.starts_with(f"{m.territory}-").all()
        assert verify(store).ok


def test_not_a_store_and_unreachable(pg_database: str) -> None:
    import psycopg

    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id integer)")
    with pytest.raises(HistoryError) as foreign:
        open_store(pg_database)
    assert foreign.value.code == "not_a_store" and "customers" in str(foreign.value)
    with pytest.raises(HistoryError) as down:
        open_store(with_database(pg_database.replace(":55432", ":1"), "x"))
    assert down.value.code == "store_unreachable" and "password" not in str(down.value)
