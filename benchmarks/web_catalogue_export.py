"""The catalogue's open-data download (`/catalogue/data.csv`, `gongkai.web.catalogue.open_data`) over a large
register, on SQLite and on PostgreSQL, timed beside the bare SQL it rests on.

    .venv/bin/python -m benchmarks.web_catalogue_export [--items N] [--backend sqlite|postgres|both]

The items are those of `benchmarks.web_catalogue_search` (its generated corpus of N items over 2 000 agencies),
loaded into a database of this benchmark's own (var/bench/catalogue-export.sqlite3; PostgreSQL
`gongkai_bench_catalogue_export`), so that the search benchmark's million-item databases are left alone.

Measured: the whole CSV as the view streams it — `catalogue_records` (items read in chunks as plain rows, each
chunk's channels and document histories by one query each, validity computed) through `csv_chunks` — in items
per second, and the peak memory the stream allocates (tracemalloc, in a second, untimed pass), which must not grow
with the register. Baseline: the bare SQL — one SELECT of the same columns of every public item in the same order,
fetched in batches and written with the same csv writer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import tracemalloc

from benchmarks._web import BENCH_DIR, ensure_postgres_database, main_per_backend, postgres_url, setup_django

__all__ = ["main"]

POSTGRES_DB = "gongkai_bench_catalogue_export"


def _child(backend: str, count: int) -> None:
    url = (
        f"sqlite:///{BENCH_DIR / 'catalogue-export.sqlite3'}"
        if backend == "sqlite"
        else postgres_url(POSTGRES_DB)
    )
    if backend == "postgres" and not ensure_postgres_database(POSTGRES_DB):
        return
    setup_django(url)
    from benchmarks.web_catalogue_search import _load

    _load(count)
    from django.db import connection

    from gongkai.web.catalogue.open_data import Filters, catalogue_records, csv_chunks

    def stream() -> int:
        records = catalogue_records(
            Filters(), today=dt.date(2026, 11, 27), item_url="https://example.org/{code}/{pk}/"
        )
        return sum(len(chunk) for chunk in csv_chunks(records))

    started = time.perf_counter()
    size = stream()
    streamed = time.perf_counter() - started
    # Memory in a second pass: tracemalloc slows every allocation down, so it must not run while timing.
    tracemalloc.start()
    stream()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    quote = connection.ops.quote_name
    started = time.perf_counter()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.index_number, a.code, a.name, i.title, i.doc_number, i.issuing_agency, i.category, "
            "i.formed_on, i.published_on, i.published_late, i.document_kind "
            f"FROM {quote('disclosure_registeritem')} i JOIN {quote('agencies_agency')} a ON a.id = i.agency_id "
            "WHERE i.state = 'published' AND i.attribute = 'proactive' ORDER BY a.path, i.published_on, i.id"
        )
        while batch := cursor.fetchmany(2000):
            writer.writerows(batch)
            rows += len(batch)
            buffer.seek(0)
            buffer.truncate()
    bare = time.perf_counter() - started
    print(f"{backend:<9} {count:,} items")
    print(
        f"  open-data CSV (streamed)   {count / streamed:10,.0f} items/s   {streamed:6.2f} s   "
        f"{size / 1e6:7.1f} MB written   peak memory {peak / 1e6:5.1f} MB"
    )
    print(
        f"  baseline: bare SELECT+csv  {rows / bare:10,.0f} items/s   {bare:6.2f} s   "
        f"(the open-data stream takes {streamed / bare:.1f}× as long)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    main_per_backend(
        argv,
        module="benchmarks.web_catalogue_export",
        description=__doc__,
        size_option="items",
        default_size=100_000,
        heading=lambda size: f"Catalogue open-data download of {size:,} published items",
        child=_child,
    )


if __name__ == "__main__":
    main()
