"""Table 三 from the records, with every cell linked to its cases."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core.report.templates import get_template
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import visible_agencies
from gongkai.web.applications.selectors import agency_ids_for_report, table3_cell_applications
from gongkai.web.common.clock import today
from gongkai.web.common.params import object_param, year_param
from gongkai.web.reports.selectors import TEMPLATE, table3_report


def _agency(request: HttpRequest) -> Agency:
    agencies = visible_agencies(request.user)
    wanted = request.GET.get("agency")
    agency = object_param(agencies, wanted) or agencies.first()
    if agency is None:
        raise Http404
    return agency


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return year_param(raw) or today().year


@login_required
def table3(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    year = _year(request)
    result = table3_report(agency, year)
    block = get_template(TEMPLATE).table("t3").blocks[0]
    rows = [
        (
            row,
            [
                (column, f"t3.{row.id}.{column.id}", result.report.cells[f"t3.{row.id}.{column.id}"])
                for column in block.columns
            ],
        )
        for row in block.rows
    ]
    return render(
        request,
        "reports/table3.html",
        {
            "agency": agency,
            "agencies": visible_agencies(request.user),
            "year": year,
            "years": list(range(today().year, today().year - 8, -1)),
            "columns": block.columns,
            "rows": rows,
            "findings": result.findings,
        },
    )


@login_required
def table3_cell(request: HttpRequest, year: int, row: str, column: str) -> HttpResponse:
    agency = _agency(request)
    spec = get_template(TEMPLATE)
    cell_id = f"t3.{row}.{column}"
    if not spec.has_cell(cell_id):
        raise Http404
    cases = table3_cell_applications(
        agency_ids=agency_ids_for_report(agency), year=year, row=row, column=column
    )
    page = Paginator(cases, 100).get_page(request.GET.get("page"))
    # Each case's table 三 row by its label in the report ("（三）不予公开 / 1.属于国家秘密"), not its id.
    row_labels = {c.row.id: " / ".join((*c.row.path[1:], c.row.label)) for c in spec.table("t3").cells()}
    return render(
        request,
        "reports/cell.html",
        {
            "agency": agency,
            "year": year,
            "cell": spec.cell(cell_id),
            "page": page,
            "count": cases.count(),
            "row_labels": row_labels,
        },
    )
