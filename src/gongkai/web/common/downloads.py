"""Downloads: a stored file under its own name, and large files written as they are read (the open-data files of
the catalogue and of the annual reports)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

__all__ = [
    "DOCUMENT_TYPES",
    "REPORT_TYPES",
    "csv_chunks",
    "document_response",
    "file_response",
    "open_data_response",
    "report_file_response",
]

# The formats a notice is downloaded in, and their media types.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# The formats annual reports are stored in (rendered, or the file an imported report was read from).
REPORT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "mhtml": "multipart/related",
}
# A report page may come from elsewhere (an imported portal page): shown, it may run and fetch nothing.
REPORT_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def report_file_response(content: bytes, *, fmt: str, name: str) -> HttpResponse:
    """A stored report file under its own name: HTML (under `REPORT_PAGE_POLICY`) and PDF shown in the browser,
    the others saved."""
    response = HttpResponse(content, content_type=REPORT_TYPES.get(fmt, "application/octet-stream"))
    disposition = "inline" if fmt in {"html", "pdf"} else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name, safe='')}"
    if fmt == "html":
        response["Content-Security-Policy"] = REPORT_PAGE_POLICY
    return response


def file_response(
    handle: IO[bytes], *, content_type: str, filename: str, inline: bool = False
) -> FileResponse:
    """A stored file sent under `filename` (any characters: RFC 5987 encoding), shown in the browser or saved."""
    response = FileResponse(handle, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename, safe='')}"
    return response


def document_response(*, fmt: str, pdf: FieldFile, docx: FieldFile, name: str) -> FileResponse:
    """A generated document in the format asked for (a key of DOCUMENT_TYPES): the PDF shown in the browser, the
    DOCX saved, as `name`.pdf / `name`.docx."""
    field = pdf if fmt == "pdf" else docx
    return file_response(
        field.open("rb"), content_type=DOCUMENT_TYPES[fmt], filename=f"{name}.{fmt}", inline=fmt == "pdf"
    )


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
