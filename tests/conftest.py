"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from spacy.language import Language
from sqlalchemy import make_url

from dossier.nlp import build_pipeline
from dossier.store import Store, open_store

ADMIN_URL_ENV = "DOSSIER_TEST_POSTGRES"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REQUIRE_ENV = "DOSSIER_REQUIRE_POSTGRES"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """dossier's spaCy pipeline (the default model), loaded once for the test session.

    Tests that change it (``max_length``, a patched component) must restore it, e.g. with
    ``monkeypatch``.
    """
    return build_pipeline()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped after the test."""
    required = os.environ.get(REQUIRE_ENV) == "1"
    admin = os.environ.get(ADMIN_URL_ENV, DEFAULT_ADMIN_URL)
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a dev dependency
        _unavailable(required, f"psycopg is not installed: {exc}")
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        _unavailable(required, f"no PostgreSQL at {make_url(admin)!s}: {exc}")
    name = f"dossier_test_{uuid.uuid4().hex[:12]}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _unavailable(required: bool, reason: str) -> NoReturn:
    if required:
        pytest.fail(f"{reason} (and {REQUIRE_ENV}=1)")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A target for :func:`open_store`: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store" / "dossier.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    """An open, empty store on each backend."""
    with open_store(store_target) as opened:
        yield opened
