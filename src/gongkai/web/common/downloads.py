"""Writing large downloads as they are read: the open-data files of the catalogue and of the annual reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = ["csv_chunks"]


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, rows_per_chunk: int = 1000
) -> Iterator[bytes]:
    """A CSV file in chunks of `rows_per_chunk` rows, for a streamed response: UTF-8 with a byte order mark (so that
    Excel shows Chinese), CRLF line ends, None written as an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")
