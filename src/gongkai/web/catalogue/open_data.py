"""Open data: the public catalogue (政府信息公开目录) as CSV or JSON Lines, streamed, for researchers and portals.

`/catalogue/data.csv` and `/catalogue/data.jsonl`, optionally `?agency=CODE` and `?year=YYYY` (year published).
One record per proactively published item: its 索引号 (the stable id), the agency's code and name, title, 文号,
issuing agency, the Art. 20 category (id and label), the dates formed and published, whether it was published
after the Art. 26 deadline, the channels, and for rules and normative documents their kind and validity on the
day of the download, and the URL of the item's page. A register can hold a million items, so the records are
read in chunks and written as they come: memory stays flat and the first bytes leave at once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection

from gongkai.core.disclosure import CATEGORIES, DocumentEventKind, document_validity
from gongkai.core.disclosure import DocumentEvent as CoreDocumentEvent
from gongkai.web.catalogue.selectors import public_items
from gongkai.web.common import downloads
from gongkai.web.disclosure.models import DocumentEvent, ItemChannel

__all__ = ["FIELDS", "Filters", "catalogue_records", "csv_chunks", "jsonl_chunks"]

FIELDS = (
    "index_number",
    "agency_code",
    "agency",
    "title",
    "doc_number",
    "issuing_agency",
    "category",
    "category_label",
    "formed_on",
    "published_on",
    "published_late",
    "channels",
    "document_kind",
    "validity",
    "url",
)
_CHUNK = 2000


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    year: int | None = None


# The item's columns the file shows, read as plain tuples: a model instance per item would cost more than the rest.
_COLUMNS = (
    "id", "index_number", "agency__code", "agency__name", "title", "doc_number", "issuing_agency", "category",
    "formed_on", "published_on", "published_late", "document_kind",
)  # fmt: skip


def _rows(filters: Filters) -> Iterator[tuple[Any, ...]]:
    items = public_items().order_by("agency__path", "published_on", "id")
    if filters.agency_id is not None:
        items = items.filter(agency_id=filters.agency_id)
    if filters.year is not None:
        items = items.filter(published_on__year=filters.year)
    return items.values_list(*_COLUMNS).iterator(chunk_size=_CHUNK)


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _channels(ids: list[int]) -> dict[int, list[str]]:
    """The channels of these items. Plain SQL: the ORM would prepare each of the chunk's ids as a parameter, which
    cost more than the query itself."""
    quote = connection.ops.quote_name
    table, item, channel = quote(ItemChannel._meta.db_table), quote("item_id"), quote("channel")
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {item}, {channel} FROM {table} WHERE {item} IN ({marks}) ORDER BY {item}, {channel}", ids
        )
        for item_id, name in cursor.fetchall():
            found[item_id].append(name)
    return found


def catalogue_records(filters: Filters, *, today: dt.date, item_url: str) -> Iterator[dict[str, Any]]:
    """One dict per public item (FIELDS), in the catalogue's order, `_CHUNK` items at a time, each chunk's channels
    and document histories in one query each. `item_url` is the absolute URL of an item's page with `{code}`
    and `{pk}` in place of the agency code and the item's key."""
    labels = {category.id: category.label for category in CATEGORIES.values()}
    for batch in _batches(_rows(filters)):
        channels = _channels([row[0] for row in batch])
        histories: dict[int, list[CoreDocumentEvent]] = defaultdict(list)
        documents = [row[0] for row in batch if row[-1]]  # rules and normative documents: few
        if documents:
            events = DocumentEvent.objects.filter(item_id__in=documents).order_by("on", "id")
            for item_id, kind, on, instrument in events.values_list("item_id", "kind", "on", "instrument"):
                histories[item_id].append(CoreDocumentEvent(DocumentEventKind(kind), on, instrument))
        for pk, index, code, agency, title, number, issuer, category, formed, published, late, kind in batch:
            validity = document_validity(histories[pk], today) if kind else None
            yield {
                "index_number": index,
                "agency_code": code,
                "agency": agency,
                "title": title,
                "doc_number": number,
                "issuing_agency": issuer,
                "category": category,
                "category_label": labels.get(category, category),
                "formed_on": formed.isoformat(),
                "published_on": published.isoformat() if published else None,
                "published_late": late,
                "channels": channels[pk],
                "document_kind": kind or None,
                "validity": validity.value if validity is not None else None,
                "url": item_url.format(code=code, pk=pk),
            }


def csv_chunks(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """The CSV file (`common.downloads.csv_chunks`): channels joined by `;`, booleans as 1/0, None as empty."""
    late, channels = FIELDS.index("published_late"), FIELDS.index("channels")

    def rows() -> Iterator[list[Any]]:
        for record in records:
            row = [record[name] for name in FIELDS]
            row[late] = 1 if row[late] else 0
            row[channels] = ";".join(row[channels])
            yield row

    return downloads.csv_chunks(FIELDS, rows(), rows_per_chunk=500)


def jsonl_chunks(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """JSON Lines: one JSON object per line, UTF-8, Chinese as is."""
    lines: list[str] = []
    for record in records:
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        if len(lines) == 500:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")
