"""The supervisor's dashboard: every agency of the subtree with its status, imported reports with their findings,
the sums with blanks marked, the charts; downloads of the sum parse back; nobody else sees any of it."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client

from gongkai.core.report import io
from gongkai.web.annualreports import selectors as reports
from gongkai.web.supervision.services import import_batch
from tests.web.conftest import Staff, Tree
from tests.web.supervision.test_imports import batch_files

ON = dt.date(2026, 2, 10)


@pytest.fixture
def imported(tree: Tree, staff: Staff) -> None:
    import_batch(under=tree.city, files=batch_files(), by=staff.supervisor, on=ON)


def page(client: Client, staff: Staff, url: str) -> str:
    client.force_login(staff.supervisor)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_subtree_with_statuses_imports_sums_and_charts(
    client: Client, tree: Tree, staff: Staff, imported: None, monkeypatch: Any
) -> None:
    html = page(client, staff, "/office/supervision/?agency=WZ&year=2024")
    # Every platform agency of the subtree, with its status on the clock's today (after 31 January 2025: late).
    for code in ("WZ", "WZSP", "WZZR"):
        assert f'data-agency="{code}"' in html
    assert re.search(r'data-agency="WZSP".*?data-status="late"', html, re.S)
    assert "淮安市人民政府" in html
    for name in ("吴忠市教育局", "吴忠市民政局", "吴忠市林业和草原局"):
        assert name in html
    assert 'id="table-t3"' in html
    total = reports.figures_sums(tree.city, [2024], name="x")[2024].aggregate
    cell = re.search(r'data-cell="t3\.new\.total"[^>]*>(\d+)', html)
    assert cell is not None
    assert int(cell.group(1)) == total.report["t3.new.total"]
    assert html.count("<svg") == 3
    assert 'role="img"' in html
    assert "查看数据表" in html


def test_the_sum_downloads_parse_back_to_the_same_cells(
    client: Client, tree: Tree, staff: Staff, imported: None
) -> None:
    client.force_login(staff.supervisor)
    total = reports.figures_sums(tree.city, [2024], name="x")[2024].aggregate
    for fmt in ("xlsx", "docx", "json", "html"):
        response = client.get(f"/office/supervision/totals/WZ/2024.{fmt}")
        assert response.status_code == 200
        parsed = io.parse_bytes(response.content, name=f"total.{fmt}").report
        assert dict(parsed.cells) == dict(total.report.cells), fmt


def test_an_imported_report_shows_its_findings_and_original(
    client: Client, tree: Tree, staff: Staff, imported: None
) -> None:
    from gongkai.web.annualreports.models import AnnualReport

    wuzhong = AnnualReport.objects.get(year=2021)
    html = page(client, staff, f"/office/supervision/reports/{wuzhong.pk}/")
    assert html.count('data-code="cell.blank"') == 5
    assert 'class="has-error"' in html
    response = client.get(f"/office/supervision/reports/{wuzhong.pk}/original/")
    assert response.status_code == 200
    assert response.content.startswith("\n\n吴忠市审批服务管理局".encode())


def test_others_get_404(client: Client, tree: Tree, staff: Staff, imported: None) -> None:
    from gongkai.web.annualreports.models import AnnualReport

    some = AnnualReport.objects.first()
    assert some is not None
    for user in (staff.officer, staff.approver, staff.other_officer, staff.outsider):
        client.force_login(user)
        for url in ("/office/supervision/", "/office/supervision/import/", f"/office/supervision/reports/{some.pk}/",
                    "/office/supervision/totals/WZ/2024.xlsx"):  # fmt: skip
            assert client.get(url).status_code == 404, (user, url)


def test_the_web_form_imports_and_shows_each_file(client: Client, tree: Tree, staff: Staff) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff.supervisor)
    files = [SimpleUploadedFile(name, content) for name, content in batch_files()[:3]]
    response = client.post("/office/supervision/import/", {"under": str(tree.city.pk), "reports": files})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert html.count('data-ok="1"') == 2
    assert html.count('data-ok="0"') == 1
    assert "文件中没有找到" in html


def test_the_downloads_carry_the_findings_the_page_shows_and_name_the_reports_with_errors(
    client: Client, tree: Tree, staff: Staff
) -> None:
    from tests.web.supervision.test_imports import generated

    negative = generated("吴忠市民政局", 2024, 2).with_cells(t3__new__natural=-5)
    files = [
        ("a.json", io.render(generated("吴忠市教育局", 2024, 1), "json")),
        ("b.json", io.render(negative, "json")),
    ]
    import_batch(under=tree.city, files=files, by=staff.supervisor, on=ON)
    html = page(client, staff, "/office/supervision/?agency=WZ&year=2024")
    totals = html.split('id="totals-heading"', 1)[1]
    shown = re.findall(
        r'<li id="finding-\d+" class="(\w+)"><span class="severity">([^<]+)</span>([^<]+)</li>', totals
    )
    downloaded = json.loads(client.get("/office/supervision/totals/WZ/2024.json").content)["findings"]
    assert [(f["severity"], f["message"]) for f in downloaded] == [
        (sev, message) for sev, _, message in shown
    ]
    assert ("warning", "警告") in [(sev, label) for sev, label, _ in shown]
    part = next(f for f in downloaded if f["code"] == "aggregate.part_errors")
    assert part["message"].startswith("吴忠市民政局的报告有")
    assert part["cells"] == ["t3.new.natural"]
    assert "未计入" in part["message"]
