"""The Spark schemas of the Parquet datasets, one per record type, and the rows that fill them.

Each schema is derived from the record's pydantic model (``dossier.model``), so it follows the
record model: scalar fields become columns of the matching Spark type, nested objects become
*structs* (``Entity.geo``, ``Claim.source``, ``Event.trigger`` ...) and lists become arrays
(``Entity.mentions``: an array of structs; ``Claim.figures``: an array of strings). The
per-document record types add ``document_id`` and ``seq`` (the record's position in its
extraction, which :meth:`dossier.store.Store.get` orders by); every type adds
``published_month`` (``YYYY-MM``, ``unknown`` when undated), the partition column.

Nothing here imports pyspark at module level: the types are built when first asked for.
"""

from __future__ import annotations

import logging
import types
import typing
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from dossier.model import Claim, Document, Entity, Event, Extraction, Figure, Record, Timex

logger = logging.getLogger(__name__)

UNKNOWN_MONTH = "unknown"
PARTITION = "published_month"

DATASETS: dict[str, type[Record]] = {
    "documents": Document,
    "entities": Entity,
    "timexes": Timex,
    "figures": Figure,
    "claims": Claim,
    "events": Event,
}
"""Dataset name (a sub-folder of the output) -> its record type; the name is also the
:class:`~dossier.model.Extraction` field that holds the records (``documents`` excepted)."""
PARTS = tuple(name for name in DATASETS if name != "documents")

ERRORS = "errors"
"""The dataset of articles that gave no records: ``source`` and ``reason``."""


def published_month(published: str | None) -> str:
    """The partition value of a publication date.

    >>> published_month("1987-03-26"), published_month(None), published_month("")
    ('1987-03', 'unknown', 'unknown')
    """
    return published[:7] if published and len(published) >= 7 else UNKNOWN_MONTH


def _optional(annotation: Any) -> Any:
    """``X`` for ``X | None`` (and ``Optional[X]``); other annotations unchanged."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def spark_type(annotation: Any):
    """The Spark type of a pydantic field annotation.

    >>> spark_type(int | None).simpleString(), spark_type(list[str]).simpleString()
    ('bigint', 'array<string>')
    >>> spark_type(Literal["a", "b"]).simpleString()
    'string'
    """
    from pyspark.sql import types as T

    annotation = _optional(annotation)
    origin = get_origin(annotation)
    if origin is Literal:
        return T.StringType()
    if origin is list:
        (item,) = get_args(annotation)
        return T.ArrayType(spark_type(item), containsNull=True)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_struct(annotation)
    simple = {str: T.StringType, int: T.LongType, float: T.DoubleType, bool: T.BooleanType}
    if annotation in simple:
        return simple[annotation]()
    raise TypeError(f"no Spark type for {annotation!r}")


def model_struct(model: type[BaseModel]):
    """The struct of a record's fields, in the model's field order.

    >>> [f.name for f in model_struct(Timex).fields]
    ['id', 'start', 'end', 'text', 'type', 'value']
    """
    from pyspark.sql import types as T

    return T.StructType(
        [
            T.StructField(name, spark_type(info.annotation), nullable=True)
            for name, info in model.model_fields.items()
        ]
    )


def dataset_schema(name: str):
    """The explicit schema of one dataset: the record's struct plus the store-side columns.

    >>> [f.name for f in dataset_schema("timexes").fields][:3]
    ['document_id', 'seq', 'id']
    >>> dataset_schema("documents").fields[-1].name
    'published_month'
    """
    from pyspark.sql import types as T

    record = model_struct(DATASETS[name])
    head = (
        []
        if name == "documents"
        else [
            T.StructField("document_id", T.StringType(), nullable=False),
            T.StructField("seq", T.IntegerType(), nullable=False),
        ]
    )
    tail = [T.StructField(PARTITION, T.StringType(), nullable=False)]
    return T.StructType(head + record.fields + tail)


def errors_schema():
    """``source`` and ``reason`` of each article that gave no records."""
    from pyspark.sql import types as T

    return T.StructType(
        [
            T.StructField("source", T.StringType(), nullable=False),
            T.StructField("reason", T.StringType(), nullable=False),
        ]
    )


def extraction_rows(extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Dataset name -> the rows of one extraction (plain dicts in the schemas' shape).

    >>> doc = Document(id="d1", text="It rained.", published="2026-03-10")
    >>> tmx = Timex(id="t1", start=0, end=2, text="It", type="DATE", value="2026")
    >>> rows = extraction_rows(Extraction(document=doc, timexes=[tmx]))
    >>> rows["timexes"][0]["document_id"], rows["timexes"][0]["seq"], rows["documents"][0]["id"]
    ('d1', 0, 'd1')
    >>> rows["timexes"][0]["published_month"], rows["events"]
    ('2026-03', [])
    """
    document = extraction.document
    month = published_month(document.published)
    rows: dict[str, list[dict[str, Any]]] = {
        "documents": [{**document.model_dump(), PARTITION: month}]
    }
    for name in PARTS:
        rows[name] = [
            {"document_id": document.id, "seq": seq, **record.model_dump(), PARTITION: month}
            for seq, record in enumerate(getattr(extraction, name))
        ]
    return rows


def extraction_from_rows(document: dict[str, Any], parts: dict[str, list[dict[str, Any]]]):
    """The :class:`~dossier.model.Extraction` that :func:`extraction_rows` wrote (rows read
    back from Parquet, in any order; store-side columns are dropped).

    >>> doc = Document(id="d1", text="It rained.")
    >>> tmx = Timex(id="t1", start=0, end=2, text="It", type="DATE")
    >>> rows = extraction_rows(Extraction(document=doc, timexes=[tmx]))
    >>> back = extraction_from_rows(rows["documents"][0], rows)
    >>> back == Extraction(document=doc, timexes=[tmx])
    True
    """
    fields = {
        name: [_record(row) for row in sorted(parts.get(name, []), key=lambda r: r["seq"])]
        for name in PARTS
    }
    return Extraction.model_validate({"document": _record(document), **fields})


def _record(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("document_id", "seq", PARTITION)}
