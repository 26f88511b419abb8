"""Open data: every annual report published on the platform, in one file, for researchers and other systems.

`/annual-reports/data.json` — one object per report (its current published version) with the agency, the year,
the template, the version, the publication date, links and every cell; `/annual-reports/data.csv` — the same cells
in long form, one row per report and cell. Identifiers are stable: a report is `AGENCYCODE-YEAR`, a cell is the
spec's cell id (`t3.partial.natural`), an agency its code. A blank cell is `null` in JSON and an empty field in
CSV, never 0; amounts (万元) are decimal strings in JSON, as in each report's own JSON. Both files are streamed, a
report at a time. A corrected report shows its newest published version; the earlier ones stay on the report's
page. A platform agency's report published before it joined and imported from its file is included, marked
`"source": "imported"`; reports of agencies not on the platform (imported for supervision) are not: they are not
published here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.core.report.render.json_renderer import to_dict
from gongkai.core.report.workflow import VersionStatus
from gongkai.web.annualreports.models import ReportVersion
from gongkai.web.annualreports.selectors import version_report
from gongkai.web.common import downloads

__all__ = ["SCHEMA", "OpenReport", "csv_chunks", "json_chunks", "open_reports", "open_reports_count"]

SCHEMA = "gongkai.annual-reports.v1"
_CHUNK = 500
CSV_COLUMNS = (
    "report_id",
    "agency_code",
    "agency",
    "year",
    "template",
    "version",
    "published_on",
    "source",
    "cell_id",
    "value",
)


@dataclass(frozen=True)
class OpenReport:
    id: str
    agency_code: str
    agency: str
    parent_code: str | None
    year: int
    template: str
    version: int
    published_on: dt.date | None
    # "platform": made here from the records; "imported": published elsewhere and read from the agency's file.
    source: str
    cells: dict[str, int | str | None]


def _published_versions() -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(status=VersionStatus.PUBLISHED.value, report__external=False)


def open_reports_count() -> int:
    return _published_versions().values("report_id").distinct().count()


def open_reports() -> Iterator[OpenReport]:
    """The current published version of every report an agency on the platform published, by agency and year,
    read `_CHUNK` versions at a time (a province's ten thousand reports never sit in memory at once)."""
    versions = (
        _published_versions()
        .select_related("report__agency__parent")
        .order_by("report__agency__path", "report__year", "-number")
    )
    seen: set[int] = set()
    for version in versions.iterator(chunk_size=_CHUNK):
        if version.report_id in seen:  # an older version still marked published: the newest one counts
            continue
        seen.add(version.report_id)
        agency = version.report.agency
        yield OpenReport(
            id=f"{agency.code}-{version.report.year}",
            agency_code=agency.code,
            agency=agency.name,
            parent_code=agency.parent.code if agency.parent else None,
            year=version.report.year,
            template=version.report.template,
            version=version.number,
            published_on=version.published_on,
            source=version.report.source,
            cells=to_dict(version_report(version))["cells"],
        )


def json_chunks(
    reports: Iterator[OpenReport],
    *,
    count: int,
    links: Callable[[OpenReport], dict[str, str]],
    today: dt.date,
) -> Iterator[bytes]:
    """The JSON file, written report by report; `links(report)` gives the report's page and its own JSON file
    (absolute URLs). `count` is stated up front so that a reader knows what to expect."""
    head = {"schema": SCHEMA, "generated_on": today.isoformat(), "count": count}
    yield (json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"reports":[').encode("utf-8")
    for index, report in enumerate(reports):
        record = {
            "id": report.id,
            "agency": {"code": report.agency_code, "name": report.agency, "parent": report.parent_code},
            "year": report.year,
            "template": report.template,
            "version": report.version,
            "published_on": report.published_on.isoformat() if report.published_on else None,
            "source": report.source,
            "links": links(report),
            "cells": report.cells,
        }
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        yield (text if index == 0 else "," + text).encode("utf-8")
    yield b"]}\n"


def csv_chunks(reports: Iterator[OpenReport]) -> Iterator[bytes]:
    """The CSV file (`common.downloads.csv_chunks`), one row per report and cell."""
    rows = (
        (
            report.id, report.agency_code, report.agency, report.year, report.template, report.version,
            report.published_on.isoformat() if report.published_on else "", report.source, cell_id, value,
        )
        for report in reports
        for cell_id, value in report.cells.items()
    )  # fmt: skip
    return downloads.csv_chunks(CSV_COLUMNS, rows)
