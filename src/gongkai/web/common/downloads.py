"""Writing large downloads as they are read: the open-data files of the catalogue and of the annual reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

__all__ = ["csv_chunks", "open_data_response"]


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


def open_data_response(chunks: Iterator[bytes], *, content_type: str, filename: str) -> StreamingHttpResponse:
    """A streamed open-data file: a download any site's scripts may read (CORS), cacheable for ten minutes."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
