"""Inserting many documents at once without building model instances.

Document is a ClusterableModel: constructing one costs about a millisecond (modelcluster walks
the model's relations each time), and StreamField re-serialises the raw JSON block by block.
A harvest page of 100 new records spent most of its time there, so new records are written
here with one multi-row INSERT … RETURNING (SQLite ≥ 3.35, PostgreSQL). Callers pass values
already normalised (NFC) and complete; this is a write path, not a validation layer.
"""

import json
from datetime import datetime

from django.db import connection

from .models import Document, DocumentText
from .vocabulary import new_local_id

COLUMNS = (
    "local_id",
    "datestamp",
    "status",
    "status_reason",
    "title",
    "title_lang",
    "date",
    "year",
    "doc_type",
    "language",
    "metadata",
    "origin_identifier",
    "origin_datestamp",
    "created_at",
    "source_id",
)


def _when(value: datetime | None):
    return connection.ops.adapt_datetimefield_value(value) if value else None


def insert_documents(rows: list[dict]) -> list[int]:
    """Insert documents given as {column: value} (local_id and status may be left out);
    returns their ids in the same order."""
    if not rows:
        return []
    json_slot = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    slots = "(" + ", ".join(json_slot if c == "metadata" else "%s" for c in COLUMNS) + ")"
    params: list = []
    for row in rows:
        metadata = [
            {**item, "id": item.get("id") or f"h{number}"}
            for number, item in enumerate(row["metadata"])
        ]
        values = {
            **row,
            "local_id": row.get("local_id") or new_local_id(),
            "status": row.get("status", Document.Status.ACTIVE),
            "status_reason": row.get("status_reason", ""),
            "metadata": json.dumps(metadata, ensure_ascii=False),
            "datestamp": _when(row["datestamp"]),
            "created_at": _when(row["created_at"]),
            "origin_datestamp": _when(row.get("origin_datestamp")),
        }
        params += [values[c] for c in COLUMNS]
    table = connection.ops.quote_name(Document._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([slots] * len(rows))} RETURNING id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
        text_table = connection.ops.quote_name(DocumentText._meta.db_table)
        cursor.executemany(
            f"INSERT INTO {text_table} (document_id, text, status, reason, extractor, encodings,"  # noqa: S608
            " converted, updated_at) VALUES (%s, '', 'pending', '', '', '', 0, %s)",
            [(pk, _when(rows[0]["created_at"])) for pk in ids],
        )
    return ids
