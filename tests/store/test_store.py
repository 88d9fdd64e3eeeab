"""The store's behaviour, on SQLite and (marked ``postgres``) PostgreSQL."""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from dossier.errors import NotFoundError, StoreError, StoreFullError, StoreLockedError
from dossier.model import Extraction
from dossier.store import Store, open_store, resolve_url

MakeExtraction = Callable[..., Extraction]

TABLES = {
    "documents",
    "entities",
    "timexes",
    "figures",
    "claims",
    "events",
    "stories",
    "ledgers",
    "duplicates",
}


def with_id(extraction: Extraction, document_id: str) -> Extraction:
    """The same extraction under another document id."""
    doc = extraction.document.model_copy(update={"id": document_id})
    return extraction.model_copy(update={"document": doc})


@pytest.fixture
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make each add one second later than the one before (deterministic ordering)."""
    ticks = itertools.count()

    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=next(ticks))

    monkeypatch.setattr("dossier.store.store.datetime", Clock)


# -- round trip and idempotency (both backends) ----------------------------------------------


def test_new_store_is_empty(store: Store) -> None:
    assert store.counts() == dict.fromkeys(TABLES, 0)
    assert store.list_documents() == []


def test_add_then_get_gives_back_the_same_extraction(
    store: Store, make_extraction: MakeExtraction
) -> None:
    extraction = make_extraction()
    assert store.add(extraction) is True
    got = store.get(extraction.document.id)
    assert got == extraction
    assert got.model_dump() == extraction.model_dump()
    assert store.has(extraction.document.id)


def test_counts_rows_per_table(store: Store, make_extraction: MakeExtraction) -> None:
    extraction = make_extraction()
    store.add(extraction)
    counts = store.counts()
    assert counts["documents"] == 1
    for name in ("entities", "timexes", "figures", "claims", "events"):
        assert counts[name] == len(getattr(extraction, name))
    assert counts["stories"] == counts["ledgers"] == counts["duplicates"] == 0


def test_second_add_returns_false_and_writes_nothing(
    store: Store, make_extraction: MakeExtraction
) -> None:
    extraction = make_extraction()
    assert store.add(extraction) is True
    before = store.counts()
    assert store.add(extraction) is False
    assert store.add(make_extraction()) is False
    assert store.counts() == before


def test_records_come_back_in_the_order_they_were_added(
    store: Store, make_extraction: MakeExtraction
) -> None:
    extraction = make_extraction()
    shuffled = extraction.model_copy(
        update={name: list(reversed(getattr(extraction, name))) for name in ("entities", "events")}
    )
    store.add(shuffled)
    got = store.get(extraction.document.id)
    assert [e.id for e in got.entities] == [e.id for e in shuffled.entities]
    assert [e.id for e in got.events] == [e.id for e in shuffled.events]


def test_an_extraction_with_only_a_document(store: Store, make_extraction: MakeExtraction) -> None:
    bare = Extraction(document=make_extraction("Nothing happened.").document)
    assert store.add(bare)
    assert store.get(bare.document.id) == bare


def test_get_of_a_missing_document_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        store.get("nope")
    assert store.has("nope") is False


def test_failed_add_writes_nothing_at_all(store: Store, make_extraction: MakeExtraction) -> None:
    extraction = make_extraction()
    twin = extraction.entities[0].model_copy()  # same id: the second entity insert fails
    broken = extraction.model_copy(update={"entities": [*extraction.entities, twin]})
    with pytest.raises(StoreError) as caught:
        store.add(broken)
    assert type(caught.value) is StoreError
    assert extraction.document.id in str(caught.value)
    assert store.has(extraction.document.id) is False
    assert store.counts() == dict.fromkeys(TABLES, 0)
    # The store is still usable, and the good extraction goes in.
    assert store.add(extraction) is True


def test_records_clashing_with_another_document_are_refused(
    store: Store, make_extraction: MakeExtraction
) -> None:
    extraction = make_extraction()
    store.add(extraction)
    before = store.counts()
    copy = with_id(extraction, "another-document")  # same record ids under a new document
    with pytest.raises(StoreError):
        store.add(copy)
    assert not store.has("another-document")
    assert store.counts() == before


def test_losing_the_insert_race_returns_false(
    store: Store, make_extraction: MakeExtraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    extraction = make_extraction()
    store.add(extraction)
    before = store.counts()
    real = Store._exists
    calls: list[str] = []

    def stale_check(conn: Any, document_id: str) -> bool:
        # The first check misses the document, as if another process had just written it.
        calls.append(document_id)
        return False if len(calls) == 1 else real(conn, document_id)

    monkeypatch.setattr(Store, "_exists", staticmethod(stale_check))
    assert store.add(extraction) is False
    assert store.counts() == before


def test_concurrent_adds_of_one_article_store_it_once(
    store_target: str, make_extraction: MakeExtraction
) -> None:
    extraction = make_extraction()
    workers = 6
    stores = [open_store(store_target) for _ in range(workers)]
    barrier = threading.Barrier(workers)

    def add(store: Store) -> bool:
        barrier.wait()
        return store.add(extraction)

    try:
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(add, stores))
    finally:
        for store in stores:
            store.close()
    assert sorted(results) == [False] * (workers - 1) + [True]
    with open_store(store_target) as store:
        assert store.counts()["documents"] == 1
        assert store.get(extraction.document.id) == extraction


def test_reopening_keeps_the_data(store_target: str, make_extraction: MakeExtraction) -> None:
    extraction = make_extraction()
    with open_store(store_target) as store:
        store.add(extraction)
    with open_store(store_target) as store:
        assert store.get(extraction.document.id) == extraction


def test_a_store_from_a_newer_dossier_is_refused(store_target: str) -> None:
    with open_store(store_target) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="revision 9999, written by a newer dossier"):
        open_store(store_target)


# -- listing and finding -------------------------------------------------------------------


@pytest.mark.usefixtures("ticking_clock")
def test_list_documents_newest_first_with_limit_and_offset(
    store: Store, make_extraction: MakeExtraction
) -> None:
    added = [make_extraction(f"Article number {i}.") for i in range(4)]
    for extraction in added:
        store.add(extraction)
    newest_first = [e.document for e in reversed(added)]
    assert store.list_documents() == newest_first
    assert store.list_documents(limit=2) == newest_first[:2]
    assert store.list_documents(limit=2, offset=3) == newest_first[3:]
    assert store.list_documents(limit=0) == []
    assert newest_first[0].text == "Article number 3."
    with pytest.raises(ValueError):
        store.list_documents(limit=-1)


def test_find_document_by_unique_prefix(store: Store, make_extraction: MakeExtraction) -> None:
    store.add(with_id(make_extraction("One."), "abc111"))
    store.add(with_id(make_extraction("Two."), "abd222"))
    store.add(with_id(make_extraction("Three."), "abd2"))
    assert store.find_document("abc").id == "abc111"
    assert store.find_document("abc111").id == "abc111"
    assert store.find_document(" abd22 ").id == "abd222"
    assert store.find_document("abd2").id == "abd2"  # an exact id wins over longer ones
    with pytest.raises(StoreError, match="ambiguous") as caught:
        store.find_document("ab")
    assert not isinstance(caught.value, NotFoundError)
    with pytest.raises(NotFoundError):
        store.find_document("zzz")
    with pytest.raises(NotFoundError):
        store.find_document("ab_")  # LIKE wildcards are taken literally
    with pytest.raises(NotFoundError):
        store.find_document("%")
    with pytest.raises(StoreError):
        store.find_document("")


# -- lifetime and errors -------------------------------------------------------------------


def test_a_closed_store_raises_store_error(store_target: str) -> None:
    store = open_store(store_target)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.has("x")


def test_database_errors_never_escape_raw(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE duplicates"))
    with pytest.raises(StoreError) as caught:
        store.counts()
    assert type(caught.value) is StoreError
    assert isinstance(caught.value.__cause__, Exception)


def test_unreachable_postgres_is_a_store_error_without_the_password() -> None:
    target = "postgresql://someone:s3cret@127.0.0.1:1/news"
    with pytest.raises(StoreError) as caught:
        open_store(target)
    message = str(caught.value)
    assert "127.0.0.1:1" in message
    assert "s3cret" not in message


def test_unusable_paths_are_store_errors(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="a-file"):
        open_store(blocker / "sub" / "dossier.db")
    with pytest.raises(StoreError, match=re.escape(tmp_path.name)):
        open_store(tmp_path)  # a folder, not a database file
    junk = tmp_path / "junk.db"
    junk.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match=r"junk\.db"):
        open_store(junk)


def test_default_target_is_env_then_dossier_db_in_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOSSIER_DB", raising=False)
    with open_store(None) as store:
        assert Path(store.source).resolve() == (tmp_path / "dossier.db").resolve()
    assert (tmp_path / "dossier.db").is_file()
    elsewhere = tmp_path / "from-env" / "deep" / "news.db"
    monkeypatch.setenv("DOSSIER_DB", str(elsewhere))
    with open_store() as store:
        assert store.source == str(elsewhere)
    assert elsewhere.is_file()
    monkeypatch.setenv("DOSSIER_DB", f"sqlite:///{tmp_path / 'url.db'}")
    with open_store() as store:
        store.counts()
    assert (tmp_path / "url.db").is_file()


def test_targets_resolve_to_urls(tmp_path: Path) -> None:
    assert resolve_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgresql://u@h:5433/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgresql+psycopg2://u@h/db").drivername == "postgresql+psycopg2"
    assert resolve_url(tmp_path / "x.db").database == str(tmp_path / "x.db")
    assert resolve_url("rel/x.db").database == str(Path.cwd() / "rel" / "x.db")
    assert resolve_url(None, environ={}).database == str(Path.cwd() / "dossier.db")
    assert resolve_url(None, environ={"DOSSIER_DB": "sqlite://"}).database is None


def test_in_memory_sqlite_works(make_extraction: MakeExtraction) -> None:
    extraction = make_extraction()
    with open_store("sqlite://") as store:
        assert store.add(extraction)
        assert store.get(extraction.document.id) == extraction


# -- SQLite specifics ----------------------------------------------------------------------


def test_sqlite_connections_get_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    with (
        open_store(tmp_path / "s.db", busy_timeout=2.5) as store,
        store.engine.connect() as one,
        store.engine.connect() as two,
    ):
        for conn in (one, two):
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500


def test_sqlite_locked_by_another_writer_raises_store_locked(
    tmp_path: Path, make_extraction: MakeExtraction
) -> None:
    path = tmp_path / "locked.db"
    extraction = make_extraction()
    with open_store(path, busy_timeout=0.2) as store:
        other = sqlite3.connect(path, isolation_level=None, timeout=0)
        other.execute("BEGIN EXCLUSIVE")
        try:
            started = time.monotonic()
            with pytest.raises(StoreLockedError, match="locked"):
                store.add(extraction)
            assert time.monotonic() - started < 5
            assert store.has(extraction.document.id) is False  # WAL: readers still read
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.add(extraction) is True


def test_sqlite_full_raises_store_full(tmp_path: Path, make_extraction: MakeExtraction) -> None:
    with open_store(tmp_path / "full.db") as store:

        @event.listens_for(store.engine, "connect")
        def _cap_size(dbapi_connection: Any, _record: Any) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        store.engine.dispose()
        big = make_extraction("word " * 100_000)
        with pytest.raises(StoreFullError):
            store.add(big)
        assert store.has(big.document.id) is False
