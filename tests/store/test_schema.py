"""The tables and the generic record <-> row mapping."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from dossier.model import (
    RECORD_TYPES,
    Duplicate,
    Entity,
    Extraction,
    Geo,
    Ledger,
    LedgerEntry,
    Report,
    Story,
)
from dossier.store.schema import (
    DATA_TABLES,
    ENTITIES,
    EVENTS,
    EXTRACTION_PARTS,
    RECORD_MAPS,
    RecordMap,
    metadata,
)

MakeExtraction = Callable[..., Extraction]

CROSS_DOCUMENT = [
    Story(
        id="sty_1",
        plover="MOVE",
        time="2024-03-03",
        place="ent_x",
        reports=[
            Report(document="d1", event="evt_1", outlet="A", published="2024-03-03"),
            Report(document="d2", event="evt_9", sentence="Troops crossed."),
        ],
    ),
    Ledger(
        id="led_1",
        subject="troops",
        unit="troops",
        measure="count",
        entries=[
            LedgerEntry(figure="fig_1", document="d1", low=1000.0, high=1200.5),
            LedgerEntry(figure="fig_2", document="d2", qualifier="at_least", modality="denied"),
        ],
        contested=True,
    ),
    Duplicate(document="d2", original="d1", similarity=0.9731),
]


def test_every_record_type_has_a_map() -> None:
    assert set(RECORD_MAPS) == set(RECORD_TYPES) - {"extraction"}
    for name, rmap in RECORD_MAPS.items():
        assert rmap.model is RECORD_TYPES[name]
    assert set(EXTRACTION_PARTS) == set(Extraction.model_fields) - {"document"}
    assert {t.name for t in DATA_TABLES} | {"meta"} == set(metadata.tables)


@pytest.mark.parametrize("name", sorted(RECORD_MAPS))
def test_every_model_field_is_stored(name: str) -> None:
    rmap = RECORD_MAPS[name]
    stored = {path[0] for path in rmap.paths.values()}
    assert stored == set(rmap.model.model_fields)


def test_queried_columns_are_indexed() -> None:
    wanted = {
        "documents": {"published"},
        "entities": {"document_id", "code"},
        "timexes": {"document_id"},
        "figures": {"document_id"},
        "claims": {"document_id", "modality"},
        "events": {
            "document_id",
            "plover",
            "cameo",
            "actor1_code",
            "actor2_code",
            "time",
            "modality",
        },
    }
    for table, columns in wanted.items():
        indexed = {c.name for index in metadata.tables[table].indexes for c in index.columns}
        assert columns <= indexed, table


def test_record_ids_are_primary_keys() -> None:
    for name, rmap in RECORD_MAPS.items():
        keys = [c.name for c in rmap.table.primary_key.columns]
        expected = ["document_id", "original_id"] if name == "duplicate" else ["id"]
        assert keys == expected


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_ddl_compiles_for_both_backends(dialect: object) -> None:
    for table in metadata.sorted_tables:
        assert str(CreateTable(table).compile(dialect=dialect))
        for index in table.indexes:
            assert str(CreateIndex(index).compile(dialect=dialect))


def test_create_all_is_idempotent() -> None:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    metadata.create_all(engine)
    assert set(inspect(engine).get_table_names()) == set(metadata.tables)


def test_rows_round_trip_without_a_database(make_extraction: MakeExtraction) -> None:
    extraction = make_extraction()
    records = [
        (RECORD_MAPS["document"], extraction.document),
        *[(rmap, r) for name, rmap in EXTRACTION_PARTS.items() for r in getattr(extraction, name)],
        *[(_map_of(r), r) for r in CROSS_DOCUMENT],
    ]
    for rmap, record in records:
        owned = {"document_id": "d", "seq": 0} if "seq" in rmap.table.c else {}
        assert rmap.from_row(rmap.to_row(record, **owned)) == record


def test_flattened_and_derived_columns(make_extraction: MakeExtraction) -> None:
    extraction = make_extraction()
    moscow = next(e for e in extraction.entities if e.geo is not None)
    row = ENTITIES.to_row(moscow)
    assert (row["lat"], row["lon"], row["geonames_id"]) == (55.75222, 37.61556, 524901)
    assert "geo" not in row
    no_geo = ENTITIES.to_row(Entity(id="e", name="X", kind="other"))
    assert (no_geo["lat"], no_geo["lon"], no_geo["geonames_id"]) == (None, None, None)
    assert ENTITIES.from_row(no_geo).geo is None
    # A Geo with no values carries nothing: it reads back as None.
    empty_geo = Entity(id="e", name="X", kind="other", geo=Geo())
    assert ENTITIES.from_row(ENTITIES.to_row(empty_geo)).geo is None

    event = extraction.events[0]
    row = EVENTS.to_row(event)
    assert row["actor1_code"] == "RUSMIL"
    assert row["actor2_code"] is None
    assert row["actor1"] == event.actor1.model_dump(mode="json")
    row["actor1_code"] = "IGNORED"  # derived columns are not read back
    assert EVENTS.from_row(row) == event
    bare = extraction.events[1]
    assert EVENTS.to_row(bare)["actor1_code"] is None


def test_to_row_refuses_another_record_type(make_extraction: MakeExtraction) -> None:
    with pytest.raises(TypeError):
        EVENTS.to_row(make_extraction().entities[0])


def test_store_owned_values_cannot_overwrite_record_fields() -> None:
    with pytest.raises(ValueError, match="document_id"):
        RECORD_MAPS["duplicate"].to_row(CROSS_DOCUMENT[2], document_id="other")


def test_a_map_must_name_real_columns() -> None:
    with pytest.raises(ValueError, match="nope"):
        RecordMap(Entity, ENTITIES.table, {"nope": ("name",)})


def test_cross_document_records_round_trip_through_sqlite() -> None:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        for record in CROSS_DOCUMENT:
            rmap = _map_of(record)
            conn.execute(insert(rmap.table), [rmap.to_row(record)])
    with engine.connect() as conn:
        for record in CROSS_DOCUMENT:
            rmap = _map_of(record)
            rows = conn.execute(select(rmap.table)).all()
            assert [rmap.from_row(r._mapping) for r in rows] == [record]


def _map_of(record: object) -> RecordMap:
    return next(m for m in RECORD_MAPS.values() if isinstance(record, m.model))
