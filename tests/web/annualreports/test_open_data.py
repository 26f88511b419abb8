"""Open data: every published report's cells in one JSON and one CSV file, with stable ids, the same values as
each report's own JSON, amounts exact, drafts and other governments' reports left out."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.test import Client, override_settings

from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.web.annualreports import services
from gongkai.web.supervision.services import import_batch
from tests.web.annualreports.test_workflow import TODAY, YEAR, fill_in, published
from tests.web.conftest import Staff, Tree
from tests.web.supervision.test_imports import batch_files


def _body(client: Client, url: str) -> bytes:
    """A download's whole body (the files are streamed), after checking what every download carries."""
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("text/csv" if url.endswith(".csv") else "application/json")
    return b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Downloads are rate-limited per client (20/h); each test starts with no count."""
    cache.clear()


def test_the_published_reports_and_only_they_are_in_the_open_data(
    client: Client, tree: Tree, staff: Staff
) -> None:
    empty = json.loads(_body(client, "/annual-reports/data.json"))
    assert (empty["schema"], empty["count"], empty["reports"]) == ("gongkai.annual-reports.v1", 0, [])
    version = published(tree, staff)
    services.report_create(agency=tree.bureau, year=YEAR - 1, by=staff.officer, today=TODAY)  # a draft
    data = json.loads(_body(client, "/annual-reports/data.json"))
    assert data["count"] == 1
    [report] = data["reports"]
    assert report["id"] == f"WZSP-{YEAR}"
    assert report["agency"] == {"code": "WZSP", "name": tree.bureau.name, "parent": tree.city.code}
    assert (report["year"], report["template"], report["version"]) == (YEAR, "2021", 1)
    assert report["published_on"] == TODAY.isoformat()
    assert list(report["cells"]) == list(TEMPLATE_2021.cell_ids)
    own = json.loads(client.get(report["links"]["json"].removeprefix("http://testserver")).content)
    assert report["cells"] == own["cells"]
    assert report["links"]["page"].endswith(f"/annual-reports/WZSP/{YEAR}/")
    assert version.number == 1


def test_the_csv_has_one_row_per_cell_and_amounts_stay_exact(
    client: Client, tree: Tree, staff: Staff
) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    version = fill_in(version, staff.officer)
    manual: dict[str, int | Decimal | None] = dict.fromkeys(services.editable_cells(version), 0)
    manual["t2.fees.amount"] = Decimal("0.85")
    version = services.report_edit(
        version=version, by=staff.officer, sections=version.sections, manual=manual
    )
    assert services.report_check(version=version, by=staff.officer).passed
    version = services.report_approve(version=version, by=staff.approver, on=TODAY)
    services.report_publish(version=version, by=staff.approver, on=TODAY)
    rows = list(csv.DictReader(io.StringIO(_body(client, "/annual-reports/data.csv").decode("utf-8-sig"))))
    assert len(rows) == len(TEMPLATE_2021.cell_ids)
    by_cell = {row["cell_id"]: row for row in rows}
    assert by_cell["t2.fees.amount"]["value"] == "0.85"
    assert by_cell["t3.new.total"]["value"] == "0"
    assert {row["report_id"] for row in rows} == {f"WZSP-{YEAR}"}
    data = json.loads(_body(client, "/annual-reports/data.json"))
    assert data["reports"][0]["cells"]["t2.fees.amount"] == "0.85"  # a decimal string, never a float
    assert client.get("/annual-reports/data.xml").status_code == 404


def test_a_corrected_report_shows_its_newest_published_version(
    client: Client, tree: Tree, staff: Staff
) -> None:
    first = published(tree, staff)
    second = services.report_correct(report=first.report, by=staff.officer, note="第五部分补充改进措施。")
    assert json.loads(_body(client, "/annual-reports/data.json"))["reports"][0]["version"] == 1
    sections = {**second.sections, "problems": [*second.sections["problems"], "上述措施于年底前完成。"]}
    second = services.report_edit(version=second, by=staff.officer, sections=sections)
    assert services.report_check(version=second, by=staff.officer).passed
    second = services.report_approve(version=second, by=staff.approver, on=TODAY)
    services.report_publish(version=second, by=staff.approver, on=TODAY)
    data = json.loads(_body(client, "/annual-reports/data.json"))
    assert [(r["id"], r["version"]) for r in data["reports"]] == [(f"WZSP-{YEAR}", 2)]


def test_imported_reports_only_of_platform_agencies_and_marked(
    client: Client, tree: Tree, staff: Staff
) -> None:
    # The Wuzhong bureau's 2021 report names a platform agency; the Huai'an one does not.
    import_batch(under=tree.city, files=batch_files()[:2], by=staff.supervisor, on=TODAY)
    reports = json.loads(_body(client, "/annual-reports/data.json"))["reports"]
    assert [(r["id"], r["source"]) for r in reports] == [("WZSP-2021", "imported")]
    assert reports[0]["cells"]["t4.reconsideration.total"] is None  # blank in the agency's file: blank here


@override_settings(GONGKAI_RATE_LIMITS={"open_data": "1/h"})
def test_downloads_are_rate_limited(client: Client, db: None) -> None:
    assert [client.get(f"/annual-reports/data.{fmt}").status_code for fmt in ("json", "csv")] == [200, 429]
