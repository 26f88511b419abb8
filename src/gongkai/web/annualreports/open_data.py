"""Open data: every annual report published on the platform, in one file, for researchers and other systems.

`/annual-reports/data.json` — one object per report (its current published version) with the agency, the year,
the template, the version, the publication date, links and every cell; `/annual-reports/data.csv` — the same cells
in long form, one row per report and cell. Identifiers are stable: a report is `AGENCYCODE-YEAR`, a cell is the
spec's cell id (`t3.partial.natural`), an agency its code. A blank cell is `null` in JSON and an empty field in
CSV, never 0; amounts (万元) are decimal strings in JSON, as in each report's own JSON. A corrected report shows
its newest published version; the earlier ones stay on the report's page. A platform agency's report published
before it joined and imported from its file is included, marked `"source": "imported"`; reports of agencies not on
the platform (imported for supervision) are not: they are not published here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from gongkai.core.report.render.json_renderer import to_dict
from gongkai.core.report.workflow import VersionStatus
from gongkai.web.annualreports.models import ReportVersion
from gongkai.web.annualreports.selectors import version_report

__all__ = ["SCHEMA", "OpenReport", "open_data_csv", "open_data_json", "open_reports"]

SCHEMA = "gongkai.annual-reports.v1"
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


def open_reports() -> list[OpenReport]:
    """The current published version of every report an agency on the platform published, by agency and year."""
    versions = (
        ReportVersion.objects.filter(status=VersionStatus.PUBLISHED.value, report__external=False)
        .select_related("report__agency__parent")
        .order_by("report__agency__path", "report__year", "-number")
    )
    reports: list[OpenReport] = []
    seen: set[int] = set()
    for version in versions:
        if version.report_id in seen:
            continue
        seen.add(version.report_id)
        agency = version.report.agency
        reports.append(
            OpenReport(
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
        )
    return reports


def open_data_json(reports: list[OpenReport], *, links: dict[str, dict[str, str]], today: dt.date) -> bytes:
    """The JSON file; `links[report.id]` holds the report's page and its own files (absolute URLs)."""
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "generated_on": today.isoformat(),
        "count": len(reports),
        "reports": [
            {
                "id": report.id,
                "agency": {"code": report.agency_code, "name": report.agency, "parent": report.parent_code},
                "year": report.year,
                "template": report.template,
                "version": report.version,
                "published_on": report.published_on.isoformat() if report.published_on else None,
                "source": report.source,
                "links": links.get(report.id, {}),
                "cells": report.cells,
            }
            for report in reports
        ],
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def open_data_csv(reports: list[OpenReport]) -> bytes:
    """The CSV file: UTF-8 with a byte order mark, so that Excel shows the Chinese names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for report in reports:
        published = report.published_on.isoformat() if report.published_on else ""
        for cell_id, value in report.cells.items():
            writer.writerow(
                (
                    report.id,
                    report.agency_code,
                    report.agency,
                    report.year,
                    report.template,
                    report.version,
                    published,
                    report.source,
                    cell_id,
                    "" if value is None else value,
                )
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
