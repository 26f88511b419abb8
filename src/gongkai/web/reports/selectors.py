"""Table 三 of the annual report from the records, as a `Report` checked by the report engine's rules."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.report.model import Finding, Report
from gongkai.core.report.rules import validate
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.selectors import agency_ids_for_report, table3_counts

__all__ = ["Table3", "table3_report"]

TEMPLATE = "2021"


@dataclass(frozen=True)
class Table3:
    report: Report
    previous: Report
    findings: tuple[Finding, ...]


def _report(agency: Agency, year: int) -> Report:
    cells = table3_counts(agency_ids=agency_ids_for_report(agency), year=year, template=TEMPLATE)
    return Report(template=TEMPLATE, agency=agency.name, year=year, cells=cells)


def table3_report(agency: Agency, year: int) -> Table3:
    """The year's table 三 (other tables blank) and the rules' findings about table 三, including the carry-over
    from last year's table computed the same way."""
    report = _report(agency, year)
    previous = _report(agency, year - 1)
    findings = tuple(
        f
        for f in validate(report, previous=previous)
        if f.cells and all(c.startswith("t3.") for c in f.cells)
    )
    return Table3(report=report, previous=previous, findings=findings)
