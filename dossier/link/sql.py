"""SQL helpers shared by the link stages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy import text as sql_text

from dossier.store.engine import BEGIN_OPTION

_SQLITE_CACHE_KB = 65536
_PG_LOCK_KEY = 0x6C696E6B  # "link"
_CHUNK = 500  # values per SQL ``IN (...)``: below every engine's parameter limit


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that takes SQLite's write lock from its start (BEGIN IMMEDIATE)."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # The bucket index outgrows SQLite's default 2 MB page cache at a few thousand
            # articles; 64 MB keeps lookups in memory (this connection only).
            conn.exec_driver_sql(f"PRAGMA cache_size = -{_SQLITE_CACHE_KB}")
            conn.commit()
        conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                # One linker at a time, like SQLite's write lock (released at commit).
                conn.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            yield conn


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    """``items`` in chunks small enough for one SQL ``IN (...)``."""
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]
